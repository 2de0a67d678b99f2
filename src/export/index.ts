/**
 * Exporters: JSON (the facts contract plus the full typed document), XLSX, and long-format CSV of the facts.
 */
import path from 'node:path';
import type { Extraction } from '../model/schema.js';
import { factsCsv } from './csv.js';

export { factsCsv, FACT_COLUMNS } from './csv.js';
import { writeAtomic, writeTextAtomic } from './files.js';
import { writeXlsx } from './xlsx.js';
import { reviewPage } from './html/index.js';

export const FORMATS = ['json', 'xlsx', 'csv', 'html'] as const;
export type ExportFormat = (typeof FORMATS)[number];

/** The document as JSON; the time it took (`pipeline.ms`) is left out, so the same input gives the same file. */
export function toJson(doc: Extraction): string {
  const { ms: _ms, ...pipeline } = doc.pipeline;
  return JSON.stringify({ ...doc, pipeline }, null, 1) + '\n';
}

export interface OutputOptions {
  /** the input the document was read from (its path or bytes): the html review page renders its pages */
  input?: string | Uint8Array;
}

/** Writes the chosen formats as DIR/<stem>.<ext>; returns the files written. */
export async function writeOutputs(doc: Extraction, outDir: string, stem: string, formats: ExportFormat[], opts: OutputOptions = {}): Promise<string[]> {
  const written: string[] = [];
  for (const f of formats) {
    const file = path.join(outDir, `${stem}.${f === 'csv' ? 'facts.csv' : f}`);
    if (f === 'json') await writeTextAtomic(file, toJson(doc));
    else if (f === 'csv') await writeTextAtomic(file, factsCsv(doc));
    else if (f === 'html') await writeTextAtomic(file, await reviewPage(doc, opts.input));
    else await writeAtomic(file, (tmp) => writeXlsx(doc, tmp));
    written.push(file);
  }
  return written;
}
