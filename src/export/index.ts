/**
 * Exporters: JSON (the facts contract plus the full typed document), XLSX, and long-format CSV of the facts.
 */
import path from 'node:path';
import type { Extraction, Fact } from '../model/schema.js';
import { writeAtomic, writeTextAtomic } from './files.js';
import { writeXlsx } from './xlsx.js';

export const FORMATS = ['json', 'xlsx', 'csv'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export function toJson(doc: Extraction): string {
  return JSON.stringify(doc, null, 1) + '\n';
}

const CSV_COLUMNS = ['department', 'year', 'doc_kind', 'table', 'row', 'column', 'value', 'unit', 'page', 'row_label', 'column_label', 'source'] as const;

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Long ("tidy") facts: one line per fact, with the document keys a researcher joins on. */
export function factsCsv(doc: Extraction): string {
  const d = doc.document;
  const line = (f: Fact) =>
    [d.department, d.year, d.kind, f.table, f.row, f.column, f.value, f.unit, f.page, f.rowLabel, f.columnLabel, f.source]
      .map(csvCell)
      .join(',');
  return [CSV_COLUMNS.join(','), ...doc.facts.map(line)].join('\n') + '\n';
}

/** Writes the chosen formats as DIR/<stem>.<ext>; returns the files written. */
export async function writeOutputs(doc: Extraction, outDir: string, stem: string, formats: ExportFormat[]): Promise<string[]> {
  const written: string[] = [];
  for (const f of formats) {
    const file = path.join(outDir, `${stem}.${f === 'csv' ? 'facts.csv' : f}`);
    if (f === 'json') await writeTextAtomic(file, toJson(doc));
    else if (f === 'csv') await writeTextAtomic(file, factsCsv(doc));
    else await writeAtomic(file, (tmp) => writeXlsx(doc, tmp));
    written.push(file);
  }
  return written;
}
