/**
 * Small text helpers shared by the seed parser and the sample builders.
 * Name normalisation follows ../shared/spec/facts.md ("Row keys").
 */

const ORDINAL_RE =
  /^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}(?:\.(?!\d)|、|．))/u;

/** facts.md name normalisation: NFKC, drop all whitespace, strip one leading ordinal. */
export function normalizeName(name: string): string {
  const s = name.normalize('NFKC').replace(/\s+/gu, '');
  return s.replace(ORDINAL_RE, '');
}

const NUMBER_RE = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$/u;

/** True when a printed cell is a plain number (optionally with a trailing %). */
export function isNumeric(printed: string): boolean {
  const s = printed.trim();
  return NUMBER_RE.test(s) || /^\([\d,]+(?:\.\d+)?\)$/u.test(s);
}

/**
 * facts.md value rule: thousands separators removed, sign kept, `(12.30)` negative,
 * a trailing % dropped (the unit says it is a percentage). Returns null for cells that
 * produce no fact (blank, dashes, "/", text).
 */
export function parseValue(printed: string): number | null {
  const s = printed.trim();
  if (!isNumeric(s)) return null;
  const neg = s.startsWith('(') && s.endsWith(')');
  const body = s.replace(/[(),%]/gu, '');
  const v = Number(body);
  if (!Number.isFinite(v)) return null;
  return neg ? -v : v;
}

const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
const CJK_GAP = new RegExp(`([${CJK}])\\s+(?=[${CJK}])`, 'gu');

/** Remove the spaces a text extractor left between two CJK characters ("满意 度" → "满意度"). */
export function closeCjkGaps(s: string): string {
  return s.replace(CJK_GAP, '$1').trim();
}

/** Compact form used to recognise labels: no whitespace at all. */
export function compact(s: string): string {
  return s.replace(/\s+/gu, '');
}
