/**
 * Table titles: which standard table a heading line names, with its 公开0X表-style label.
 */
import type { DocKind } from '../model/schema.js';
import { KINDS, OTHER_KIND_PREFIX, kindFromTitleWords, kindSpec, normTitle } from './kinds.js';

export interface TitleMatch {
  kind: string;
  title: string;
  label: string | null;
  continued: boolean;
}

const LABEL = /(?:公开|预算公开|决算公开|附)?表[-—]?[0-9一二三四五六七八九十]{1,3}(?:[-—]\d{1,2})?|公开[0-9]{1,2}表?/g;
/** A label leading the title line, with its separator: 表1：, 表11., 预算01表, 公开表1, 表一 */
const LEAD_LABEL = /^(?:(?:部门)?(?:预算|决算)?(?:公开)?附?表[-—]?[0-9一二三四五六七八九十]{1,3}(?:[-—]\d{1,2})?|(?:预算|决算|公开)\d{1,2}表|附件\d{1,2}(?:[-—]\d{1,2})?)[:：.．、\s]*/;
/** Words of table content: a title whose prefix (after its year) holds one is another table than the alias */
const TABLE_WORDS = /支出|收入|项目|基本|财政|经费|拨款|基金|资本|采购|绩效|三公|明细|专项|收支/;
/** A qualifier after the title: (按经济分类科目), (2024年度), (按支出功能分类科目-不含上年结转) */
const TITLE_QUALIFIER = /[(（][^)）]*(年度?|科目|分类|结转)[)）]$/;
const CONTINUED = /[(]?续表?[)]?$/;
const OTHER_QUALIFIER = /(?<=表)[(][^()]{1,20}[)]$/;
/** The money unit printed on the title line (…收入预算表 单位：万元, …收支总表（单位：万元）) and a year after it */
const UNIT_ON_TITLE = /[(]?(?:金额)?单位[:：](?:亿元|万元|元)[)]?/g;
const YEAR_AFTER_TITLE = /(?<=表)[(]?20\d{2}年度?[)]?$/;
/** An ordinal after the title of one of several tables of a kind: 项目支出绩效目标表（一） */
const TITLE_ORDINAL = /(?<=表)[(][一二三四五六七八九十\d]{1,2}[)]$/;
const TOC_TAIL = /[.．…·。-]{3,}\s*\d*$|\s\d{1,3}$/;

const byLength = [...KINDS]
  .flatMap((k) => k.titles.map((t) => ({ spec: k, title: normTitle(t) })))
  .sort((a, b) => b.title.length - a.title.length);

export function findLabel(text: string): string | null {
  const t = normTitle(text);
  const m = t.match(/公开\d{1,2}表?|(?:附|预算公开|决算公开)?表[-—]?\d{1,2}(?:[-—]\d{1,2})?|附件\d{1,2}[-—]\d{1,2}|^附?表[一二三四五六七八九十]{1,3}/);
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
  const raw = normTitle(text).replace(UNIT_ON_TITLE, '').replace(YEAR_AFTER_TITLE, '').replace(TITLE_ORDINAL, '');
  if (raw.length > 70 || /说明|情况$|如下|单位[:：]/.test(raw)) return null;
  // a label printed before the title with its separator (表1：…, 表11.…, 预算01表 …) goes with it
  // (a label printed in brackets after the title leaves its brackets: 部门收支总表（公开01表）)
  let t = raw.replace(LEAD_LABEL, '').replace(LABEL, '').replace(/\(\)$/, '');
  const continued = CONTINUED.test(t);
  t = t.replace(CONTINUED, '');
  // the same title (按功能分类) and (按经济分类) are two tables: an economic qualifier is matched with the title
  const qualifier = t.match(TITLE_QUALIFIER)?.[0] ?? '';
  t = t.replace(TITLE_QUALIFIER, '');
  if (/经济分类/.test(qualifier)) {
    const k = kindFromTitleWords(t.replace(/^.*?20\d{2}年度?/, '') + qualifier, doc);
    if (k && kindSpec(k)?.rows === 'economic_code') return { kind: k, title: text.trim(), label: findLabel(raw), continued };
  }
  // any other qualifier after the title: (货物、工程、服务), (公开表)
  t = t.replace(OTHER_QUALIFIER, '');
  const heading = /^[一二三四五六七八九十]+、|^第[一二三四五六七八九十]+部分/.test(t);
  t = t.replace(/^[一二三四五六七八九十]+、/, '').replace(/^\d+[.、]/, '');
  for (const { spec, title } of byLength) {
    if (doc && spec.doc !== doc) continue;
    if (!t.endsWith(title)) continue;
    const prefix = t.slice(0, t.length - title.length);
    if (prefix.length > 40 || /[，,；;。《》:：、“”]/.test(prefix)) continue;
    // a prefix that ends inside another word (e.g. 财政拨款 before 收入支出决算总表) means a longer title, and one
    // with table words after the year (项目支出及其他 before 支出预算表) another table: the words decide
    if (prefix && /[款算出入本基性营共般细金费支收拨政]$/.test(prefix)) continue;
    if (TABLE_WORDS.test(prefix.replace(/^.*20\d{2}年度?/, ''))) continue;
    return { kind: spec.kind, title: text.trim(), label: findLabel(raw), continued };
  }
  // a title no alias names: classified by its words, or a table of its own kind named from the title
  if (heading || !t.endsWith('表') || t.length > 50 || /[，,；;。《》“”]|说明|详见|见表|如下/.test(t)) return null;
  const core = t.replace(/^.*?20\d{2}年度?/, '').replace(/^[:：.．、\s]+/, '').replace(/^(市级|区级|县级|省级|本级)?(部门|单位)(?=.{4})(?!资金)/, '');
  const bare = core.replace(/(市级|区级|县级|省级|本级)?(部门|单位)?(综合)?(预算|决算)?(公开)?(报)?表$/, '');
  if (bare.length < 2) return null;
  const kind = kindFromTitleWords(core, doc) ?? `${OTHER_KIND_PREFIX}${core}`;
  return { kind, title: text.trim(), label: findLabel(raw), continued };
}

/** Lines of a 目录 page, or headings in a list: they name a table but are not one. */
export function isTocLine(text: string): boolean {
  return /[.．…·]{3,}\s*\d+\s*$/.test(text) || /[.．…·]{6,}/.test(text);
}
