/**
 * A look at a PDF's content streams before pdf.js parses them, for the few things pdf.js cannot be stopped
 * in once it has started (it parses a page in one go, on this thread):
 * - the nesting of q (save) operators: pdf.js chains each saved state to the one before, so its time grows with
 *   the square of the depth (20 000 nested q take about two minutes; 200 000 would take hours);
 * - the number of operators in one stream;
 * - what a compressed content stream inflates to (a few hundred kilobytes can inflate to gigabytes).
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

/** The dictionary text before a `stream` keyword (from the object's start, at most 4 KiB back). */
function dictBefore(data: Buffer, at: number): string {
  const from = Math.max(0, at - 4096);
  const s = data.subarray(from, at).toString('latin1');
  const o = s.lastIndexOf(' obj');
  return o >= 0 ? s.slice(o) : s;
}

/** Throws an InputError naming the limit when a content stream of the PDF is over one of them. */
export function prescanPdf(file: string, data: Buffer): void {
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
}
