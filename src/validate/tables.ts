/**
 * Rules within one table: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 (功能分类 3/5/7, 经济分类 3/5 digits); total columns =
 * Σ their component columns; the two-sided summaries balance; 人员经费/公用经费 of the basic-expenditure table;
 * 结转 arithmetic of the fund tables; the sums of the statistics table.
 */
import {
  BUDGET_WORD, CLASS_NAMES, COLUMN_SUMS, PERSONNEL_CLASSES, PUBLIC_CLASSES, STATS_SUMS, SUMMARY_ROWS,
} from '../domain/checks.js';
import { kindSpec } from '../domain/kinds.js';
import type { Fact } from '../model/schema.js';
import type { Ctx, Term } from './context.js';

const ADDITIVE = (f: Fact) => f.unit !== '%';

/** The nearest printed ancestor of each code (a proper prefix), by code. */
function parents(codes: string[]): Map<string, string | null> {
  const set = new Set(codes);
  const out = new Map<string, string | null>();
  for (const c of codes) {
    let p: string | null = null;
    for (let len = c.length - 1; len >= 3; len--) {
      if (set.has(c.slice(0, len))) {
        p = c.slice(0, len);
        break;
      }
    }
    out.set(c, p);
  }
  return out;
}

function levelWord(parent: string, child: string): string {
  if (parent.length === 3) return child.length === 5 ? '各款' : '各项';
  return '各项';
}

/** 合计 = Σ top-level codes; each code = Σ its children; in every column of a code-keyed table. */
function hierarchy(ctx: Ctx, kind: string): void {
  const rows = ctx.rows(kind);
  const set = new Set([...rows.keys()].filter((k) => /^\d{3,9}$/.test(k)));
  for (const t of ctx.doc.tables) if (t.kind === kind) for (const r of t.rows) if (/^\d{3,9}$/.test(r.key)) set.add(r.key);
  const codes = [...set];
  if (!codes.length) return;
  const parent = parents(codes);
  const children = new Map<string | null, string[]>();
  for (const c of codes) {
    const p = parent.get(c) ?? null;
    const list = children.get(p);
    if (list) list.push(c);
    else children.set(p, [c]);
  }
  const columns = new Set<string>();
  for (const cols of rows.values()) for (const [k, f] of cols) if (ADDITIVE(f)) columns.add(k);
  const tname = ctx.tableName(kind);
  for (const [p, kids] of children) {
    const totalRow = p ?? 'total';
    if (p === null && !rows.has('total')) continue;
    for (const col of columns) {
      const total = ctx.term(kind, totalRow, col);
      if (!total) continue;
      const parts = kids.map((k) => ctx.term(kind, k, col)!).filter(Boolean);
      if (!total.fact && parts.every((x) => !x.fact)) continue;
      if (total.fact && !ADDITIVE(total.fact)) continue;
      const rule = p === null ? 'sumTotal' : 'sumChildren';
      ctx.sum(rule, total, parts, (exp, d) =>
        p === null
          ? `${tname} 合计行「${ctx.colName(kind, col)}」印为 ${ctx.fmt(total.value, kind)}，各类之和为 ${ctx.fmt(exp, kind)}，${d}`
          : `${tname} ${ctx.rowName(kind, p)}「${ctx.colName(kind, col)}」印为 ${ctx.fmt(total.value, kind)}，其下${levelWord(p, kids[0])}之和为 ${ctx.fmt(exp, kind)}，${d}`,
      );
    }
  }
}

/**
 * Picks the part columns of a column identity that the table has (a group stands in for an absent part). With a
 * row: also where that row leaves the part blank and prints its group (a 三公 table printing 公务用车购置费 and
 * 运行维护费 under a blank 小计: the 总额 is checked against the items the row prints).
 */
function partColumns(ctx: Ctx, kind: string, parts: (string | string[])[], row?: string): string[] {
  const blankOver = (sub: string, group: string[]) =>
    row !== undefined && !ctx.fact(kind, row, sub) && group.some((c) => ctx.fact(kind, row, c));
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (Array.isArray(p)) {
      const prev = parts[i - 1];
      if (typeof prev === 'string' && ctx.hasColumn(kind, prev) && !blankOver(prev, p)) continue;
      out.push(...p.filter((c) => ctx.hasColumn(kind, c)));
    } else if (ctx.hasColumn(kind, p)) {
      const group = parts[i + 1];
      if (Array.isArray(group) && blankOver(p, group)) continue;
      out.push(p);
    }
  }
  return out;
}

function columnSums(ctx: Ctx, kind: string): void {
  const base = ctx.baseKind(kind);
  const tname = ctx.tableName(kind);
  for (const cs of COLUMN_SUMS) {
    if (!cs.kinds.includes(base)) continue;
    if (!ctx.hasColumn(kind, cs.total)) continue;
    if (cs.total === 'total' && ctx.hasUnnamedNumbers(kind)) continue;
    const parts = partColumns(ctx, kind, cs.parts);
    // the identity holds where the table prints at least one part column with numbers (blank parts count 0)
    if (!parts.some((c) => ctx.hasFactColumn(kind, c))) continue;
    for (const [row, cols] of ctx.rows(kind)) {
      const tf = cols.get(cs.total);
      if (!tf || !ADDITIVE(tf)) continue;
      const total = ctx.term(kind, row, cs.total)!;
      const rowParts = partColumns(ctx, kind, cs.parts, row);
      const terms = rowParts.map((c) => ctx.term(kind, row, c)!);
      ctx.sum('sumColumns', total, terms, (exp, d) =>
        `${tname} ${ctx.rowName(kind, row)}：「${ctx.colName(kind, cs.total)}」印为 ${ctx.fmt(total.value, kind)}，` +
        `${rowParts.map((c) => `「${ctx.colName(kind, c)}」`).join('+')} = ${ctx.fmt(exp, kind)}，${d}`,
      );
    }
  }
}

interface SideRow {
  key: string;
  name: string;
}

const CLASS_NAME_SET = new Set(Object.values(CLASS_NAMES));

/** Names of 功能分类 类 in this document (from its code tables' 3-digit rows) and the standard ones. */
export function classNames(ctx: Ctx): Map<string, string> {
  const out = new Map<string, string>();
  for (const [code, name] of Object.entries(CLASS_NAMES)) out.set(name, code);
  for (const kind of ['expenditure', 'general_budget', 'income', 'gov_fund', 'state_capital']) {
    for (const [row] of ctx.rowLabelsOf(kind)) {
      if (!/^\d{3}$/.test(row)) continue;
      const l = ctx.label(kind, row);
      if (l && !out.has(l)) out.set(l, row);
    }
  }
  return out;
}

/** Two-sided summaries: 本年合计 = Σ items, 总计 = 本年合计 + below-the-line rows, 收入总计 = 支出总计. */
function twoSided(ctx: Ctx, kind: string): void {
  const rows = ctx.rows(kind);
  const t = ctx.table(kind);
  const keys = new Set<string>([...rows.keys(), ...(t?.rows.map((r) => r.key) ?? [])]);
  const side = (s: 'income' | 'expenditure'): SideRow[] =>
    [...keys].filter((k) => k.startsWith(`${s}:`)).map((k) => ({ key: k, name: k.slice(s.length + 1) }));
  const income = side('income');
  const expenditure = side('expenditure');
  const columnsOf = (rs: SideRow[]) => {
    const cs = new Set<string>();
    for (const r of rs) for (const [c, f] of rows.get(r.key) ?? []) if (ADDITIVE(f)) cs.add(c);
    return cs;
  };
  const classes = classNames(ctx);
  const tname = ctx.tableName(kind);
  const valued = (rs: SideRow[], col: string) => rs.filter((r) => rows.get(r.key)?.get(col));

  const check = (rule: 'sumRows' | 'sumBalance', total: SideRow | undefined, parts: SideRow[], all: SideRow[], col: string, what: string) => {
    if (!total) return;
    const tt = ctx.term(kind, total.key, col, false);
    if (!tt) return;
    // every row with a number on this side must be classified, else a mismatch may be a row we do not know
    const known = new Set(parts.map((p) => p.key));
    const terms = parts.map((p) => ctx.term(kind, p.key, col)!).filter(Boolean);
    const exp = terms.reduce((s, x) => s + x.value, 0);
    if (Math.abs(exp - tt.value) > 1e-6 && valued(all, col).some((r) => !known.has(r.key))) return;
    ctx.sum(rule, tt, terms, (e, d) => `${tname} ${ctx.rowName(kind, total.key)}${col === 'amount' ? '' : `「${ctx.colName(kind, col)}」`}印为 ${ctx.fmt(tt.value, kind)}，${what} = ${ctx.fmt(e, kind)}，${d}`);
  };

  const yearOf = (rs: SideRow[], res: RegExp[]) => {
    for (const re of res) {
      const hit = rs.find((r) => re.test(r.name));
      if (hit) return hit;
    }
    return undefined;
  };
  const totalOf = (rs: SideRow[], year: SideRow | undefined) =>
    rs.find((r) => SUMMARY_ROWS.total.test(r.name)) ?? (year ? rs.find((r) => r !== year && SUMMARY_ROWS.totalWhenYear.test(r.name)) : undefined);
  // income side
  for (const col of columnsOf(income)) {
    const year = yearOf(income, SUMMARY_ROWS.incomeYear);
    const total = totalOf(income, year);
    const flat = income.filter((r) => !r.name.includes('/'));
    let items = flat.filter((r) => SUMMARY_ROWS.incomeItems.some((re) => re.test(r.name)));
    const agg = flat.find((r) => SUMMARY_ROWS.incomeFiscalAggregate.test(r.name));
    if (agg && !items.some((r) => BUDGET_WORD.test(r.name) && rows.get(r.key)?.get(col))) items = [agg, ...items];
    const below = flat.filter((r) => SUMMARY_ROWS.incomeBelow.test(r.name));
    const otherRows = (exclude: SideRow[]) => flat.filter((r) => !exclude.includes(r));
    if (year) check('sumRows', year, items, otherRows([year, ...(total ? [total] : []), ...below, ...(agg ? [agg] : [])]), col, '各收入项目之和');
    // 财政拨款 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算 where the sheet prints both
    const funds = items.filter((r) => r !== agg && BUDGET_WORD.test(r.name));
    if (agg && funds.some((r) => rows.get(r.key)?.get(col))) check('sumRows', agg, funds, funds, col, '各类财政拨款之和');
    if (year && total) check('sumBalance', total, [year, ...below], otherRows([total, ...items, ...(agg ? [agg] : [])]), col, '本年收入合计与结转结余等之和');
    // fiscal_summary: parent rows over their fund children
    for (const p of income) {
      const kids = income.filter((r) => r.name.startsWith(`${p.name}/`));
      if (kids.length) check('sumRows', p, kids, kids, col, '其下各项之和');
    }
  }
  // expenditure side
  for (const col of columnsOf(expenditure)) {
    const year = yearOf(expenditure, SUMMARY_ROWS.expenditureYear);
    const total = totalOf(expenditure, year);
    const flat = expenditure.filter((r) => !r.name.includes('/'));
    const cls = flat.filter((r) => classes.has(r.name) || CLASS_NAME_SET.has(r.name));
    const nature = flat.filter((r) => SUMMARY_ROWS.expenditureNatureItems.some((re) => re.test(r.name)));
    const below = flat.filter((r) => SUMMARY_ROWS.expenditureBelow.test(r.name));
    const others = (exclude: SideRow[]) => flat.filter((r) => !exclude.includes(r));
    const fixed = [...(year ? [year] : []), ...(total ? [total] : []), ...below];
    if (year && cls.length) check('sumRows', year, cls, others([...fixed, ...nature]), col, '各类支出之和');
    if (year && nature.some((r) => rows.get(r.key)?.get(col))) check('sumRows', year, nature, others([...fixed, ...cls]), col, '基本支出、项目支出等之和');
    if (year && total) check('sumBalance', total, [year, ...below], others([total, ...cls, ...nature]), col, '本年支出合计与结转结余等之和');
    for (const p of expenditure) {
      const kids = expenditure.filter((r) => r.name.startsWith(`${p.name}/`));
      if (kids.length) check('sumRows', p, kids, kids, col, '其下各项之和');
    }
  }
  // 收入总计 = 支出总计
  const it = totalOf(income, yearOf(income, SUMMARY_ROWS.incomeYear));
  const et = totalOf(expenditure, yearOf(expenditure, SUMMARY_ROWS.expenditureYear));
  if (it && et) {
    const icol = [...columnsOf([it])][0];
    const ecol = ctx.fact(kind, et.key, 'total') ? 'total' : ctx.fact(kind, et.key, 'amount') ? 'amount' : [...columnsOf([et])][0];
    if (icol && ecol) {
      const a = ctx.term(kind, it.key, icol, false);
      const b = ctx.term(kind, et.key, ecol, false);
      if (a && b) ctx.sum('sumBalance', a, [b], (e, d) => `${tname} 收入总计 ${ctx.fmt(a.value, kind)} 与支出总计 ${ctx.fmt(e, kind)} 不等，${d}`);
    }
  }
}

/** general_budget_basic: 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 310 (+ the other 公用 classes printed). */
function basicTotals(ctx: Ctx, kind: string): void {
  const tname = ctx.tableName(kind);
  const col = ctx.fact(kind, 'personnel_total', 'amount') || ctx.fact(kind, 'public_total', 'amount') ? 'amount' : null;
  if (!col) return;
  const pairs: ['basicPersonnel' | 'basicPublic', string, string[], string][] = [
    ['basicPersonnel', 'personnel_total', PERSONNEL_CLASSES, '工资福利支出 + 对个人和家庭的补助'],
    ['basicPublic', 'public_total', PUBLIC_CLASSES, '商品和服务支出、资本性支出等'],
  ];
  for (const [rule, row, classes, words] of pairs) {
    const total = ctx.term(kind, row, col, false);
    if (!total) continue;
    const present = classes.filter((c) => ctx.hasRow(kind, c));
    if (!present.length) continue;
    const parts = present.map((c) => ctx.term(kind, c, col)!);
    const printed = present.filter((c) => ctx.fact(kind, c, col));
    ctx.sum(rule, total, parts, (e, d) => `${tname} ${ctx.rowName(kind, row)}印为 ${ctx.fmt(total.value, kind)}，${words}(${printed.join('+') || '均为空'}) = ${ctx.fmt(e, kind)}，${d}`);
  }
}

/** gov_fund / state_capital: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余, row by row. */
function fundBalance(ctx: Ctx, kind: string): void {
  const tname = ctx.tableName(kind);
  for (const [row, cols] of ctx.rows(kind)) {
    const end = cols.get('carryover_end');
    const begin = cols.get('carryover_begin');
    const inc = cols.get('income');
    const exp = cols.get('expenditure_total');
    if ([end, begin, inc, exp].filter(Boolean).length < 2) continue;
    const tEnd = ctx.term(kind, row, 'carryover_end')!;
    const tBegin = ctx.term(kind, row, 'carryover_begin')!;
    const tInc = ctx.term(kind, row, 'income')!;
    const tExp = ctx.term(kind, row, 'expenditure_total')!;
    const negExp: Term = { ...tExp, value: -tExp.value };
    ctx.sum('fundBalance', tEnd, [tBegin, tInc, negExp], (e, d) =>
      `${tname} ${ctx.rowName(kind, row)}：年末结转和结余印为 ${ctx.fmt(tEnd.value, kind)}，年初 ${ctx.fmt(tBegin.value, kind)} + 本年收入 ${ctx.fmt(tInc.value, kind)} − 本年支出 ${ctx.fmt(tExp.value, kind)} = ${ctx.fmt(e, kind)}，${d}`,
    );
  }
}

function statsSums(ctx: Ctx, kind: string): void {
  const tname = ctx.tableName(kind);
  for (const s of STATS_SUMS) {
    const total = ctx.term(kind, s.total, 'amount', false);
    if (!total) continue;
    const present = s.parts.filter((p) => ctx.hasRow(kind, p) || ctx.fact(kind, p, 'amount'));
    if (!present.length) continue;
    const parts = present.map((p) => ctx.term(kind, p, 'amount')!);
    ctx.sum('sumRows', total, parts, (e, d) => `${tname} ${ctx.rowName(kind, s.total)}印为 ${ctx.fmt(total.value, kind)}，各分项之和为 ${ctx.fmt(e, kind)}，${d}`);
  }
}

export function tableRules(ctx: Ctx): void {
  const kinds = new Set<string>([...ctx.doc.tables.map((t) => t.kind), ...ctx.doc.facts.map((f) => f.table)]);
  for (const kind of kinds) {
    const spec = kindSpec(kind);
    if (!spec) continue;
    const base = ctx.baseKind(kind);
    if (spec.rows === 'function_code' || spec.rows === 'economic_code') hierarchy(ctx, kind);
    if (spec.rows === 'two_sided') twoSided(ctx, kind);
    columnSums(ctx, kind);
    if (base === 'general_budget_basic') basicTotals(ctx, kind);
    if (base === 'gov_fund' || base === 'state_capital') fundBalance(ctx, kind);
    if (base === 'disclosure_stats') statsSums(ctx, kind);
  }
}
