/**
 * Execution against the budget, and income against expenditure:
 *  - the 三公 table's 决算 does not exceed its 预算, item by item (an overspend is named with its items);
 *  - for each 功能分类 code the 收入决算表 and the 支出决算表 both print: with no 年初结转和结余 and no 年末结转和结余
 *    (the 收入支出决算总表 says so), the code's income is what it spent, whatever the fund; with only a 年初 balance
 *    it spent at least its income, with only a 年末 balance at most. Where the 决算 is all fiscal money with no
 *    carry-over, cross.fiscal_rows already checks the equality, so this rule stays silent there.
 */
import { COLUMN_NAMES, SUMMARY_ROWS } from '../domain/checks.js';
import type { Ctx, Term } from './context.js';
import { allFiscal } from './cross.js';
import { readIncompletely } from './quality.js';

function overspend(ctx: Ctx): void {
  if (ctx.doc.document.kind === 'budget' || !ctx.nonEmpty('three_public') || ctx.hasUnnamedNumbers('three_public')) return;
  const rows = ctx.rows('three_public');
  const actual = rows.get('actual');
  const budget = rows.get('budget');
  if (!actual || !budget) return;
  const over: { column: string; a: Term; b: Term }[] = [];
  for (const [column, af] of actual) {
    const a = ctx.term('three_public', 'actual', column);
    const b = ctx.term('three_public', 'budget', column);
    if (!a?.fact || !b || af.unit === '%') continue;
    if (!budget.has(column) && !ctx.hasFactColumn('three_public', column)) continue;
    if (a.value > b.value + a.half + b.half + 1e-7) over.push({ column, a, b });
  }
  if (!over.length) return;
  // the 合计 or 小计 is over because its items are: name the items, refer to all
  const items = over.filter((o) => o.column !== 'total' && o.column !== 'vehicle_total');
  const named = items.length ? items : over;
  const what = named.map((o) => `${COLUMN_NAMES[o.column] ?? ctx.colName('three_public', o.column)} 决算 ${ctx.fmt(o.a.value, 'three_public')} > 预算 ${ctx.fmt(o.b.value, 'three_public')}`).join('；');
  const diff = named.reduce((s, o) => s + o.a.value - o.b.value, 0);
  ctx.emit({
    rule: 'threePublicOverspend', diff, tol: 0, severity: 'warning',
    message: `${ctx.tableName('three_public')} 决算超过预算：${what}（超支 ${ctx.fmt(diff, 'three_public')}）`,
    refs: over.flatMap((o) => [ctx.refOf(o.a), ...(o.b.fact ? [ctx.refOf(o.b)] : [])]),
    page: over[0].a.fact?.page, printed: named.reduce((s, o) => s + o.a.value, 0), expected: named.reduce((s, o) => s + o.b.value, 0),
    values: ctx.valuesOf(over.flatMap((o) => [o.a, o.b])),
  });
}

/** The 收入支出决算总表's balances at the start and at the end (null: the summary does not say). */
function balances(ctx: Ctx): { begin: number; end: number } | null {
  if (!ctx.nonEmpty('summary')) return null;
  let begin = 0;
  let end = 0;
  let seen = false;
  for (const [row, cols] of ctx.rows('summary')) {
    const m = row.match(/^(income|expenditure):(.*)$/);
    if (!m) continue;
    const v = cols.get('amount')?.value ?? cols.get('total')?.value ?? 0;
    if (m[1] === 'income' && SUMMARY_ROWS.incomeBelow.test(m[2])) begin += Math.abs(v);
    if (m[1] === 'expenditure' && SUMMARY_ROWS.expenditureBelow.test(m[2])) end += Math.abs(v);
    if (SUMMARY_ROWS.total.test(m[2])) seen = true;
  }
  // a summary whose 总计 was not read may have lost its balance rows too
  return seen ? { begin, end } : null;
}

function incomeExpenditure(ctx: Ctx): void {
  if (ctx.doc.document.kind !== 'final') return;
  if (!ctx.nonEmpty('income') || !ctx.nonEmpty('expenditure') || !ctx.hasCodeRows('income') || !ctx.hasCodeRows('expenditure')) return;
  if (!ctx.hasFactColumn('income', 'total') || !ctx.hasFactColumn('expenditure', 'total')) return;
  if (readIncompletely(ctx.table('income')) || readIncompletely(ctx.table('expenditure'))) return;
  const bal = balances(ctx);
  if (!bal) return;
  const { fiscal } = allFiscal(ctx);
  const none = bal.begin < 1e-9 && bal.end < 1e-9;
  if (none && fiscal) return; // cross.fiscal_rows
  if (!none && bal.begin > 1e-9 && bal.end > 1e-9) return; // balances at both ends: no relation per code
  const relation: 'eq' | 'ge' | 'le' = none ? 'eq' : bal.begin > 1e-9 ? 'ge' : 'le';
  const iname = ctx.tableName('income');
  const ename = ctx.tableName('expenditure');
  const codes = new Set<string>();
  for (const r of ctx.rows('income').keys()) if (/^\d{3,9}$/.test(r) || r === 'total') codes.add(r);
  for (const r of ctx.rows('expenditure').keys()) if (/^\d{3,9}$/.test(r) || r === 'total') codes.add(r);
  for (const row of codes) {
    const i = ctx.term('income', row, 'total');
    const e = ctx.term('expenditure', row, 'total');
    if (!i || !e || (!i.fact && !e.fact)) continue;
    // a code printed in one table only: its row in the other may be one the reader did not see
    if (!ctx.hasRow('income', row) || !ctx.hasRow('expenditure', row)) continue;
    const where = ctx.rowName(i.fact ? 'income' : 'expenditure', row);
    if (relation === 'eq') {
      ctx.sum('crossIncomeExpenditure', i, [e], (x, d) =>
        `没有年初和年末结转结余，但${iname} ${where}收入为 ${ctx.fmt(i.value, i.table)}，${ename} 支出为 ${ctx.fmt(x, e.table)}，${d}`,
      );
      continue;
    }
    const tol = i.half + e.half;
    const bad = relation === 'ge' ? e.value < i.value - tol - 1e-7 : e.value > i.value + tol + 1e-7;
    if (!bad) continue;
    ctx.emit({
      rule: 'crossIncomeExpenditure', diff: e.value - i.value, tol,
      message: relation === 'ge'
        ? `只有年初结转结余、没有年末结转结余，支出应不少于收入，但${ename} ${where}支出 ${ctx.fmt(e.value, e.table)} 少于${iname}收入 ${ctx.fmt(i.value, i.table)}`
        : `只有年末结转结余、没有年初结转结余，支出应不超过收入，但${ename} ${where}支出 ${ctx.fmt(e.value, e.table)} 超过${iname}收入 ${ctx.fmt(i.value, i.table)}`,
      refs: [ctx.refOf(i), ctx.refOf(e)].filter((_, k) => (k === 0 ? !!i.fact : !!e.fact)),
      page: i.fact?.page ?? e.fact?.page, expected: i.value, printed: e.value, values: ctx.valuesOf([i, e]),
    });
  }
}

export function executionRules(ctx: Ctx): void {
  overspend(ctx);
  incomeExpenditure(ctx);
}
