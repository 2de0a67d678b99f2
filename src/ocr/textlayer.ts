/**
 * Is a page's text layer usable? Absent or empty text is not; nor is garbage: text whose characters are
 * mostly ones a real document does not print — replacement and private-use characters (glyphs without a
 * Unicode mapping), control characters, or CJK radicals (what some PDF producers map every glyph to).
 */
import type { PageContent } from '../model/page.js';

// U+FFFD, private use areas, C0/C1 controls, CJK radicals supplement and Kangxi radicals
const BAD = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000E-\u001F\u007F-\u009F\u2E80-\u2EFF\u2F00-\u2FDF\u{F0000}-\u{10FFFF}]/u;

/**
 * What a Chinese disclosure prints: ASCII, CJK ideographs and punctuation, full-width forms, general punctuation,
 * number forms (Ⅰ ①), box drawing and a few signs (× ÷ · ° ± §). A text layer made mostly of other characters —
 * Latin-1 and Latin Extended letters, Greek, Arabic (ÕÖ’•, ¢“ëÞ*˜) — is a font without a Unicode map read byte by
 * byte: mojibake, whose digits are not the printed ones either.
 */
const EXPECTED = /[\u0020-\u007E\u00A0\u00B0\u00B1\u00B7\u00A7\u00D7\u00F7\u2000-\u206F\u2100-\u218F\u2190-\u21FF\u2200-\u22FF\u2460-\u24FF\u2500-\u25FF\u2600-\u26FF\u3000-\u303F\u3040-\u30FF\u3200-\u32FF\u3400-\u4DBF\u4E00-\u9FFF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
/** CJK ideographs: a page of a Chinese document with none among many letters is not Chinese text */
const IDEOGRAPH = /[\u3400-\u4DBF\u4E00-\u9FFF]/u;

export interface TextLayerStats {
  /** visible characters */
  chars: number;
  /** of which unmapped or garbage */
  bad: number;
  /** of which characters a disclosure does not print (mojibake) */
  foreign: number;
  /** CJK ideographs, and ASCII letters */
  ideographs: number;
  letters: number;
}

export function textLayerStats(page: PageContent): TextLayerStats {
  const text = page.items.map((i) => i.str).join('').replace(/\s+/g, '');
  const chars = [...text].length;
  let bad = 0;
  let foreign = 0;
  let ideographs = 0;
  let letters = 0;
  for (const c of text) {
    if (BAD.test(c)) bad++;
    else if (IDEOGRAPH.test(c)) ideographs++;
    else if (/[A-Za-z]/.test(c)) letters++;
    else if (!EXPECTED.test(c)) foreign++;
  }
  return { chars, bad, foreign, ideographs, letters };
}

/**
 * Why a page's text is not the printed text, if it is not: glyphs without a Unicode map (replacement,
 * private-use and control characters), radicals for every glyph, or mojibake — letters of other scripts, or Latin
 * letters mixed into digits with no ideograph at all. Its digits are not the printed ones either.
 */
export function textLayerGarbled(page: PageContent, stats: TextLayerStats = textLayerStats(page)): string | undefined {
  const { chars, bad, foreign, ideographs, letters } = stats;
  if (chars < 5) return undefined;
  if (foreign / chars >= 0.1) return `its text layer is mojibake (${Math.round((100 * foreign) / chars)} % of its characters are of scripts a disclosure does not print: a font without a Unicode map)`;
  if (chars >= 40 && ideographs === 0 && (letters + foreign + bad) / chars >= 0.1) return 'its text layer is mojibake (letters and odd signs among the digits and not one Chinese character: a font without a Unicode map)';
  // a producer that mapped most glyphs to radicals left no real text (a few radicals are only odd mappings)
  if (bad / chars + (page.radicalShare ?? 0) >= 0.25) return 'its text layer has no Unicode for most glyphs';
  return undefined;
}

/**
 * Usable: at least a few visible characters, not garbled; and not a page-size image carrying only a few words of
 * text (a scan with a stamped page number or seal text).
 */
export function textLayerUsable(page: PageContent): boolean {
  const stats = textLayerStats(page);
  if (stats.chars < 5) return false;
  if ((page.imageCover ?? 0) > 0.6 && stats.chars < 40) return false;
  return textLayerGarbled(page, stats) === undefined;
}
