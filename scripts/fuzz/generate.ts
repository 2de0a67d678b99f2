/**
 * The fuzz generator: from seed documents (samples/, and ../shared/corpus when present, read at run time) and a
 * numeric seed, the same list of hostile inputs every time. Families:
 * - PDF byte mutations: flip, truncate, delete, duplicate, overwrite (two ranges), broken xref, broken /Length,
 *   garbage inside a (compressed) stream; each also on a qpdf rewrite of the seed (object streams, QDF,
 *   linearized), so the mutation lands in other structures;
 * - workbook mutations: byte flips in the zip and inside a worksheet's compressed data, truncation, no central
 *   directory, damaged worksheet XML, .xls (BIFF) flips and truncation;
 * - hand-made bombs: deep q nesting, operator floods, inflation bombs, huge images and pages, page-tree and
 *   xref loops, self-drawing forms, a CFF font whose FDSelect ranges expand past V8's largest array, one whose
 *   FDArray makes a reader parse 134 million bytes of Font DICTs, deep arrays, type 4 functions, junk before the
 *   header, a web page and a Word document under a .pdf name, a 200 000-row sheet, hostile names.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { random } from '../scan/simulate.js';
import { cffFdArrayBomb, cffFdSelectBomb, cffFontPdf, onePagePdf, pdfStream, rawPdf, textOps, unzip, zip, zipDataRanges } from './build.js';

export type SeedKind = 'pdf' | 'xlsx' | 'xls';

export interface Seed {
  name: string;
  kind: SeedKind;
  data: Buffer;
}

export interface FuzzInput {
  /** file name (with extension) */
  name: string;
  family: string;
  data: Buffer;
  /** read with OCR on (the default is --ocr never, which keeps the campaign fast) */
  ocr?: boolean;
}

/** the seeded generator of the scan simulator (mulberry32): the same sequence on every machine */
export const rng = random;

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const randomBytes = (r: Rand, n: number) => Buffer.from(Array.from({ length: n }, () => int(r, 0, 255)));

// ---------------------------------------------------------------------------------------------------------
// Seeds

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

/** samples/ (and samples/variants), and ../shared/corpus when present; maxBytes leaves out big seeds (scans). */
export function loadSeeds(repo: string, opts: { corpus?: boolean; maxBytes?: number } = {}): Seed[] {
  const dirs = [path.join(repo, 'samples')];
  if (opts.corpus !== false) dirs.push(path.join(repo, '..', 'shared', 'corpus'));
  const seeds: Seed[] = [];
  for (const f of dirs.flatMap(listFiles).sort()) {
    const ext = path.extname(f).toLowerCase().slice(1);
    if (ext !== 'pdf' && ext !== 'xlsx' && ext !== 'xls') continue;
    if (opts.maxBytes && statSync(f).size > opts.maxBytes) continue;
    seeds.push({ name: path.basename(f), kind: ext, data: readFileSync(f) });
  }
  return seeds;
}

/** qpdf's rewrite of a PDF (null when qpdf is missing or fails); args go between the input and the output. */
function qpdf(data: Buffer, args: string[]): Buffer | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-fuzz-qpdf-'));
  try {
    const a = path.join(dir, 'a.pdf');
    const b = path.join(dir, 'b.pdf');
    writeFileSync(a, data);
    const r = spawnSync('qpdf', [a, ...args, b], { encoding: 'utf8' });
    // exit 3: written with warnings
    if ((r.status !== 0 && r.status !== 3) || !existsSync(b)) return null;
    return readFileSync(b);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first pages of a seed (qpdf), so that the CI campaign reads small documents. */
export function firstPages(data: Buffer, n: number): Buffer {
  return qpdf(data, ['--pages', '.', `1-${n}`, '--']) ?? data;
}

const QPDF_TRANSFORMS: Record<string, string[]> = {
  objstm: ['--object-streams=generate'],
  qdf: ['--qdf', '--object-streams=disable'],
  linear: ['--linearize'],
  uncompressed: ['--stream-data=uncompress', '--object-streams=disable'],
};

// ---------------------------------------------------------------------------------------------------------
// PDF mutations

function flip(r: Rand, d: Buffer, from = 0, to = d.length): Buffer {
  const out = Buffer.from(d);
  const k = int(r, 1, 8);
  for (let i = 0; i < k; i++) {
    const p = int(r, from, Math.max(from, to - 1));
    out[p] ^= 1 << int(r, 0, 7);
  }
  return out;
}

function truncate(r: Rand, d: Buffer): Buffer {
  return d.subarray(0, int(r, 0, d.length - 1));
}

function deleteRange(r: Rand, d: Buffer): Buffer {
  const a = int(r, 0, d.length - 1);
  const n = int(r, 1, Math.min(4096, d.length - a));
  return Buffer.concat([d.subarray(0, a), d.subarray(a + n)]);
}

function duplicateRange(r: Rand, d: Buffer): Buffer {
  const a = int(r, 0, d.length - 1);
  const n = int(r, 1, Math.min(4096, d.length - a));
  return Buffer.concat([d.subarray(0, a + n), d.subarray(a, a + n), d.subarray(a + n)]);
}

function overwriteRanges(r: Rand, d: Buffer): Buffer {
  const out = Buffer.from(d);
  for (let k = 0; k < 2; k++) {
    const a = int(r, 0, d.length - 1);
    const n = int(r, 1, Math.min(512, d.length - a));
    randomBytes(r, n).copy(out, a);
  }
  return out;
}

/** Offsets of every match of a regex in the latin1 text of d. */
function matches(d: Buffer, re: RegExp): RegExpExecArray[] {
  const s = d.toString('latin1');
  return [...s.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))];
}

function replaceAt(d: Buffer, at: number, len: number, s: string): Buffer {
  return Buffer.concat([d.subarray(0, at), Buffer.from(s, 'latin1'), d.subarray(at + len)]);
}

function brokenXref(r: Rand, d: Buffer): Buffer {
  const how = int(r, 0, 4);
  if (how === 0) {
    const m = matches(d, /startxref\s+(\d+)/).pop();
    if (m) return replaceAt(d, m.index, m[0].length, `startxref\n${int(r, 0, d.length * 2)}`);
  }
  if (how === 1) {
    // entries of an xref table with wrong offsets
    const ms = matches(d, /\d{10} \d{5} n/);
    if (ms.length) {
      let out = d;
      for (let k = 0; k < int(r, 1, 5); k++) {
        const m = pick(r, ms);
        out = replaceAt(out, m.index, 10, String(int(r, 0, d.length)).padStart(10, '0'));
      }
      return out;
    }
  }
  if (how === 2) {
    const m = matches(d, /xref/).pop();
    if (m) return replaceAt(d, m.index, 4, 'xxxx');
  }
  if (how === 3) {
    // a /Prev pointing at its own section: a loop
    const m = matches(d, /startxref\s+(\d+)/).pop();
    const t = matches(d, /trailer\s*<</).pop();
    if (m && t) return replaceAt(d, t.index + t[0].length, 0, ` /Prev ${m[1]} `);
  }
  // an xref stream's /W or /Index
  const w = matches(d, /\/W\s*\[[^\]]*\]/).pop();
  if (w) return replaceAt(d, w.index, w[0].length, pick(r, ['/W [1 9 9]', '/W [0 0 0]', '/W [4 4 4]', '/W [1 2]']));
  return flip(r, d);
}

function brokenLength(r: Rand, d: Buffer): Buffer {
  const ms = matches(d, /\/Length (\d+)/);
  if (!ms.length) return flip(r, d);
  let out = d;
  for (let k = 0; k < int(r, 1, 3); k++) {
    const m = pick(r, ms);
    const v = pick(r, [0, 1, Number(m[1]) - int(r, 1, 50), Number(m[1]) + int(r, 1, 5000), 99999999]);
    out = replaceAt(out, m.index, m[0].length, `/Length ${Math.max(0, v)}`.padEnd(m[0].length, ' '));
    // keep the offsets of what follows: the replacement is padded (or may be longer, then offsets move)
  }
  return out;
}

function streamGarbage(r: Rand, d: Buffer): Buffer {
  const ms = matches(d, /stream\r?\n/).filter((m) => d.toString('latin1', Math.max(0, m.index - 3), m.index) !== 'end');
  if (!ms.length) return overwriteRanges(r, d);
  const m = pick(r, ms);
  const start = m.index + m[0].length;
  const end = d.indexOf('endstream', start);
  if (end <= start + 2) return flip(r, d);
  const out = Buffer.from(d);
  const a = int(r, start, end - 2);
  const n = int(r, 1, Math.min(64, end - a));
  randomBytes(r, n).copy(out, a);
  return out;
}

const PDF_MUTATIONS: Record<string, (r: Rand, d: Buffer) => Buffer> = {
  flip: (r, d) => flip(r, d),
  truncate,
  delete: deleteRange,
  duplicate: duplicateRange,
  overwrite: overwriteRanges,
  xref: brokenXref,
  length: brokenLength,
  'stream-garbage': streamGarbage,
};

// ---------------------------------------------------------------------------------------------------------
// Workbook mutations

function sheetFlip(r: Rand, d: Buffer): Buffer {
  const sheets = zipDataRanges(d).filter((e) => /worksheets\/sheet\d*\.xml$/.test(e.name) && e.end > e.start + 4);
  if (!sheets.length) return flip(r, d);
  const e = pick(r, sheets);
  const out = Buffer.from(d);
  // one to three bits inside the deflated data of one worksheet
  for (let k = 0; k < int(r, 1, 3); k++) out[int(r, e.start, e.end - 1)] ^= 1 << int(r, 0, 7);
  return out;
}

function noCentralDirectory(r: Rand, d: Buffer): Buffer {
  const at = d.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  return at > 0 ? d.subarray(0, at) : truncate(r, d);
}

function sheetXml(r: Rand, d: Buffer): Buffer {
  let entries;
  try {
    entries = unzip(d);
  } catch {
    return flip(r, d);
  }
  const sheets = entries.filter((e) => /worksheets\/sheet\d*\.xml$/.test(e.name));
  if (!sheets.length) return flip(r, d);
  const e = pick(r, sheets);
  let x = e.data.toString('utf8');
  const how = int(r, 0, 5);
  if (how === 0) x = x.replace(/<dimension ref="[^"]*"/, '<dimension ref="A1:XFD1048576"');
  else if (how === 1) x = x.replace(/<\/sheetData>/, '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>');
  else if (how === 2) {
    const a = int(r, 0, x.length - 1);
    x = x.slice(0, a) + x.slice(a + int(r, 1, 200));
  } else if (how === 3) {
    const a = int(r, 0, x.length - 1);
    x = x.slice(0, a) + x.slice(a, a + int(r, 1, 400)) + x.slice(a);
  } else if (how === 4) x = x.replace(/<c r="([A-Z]+)(\d+)"/, '<c r="$1999999999"');
  else x = x.replace(/<v>[^<]*<\/v>/, `<v>${pick(r, ['1e309', 'NaN', '-', '9'.repeat(400), '&#0;'])}</v>`);
  e.data = Buffer.from(x, 'utf8');
  return zip(entries);
}

const XLSX_MUTATIONS: Record<string, (r: Rand, d: Buffer) => Buffer> = {
  'zip-flip': (r, d) => flip(r, d),
  'sheet-flip': sheetFlip,
  'zip-truncate': truncate,
  'zip-no-central': noCentralDirectory,
  'sheet-xml': sheetXml,
  'zip-overwrite': overwriteRanges,
};

const XLS_MUTATIONS: Record<string, (r: Rand, d: Buffer) => Buffer> = {
  'xls-flip': (r, d) => flip(r, d),
  'xls-truncate': truncate,
  'xls-overwrite': overwriteRanges,
  'xls-delete': deleteRange,
};

/** An .xls (BIFF8) written by SheetJS from a workbook seed, for the .xls mutations when no .xls seed exists. */
function toXls(data: Buffer): Buffer {
  const wb = XLSX.read(data, { type: 'buffer' });
  return Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Uint8Array);
}

// ---------------------------------------------------------------------------------------------------------
// Hand-made bombs

const TEXT = textOps(['Table 1', 'item 10.00', 'total 10.00']);

export function bombs(): FuzzInput[] {
  const out: FuzzInput[] = [];
  const add = (name: string, data: Buffer, ocr = false) => out.push({ name, family: 'bomb', data, ocr });
  add('nested-q-200000.pdf', onePagePdf(TEXT + '\n' + 'q '.repeat(200_000) + '0 0 m 10 10 l S ' + 'Q '.repeat(200_000)));
  add('nested-q-unbalanced.pdf', onePagePdf(TEXT + '\n' + 'q 1 0 0 1 0 0 cm '.repeat(50_000)));
  add('operators-4m.pdf', onePagePdf(TEXT + '\n' + '0 0 m '.repeat(4_000_000)));
  add('inflate-bomb.pdf', onePagePdf(Buffer.concat([Buffer.from(TEXT + '\n'), Buffer.alloc(300 * 1024 * 1024, 0x20)])));
  const image = (w: number, h: number, bpc: number, bytes: number) => pdfStream(`/Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent ${bpc}`, Buffer.alloc(bytes));
  add('image-20000x20000.pdf', onePagePdf(TEXT + '\nq 500 0 0 500 50 50 cm /Im1 Do Q', { resources: '/XObject <</Im1 6 0 R>>', extra: [image(20000, 20000, 1, 20000 * 20000 / 8)] }));
  add('image-20000x20000-ocr.pdf', onePagePdf('q 595 0 0 842 0 0 cm /Im1 Do Q', { resources: '/XObject <</Im1 6 0 R>>', extra: [image(20000, 20000, 1, 20000 * 20000 / 8)] }), true);
  add('image-60000-declared.pdf', onePagePdf('q 595 0 0 842 0 0 cm /Im1 Do Q', { resources: '/XObject <</Im1 6 0 R>>', extra: [image(60000, 60000, 8, 100)] }), true);
  add('page-200000pt-ocr.pdf', onePagePdf('q 1000 0 0 1000 0 0 cm /Im1 Do Q', { box: '0 0 200000 200000', resources: '/XObject <</Im1 6 0 R>>', extra: [image(100, 100, 8, 10000)] }), true);
  add('page-tree-loop.pdf', rawPdf(['<</Type /Catalog /Pages 2 0 R>>', '<</Type /Pages /Kids [3 0 R] /Count 2>>', '<</Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1>>']));
  add('page-count-1e9.pdf', rawPdf([
    '<</Type /Catalog /Pages 2 0 R>>', '<</Type /Pages /Kids [3 0 R] /Count 1000000000>>',
    '<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>',
    pdfStream('', TEXT), '<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>',
  ]));
  add('form-draws-itself.pdf', onePagePdf(TEXT + '\n/Fm1 Do', { resources: '/XObject <</Fm1 6 0 R>>', extra: [pdfStream('/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources <</XObject <</Fm1 6 0 R>>>>', '/Fm1 Do')] }));
  add('deep-array.pdf', onePagePdf(TEXT, { resources: `/Deep ${'['.repeat(100_000)}${']'.repeat(100_000)}` }));
  add('deep-dict.pdf', onePagePdf(TEXT, { resources: `/Deep ${'<</A '.repeat(20_000)}1${'>>'.repeat(20_000)}` }));
  add('type4-function.pdf', onePagePdf(TEXT + '\n/CS0 cs 0.5 scn 100 100 200 200 re f', {
    resources: '/ColorSpace <</CS0 [/Separation /Spot /DeviceRGB 6 0 R]>>',
    extra: [pdfStream('/FunctionType 4 /Domain [0 1] /Range [0 1 0 1 0 1]', '{dup dup}', { raw: true })],
  }));
  add('cff-fdselect-8192-ranges.pdf', cffFontPdf(cffFdSelectBomb(8192)));
  add('cff-fdarray-65534-dicts.pdf', cffFontPdf(cffFdArrayBomb(65534, 4096)));
  add('nul-prefix-2000.pdf', onePagePdf(TEXT, { prefix: Buffer.alloc(2000) }));
  add('junk-prefix-100k.pdf', onePagePdf(TEXT, { prefix: Buffer.alloc(100_000, 0x41) }));
  add('web-page.pdf', Buffer.from('<!DOCTYPE html>\n<html><head><title>404</title></head><body>not found: report.pdf (%PDF-1.7 expected)</body></html>\n'));
  add('word.docx', zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>') },
  ]));
  add('word-named.xlsx', zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]));
  add('empty.pdf', Buffer.alloc(0));
  add('header-only.pdf', Buffer.from('%PDF-1.7\n'));
  add('text-font-nul.pdf', onePagePdf('BT /F1 12 Tf 50 700 Td (a\u0000b\u0000c) Tj ET'), true);
  // a valid 200 000-row sheet (Math.max over its rows overflowed the stack)
  const rows = Array.from({ length: 200_000 }, (_, i) => [`项目${i}`, i, i * 2]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['收入支出决算总表'], ['项目', '金额', '合计'], ...rows]), '收入支出决算总表');
  add('rows-200000.xlsx', Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array));
  const wb2 = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb2, XLSX.utils.aoa_to_sheet([['../../etc/passwd'], ['a', 1]]), '..%2F..%2Fx');
  const named = Buffer.from(XLSX.write(wb2, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
  add('sheet-name-traversal.xlsx', named);
  add('zip-absolute-paths.xlsx', zip(unzip(named).map((e) => ({ ...e, name: e.name.startsWith('xl/worksheets') ? `/tmp/../../${e.name}` : e.name }))));
  add('zip-duplicate-entries.xlsx', zip([...unzip(named), ...unzip(named)]));
  return out;
}

// ---------------------------------------------------------------------------------------------------------

export interface GenerateOptions {
  seed: number;
  /** mutated inputs (the bombs come on top) */
  count: number;
  seeds: Seed[];
  /** share of the inputs read with OCR on, from PDF seeds (0 by default) */
  ocrShare?: number;
}

/** The campaign's inputs: bombs, then mutations spread evenly over the families and seeds. */
export function generate(o: GenerateOptions): FuzzInput[] {
  const r = rng(o.seed);
  const out: FuzzInput[] = bombs();
  const pdfSeeds = o.seeds.filter((s) => s.kind === 'pdf');
  const xlsxSeeds = o.seeds.filter((s) => s.kind === 'xlsx');
  const xlsSeeds = o.seeds.filter((s) => s.kind === 'xls');
  if (!xlsSeeds.length && xlsxSeeds.length) xlsSeeds.push({ name: xlsxSeeds[0].name.replace(/\.xlsx$/, '.xls'), kind: 'xls', data: toXls(xlsxSeeds[0].data) });
  // qpdf rewrites of each PDF seed, made once
  const rewrites = new Map<string, Buffer>();
  const rewrite = (s: Seed, t: string) => {
    const key = `${s.name}|${t}`;
    if (!rewrites.has(key)) rewrites.set(key, qpdf(s.data, QPDF_TRANSFORMS[t]) ?? s.data);
    return rewrites.get(key)!;
  };
  const cut = new Map<string, Buffer>();
  const firstPagesOf = (s: Seed) => {
    if (!cut.has(s.name)) cut.set(s.name, firstPages(s.data, 2));
    return cut.get(s.name)!;
  };
  const plan: (() => FuzzInput)[] = [];
  const pdfFamilies = Object.keys(PDF_MUTATIONS);
  const wbTarget = Math.round(o.count * 0.15);
  for (let i = 0; plan.length < o.count - wbTarget && pdfSeeds.length; i++) {
    const fam = pdfFamilies[i % pdfFamilies.length];
    const qp = i % 3 === 2 ? pick(r, Object.keys(QPDF_TRANSFORMS)) : null;
    const seed = pick(r, pdfSeeds);
    const sub = int(r, 0, 2 ** 31);
    const ocr = (o.ocrShare ?? 0) > 0 && r() < (o.ocrShare ?? 0);
    const n = plan.length;
    plan.push(() => {
      // an OCR input is a seed's first two pages (OCR takes seconds a page)
      const base = ocr ? firstPagesOf(seed) : qp ? rewrite(seed, qp) : seed.data;
      const family = qp ? `qpdf-${qp}+${fam}` : fam;
      return { name: `${String(n).padStart(4, '0')}-${family}-${seed.name}`, family: qp ? `qpdf+${fam}` : fam, data: PDF_MUTATIONS[fam](rng(sub), base), ocr };
    });
  }
  const wbFamilies = [...Object.keys(XLSX_MUTATIONS).map((f) => ['xlsx', f] as const), ...Object.keys(XLS_MUTATIONS).map((f) => ['xls', f] as const)];
  for (let i = 0; plan.length < o.count && (xlsxSeeds.length || xlsSeeds.length); i++) {
    const [kind, fam] = wbFamilies[i % wbFamilies.length];
    const seeds = kind === 'xlsx' ? xlsxSeeds : xlsSeeds;
    if (!seeds.length) continue;
    const seed = pick(r, seeds);
    const sub = int(r, 0, 2 ** 31);
    const n = plan.length;
    const mutate = kind === 'xlsx' ? XLSX_MUTATIONS[fam] : XLS_MUTATIONS[fam];
    plan.push(() => ({ name: `${String(n).padStart(4, '0')}-${fam}-${seed.name}`, family: fam, data: mutate(rng(sub), seed.data) }));
  }
  for (const make of plan) out.push(make());
  return out;
}
