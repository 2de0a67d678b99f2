/**
 * Is a page's text layer usable? Absent or empty text is not; nor is garbage: text whose characters are
 * mostly ones a real document does not print — replacement and private-use characters (glyphs without a
 * Unicode mapping), control characters, or CJK radicals (what some PDF producers map every glyph to).
 */
import type { PageContent } from '../model/page.js';

// U+FFFD, private use areas, C0/C1 controls, CJK radicals supplement and Kangxi radicals
const BAD = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000E-\u001F\u007F-\u009F\u2E80-\u2EFF\u2F00-\u2FDF\u{F0000}-\u{10FFFF}]/gu;

export interface TextLayerStats {
  /** visible characters */
  chars: number;
  /** of which unmapped or garbage */
  bad: number;
}

export function textLayerStats(page: PageContent): TextLayerStats {
  const text = page.items.map((i) => i.str).join('').replace(/\s+/g, '');
  const chars = [...text].length;
  const bad = (text.match(BAD) ?? []).length;
  return { chars, bad };
}

/**
 * Usable: at least a few visible characters, and less than a quarter of them garbage; and not a page-size image
 * carrying only a few words of text (a scan with a stamped page number or seal text).
 */
export function textLayerUsable(page: PageContent): boolean {
  const { chars, bad } = textLayerStats(page);
  if (chars < 5) return false;
  if ((page.imageCover ?? 0) > 0.6 && chars < 40) return false;
  // a producer that mapped most glyphs to radicals left no real text (a few radicals are only odd mappings)
  return bad / chars + (page.radicalShare ?? 0) < 0.25;
}
