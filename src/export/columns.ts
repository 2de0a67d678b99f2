/**
 * The value columns a table is shown with: one per canonical key (and side of a two-sided sheet). A table that
 * prints the same column group side by side (人员经费 | 公用经费 …, each 决算数 → `amount`) has its rows in one
 * column, so no value is shown twice.
 */
import type { ColumnInfo, TableRecord } from '../model/schema.js';

export interface DisplayColumn extends ColumnInfo {
  /** the printed columns this one stands for */
  printed: ColumnInfo[];
}

export function displayColumns(t: TableRecord): DisplayColumn[] {
  const out: DisplayColumn[] = [];
  for (const c of t.columns) {
    const same = out.find((o) => o.key === c.key && o.side === c.side);
    if (same) {
      same.printed.push(c);
      if (!same.label.split(' | ').includes(c.label)) same.label = `${same.label} | ${c.label}`;
    } else out.push({ ...c, printed: [c] });
  }
  return out;
}

/** The cell of a row under a column: none where the column is on the other side of a two-sided sheet. */
export function cellFor<C extends { column: string }>(key: string, cells: C[], c: ColumnInfo): C | undefined {
  if (c.side && !key.startsWith(`${c.side}:`)) return undefined;
  const k = c.key.includes('.') ? c.key.split('.').slice(1).join('.') : c.key;
  return cells.find((x) => x.column === k);
}
