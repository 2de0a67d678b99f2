/**
 * OCR misreadings of the words these documents print, as data: what the recogniser gives for a word (a
 * glyph taken for a similar one) and the word it is. Only whole known words are put right, so a misreading
 * never turns into a word the page does not print; numbers are never touched.
 */
export const MISREADINGS: [read: string, word: string][] = [
  ['文出', '支出'],
  ['支山', '支出'],
  ['项日', '项目'],
  ['日录', '目录'],
  ['科日', '科目'],
  ['收人', '收入'],
  ['名杯', '名称'],
  ['合汁', '合计'],
  ['小汁', '小计'],
  ['决箅', '决算'],
  ['预箅', '预算'],
  ['拔款', '拨款'],
  ['经贵', '经费'],
  ['结杂', '结余'],
  ['年木', '年末'],
  ['卫牛', '卫生'],
  ['主房', '住房'],
  // soft scans at 150 dpi
  ['决址', '决算'],
  ['经栅', '经费'],
];

/**
 * Glyphs the recogniser gives for the numeral of an ordinal heading (八、 under a seal's remnant read as 从、):
 * at the start of a line, before 、, no other character is printed, so the numeral is put back.
 */
export const ORDINAL_MISREADINGS: [read: string, numeral: string][] = [
  ['从', '八'],
  ['人', '八'],
  ['入', '八'],
  ['儿', '八'],
  ['千', '十'],
  ['干', '十'],
];

const FIX = new Map(MISREADINGS);
const RE = new RegExp(MISREADINGS.map(([r]) => r).join('|'), 'g');
const ORD_FIX = new Map(ORDINAL_MISREADINGS);
const ORD_RE = new RegExp(`^(${ORDINAL_MISREADINGS.map(([r]) => r).join('|')})(?=、)`);

/** An OCR'd string with the known misreadings of words (and of an ordinal heading's numeral) put right. */
export function fixMisreadings(s: string): string {
  return s.replace(RE, (m) => FIX.get(m) ?? m).replace(ORD_RE, (m) => ORD_FIX.get(m) ?? m);
}
