/**
 * Rules across tables: totals two tables both print agree; the 类 rows of the summaries agree with the code tables;
 * the 一般公共预算 table is part of the expenditure table (row by row equal where all money is this year's fiscal
 * money); the basic-expenditure table adds up to the 基本支出 of the 一般公共预算 table.
 */
import { CATEGORY_LINKS, FACT_LINKS, FISCAL_ROW_COLUMNS, NON_FISCAL_SUMMARY_ROWS, SUBSET_LINKS } from '../domain/checks.js';
import type { Ctx, Term } from './context.js';
import { classNames } from './tables.js';

function links(ctx: Ctx): void {
  for (const l of FACT_LINKS) {
    if (![...l.a, ...l.b].every((r) => ctx.has(r.table))) continue;
    const side = (refs: typeof l.a) => refs.map((r) => ctx.term(r.table, r.row, r.column)).filter((t): t is Term => !!t);
    const a = side(l.a);
    const b = side(l.b);
    if (!a.some((t) => t.fact) || !b.some((t) => t.fact)) continue;
    // the sum of a side stands as one printed number: the identity is a = Σ b with every term rounded
    const av = a.reduce((s, t) => s + t.value, 0);
    const total: Term = a.length === 1 ? a[0] : { ...a[0], value: av, half: a.reduce((s, t) => s + t.half, 0) };
    const name = (ts: Term[]) => ts.filter((t) => t.fact || ts.length === 1).map((t) => `${ctx.tableName(t.table)} ${ctx.cellName(t)}`).join(' + ');
    const issue = ctx.sum(l.rule, total, b, (e, d) => `${name(a)} = ${ctx.fmt(av, a[0].table)}，而 ${name(b)} = ${ctx.fmt(e, b[0].table)}，${d}`);
    if (issue && a.length > 1) {
      issue.refs = [...a.filter((t) => t.fact).map((t) => ctx.refOf(t)), ...b.filter((t) => t.fact).map((t) => ctx.refOf(t))];
      issue.values = ctx.valuesOf([...a, ...b].filter((t) => t.fact));
    }
  }
}

/** A part may not exceed its whole (beyond rounding). */
function subsets(ctx: Ctx): void {
  for (const l of SUBSET_LINKS) {
    if (![...l.part, ...l.whole].every((r) => ctx.nonEmpty(r.table))) continue;
    const part = l.part.map((r) => ctx.term(r.table, r.row, r.column)).filter((t): t is Term => !!t?.fact);
    const whole = l.whole.map((r) => ctx.term(r.table, r.row, r.column)).filter((t): t is Term => !!t?.fact);
    if (!part.length || !whole.length) continue;
    const pv = part.reduce((s, t) => s + t.value, 0);
    const wv = whole.reduce((s, t) => s + t.value, 0);
    const tol = [...part, ...whole].reduce((s, t) => s + t.half, 0);
    if (pv <= wv + tol + 1e-7) continue;
    const name = (ts: Term[]) => ts.map((t) => `${ctx.tableName(t.table)} ${ctx.cellName(t)}`).join(' + ');
    ctx.emit({
      rule: l.rule, diff: pv - wv, tol,
      message: `${name(part)} = ${ctx.fmt(pv, part[0].table)}，超过 ${name(whole)} = ${ctx.fmt(wv, whole[0].table)}`,
      refs: [...part, ...whole].map((t) => ctx.refOf(t)), page: part[0].fact?.page, expected: wv, printed: pv,
      values: ctx.valuesOf([...part, ...whole]), terms: [...part, ...whole], short: whole,
    });
  }
}

/** The 类 rows of a two-sided summary (by name) against a code table (by 3-digit code). */
function categories(ctx: Ctx): void {
  const classes = classNames(ctx);
  for (const l of CATEGORY_LINKS) {
    if (!ctx.has(l.a.table) || !ctx.has(l.b.table)) continue;
    if (!ctx.nonEmpty(l.a.table) && !ctx.nonEmpty(l.b.table)) continue;
    // a code table without code rows (a 预算 支出总表 printing its 合计 only) says nothing about 类
    if (!ctx.hasCodeRows(l.b.table)) continue;
    const aRows = [...ctx.rows(l.a.table).keys(), ...(ctx.table(l.a.table)?.rows.map((r) => r.key) ?? [])];
    const seen = new Set<string>();
    for (const key of aRows) {
      if (seen.has(key) || !key.startsWith('expenditure:')) continue;
      seen.add(key);
      const code = classes.get(key.slice('expenditure:'.length));
      if (!code) continue;
      const a = ctx.term(l.a.table, key, l.a.column);
      const b = ctx.term(l.b.table, code, l.b.column);
      if (!a || !b || (!a.fact && !b.fact)) continue;
      ctx.sum('crossCategory', a, [b], (e, d) =>
        `${ctx.tableName(l.a.table)} ${ctx.rowName(l.a.table, key)}${l.a.column === 'amount' ? '' : `「${ctx.colName(l.a.table, l.a.column)}」`}为 ${ctx.fmt(a.value, a.table)}，` +
        `${ctx.tableName(l.b.table)} ${ctx.rowName(l.b.table, code)}「${ctx.colName(l.b.table, l.b.column)}」为 ${ctx.fmt(e, b.table)}，${d}`,
      );
    }
  }
}

/** Where all income is this year's 一般公共预算 money: no other fund, no carry-over, no non-fiscal income. */
export function allFiscal(ctx: Ctx): { fiscal: boolean; noCarryover: boolean } {
  const incTotal = ctx.fact('income', 'total', 'total');
  const incFiscal = ctx.fact('income', 'total', 'fiscal') ?? ctx.fact('income', 'total', 'general_budget');
  const fiscalOnly = !!incTotal && !!incFiscal && Math.abs(incTotal.value - incFiscal.value) < 1e-6;
  const otherFunds = ['gov_fund', 'state_capital'].some((k) => ctx.factsOf(k).some((f) => f.value !== 0));
  const carry = [...ctx.rows('summary')].some(([row, cols]) => NON_FISCAL_SUMMARY_ROWS.test(row) && [...cols.values()].some((f) => f.value !== 0));
  return { fiscal: fiscalOnly && !otherFunds && !carry, noCarryover: !carry };
}

/** expenditure vs general_budget (and income) code rows. */
function fiscalRows(ctx: Ctx): void {
  if (!ctx.nonEmpty('expenditure') || !ctx.nonEmpty('general_budget')) return;
  if (!ctx.hasCodeRows('expenditure') || !ctx.hasCodeRows('general_budget')) return;
  const { fiscal } = allFiscal(ctx);
  const codes = new Set<string>();
  for (const k of ['expenditure', 'general_budget']) for (const row of ctx.rows(k).keys()) if (/^\d{3,9}$/.test(row) || row === 'total') codes.add(row);
  const ename = ctx.tableName('expenditure');
  const gname = ctx.tableName('general_budget');
  for (const row of codes) {
    for (const col of FISCAL_ROW_COLUMNS) {
      const g = ctx.term('general_budget', row, col);
      const e = ctx.term('expenditure', row, col);
      if (!g || !e || (!g.fact && !e.fact)) continue;
      if (!ctx.hasFactColumn('general_budget', col) || !ctx.hasFactColumn('expenditure', col)) continue;
      const where = `${ctx.rowName(e.fact ? 'expenditure' : 'general_budget', row)}「${ctx.colName('expenditure', col)}」`;
      if (fiscal) {
        ctx.sum('crossFiscalRows', e, [g], (x, d) => `全部支出均为一般公共预算财政拨款，但${ename} ${where}为 ${ctx.fmt(e.value, e.table)}，${gname} 为 ${ctx.fmt(x, g.table)}，${d}`);
      } else if (g.value > e.value + g.half + e.half + 1e-7) {
        const diff = g.value - e.value;
        ctx.emit({
          rule: 'crossSubset', diff, tol: g.half + e.half,
          message: `${gname} ${where}为 ${ctx.fmt(g.value, g.table)}，超过${ename}的全部支出 ${ctx.fmt(e.value, e.table)}，多出 ${ctx.fmt(diff, g.table)}`,
          refs: [ctx.refOf(g), ...(e.fact ? [ctx.refOf(e)] : [])],
          page: g.fact?.page ?? e.fact?.page, expected: e.value, printed: g.value, values: ctx.valuesOf([g, e]),
          terms: [g, e], short: [e],
        });
      }
    }
  }
  // with no carry-over at either end, each function's income is what it spent
  if (fiscal && ctx.nonEmpty('income') && ctx.hasCodeRows('income')) {
    const iname = ctx.tableName('income');
    const rows = new Set<string>([...ctx.rows('income').keys(), ...ctx.rows('expenditure').keys()].filter((r) => /^\d{3,9}$/.test(r)));
    for (const row of rows) {
      const i = ctx.term('income', row, 'total');
      const e = ctx.term('expenditure', row, 'total');
      if (!i || !e || (!i.fact && !e.fact)) continue;
      ctx.sum('crossFiscalRows', i, [e], (x, d) =>
        `全部收支均为当年一般公共预算财政拨款且无结转结余，但${iname} ${ctx.rowName('income', row)}收入为 ${ctx.fmt(i.value, i.table)}，${ename} 支出为 ${ctx.fmt(x, e.table)}，${d}`,
      );
    }
  }
}

export function crossRules(ctx: Ctx): void {
  links(ctx);
  subsets(ctx);
  categories(ctx);
  fiscalRows(ctx);
}
