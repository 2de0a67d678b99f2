/**
 * OCR numbers checked against the table's own sums: in a table keyed by 功能/经济分类 codes a parent code is
 * the sum of its children, the 合计 row the sum of the top-level codes, and a total column the sum of its
 * parts. An equation that does not hold marks its OCR-read terms `sum_mismatch` — the values stay as read
 * (a misread digit is shown, never "corrected" from the sum).
 */
import { kindSpec } from '../domain/kinds.js';
import type { Fact } from '../model/schema.js';

/** Columns that are the sum of other columns of the same row (any part may be absent). */
const COLUMN_SUMS: { total: string; parts: string[] }[] = [
  { total: 'total', parts: ['fiscal', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'] },
  { total: 'total', parts: ['basic', 'project', 'remit_superior', 'operating', 'affiliated_subsidy'] },
  { total: 'expenditure_total', parts: ['basic', 'project'] },
];

/** Row keys of the grand total row. */
const TOTAL_ROWS = ['total', '合计'];

function addFlag(f: Fact): void {
  if (f.source !== 'ocr') return;
  const flags = new Set(f.flags ?? []);
  flags.add('sum_mismatch');
  f.flags = [...flags];
}

function check(total: Fact | undefined, parts: Fact[]): void {
  if (!total || parts.length === 0) return;
  if (![total, ...parts].some((f) => f.source === 'ocr')) return;
  const sum = parts.reduce((s, f) => s + f.value, 0);
  // values are printed rounded: each term may be off by half a unit of the last printed decimal
  const step = total.unit === '元' ? 1 : 0.01;
  const tol = step * (0.5 * (parts.length + 1)) + 1e-9;
  if (Math.abs(sum - total.value) > tol) for (const f of [total, ...parts]) addFlag(f);
}

/** Flags the OCR facts of every sum that does not hold (in place); returns how many facts were flagged. */
export function flagSums(facts: Fact[]): number {
  const before = facts.filter((f) => f.flags?.includes('sum_mismatch')).length;
  const byTable = new Map<string, Fact[]>();
  for (const f of facts) {
    if (f.unit === '%') continue;
    let list = byTable.get(f.table);
    if (!list) byTable.set(f.table, (list = []));
    list.push(f);
  }
  for (const [table, list] of byTable) {
    const spec = kindSpec(table);
    if (!spec) continue;
    const cell = new Map<string, Fact>();
    for (const f of list) cell.set(`${f.row}|${f.column}`, f);
    const rows = [...new Set(list.map((f) => f.row))];
    const columns = [...new Set(list.map((f) => f.column))];
    if (spec.rows === 'function_code' || spec.rows === 'economic_code') {
      const codes = rows.filter((r) => /^\d{3,7}$/.test(r));
      for (const col of columns) {
        // parent = Σ children (the codes one level down: 3 → 5 → 7 digits)
        for (const parent of codes) {
          const kids = codes.filter((c) => c.length === parent.length + 2 && c.startsWith(parent));
          if (kids.length) check(cell.get(`${parent}|${col}`), kids.map((k) => cell.get(`${k}|${col}`)).filter((f): f is Fact => !!f));
        }
        // 合计 = Σ top-level codes
        const top = codes.filter((c) => c.length === 3);
        const totalRow = TOTAL_ROWS.find((r) => cell.has(`${r}|${col}`));
        if (totalRow && top.length) check(cell.get(`${totalRow}|${col}`), top.map((k) => cell.get(`${k}|${col}`)).filter((f): f is Fact => !!f));
      }
    }
    for (const row of rows) {
      for (const eq of COLUMN_SUMS) {
        const total = cell.get(`${row}|${eq.total}`);
        const parts = eq.parts.map((p) => cell.get(`${row}|${p}`)).filter((f): f is Fact => !!f);
        // a blank part is zero
        if (parts.length) check(total, parts);
      }
    }
  }
  return facts.filter((f) => f.flags?.includes('sum_mismatch')).length - before;
}
