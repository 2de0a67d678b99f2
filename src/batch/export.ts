/**
 * Dataset snapshots for tools that do not read SQLite: one CSV or Parquet file per dataset table, each written
 * to a temporary name and renamed, so a reader never sees half a file.
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeAtomic } from '../export/files.js';
import Database from 'better-sqlite3';
import { CSV_BOM, csvCell } from '../export/csv.js';
import { DATASET_TABLES, type ColType, type SqlDataset } from './dataset.js';
import { sqliteDb } from './sqlite.js';
import { writeFile } from 'node:fs/promises';

export const DATASET_EXPORTS = ['csv', 'parquet'] as const;
export type DatasetExport = (typeof DATASET_EXPORTS)[number];


async function writeCsv(ds: Database.Database, table: string, columns: string[], file: string): Promise<void> {
  await writeAtomic(file, async (tmp) => {
    const out = createWriteStream(tmp, 'utf8');
    // a BOM so that Excel opens the Chinese text as UTF-8
    let buf = CSV_BOM + columns.join(',') + '\n';
    for (const row of ds.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).iterate() as Iterable<Record<string, unknown>>) {
      buf += columns.map((c) => csvCell(row[c])).join(',') + '\n';
      if (buf.length > 1 << 16) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
  });
}

const PARQUET_TYPE: Record<ColType, 'INT64' | 'DOUBLE' | 'STRING'> = { int: 'INT64', real: 'DOUBLE', text: 'STRING' };

async function writeParquet(ds: Database.Database, table: string, columns: [string, ColType][], file: string): Promise<void> {
  const data: unknown[][] = columns.map(() => []);
  for (const row of ds.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).iterate() as Iterable<Record<string, unknown>>) {
    columns.forEach(([c, t], i) => {
      const v = row[c];
      data[i].push(v === null || v === undefined ? null : t === 'int' ? BigInt(v as number) : v);
    });
  }
  const buf = parquetWriteBuffer({
    columnData: columns.map(([name, t], i) => ({ name, data: data[i], type: PARQUET_TYPE[t], nullable: true })),
  });
  await writeAtomic(file, (tmp) => writeFile(tmp, new Uint8Array(buf)));
}

/** Writes DIR/<table>.<format> for every dataset table; returns the files written. */
export async function exportDataset(store: SqlDataset, dir: string, formats: DatasetExport[]): Promise<string[]> {
  const ds = sqliteDb(store);
  if (!ds) throw new Error(`--export copies a SQLite dataset; export from PostgreSQL with its own tools (COPY … TO)`);
  const written: string[] = [];
  for (const t of DATASET_TABLES) {
    for (const f of formats) {
      const file = path.join(dir, `${t.name}.${f}`);
      if (f === 'csv') await writeCsv(ds, t.name, t.columns.map(([c]) => c), file);
      else await writeParquet(ds, t.name, t.columns, file);
      written.push(file);
    }
  }
  return written;
}
