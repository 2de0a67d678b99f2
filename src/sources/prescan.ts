/**
 * A look at a PDF's content streams before pdf.js parses them, for the few things pdf.js cannot be stopped
 * in once it has started (it parses a page in one go, on this thread):
 * - the nesting of q (save) operators: pdf.js chains each saved state to the one before, so its time grows with
 *   the square of the depth (20 000 nested q take about two minutes; 200 000 would take hours);
 * - the number of operators in one stream;
 * - what a compressed content stream inflates to (a few hundred kilobytes can inflate to gigabytes);
 * - the glyph entries a CFF font program's FDSelect expands to: pdf.js makes one array entry per glyph of each
 *   range before it checks the count against the glyphs, so a few kilobytes of damaged ranges grow an array past
 *   the largest V8 allows, and V8 aborts the process ("Fatal JavaScript invalid size error");
 * - the bytes of a CFF font program's dictionaries: pdf.js parses every Font DICT of a CID-keyed font, each up to
 *   the whole program, so a damaged FDArray makes it parse hundreds of megabytes; such a font is left out.
 * Only uncompressed and Flate-compressed streams that can hold page content are looked at: images, fonts,
 * cross-reference and object streams are skipped by their dictionary.
 */
import { constants, inflateSync } from 'node:zlib';
import { InputError } from '../model/errors.js';
import { LIMITS, overLimit } from '../model/limits.js';

const STREAM = Buffer.from('stream', 'latin1');
const ENDSTREAM = Buffer.from('endstream', 'latin1');

const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelim = (c: number) => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;

interface StreamStats {
  depth: number;
  operators: number;
}

/** Deepest q nesting and operator count of one content stream (strings, comments and inline image data skipped). */
export function contentStats(b: Uint8Array): StreamStats {
  let depth = 0;
  let max = 0;
  let operators = 0;
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (isWhite(c)) {
      i++;
      continue;
    }
    if (c === 0x25) {
      // comment to the end of the line
      while (i < n && b[i] !== 0x0a && b[i] !== 0x0d) i++;
      continue;
    }
    if (c === 0x28) {
      // string: balanced parentheses, backslash escapes
      let level = 0;
      for (; i < n; i++) {
        const d = b[i];
        if (d === 0x5c) i++;
        else if (d === 0x28) level++;
        else if (d === 0x29 && --level === 0) break;
      }
      i++;
      continue;
    }
    if (isDelim(c)) {
      i++;
      if (c === 0x2f) while (i < n && !isWhite(b[i]) && !isDelim(b[i])) i++; // a /Name
      continue;
    }
    const start = i;
    while (i < n && !isWhite(b[i]) && !isDelim(b[i])) i++;
    const len = i - start;
    const first = b[start];
    // operators are words of letters (and ' " *); numbers start with a digit, a sign or a dot
    if ((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a) || first === 0x27 || first === 0x22) {
      operators++;
      if (len === 1 && first === 0x71) {
        if (++depth > max) max = depth;
      } else if (len === 1 && first === 0x51) {
        if (depth > 0) depth--;
      } else if (len === 2 && first === 0x49 && b[start + 1] === 0x44) {
        // inline image data runs to the EI that follows white space
        while (i + 2 < n && !(isWhite(b[i]) && b[i + 1] === 0x45 && b[i + 2] === 0x49 && (i + 3 >= n || isWhite(b[i + 3]) || isDelim(b[i + 3])))) i++;
        i += 3;
      }
    }
  }
  return { depth: max, operators };
}

/** A CFF INDEX at `pos`: its item count and where the data after it ends (null when it runs off the data). */
function cffIndex(b: Uint8Array, pos: number): { count: number; start: number; end: number; off: (i: number) => number } | null {
  if (pos + 2 > b.length) return null;
  const count = (b[pos] << 8) | b[pos + 1];
  if (count === 0) return { count, start: pos + 2, end: pos + 2, off: () => 0 };
  const size = b[pos + 2];
  if (size < 1 || size > 4) return null;
  const at = pos + 3;
  const off = (i: number) => {
    let v = 0;
    for (let k = 0; k < size; k++) v = v * 256 + (b[at + i * size + k] ?? 0);
    return v;
  };
  const data = at + (count + 1) * size - 1;
  const end = data + off(count);
  return end > b.length ? null : { count, start: data, end, off: (i) => data + off(i) };
}

/** The operands of the operators of a CFF DICT (key: operator, or 1200 + b for the escaped ones). */
function cffDict(b: Uint8Array, from: number, to: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let ops: number[] = [];
  for (let i = from; i < to; ) {
    const c = b[i];
    if (c <= 21) {
      const key = c === 12 ? 1200 + b[i + 1] : c;
      i += c === 12 ? 2 : 1;
      out.set(key, ops);
      ops = [];
    } else if (c === 28) {
      ops.push((((b[i + 1] << 8) | b[i + 2]) << 16) >> 16);
      i += 3;
    } else if (c === 29) {
      ops.push((b[i + 1] << 24) | (b[i + 2] << 16) | (b[i + 3] << 8) | b[i + 4]);
      i += 5;
    } else if (c === 30) {
      // a real: nibbles to the one that ends it (not an offset, so its value does not matter here)
      i++;
      while (i < to && (b[i] & 0x0f) !== 0x0f && (b[i] & 0xf0) !== 0xf0) i++;
      i++;
      ops.push(0);
    } else if (c >= 32 && c <= 246) {
      ops.push(c - 139);
      i++;
    } else if (c >= 247 && c <= 250) {
      ops.push((c - 247) * 256 + b[i + 1] + 108);
      i += 2;
    } else if (c >= 251 && c <= 254) {
      ops.push(-(c - 251) * 256 - b[i + 1] - 108);
      i += 2;
    } else i++;
  }
  return out;
}

/**
 * The entries pdf.js makes from a CID-keyed CFF font program's FDSelect (format 3: each range expanded to one
 * entry per glyph, with its bytes read past the end as 0), or null when the program is not a CID-keyed CFF.
 */
export function cffFdSelectEntries(b: Uint8Array): number | null {
  if (b.length < 4 || b[0] !== 1 || b[2] < 4 || b[3] < 1 || b[3] > 4) return null;
  const names = cffIndex(b, b[2]);
  const top = names && cffIndex(b, names.end);
  if (!top || top.count < 1) return null;
  const dict = cffDict(b, top.off(0), top.off(1));
  const fdSelect = dict.get(1237)?.[0];
  if (!dict.has(1230) || fdSelect === undefined || fdSelect < 0 || fdSelect >= b.length || b[fdSelect] !== 3) return null;
  const byte = (i: number) => (i < b.length ? b[i] : 0);
  let pos = fdSelect + 1;
  const ranges = (byte(pos) << 8) | byte(pos + 1);
  pos += 2;
  let entries = 0;
  for (let i = 0; i < ranges; i++) {
    const first = i === 0 ? 0 : (byte(pos) << 8) | byte(pos + 1);
    const next = (byte(pos + 3) << 8) | byte(pos + 4);
    if (next > first) entries += next - first;
    pos += 3;
  }
  return entries;
}

/**
 * A CFF INDEX at `pos` read as pdf.js reads it (offsets past the data, out of order or negative included): each
 * item's [start, end) in the data, clamped as Uint8Array.subarray clamps them, and where the INDEX ends.
 */
function cffItems(b: Uint8Array, pos: number): { items: [number, number][]; end: number } {
  const byte = (i: number) => b[i] as number; // undefined past the end, as in pdf.js (offsets become NaN)
  const count = (byte(pos) << 8) | byte(pos + 1);
  pos += 2;
  const items: [number, number][] = [];
  if (!count) return { items, end: pos };
  const size = byte(pos++);
  const startPos = pos + (count + 1) * size - 1;
  const clamp = (x: number) => (Number.isNaN(x) ? 0 : x < 0 ? Math.max(0, b.length + x) : Math.min(x, b.length));
  const offsets: number[] = [];
  for (let i = 0; i <= count; i++) {
    let offset = 0;
    for (let j = 0; j < size; j++) {
      offset <<= 8;
      offset += byte(pos++);
    }
    offsets.push(startPos + offset);
  }
  for (let i = 0; i < count; i++) items.push([clamp(offsets[i]), clamp(offsets[i + 1])]);
  return { items, end: offsets[count] };
}

/**
 * The bytes pdf.js parses for a CFF font program's dictionaries, or null when the program is not a CFF: the Top
 * DICT, its Private DICT and the offsets of that one's Subrs INDEX, and for a CID-keyed font the same for every
 * Font DICT of the FDArray. A font has a few hundred bytes of them (every CFF font of the corpus: 250); pdf.js
 * parses each of up to 65 535 FDArray entries, which may all span the same damaged range, byte by byte (fuzz
 * 0795: 342 million bytes, 65 s). Counting stops past `cap` (the prescan's own work stays bounded).
 */
export function cffDictBytes(b: Uint8Array, cap = Infinity): number | null {
  if (b.length < 4 || b[0] !== 1 || b[3] < 1 || b[3] > 4) return null;
  const names = cffItems(b, b[2]);
  const tops = cffItems(b, names.end);
  const top = tops.items[0];
  if (!top) return null;
  const clamp = (x: number) => (x < 0 ? Math.max(0, b.length + x) : Math.min(x, b.length));
  // a range parsed once here (pdf.js parses it for every entry naming it): the prescan's work is bounded by `cap`
  const dicts = new Map<number, number>();
  const privates = new Map<number, number>();
  const memo = (seen: Map<number, number>, s: number, e: number, f: () => number) => {
    const key = s * 2 ** 32 + e;
    let v = seen.get(key);
    if (v === undefined) seen.set(key, (v = f()));
    return v;
  };
  /** a Private DICT's bytes and the offsets of its Subrs INDEX */
  const privateCost = (at: number, end: number) =>
    memo(privates, at, end, () => {
      const subrs = cffDict(b, at, end).get(19)?.[0];
      const p = subrs ? at + subrs : -1;
      const index = p >= 0 && p < b.length ? (((b[p] << 8) | (b[p + 1] ?? 0)) + 1) * (b[p + 2] ?? 0) : 0;
      return end - at + index;
    });
  /** a DICT's bytes and its Private DICT's */
  const cost = ([s, e]: [number, number], dict?: Map<number, number[]>): number =>
    memo(dicts, s, e, () => {
      const priv = (dict ?? cffDict(b, s, e)).get(18);
      let bytes = Math.max(0, e - s);
      if (priv && priv.length === 2 && priv[0] !== 0 && priv[1] >= 0 && priv[1] < b.length) {
        const pe = clamp(priv[1] + priv[0]);
        if (pe > priv[1]) bytes += privateCost(priv[1], pe);
      }
      return bytes;
    });
  const topDict = cffDict(b, top[0], top[1]);
  let bytes = cost(top, topDict);
  const fdArray = topDict.get(1236)?.[0];
  if (topDict.has(1230) && fdArray !== undefined && fdArray >= 0 && fdArray < b.length) {
    for (const item of cffItems(b, fdArray).items) {
      bytes += cost(item);
      if (bytes > cap) break;
    }
  }
  return bytes;
}

/** The dictionary text before a `stream` keyword (from the object's start, at most 4 KiB back). */
function dictBefore(data: Buffer, at: number): string {
  const from = Math.max(0, at - 4096);
  const s = data.subarray(from, at).toString('latin1');
  const o = s.lastIndexOf(' obj');
  return o >= 0 ? s.slice(o) : s;
}

/**
 * Throws an InputError naming the limit when a content stream of the PDF is over one of them. A font program
 * over a limit pdf.js can go on without is left out instead: its stream's data is blanked in `data` (pdf.js then
 * reads the font's text with a substitute font, as for any damaged font program), and the warnings say which.
 */
export function prescanPdf(file: string, data: Buffer): string[] {
  const warnings: string[] = [];
  const maxBytes = LIMITS.streamBytes.value;
  for (let p = data.indexOf(STREAM); p >= 0; p = data.indexOf(STREAM, p + STREAM.length)) {
    // `stream` as a keyword: not the end of `endstream`, followed by an end of line
    if (p >= 3 && data.subarray(p - 3, p).toString('latin1') === 'end') continue;
    let s = p + STREAM.length;
    if (data[s] === 0x0d) s++;
    if (data[s] === 0x0a) s++;
    else if (data[s - 1] !== 0x0d) continue;
    const e = data.indexOf(ENDSTREAM, s);
    const end = e < 0 ? data.length : e;
    const dict = dictBefore(data, p);
    // the search goes on after this stream's data (binary data may hold the word stream)
    p = Math.max(p, end - STREAM.length);
    if (/\/(Subtype\s*\/(Type1C|CIDFontType0C)|Length1\b)/.test(dict)) {
      const left = checkFont(file, data.subarray(s, end), dict);
      if (left) {
        blankStream(data, s, end, dict);
        warnings.push(left);
      }
      continue;
    }
    if (/\/(Subtype\s*\/Image|Type\s*\/(XRef|ObjStm|XObject\s*\/Subtype\s*\/Image|EmbeddedFile|Metadata)|Length[123]\b|FontFile|Subtype\s*\/(Type1C|CIDFontType0C|OpenType|XML))/.test(dict)) continue;
    const raw = data.subarray(s, end);
    const filter = /\/Filter\s*(\[\s*)?\/(\w+)/.exec(dict)?.[2];
    let body: Uint8Array;
    if (!filter) body = raw;
    else if (filter === 'FlateDecode' || filter === 'Fl') {
      try {
        // a damaged stream inflates as far as it goes (pdf.js reads it so too)
        body = inflateSync(raw, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxBytes });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new InputError(file, 'too_large', `a content stream inflates to more than ${maxBytes} bytes, ${overLimit('streamBytes')}`);
        }
        continue;
      }
    } else continue;
    const st = contentStats(body);
    if (st.depth > LIMITS.saveDepth.value) {
      throw new InputError(file, 'too_large', `a content stream nests ${st.depth} q (save) operators, ${overLimit('saveDepth')}`);
    }
    if (st.operators > LIMITS.streamOperators.value) {
      throw new InputError(file, 'too_large', `a content stream has ${st.operators} operators, ${overLimit('streamOperators')}`);
    }
  }
  return warnings;
}

/** zlib's encoding of nothing: a Flate stream blanked with it decodes to an empty font program */
const EMPTY_FLATE = Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);

/** A stream's data made empty in place (the file's offsets stay as they are): zeros after zlib's empty stream. */
function blankStream(data: Buffer, from: number, to: number, dict: string): void {
  data.fill(0, from, to);
  if (/\/Filter\s*(\[\s*)?\/(FlateDecode|Fl)\b/.test(dict) && to - from >= EMPTY_FLATE.length) EMPTY_FLATE.copy(data, from);
}

/** The CFF program of a font program: itself, or an OpenType font's CFF table. */
function cffOf(b: Uint8Array): Uint8Array {
  if (b.length < 12 || Buffer.from(b.subarray(0, 4)).toString('latin1') !== 'OTTO') return b;
  const u32 = (i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  const tables = (b[4] << 8) | b[5];
  for (let i = 0; i < tables && 12 + i * 16 + 16 <= b.length; i++) {
    const r = 12 + i * 16;
    if (Buffer.from(b.subarray(r, r + 4)).toString('latin1') === 'CFF ') return b.subarray(u32(r + 8), u32(r + 8) + u32(r + 12));
  }
  return b;
}

/**
 * A font program (raw or Flate-compressed; CFF, or OpenType with a CFF table): one whose FDSelect expands past
 * the glyph limit fails the file; one whose dictionaries are over their limit is to be left out (the reason is
 * returned).
 */
function checkFont(file: string, raw: Buffer, dict: string): string | null {
  const filter = /\/Filter\s*(\[\s*)?\/(\w+)/.exec(dict)?.[2];
  let body: Uint8Array | null = raw;
  if (filter === 'FlateDecode' || filter === 'Fl') body = inflatePartial(raw);
  else if (filter) return null;
  if (!body) return null;
  const cff = cffOf(body);
  const entries = cffFdSelectEntries(cff);
  if (entries !== null && entries > LIMITS.fontGlyphs.value) {
    throw new InputError(file, 'too_large', `a font program (CFF) selects its glyphs' font dicts with ${entries} entries, ${overLimit('fontGlyphs')}`);
  }
  const max = LIMITS.fontDictBytes.value;
  const bytes = cffDictBytes(cff, max);
  if (bytes !== null && bytes > max) {
    return `a font program (CFF) was left out, its dictionaries to parse are ${overLimit('fontDictBytes')} (its text is read with a substitute font)`;
  }
  return null;
}

/**
 * What a damaged Flate stream inflates to up to its damage, as pdf.js reads it (zlib's one-shot inflate throws
 * instead): the longest prefix of the data that inflates without an error, found by halving. Null when even the
 * start fails or it inflates past the stream byte limit.
 */
function inflatePartial(raw: Buffer): Buffer | null {
  const opts = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: LIMITS.streamBytes.value };
  const attempt = (n: number): Buffer | null | 'big' => {
    try {
      return inflateSync(raw.subarray(0, n), opts);
    } catch (err) {
      return (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'big' : null;
    }
  };
  const all = attempt(raw.length);
  if (all === 'big') return null;
  if (all) return all;
  let lo = 0;
  let hi = raw.length;
  let best: Buffer | null = null;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const r = attempt(mid);
    if (r === 'big') return null;
    if (r) {
      best = r;
      lo = mid;
    } else hi = mid;
  }
  return best;
}
