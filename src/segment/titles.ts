/**
 * Table titles: which standard table a heading line names, with its 公开0X表-style label.
 */
import type { DocKind } from '../model/schema.js';
import { KINDS, normTitle } from '../domain/kinds.js';

export interface TitleMatch {
  kind: string;
  title: string;
  label: string | null;
  continued: boolean;
}

const LABEL = /(?:公开|预算公开|决算公开|附)?表[-—]?[0-9一二三四五六七八九十]{1,3}(?:[-—]\d{1,2})?|公开[0-9]{1,2}表?/g;
const CONTINUED = /[(]?续表?[)]?$/;
const TOC_TAIL = /[.．…·。-]{3,}\s*\d*$|\s\d{1,3}$/;

const byLength = [...KINDS]
  .flatMap((k) => k.titles.map((t) => ({ spec: k, title: normTitle(t) })))
  .sort((a, b) => b.title.length - a.title.length);

export function findLabel(text: string): string | null {
  const t = normTitle(text);
  const m = t.match(/公开\d{1,2}表?|(?:附|预算公开|决算公开)?表[-—]?\d{1,2}(?:[-—]\d{1,2})?/);
  if (!m) return null;
  const s = m[0];
  return /^公开\d+$/.test(s) ? `${s}表` : s;
}

/**
 * The kind a line names, if the line is a table title: after removing labels and a 续表 mark it must end with a
 * known title, with at most a short prefix (department, year) before it.
 */
export function matchTitle(text: string, doc?: DocKind | null): TitleMatch | null {
  if (TOC_TAIL.test(text.trim()) && /[.．…·]{3,}/.test(text)) return null;
  const raw = normTitle(text);
  if (raw.length > 70 || /说明|情况$|如下|单位[:：]/.test(raw)) return null;
  let t = raw.replace(LABEL, '');
  const continued = CONTINUED.test(t);
  t = t.replace(CONTINUED, '').replace(/[(（][^)）]*(年度?|科目|分类)[)）]$/, '');
  t = t.replace(/^[一二三四五六七八九十]+、/, '').replace(/^\d+[.、]/, '');
  for (const { spec, title } of byLength) {
    if (doc && spec.doc !== doc) continue;
    if (!t.endsWith(title)) continue;
    const prefix = t.slice(0, t.length - title.length);
    if (prefix.length > 40 || /[，,；;。《》:：、“”]/.test(prefix)) continue;
    // a prefix that ends inside another word (e.g. 财政拨款 before 收入支出决算总表) means a longer title
    if (prefix && /[款算出入本基性营共般细金费支收拨政]$/.test(prefix)) continue;
    return { kind: spec.kind, title: text.trim(), label: findLabel(raw), continued };
  }
  return null;
}

/** Lines of a 目录 page, or headings in a list: they name a table but are not one. */
export function isTocLine(text: string): boolean {
  return /[.．…·]{3,}\s*\d+\s*$/.test(text) || /[.．…·]{6,}/.test(text);
}
