/**
 * PDF source: pdfjs-dist (eval off) gives the text layer as positioned runs and, from the operator list, the
 * ruling lines drawn on the page (stroked segments and thin filled rectangles).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pdfjs from './pdfjs.js';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { InputError, libraryDetail } from '../model/errors.js';
import { LIMITS, overLimit } from '../model/limits.js';
import { prescanPdf } from './prescan.js';
import type { Box, PageContent, Rule, TextItem } from '../model/page.js';
import { apply, mul, type Mat } from './matrix.js';
import { SETTINGS } from '../model/settings.js';

const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));
const CMAP_URL = pathToFileURL(path.join(pdfjsRoot, 'cmaps') + path.sep).href;
const FONT_URL = pathToFileURL(path.join(pdfjsRoot, 'standard_fonts') + path.sep).href;

const OPS = pdfjs.OPS;
// DrawOPS codes inside constructPath buffers (pdf.js ≥ 5)
const D_MOVE = 0;
const D_LINE = 1;
const D_CURVE = 2;
const D_QUAD = 3;
const D_CLOSE = 4;

export interface PdfSource {
  numPages: number;
  /** what the document is read without (a font program over a limit, left out by the prescan) */
  warnings: string[];
  /** Reads one page's text runs and rules. */
  /**
   * Reads one page. With keepImages, a page without text keeps pdf.js's decoded images for the OCR stage, which
   * renders the same page next (and cleans it up): its image is then decoded once, not twice.
   */
  page(n: number, opts?: { keepImages?: boolean }): Promise<PageContent>;
  /** pdf.js page proxy, for renderers (OCR). */
  proxy(n: number): Promise<PDFPageProxy>;
  close(): Promise<void>;
}

/** Where the %PDF-n.n header is. pdf.js, like Acrobat, accepts junk before it; see findPdfHeader's use. */
export function findPdfHeader(data: Uint8Array, within = PDF_HEADER_WINDOW): number {
  const head = Buffer.from(data.subarray(0, Math.min(within, data.length))).toString('latin1');
  const m = /%PDF-\d\.\d/.exec(head);
  return m ? m.index : -1;
}

/**
 * Junk before the header (a mail gateway's or a download script's prefix, NUL padding) is accepted within the
 * first 64 KiB, further than the 1024 bytes Acrobat looks at: the bytes from the header on are the PDF, so its
 * cross-reference offsets are right again. Further out, or with no header, the file is not a PDF.
 */
const PDF_HEADER_WINDOW = 64 * 1024;

export function checkPdfBytes(file: string, data: Uint8Array): void {
  if (data.length === 0) throw new InputError(file, 'empty', 'empty file (0 bytes)');
  if (findPdfHeader(data) < 0) throw new InputError(file, 'not_pdf', 'not a PDF (no %PDF- header)');
}

function classifyLoadError(file: string, err: unknown, data: Uint8Array): InputError {
  const e = err as { name?: string; message?: string; code?: number };
  const msg = libraryDetail(err);
  if (e?.name === 'PasswordException') {
    return new InputError(file, 'encrypted', 'encrypted PDF: it needs a password to open');
  }
  const tail = Buffer.from(data.subarray(Math.max(0, data.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) {
    return new InputError(file, 'truncated', `truncated PDF (no end-of-file marker; pdf.js: ${msg})`);
  }
  return new InputError(file, 'corrupt', `corrupt PDF: its structure cannot be read (pdf.js: ${msg})`);
}

/** Options passed through to pdf.js: the password of an encrypted file, the largest image decoded (pixels). */
export interface PdfOpenOptions {
  password?: string;
  maxImageSize?: number;
}

/** Warnings pdf.js gives while it parses (it removes an image over maxImageSize with one), counted by kind. */
const pdfjsWarnings = { imageRemoved: 0 };
const consoleWarn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const first = String(args[0] ?? '');
  if (first.startsWith('Warning: ')) {
    // pdf.js's own warnings (fonts, damaged streams it works around) are not the user's business, except this one
    if (first.includes('Image exceeded maximum allowed size')) pdfjsWarnings.imageRemoved++;
    return;
  }
  consoleWarn(...args);
};

export async function openPdf(file: string, bytes: Uint8Array, opts: PdfOpenOptions = {}): Promise<PdfSource> {
  checkPdfBytes(file, bytes);
  const at = findPdfHeader(bytes);
  // pdf.js takes ownership of (detaches) the buffer: give it a copy (from the header on) so callers keep theirs
  const data = new Uint8Array(bytes.subarray(at));
  // what pdf.js could not be stopped in (deep q nesting, operator floods, inflation bombs) is refused first
  // (a font program over a limit is blanked in the copy: the document is read without it)
  const warnings = prescanPdf(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  const task = pdfjs.getDocument({
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    data,
    // no code generated from document content: PostScript (type 4) functions are interpreted, not compiled with
    // new Function (the class of CVE-2024-4367); fonts are not loaded as font faces
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    // an image larger than this is left out of the page (and said so) instead of being decoded
    maxImageSize: Math.min(opts.maxImageSize ?? Infinity, LIMITS.imagePixels.value),
    canvasMaxAreaInBytes: LIMITS.canvasPixels.value * 4,
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: FONT_URL,
    // warnings reach the console.warn filter above (which keeps them quiet)
    verbosity: 1,
    stopAtErrors: false,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw classifyLoadError(file, err, bytes);
  }
  if (doc.numPages === 0) {
    await doc.destroy();
    throw new InputError(file, 'corrupt', 'PDF has no pages');
  }
  return {
    numPages: doc.numPages,
    warnings,
    proxy: (n) => doc.getPage(n),
    page: async (n, opts) => {
      let page: PDFPageProxy;
      try {
        page = await doc.getPage(n);
      } catch (err) {
        throw new InputError(file, 'corrupt', `page ${n} cannot be read: ${pageFault(err)}`);
      }
      let content: PageContent | undefined;
      const removed = pdfjsWarnings.imageRemoved;
      try {
        content = await readPage(page, n);
        if (pdfjsWarnings.imageRemoved > removed) {
          content.warnings = [`page ${n}: an image was left out, ${overLimit('imagePixels')}`];
        }
        return content;
      } catch (err) {
        throw new InputError(file, 'corrupt', `page ${n} cannot be read: ${pageFault(err)}`);
      } finally {
        // a page without text, or with pictures the OCR stage may read, keeps its decoded images for it
        const forOcr = opts?.keepImages && content && content.source !== 'blank' && (content.items.length === 0 || (content.images?.length ?? 0) > 0);
        if (!forOcr) page.cleanup();
      }
    },
    close: () => doc.destroy().catch(() => undefined),
  };
}

/** Why a page could not be read, in words, with pdf.js's message as the detail. */
function pageFault(err: unknown): string {
  const msg = libraryDetail(err);
  if (/pages tree.*circular/i.test(msg)) return `the page tree refers to itself (a loop) (pdf.js: ${msg})`;
  if (/stack size/i.test(msg)) return `its content nests too deeply (${msg})`;
  return `damaged page data (pdf.js: ${msg})`;
}

/**
 * Some producers map CJK glyphs to Kangxi radicals (⽀ U+2F40 for 支) or compatibility ideographs (U+F900–FAFF):
 * they look right but match nothing. Each such character is replaced by its NFKC form, the unified ideograph;
 * other characters (full-width punctuation and digits) are kept as printed.
 */
export function unifyIdeographs(s: string): string {
  return s.replace(/[\u2E80-\u2FDF\uF900-\uFAFF]/g, (c) => RADICAL_SUPPLEMENT[c] ?? c.normalize('NFKC'));
}

/**
 * CJK Radicals Supplement characters have no NFKC form, yet Chromium's (Skia's) subset fonts map simplified
 * characters to them (⺠ for 民, ⻝ for 食, ⻔ for 门): the ones whose glyph is a whole character, to that character.
 */
const RADICAL_SUPPLEMENT: Record<string, string> = Object.fromEntries(
  [...'⺁厂⺆冂⺊卜⺜日⺝月⺠民⺩王⺬示⺻聿⺼月⻁虎⻄西⻅见⻆角⻉贝⻋车⻑長⻓长⻔门⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻬齐⻮齿⻰龙⻳龟']
    .flatMap((c, i, a) => (i % 2 === 0 ? [[c, a[i + 1]]] : [])),
);

/**
 * Degrees (0, 90, 180, 270) to add to a page's own rotation so that its text reads left to right: a landscape
 * table printed on a portrait page (text drawn turned, or a /Rotate the content does not undo) is read upright.
 * The direction most of the page's characters run in decides; a page of mostly upright text is left alone.
 */
export function readingTurn(runs: { dx: number; dy: number; chars: number }[]): number {
  const votes = [0, 0, 0, 0]; // text running right, down, left, up (viewport frame, y down)
  let total = 0;
  for (const r of runs) {
    const len = Math.hypot(r.dx, r.dy);
    if (!len || !r.chars) continue;
    total += r.chars;
    const a = Math.atan2(r.dy / len, r.dx / len); // 0 right, π/2 down
    const q = ((Math.round(a / (Math.PI / 2)) % 4) + 4) % 4;
    votes[q] += r.chars;
  }
  const best = votes.indexOf(Math.max(...votes));
  if (best === 0 || total < TURN_SETTINGS.minChars || votes[best] < total * TURN_SETTINGS.share) return 0;
  // text running down is upright after turning the page a quarter counter-clockwise (viewport rotation +270)
  return [0, 270, 180, 90][best];
}

const TURN_SETTINGS = SETTINGS.pageTurn;

async function readPage(page: PDFPageProxy, n: number): Promise<PageContent> {
  const [content, ops] = await Promise.all([
    page.getTextContent({ includeMarkedContent: false, disableNormalization: false }),
    page.getOperatorList(),
  ]);
  const upright = page.getViewport({ scale: 1 });
  const turn = readingTurn(content.items.flatMap((it) => {
    if (!('str' in it)) return [];
    const t = mul(upright.transform as Mat, it.transform as Mat);
    return [{ dx: t[0], dy: t[1], chars: it.str.replace(/\s+/g, '').length }];
  }));
  const viewport = turn ? page.getViewport({ scale: 1, rotation: (page.rotate + turn) % 360 }) : upright;
  const vt = viewport.transform as Mat;
  const items: TextItem[] = [];
  let visible = 0;
  let radicals = 0;
  for (const it of content.items) {
    if (!('str' in it)) continue;
    visible += it.str.replace(/\s+/g, '').length;
    radicals += (it.str.match(/[\u2E80-\u2FDF]/g) ?? []).length;
    const str = unifyIdeographs(it.str);
    if (!str || !str.trim()) continue;
    const t = mul(vt, it.transform as Mat);
    // text direction: horizontal runs only; rotated runs keep their box
    const size = Math.hypot(t[2], t[3]) || it.height || 1;
    const dirX = Math.hypot(t[0], t[1]) > 0 ? t[0] / Math.hypot(t[0], t[1]) : 1;
    const dirY = Math.hypot(t[0], t[1]) > 0 ? t[1] / Math.hypot(t[0], t[1]) : 0;
    const w = it.width * (Math.hypot(vt[0], vt[1]) || 1);
    const x = t[4];
    const y = t[5];
    const ex = x + dirX * w;
    const ey = y + dirY * w;
    // a damaged font or text matrix gives a run no place on the page (NaN, Infinity): it is left out
    if (![x, y, ex, ey, size].every(Number.isFinite)) continue;
    if (Math.abs(dirY) < 0.2) {
      items.push({ str, x0: Math.min(x, ex), x1: Math.max(x, ex), y0: y - size * 0.88, y1: y + size * 0.12, size });
    } else {
      // vertical run (rotated text): box spans along y
      items.push({ str, x0: x - size * 0.12, x1: x + size * 0.88, y0: Math.min(y, ey), y1: Math.max(y, ey), size });
    }
  }
  const { rules, imageArea, images } = extractRules(ops.fnArray, ops.argsArray, vt);
  const imageCover = Math.min(1, imageArea / Math.max(1, viewport.width * viewport.height));
  // nothing printed: no text, no image, hardly any drawing (outlined text would be many paths)
  const paths = ops.fnArray.reduce((k, fn) => k + (fn === OPS.constructPath ? 1 : 0), 0);
  const blank = items.length === 0 && imageArea === 0 && paths < 50;
  return {
    page: n, width: viewport.width, height: viewport.height, items, rules, source: blank ? 'blank' : 'text',
    ...(turn ? { turn } : {}),
    ...(imageCover > 0 ? { imageCover } : {}),
    ...(images.length ? { images } : {}),
    ...(radicals ? { radicalShare: radicals / Math.max(1, visible) } : {}),
  };
}

const THIN = SETTINGS.ruling.thin;
const PICTURE_MIN = SETTINGS.pictureMin;

/**
 * The ruling lines of a page, the area its images cover (a scan with a few stamped words has a large one), and
 * the boxes of its larger images (a table pasted as a picture into a text document).
 */
function extractRules(fnArray: number[], argsArray: unknown[], vt: Mat): { rules: Rule[]; imageArea: number; images: Box[] } {
  const rules: Rule[] = [];
  const images: Box[] = [];
  let imageArea = 0;
  let ctm: Mat = [1, 0, 0, 1, 0, 0];
  const stack: Mat[] = [];
  const push = (a: [number, number], b: [number, number]) => {
    const [x0, y0] = apply(vt, a[0], a[1]);
    const [x1, y1] = apply(vt, b[0], b[1]);
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y1 - y0);
    if (dy <= 0.8 && dx >= 2) rules.push({ x0: Math.min(x0, x1), x1: Math.max(x0, x1), y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 });
    else if (dx <= 0.8 && dy >= 2) rules.push({ y0: Math.min(y0, y1), y1: Math.max(y0, y1), x0: (x0 + x1) / 2, x1: (x0 + x1) / 2 });
  };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = mul(ctm, args as Mat);
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageXObjectRepeat) {
      // an image fills the unit square of the current transformation
      const m = mul(vt, ctm);
      const xs = [apply(m, 0, 0), apply(m, 1, 0), apply(m, 0, 1), apply(m, 1, 1)];
      const w = Math.max(...xs.map((p) => p[0])) - Math.min(...xs.map((p) => p[0]));
      const h = Math.max(...xs.map((p) => p[1])) - Math.min(...xs.map((p) => p[1]));
      imageArea += w * h;
      if (w >= PICTURE_MIN && h >= PICTURE_MIN) {
        const x0 = Math.min(...xs.map((p) => p[0]));
        const y0 = Math.min(...xs.map((p) => p[1]));
        images.push({ x0, y0, x1: x0 + w, y1: y0 + h });
      }
    }
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args[0] as Mat | null;
      if (m) ctm = mul(ctm, m);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath) {
      const op = args[0] as number;
      const buf = (args[1] as (Float32Array | null)[])[0];
      if (!buf || op === OPS.endPath) continue;
      const stroke = op === OPS.stroke || op === OPS.closeStroke || op === OPS.fillStroke ||
        op === OPS.eoFillStroke || op === OPS.closeFillStroke || op === OPS.closeEOFillStroke;
      // collect subpaths
      const subpaths: [number, number][][] = [];
      let cur: [number, number][] = [];
      let curved = false;
      for (let k = 0; k < buf.length;) {
        const c = buf[k++];
        if (c === D_MOVE) {
          if (cur.length) subpaths.push(cur);
          cur = [apply(ctm, buf[k], buf[k + 1])];
          k += 2;
        } else if (c === D_LINE) {
          cur.push(apply(ctm, buf[k], buf[k + 1]));
          k += 2;
        } else if (c === D_CURVE) {
          curved = true;
          cur.push(apply(ctm, buf[k + 4], buf[k + 5]));
          k += 6;
        } else if (c === D_QUAD) {
          curved = true;
          cur.push(apply(ctm, buf[k + 2], buf[k + 3]));
          k += 4;
        } else if (c === D_CLOSE) {
          if (cur.length) cur.push(cur[0]);
        } else break;
      }
      if (cur.length) subpaths.push(cur);
      if (curved) continue;
      for (const sp of subpaths) {
        if (stroke) {
          for (let j = 1; j < sp.length; j++) push(sp[j - 1], sp[j]);
        } else {
          // filled: thin rectangles are rules (Excel and WPS draw borders this way)
          const xs = sp.map((p) => p[0]);
          const ys = sp.map((p) => p[1]);
          const [a0, a1] = [Math.min(...xs), Math.max(...xs)];
          const [b0, b1] = [Math.min(...ys), Math.max(...ys)];
          const w = a1 - a0;
          const h = b1 - b0;
          if (h < THIN && w >= 2) push([a0, (b0 + b1) / 2], [a1, (b0 + b1) / 2]);
          else if (w < THIN && h >= 2) push([(a0 + a1) / 2, b0], [(a0 + a1) / 2, b1]);
        }
      }
    }
  }
  return { rules, imageArea, images };
}
