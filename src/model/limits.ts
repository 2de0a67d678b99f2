/**
 * Limits on what one input file may make expensive, in one place. Each has a default and an environment variable
 * that raises (or lowers) it; a file that hits one fails (or loses the page or image concerned) with a reason
 * naming the limit and that variable, so a user with a genuine large document knows what to change.
 */
export interface Limit {
  /** the environment variable that sets it */
  env: string;
  value: number;
  /** what it limits, for messages */
  what: string;
}

function limit(env: string, fallback: number, what: string): Limit {
  const raw = process.env[env];
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return { env, value: Number.isFinite(n) && n > 0 ? n : fallback, what };
}

export const LIMITS = {
  /**
   * decoded pixels of one image in a PDF: an A4 page scanned at 600 dpi is 35 Mpx, and every pixel is held
   * several times (decoded, grey, binarised); a 20000×20000 image would take gigabytes
   */
  imagePixels: limit('YJSGK_MAX_IMAGE_PIXELS', 40_000_000, 'pixels per image'),
  /** pixels of the canvas a page is rendered on for OCR (an A0 page at 200 dpi is 62 Mpx) */
  canvasPixels: limit('YJSGK_MAX_CANVAS_PIXELS', 70_000_000, 'pixels per rendered page'),
  /** nesting of q (save) operators in one content stream: pdf.js's time grows with the square of the depth */
  saveDepth: limit('YJSGK_MAX_SAVE_DEPTH', 2_000, 'nested q (save) operators'),
  /** operators in one content stream (a table page has a few thousand) */
  streamOperators: limit('YJSGK_MAX_STREAM_OPERATORS', 3_000_000, 'operators per content stream'),
  /** bytes one compressed content stream may inflate to */
  streamBytes: limit('YJSGK_MAX_STREAM_BYTES', 64 * 1024 * 1024, 'bytes per content stream'),
  /**
   * entries a CID-keyed CFF font program's FDSelect expands to: one per glyph (at most 65 535), but pdf.js
   * expands damaged ranges before it checks them, and past 112 million entries V8 aborts the process
   */
  fontGlyphs: limit('YJSGK_MAX_FONT_GLYPHS', 1_000_000, 'glyph entries per font program'),
  /**
   * bytes of dictionaries pdf.js parses in one CFF font program (each of a CID-keyed font's up to 65 535 Font
   * DICTs with its Private DICT): a font has a few hundred, or some ten thousand with large Subrs; pdf.js parses
   * about 6 MB a second of them
   */
  fontDictBytes: limit('YJSGK_MAX_FONT_DICT_BYTES', 8 * 1024 * 1024, 'bytes of dictionaries per font program'),
  /** bytes one part of an .xlsx package (a worksheet's XML) inflates to */
  partBytes: limit('YJSGK_MAX_PART_BYTES', 256 * 1024 * 1024, 'bytes per workbook part'),
  /**
   * cells of one sheet (rows × columns between the first and last used ones): a disclosure table has a few
   * thousand; a 200 000-row sheet took 1.9 GB and a minute to read
   */
  sheetCells: limit('YJSGK_MAX_SHEET_CELLS', 500_000, 'cells per sheet'),
};

export type LimitName = keyof typeof LIMITS;

/** "over the 100000000 pixels per image limit (raise it with YJSGK_MAX_IMAGE_PIXELS=…)" */
export function overLimit(name: LimitName): string {
  const l = LIMITS[name];
  return `over the ${l.value} ${l.what} limit (raise it with ${l.env}=…)`;
}
