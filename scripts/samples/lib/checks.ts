/**
 * The seed's own arithmetic, checked on the facts that go into the truth. The truth keeps every
 * number as printed; what does not add up is explained in its notes.
 */

export interface Fact {
  table: string;
  row: string;
  column: string;
  value: number;
  unit: string;
  printed: string;
  page?: number;
}

import { parseValue } from './text.js';
import type { SeedForm } from './types.js';

const CODED = ['income', 'expenditure', 'general_budget', 'gov_fund', 'state_capital'];
const TITLES: Record<string, string> = {
  income: '收入决算表(公开02表)',
  expenditure: '支出决算表(公开03表)',
  general_budget: '一般公共预算财政拨款支出决算表(公开05表)',
  general_budget_basic: '一般公共预算财政拨款基本支出决算明细表(公开06表)',
};

const fmt = (v: number): string => v.toFixed(2);
const close = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;

export function arithmeticNotes(facts: Fact[]): string[] {
  const notes: string[] = [];
  const get = (table: string, row: string, column: string): number | undefined =>
    facts.find((f) => f.table === table && f.row === row && f.column === column)?.value;

  for (const table of CODED) {
    const mine = facts.filter((f) => f.table === table);
    const columns = [...new Set(mine.map((f) => f.column))];
    const codes = [...new Set(mine.map((f) => f.row).filter((r) => /^\d+$/u.test(r)))];
    for (const parent of codes.filter((c) => c.length === 3 || c.length === 5)) {
      const children = codes.filter((c) => c.length === parent.length + 2 && c.startsWith(parent));
      if (children.length === 0) continue;
      for (const col of columns) {
        const p = get(table, parent, col);
        const sum = children.reduce((a, ch) => a + (get(table, ch, col) ?? 0), 0);
        if (p !== undefined && !close(p, sum)) {
          notes.push(`${TITLES[table]} row ${parent} column ${col} printed ${fmt(p)}, but its children sum to ${fmt(sum)}`);
        }
      }
    }
    for (const col of columns) {
      const total = get(table, 'total', col);
      const sum = codes.filter((c) => c.length === 3).reduce((a, c) => a + (get(table, c, col) ?? 0), 0);
      if (total !== undefined && !close(total, sum)) {
        notes.push(`${TITLES[table]} 合计 column ${col} printed ${fmt(total)}, but the 类 rows sum to ${fmt(sum)}`);
      }
    }
    if (table === 'expenditure' || table === 'general_budget') {
      for (const row of ['total', ...codes]) {
        const t = get(table, row, 'total');
        const parts = (get(table, row, 'basic') ?? 0) + (get(table, row, 'project') ?? 0);
        if (t !== undefined && !close(t, parts)) {
          notes.push(`${TITLES[table]} row ${row}: total printed ${fmt(t)}, but basic + project = ${fmt(parts)}`);
        }
      }
    }
  }

  // the same function code printed with different amounts in different tables
  const byCode = new Map<string, Fact[]>();
  for (const f of facts) {
    if (!CODED.includes(f.table) || f.column !== 'total') continue;
    byCode.set(f.row, [...(byCode.get(f.row) ?? []), f]);
  }
  for (const [code, list] of byCode) {
    const values = [...new Set(list.map((f) => f.printed))];
    if (values.length > 1) {
      notes.push(
        `row ${code} total is printed differently across tables: ${list.map((f) => `${TITLES[f.table]} ${f.printed}`).join('; ')} (each kept as printed)`,
      );
    }
  }

  // 公开06: 类 vs 款 and the two 合计 rows
  const basic = facts.filter((f) => f.table === 'general_budget_basic');
  const bget = (row: string): number | undefined => basic.find((f) => f.row === row)?.value;
  const classes = basic.map((f) => f.row).filter((r) => /^\d{3}$/u.test(r));
  for (const cls of classes) {
    const kids = basic.filter((f) => f.row.length === 5 && f.row.startsWith(cls));
    const sum = kids.reduce((a, f) => a + f.value, 0);
    const v = bget(cls)!;
    if (kids.length && !close(v, sum)) notes.push(`${TITLES.general_budget_basic} ${cls} printed ${fmt(v)}, but its 款 items sum to ${fmt(sum)}`);
  }
  const personnel = ['301', '303'].reduce((a, r) => a + (bget(r) ?? 0), 0);
  const pt = bget('personnel_total');
  if (pt !== undefined && !close(pt, personnel)) notes.push(`${TITLES.general_budget_basic} 人员经费合计 printed ${fmt(pt)}, but 301 + 303 = ${fmt(personnel)}`);
  const publicSum = classes.filter((r) => !['301', '303'].includes(r)).reduce((a, r) => a + (bget(r) ?? 0), 0);
  const pub = bget('public_total');
  if (pub !== undefined && !close(pub, publicSum)) {
    notes.push(`${TITLES.general_budget_basic} 公用经费合计 printed ${fmt(pub)}, but the printed 公用经费 类 rows sum to ${fmt(publicSum)}`);
  }
  return notes;
}

/** Form-level checks: 总分 against the printed 得分, 得分 against 分值, 资金得分 against 执行率 × 分值. */
export function formNotes(forms: SeedForm[]): string[] {
  const notes: string[] = [];
  const n = (s: string | undefined): number | null => (s === undefined ? null : parseValue(s));
  const r2 = (v: number): number => Math.round(v * 100) / 100;
  for (const f of forms) {
    const scores = f.indicators.map((r) => n(r.score) ?? 0);
    const indicatorSum = r2(scores.reduce((a, v) => a + v, 0));
    const total = n(f.total?.score);
    const fundsScore = n(f.funds[0]?.score);
    if (total !== null) {
      // layout (a): 总分 = 资金得分 + indicators; layout (b): the indicators alone carry the 100 分
      const expected = f.layout === 'a' ? r2((fundsScore ?? 0) + indicatorSum) : indicatorSum;
      if (!close(expected, total)) {
        const how = f.layout === 'a' ? `资金得分 ${fundsScore ?? 0} + indicator 得分 ${indicatorSum} = ${expected}` : `the indicator 得分 sum to ${indicatorSum}`;
        notes.push(`附件 ${f.project}: 总分 得分 printed ${total}, but ${how} (kept as printed)`);
      }
    }
    const budget = n(f.layout === 'a' ? f.funds[0]?.budget : f.funds[0]?.initial);
    const fullYear = n(f.funds[0]?.fullYear);
    const executed = n(f.funds[0]?.executed);
    if (budget && fullYear === 0 && executed === 0) {
      notes.push(`附件 ${f.project}: 全年预算数 and 全年执行数 printed 0 (年初预算 ${budget}), 执行率 ${f.funds[0].rate || 'blank'} (kept as printed)`);
    }
    for (const r of f.indicators) {
      const pts = n(r.points);
      const sc = n(r.score);
      if (pts !== null && sc !== null && sc > pts) notes.push(`附件 ${f.project}: indicator "${r.level3}" 得分 ${sc} exceeds its 分值 ${pts} (kept as printed)`);
    }
    if (f.layout === 'b') {
      const rate = n(f.funds[0]?.rate);
      const pts = n(f.funds[0]?.points);
      if (rate !== null && pts !== null && fundsScore !== null) {
        const expected = (rate * pts) / 100;
        if (Math.abs(Math.round(expected * 10) / 10 - fundsScore) > 1e-9) {
          notes.push(`附件 ${f.project}: 资金 得分 printed ${fundsScore}, but 执行率 ${f.funds[0].rate} × ${pts} 分 = ${Math.round(expected * 1000) / 1000} (kept as printed)`);
        }
      }
    }
  }
  return notes;
}
