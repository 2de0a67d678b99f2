/**
 * The tables as printed: a table without numbers says 本表无数据; a table that says so holds none; the tables
 * follow their order (their own 公开0X表 numbers, the 目录, the standard order of the 决算's first tables); the
 * 目录's page numbers point at the pages the tables are on (one offset — cover and 目录 pages unnumbered —
 * shared by the entries; an entry off that offset is listed under another page).
 */
import { NO_DATA_CELL, STANDARD_TABLES, TABLE_ORDER } from '../domain/checks.js';
import { kindSpec, normTitle } from '../domain/kinds.js';
import type { TableRecord } from '../model/schema.js';
import { contentsKind } from './completeness.js';
import type { Ctx } from './context.js';
import { readIncompletely } from './quality.js';
import { DEPARTMENT_PREFIX, LEADER_TAIL, LISTED_PAGE, NUMBERED_ITEM, TITLE_LABEL, YEARS } from '../domain/labels.js';

/** Standard tables with rows (forms and unknown kinds are not tables here). */
const isStandard = (t: TableRecord) => !!kindSpec(t.kind)?.rows;

/** One of the standard disclosure tables (公开01–10 and their 预算 twins): the ones whose form is fixed. */
export function isDisclosureTable(ctx: Ctx, kind: string): boolean {
  const base = ctx.baseKind(kind);
  return STANDARD_TABLES.final.includes(base) || base === 'disclosure_stats' || STANDARD_TABLES.budget.includes(kind);
}

function blank(ctx: Ctx): void {
  for (const t of ctx.doc.tables) {
    if (!isStandard(t) || !isDisclosureTable(ctx, t.kind)) continue;
    const has = ctx.nonEmpty(t.kind);
    // numbers other than 0 on the page that says 本表无数据 (a 0.00 row under 本表本年无发生额 agrees with it)
    const held = t.noData && !t.noData.conditional ? ctx.factsOf(t.kind).filter((f) => f.value !== 0 && f.page === t.noData!.page) : [];
    if (held.length) {
      ctx.emit({
        rule: 'tableNoDataNumbers', diff: 0, tol: 0, severity: 'warning',
        message: `${ctx.tableName(t.kind)} 注明本表无数据，表中却有 ${held.length} 个不为 0 的数字（如 ${ctx.cellName(held[0])} ${held[0].printed ?? held[0].value}）`,
        refs: [{ table: t.kind }], page: t.pages[0],
      });
    }
    // the reader saw the table's rows and none holds a number: a blank table, which must say why
    const numbers = t.rows.some((r) => r.cells.some((c) => c.value !== null));
    const says = t.rows.some((r) => NO_DATA_CELL.test(r.label) || r.cells.some((c) => NO_DATA_CELL.test(c.text)));
    // a table of words (绩效目标 …) is not blank for want of numbers
    const words = t.rows.some((r) => r.cells.some((c) => c.value === null && c.text.trim() && c.text.trim() !== r.label.trim() && !/^[-—–/\s0.]*$/.test(c.text)));
    if (!has && !numbers && !says && !words && !t.noData && !readIncompletely(t) && t.rows.length > 0 && t.pages.every((p) => ctx.doc.pages.find((x) => x.page === p)?.source !== 'blank')) {
      ctx.emit({
        rule: 'tableBlank', diff: 0, tol: 0, severity: 'warning',
        message: `${ctx.tableName(t.kind)} 是空表，但没有注明“本表无数据”及其原因`,
        refs: [{ table: t.kind }], page: t.pages[0],
      });
    }
  }
}

/** The tables in printed order (first page, then position on the page as read). */
function printed(ctx: Ctx): TableRecord[] {
  return ctx.doc.tables
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => isStandard(t))
    .sort((a, b) => a.t.pages[0] - b.t.pages[0] || a.i - b.i)
    .map(({ t }) => t);
}

/** Indices of a longest strictly increasing subsequence of `v`. */
function increasing(v: number[]): Set<number> {
  const len = v.map(() => 1);
  const prev = v.map(() => -1);
  for (let i = 0; i < v.length; i++) {
    for (let j = 0; j < i; j++) {
      if (v[j] < v[i] && len[j] + 1 > len[i]) {
        len[i] = len[j] + 1;
        prev[i] = j;
      }
    }
  }
  const out = new Set<number>();
  let k = len.indexOf(Math.max(0, ...len));
  while (k >= 0) {
    out.add(k);
    k = prev[k];
  }
  return out;
}

function order(ctx: Ctx): void {
  const seq = printed(ctx);
  const reported = new Set<string>();
  // the tables not on a longest run in order are the ones out of place; each is placed between its neighbours
  const check = (rank: (t: TableRecord) => number | undefined, why: string) => {
    const ranked = seq.filter((t) => rank(t) !== undefined);
    const keep = increasing(ranked.map((t) => rank(t)!));
    const inOrder = ranked.filter((_, i) => keep.has(i));
    ranked.forEach((t, i) => {
      if (keep.has(i) || reported.has(t.kind)) return;
      reported.add(t.kind);
      const r = rank(t)!;
      const after = [...inOrder].reverse().find((x) => rank(x)! < r);
      const before = inOrder.find((x) => rank(x)! > r);
      const where = [after ? `${ctx.tableName(after.kind)}（第 ${after.pages[0]} 页）之后` : '', before ? `${ctx.tableName(before.kind)}（第 ${before.pages[0]} 页）之前` : '']
        .filter(Boolean).join('、');
      ctx.emit({
        rule: 'tableOrder', diff: 0, tol: 0, severity: 'warning',
        message: `${ctx.tableName(t.kind)} 印在第 ${t.pages[0]} 页，${why}应在${where}`,
        refs: [{ table: t.kind }, ...(after ? [{ table: after.kind }] : []), ...(before ? [{ table: before.kind }] : [])], page: t.pages[0],
      });
    });
  };
  // their own numbers: 公开01表, 表4 …
  const num = (t: TableRecord) => {
    const m = t.label?.match(/(\d+)/);
    return m ? Number(m[1]) : undefined;
  };
  if (seq.filter((t) => num(t) !== undefined).length >= 3) check(num, '按其表号');
  // the 目录
  const kind = ctx.doc.document.kind;
  const listed = new Map<string, number>();
  for (const line of ctx.doc.contents ?? []) {
    const k = listedKind(ctx, line);
    if (k && !listed.has(k)) listed.set(k, listed.size);
  }
  if (listed.size >= 3) check((t) => listed.get(t.kind), '按目录');
  // the standard order
  for (const chain of kind ? TABLE_ORDER[kind] : []) {
    const at = new Map(chain.map((k, i) => [k, i]));
    check((t) => at.get(ctx.baseKind(t.kind)), '按标准顺序');
  }
}

/** The bare name of a title or 目录 line: no numbering, labels, years, page numbers or dot leaders. */
function bare(s: string): string {
  return normTitle(s)
    .replace(LEADER_TAIL, '')
    .replace(/[-—]?\d+[-—]?$/, '')
    .replace(NUMBERED_ITEM, '')
    .replace(TITLE_LABEL, '')
    .replace(YEARS, '')
    .replace(DEPARTMENT_PREFIX, '');
}

/** The printed table a 目录 line names: by its title where one matches, else by the line's kind. */
function listedKind(ctx: Ctx, line: string): string | null {
  const b = bare(line);
  if (b.length >= 4) {
    const t = ctx.doc.tables.find((x) => isStandard(x) && bare(x.title) === b);
    if (t) return t.kind;
  }
  const k = contentsKind(line, ctx.doc.document.kind);
  // a line whose kind is printed under another title names another table
  const t = k ? ctx.doc.tables.find((x) => x.kind === k) : undefined;
  return t && b.length >= 4 && bare(t.title) && bare(t.title) !== b && !bare(t.title).includes(b) && !b.includes(bare(t.title)) ? null : k;
}

/** A 目录 line's printed page number (after dot leaders or spaces), if any. */
function listedPage(line: string): number | null {
  const m = line.match(LISTED_PAGE);
  return m ? Number(m[1]) : null;
}

function contentsPages(ctx: Ctx): void {
  const kind = ctx.doc.document.kind;
  const entries: { line: string; t: TableRecord; page: number }[] = [];
  for (const line of ctx.doc.contents ?? []) {
    const page = listedPage(line);
    const k = page === null ? null : listedKind(ctx, line);
    const t = k ? ctx.doc.tables.find((x) => x.kind === k) : undefined;
    if (t && page !== null && !entries.some((e) => e.t === t)) entries.push({ line, t, page });
  }
  if (entries.length < 3) return;
  const offsets = new Map<number, number>();
  for (const e of entries) offsets.set(e.t.pages[0] - e.page, (offsets.get(e.t.pages[0] - e.page) ?? 0) + 1);
  const [offset, n] = [...offsets].sort((a, b) => b[1] - a[1])[0];
  // the entries must agree on one offset for an outlier to mean anything
  if (n < Math.max(3, Math.ceil(entries.length / 2))) return;
  for (const e of entries) {
    if (e.t.pages.includes(e.page + offset)) continue;
    ctx.emit({
      rule: 'tableContentsPage', diff: 0, tol: 0, severity: 'warning',
      message: `目录列「${e.line.replace(LEADER_TAIL, '').trim()}」在第 ${e.page} 页，该表实际在第 ${e.t.pages[0] - offset} 页（文件第 ${e.t.pages[0]} 页）`,
      refs: [{ table: e.t.kind }], page: e.t.pages[0], expected: e.t.pages[0] - offset, printed: e.page,
    });
  }
}

export function structureRules(ctx: Ctx): void {
  blank(ctx);
  order(ctx);
  contentsPages(ctx);
}
