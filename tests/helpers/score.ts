/**
 * The scorer of ../shared/spec/score.py, as the tests use it: recall, precision and table recall of an
 * extraction against a truth file. Re-implemented here so the self-contained suite needs no Python or ../shared;
 * where ../shared exists, a corpus test checks that both agree.
 */
import type { Extraction } from '../../src/model/schema.js';

const MONEY: Record<string, number> = { 元: 1, 万元: 10000, 亿元: 100000000 };
export const KNOWN_COLUMNS: Record<string, string[]> = {
  summary: ['amount'],
  income: ['total', 'fiscal', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'],
  expenditure: ['total', 'basic', 'project', 'remit_superior', 'operating', 'affiliated_subsidy'],
  fiscal_summary: ['amount', 'total', 'general_budget', 'gov_fund', 'state_capital'],
  general_budget: ['total', 'basic', 'project'],
  general_budget_basic: ['amount'],
  gov_fund: ['carryover_begin', 'income', 'expenditure_total', 'basic', 'project', 'carryover_end'],
  state_capital: ['carryover_begin', 'income', 'expenditure_total', 'basic', 'project', 'carryover_end'],
  three_public: ['total', 'overseas', 'vehicle_total', 'vehicle_purchase', 'vehicle_operation', 'reception'],
  disclosure_stats: ['amount'],
  performance_evaluation: ['budget_initial', 'budget_full_year', 'executed', 'execution_rate', 'score_total'],
};

export interface TruthFact { table: string; row: string; column: string; value: number; unit?: string }
export interface Truth { document?: unknown; tables: string[]; facts: TruthFact[] }

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
const key = (f: { table: string; row: string; column: string }) => `${f.table}|${norm(String(f.row))}|${f.column}`;
function base(f: { value: number; unit?: string }): [number, string] {
  const u = f.unit ?? '';
  return u in MONEY ? [f.value * MONEY[u], '元'] : [f.value, u];
}
function equal(a: [number, string], b: [number, string]): boolean {
  if (a[1] === '元' && b[1] === '元') return Math.abs(a[0] - b[0]) <= 0.5;
  if (a[1] === '元' || b[1] === '元') return false;
  return Math.abs(a[0] - b[0]) <= 0.005;
}

export interface Score { recall: number; precision: number; tableRecall: number; misses: string[]; wrong: string[] }

export function score(out: Pick<Extraction, 'tables' | 'facts'>, truth: Truth): Score {
  const t = new Map<string, [number, string]>();
  for (const f of truth.facts) t.set(key(f), base(f));
  const o = new Map<string, [number, string]>();
  for (const f of out.facts) if (!o.has(key(f))) o.set(key(f), base(f));
  const misses: string[] = [];
  let hit = 0;
  for (const [k, tv] of t) {
    const ov = o.get(k);
    if (ov && equal(ov, tv)) hit++;
    else misses.push(`${k}: truth ${tv[0]} got ${ov?.[0]}`);
  }
  const truthTables = new Set([...truth.tables, ...truth.facts.map((f) => f.table)]);
  let scored = 0;
  let good = 0;
  const wrong: string[] = [];
  for (const [k, ov] of o) {
    const [table, , column] = k.split('|');
    if (!truthTables.has(table) || !(KNOWN_COLUMNS[table] ?? []).includes(column)) continue;
    scored++;
    const tv = t.get(k);
    if (tv && equal(ov, tv)) good++;
    else wrong.push(`${k}: got ${ov[0]} truth ${tv?.[0]}`);
  }
  const outTables = new Set(out.tables.map((x) => x.kind));
  const found = [...truthTables].filter((x) => outTables.has(x)).length;
  return {
    recall: t.size ? hit / t.size : 1,
    precision: scored ? good / scored : t.size ? 0 : 1,
    tableRecall: truthTables.size ? found / truthTables.size : 1,
    misses,
    wrong,
  };
}
