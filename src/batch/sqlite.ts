/**
 * The SQLite dataset driver (better-sqlite3, WAL): one file, read by sqlite3/duckdb, written by the threads and
 * processes of one machine. Transactions are BEGIN IMMEDIATE, so two processes' writes queue on the file lock;
 * writes of one process queue on a promise chain (better-sqlite3 has one connection).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { SqlDataset, type ColType, type Row, type SqlDriver, type SqlTx } from './dataset.js';

class SqliteDriver implements SqlDriver {
  readonly types: Record<ColType, string> = { int: 'INTEGER', real: 'REAL', text: 'TEXT' };
  readonly autoId = 'INTEGER';
  private chain: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database, readonly location: string) {}

  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const s = this.st(sql);
    return (s.reader ? s.all(...params) : (s.run(...params), [])) as T[];
  }

  async run(sql: string, params: unknown[] = []): Promise<void> {
    // DDL is not cached: a statement prepared before an ALTER TABLE would be stale
    if (/^\s*(CREATE|ALTER)\b/i.test(sql)) this.db.prepare(sql).run(...params);
    else this.st(sql).run(...params);
  }

  async insertRows(table: string, columns: string[], rows: Row[]): Promise<void> {
    if (!rows.length) return;
    const s = this.st(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    for (const r of rows) s.run(...columns.map((c) => r[c] ?? null));
  }

  transaction<T>(_keys: string[], fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    const next = this.chain.then(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const r = await fn(this);
        this.db.exec('COMMIT');
        return r;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.chain;
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}

/** The SQLite store; `db` is there for the CSV/Parquet export, which streams rows from the file. */
export type SqliteDataset = SqlDataset & { driver: SqliteDriver };

export async function openSqlite(file: string, opts: { mustExist?: boolean } = {}): Promise<SqliteDataset> {
  const abs = path.resolve(file);
  if (opts.mustExist && !existsSync(path.dirname(abs))) {
    throw new Error(`${file}: the dataset's folder ${path.dirname(abs)} does not exist (create it, or check the path)`);
  }
  mkdirSync(path.dirname(abs), { recursive: true });
  const db = new Database(abs);
  // WAL: a committed document survives the process being killed at any moment; readers never block the writer
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 60000');
  const ds = new SqlDataset(new SqliteDriver(db, abs));
  const columns = async (_tx: SqlTx, table: string) =>
    new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
  try {
    await ds.init(columns);
  } catch (err) {
    db.close();
    throw err;
  }
  return ds as SqliteDataset;
}

export function sqliteDb(ds: SqlDataset): Database.Database | undefined {
  return ds.driver instanceof SqliteDriver ? ds.driver.db : undefined;
}
