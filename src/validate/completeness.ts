/**
 * Completeness and identity: every table the 目录 lists and every standard table of the document's kind is in
 * the document (a table printed with 本表无数据 counts: it is in `tables` with `empty: true`); the heading printed
 * with a table names the cover's department and year.
 */
import { STANDARD_TABLES } from '../domain/checks.js';
import { kindSpec, normTitle } from '../domain/kinds.js';
import { matchTitle } from '../domain/titles.js';
import type { Ctx } from './context.js';
import { BRACKETED_LABEL, DEPARTMENT_FIELD, LEADER_TAIL, NAME_BEFORE_YEAR, PART_HEADING, TRAILING_PUNCTUATION, UNIT_NOT_DEPARTMENT, YEAR } from '../domain/labels.js';

/** A 目录 line → the table kind it names (dot leaders, page numbers and 公开0X表 labels removed). */
export function contentsKind(line: string, doc: 'final' | 'budget' | null): string | null {
  const t = normTitle(line)
    .replace(LEADER_TAIL, '')
    .replace(/[-—]?\d+[-—]?$/, '')
    .replace(BRACKETED_LABEL, '')
    .replace(PART_HEADING, '');
  if (!t) return null;
  return matchTitle(t, doc)?.kind ?? null;
}

export function completenessRules(ctx: Ctx): void {
  const doc = ctx.doc;
  const kind = doc.document.kind;
  const present = new Set(doc.tables.map((t) => t.kind));
  for (const f of doc.facts) present.add(f.table);
  const reported = new Set<string>();
  for (const line of doc.contents ?? []) {
    const k = contentsKind(line, kind);
    if (!k || present.has(k) || reported.has(k)) continue;
    reported.add(k);
    ctx.emit({
      rule: 'tableContents', diff: 0, tol: 0, severity: 'warning',
      message: `目录列有「${line.replace(LEADER_TAIL, '').trim()}」，但文件中没有找到这张表`,
      refs: [{ table: k }],
    });
  }
  if (kind && doc.tables.length) {
    for (const k of STANDARD_TABLES[kind]) {
      if (present.has(k) || reported.has(k)) continue;
      const title = kindSpec(k)?.titles[0] ?? k;
      ctx.emit({
        rule: 'tableMissing', diff: 0, tol: 0, severity: 'warning',
        message: `缺少标准公开表「${title}」（既未找到，也未注明本表无数据）`,
        refs: [{ table: k }],
      });
    }
  }
  // headings printed with the tables: department and year as on the cover
  const dept = doc.document.department ? normTitle(doc.document.department) : null;
  const year = doc.document.year;
  for (const t of doc.tables) {
    if (!t.heading) continue;
    const h = normTitle(t.heading);
    const y = h.match(YEAR);
    if (year && y && Number(y[1]) !== year) {
      ctx.emit({
        rule: 'identityYear', diff: 0, tol: 0, severity: 'warning',
        message: `${ctx.tableName(t.kind)} 表头年度为 ${y[1]} 年，封面为 ${year} 年`,
        refs: [{ table: t.kind }], page: t.pages[0], expected: year, printed: Number(y[1]),
      });
    }
    const m = h.match(DEPARTMENT_FIELD) ?? h.match(NAME_BEFORE_YEAR);
    const named = m?.[1]?.replace(TRAILING_PUNCTUATION, '');
    if (named && UNIT_NOT_DEPARTMENT.test(named)) continue;
    if (dept && named && named.length >= 2 && named !== dept) {
      ctx.emit({
        rule: 'identityDepartment', diff: 0, tol: 0, severity: 'warning',
        message: `${ctx.tableName(t.kind)} 表头的部门为「${named}」，封面为「${dept}」`,
        refs: [{ table: t.kind }], page: t.pages[0],
      });
    }
  }
}
