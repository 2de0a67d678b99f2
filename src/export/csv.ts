/**
 * The one CSV shape of facts: the per-document `<stem>.facts.csv` and the dataset's `facts` table (and its
 * dataset/facts.csv) have the same columns, in this order, and every CSV file starts with a BOM so that Excel
 * on a Chinese Windows opens it as UTF-8.
 */
import type { Extraction, Fact } from '../model/schema.js';

const MONEY: Record<string, number> = { 元: 1, 万元: 1e4, 亿元: 1e8 };

/** Columns of a fact row (the dataset adds its doc_id in front). */
export const FACT_COLUMNS = [
  'department', 'year', 'doc_kind', 'table_kind', 'row_key', 'column_key', 'value', 'unit', 'value_yuan', 'page',
  'printed', 'row_label', 'column_label', 'source', 'confidence', 'flags',
] as const;

export type FactRow = Record<(typeof FACT_COLUMNS)[number], string | number | null>;

export const CSV_BOM = '\ufeff';

export function factRow(doc: Extraction, f: Fact): FactRow {
  const d = doc.document;
  return {
    department: d.department, year: d.year, doc_kind: d.kind, table_kind: f.table, row_key: f.row, column_key: f.column,
    value: f.value, unit: f.unit, value_yuan: f.unit in MONEY ? Math.round(f.value * MONEY[f.unit] * 100) / 100 : null,
    page: f.page ?? null, printed: f.printed ?? null, row_label: f.rowLabel ?? null, column_label: f.columnLabel ?? null,
    source: f.source ?? null, confidence: f.confidence ?? null, flags: f.flags?.length ? f.flags.join(',') : null,
  };
}

export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Long ("tidy") facts of one document: one line per fact, with the keys a researcher joins on. */
export function factsCsv(doc: Extraction): string {
  const lines = doc.facts.map((f) => {
    const r = factRow(doc, f);
    return FACT_COLUMNS.map((c) => csvCell(r[c])).join(',');
  });
  return CSV_BOM + [FACT_COLUMNS.join(','), ...lines].join('\n') + '\n';
}
