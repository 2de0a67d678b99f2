/**
 * A small durable job queue in a SQLite table (the dataset's own file by default), for scheduled jobs: a scraper
 * adds the files it downloaded (`yjsgk queue add`), a worker run by cron or a timer reads them
 * (`yjsgk queue work`) with retries and back-off, and a file that keeps failing ends as 'dead' with its reason.
 *
 * Claims are one UPDATE … RETURNING, so two workers on the same file never take the same job; a job whose
 * worker died stays 'running' until its lease runs out and is then taken again.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type JobStatus = 'pending' | 'running' | 'done' | 'dead';

export interface QueueJob {
  id: number;
  path: string;
  stem: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  /** epoch ms before which the job is not taken (back-off) */
  next_at: number;
  added_at: number;
  claimed_at: number | null;
  claimed_by: string | null;
  finished_at: number | null;
  error: string | null;
}

export interface QueueCounts {
  pending: number;
  running: number;
  done: number;
  dead: number;
}

const DDL = `CREATE TABLE IF NOT EXISTS queue (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  stem TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 3,
  next_at INTEGER NOT NULL DEFAULT 0,
  added_at INTEGER NOT NULL,
  claimed_at INTEGER,
  claimed_by TEXT,
  finished_at INTEGER,
  error TEXT
)`;

/** The output stem of a queued file: its path below the working directory ('/' → '__'), else its full path. */
export function queueStem(file: string, cwd = process.cwd()): string {
  const abs = path.resolve(file);
  const rel = path.relative(cwd, abs);
  const p = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs.replace(/^[/\\]+/, '');
  return p.replace(/\.(pdf|xlsx|xls)$/i, '').split(/[/\\]+/).join('__');
}

export class Queue {
  readonly db: Database.Database;
  private readonly own: boolean;

  constructor(db: string | Database.Database) {
    if (typeof db === 'string') {
      mkdirSync(path.dirname(path.resolve(db)), { recursive: true });
      this.db = new Database(db);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 10000');
      this.own = true;
    } else {
      this.db = db;
      this.own = false;
    }
    this.db.exec(DDL);
    this.db.exec('CREATE INDEX IF NOT EXISTS queue_ready ON queue (status, next_at)');
  }

  /**
   * Adds files (absolute paths). A file already waiting stays as it is; a file done or dead before is queued
   * again with fresh attempts (a scraper re-downloads a corrected file under the same name).
   */
  add(files: string[], opts: { maxAttempts?: number; now?: number } = {}): { added: number; requeued: number; waiting: number } {
    const now = opts.now ?? Date.now();
    const max = opts.maxAttempts ?? 3;
    const r = { added: 0, requeued: 0, waiting: 0 };
    const get = this.db.prepare('SELECT status FROM queue WHERE path = ?');
    const ins = this.db.prepare('INSERT INTO queue (path, stem, status, attempts, max_attempts, next_at, added_at) VALUES (?, ?, ?, 0, ?, ?, ?)');
    const again = this.db.prepare(
      "UPDATE queue SET status = 'pending', attempts = 0, max_attempts = ?, next_at = ?, added_at = ?, claimed_at = NULL, claimed_by = NULL, finished_at = NULL, error = NULL WHERE path = ?",
    );
    this.db.transaction(() => {
      for (const f of files) {
        const abs = path.resolve(f);
        const row = get.get(abs) as { status: JobStatus } | undefined;
        if (!row) {
          ins.run(abs, queueStem(abs), 'pending', max, now, now);
          r.added++;
        } else if (row.status === 'done' || row.status === 'dead') {
          again.run(max, now, now, abs);
          r.requeued++;
        } else r.waiting++;
      }
    })();
    return r;
  }

  /** Takes up to n ready jobs for `worker`: pending ones whose back-off is over, and running ones whose lease ran out. */
  claim(n: number, worker: string, opts: { now?: number; leaseMs?: number } = {}): QueueJob[] {
    const now = opts.now ?? Date.now();
    const lease = opts.leaseMs ?? 60 * 60 * 1000;
    return this.db
      .prepare(
        `UPDATE queue SET status = 'running', claimed_at = @now, claimed_by = @worker
         WHERE id IN (SELECT id FROM queue
                      WHERE (status = 'pending' AND next_at <= @now) OR (status = 'running' AND claimed_at < @stale)
                      ORDER BY next_at, id LIMIT @n)
         RETURNING *`,
      )
      .all({ now, worker, n, stale: now - lease }) as QueueJob[];
  }

  complete(id: number, opts: { now?: number } = {}): void {
    this.db.prepare("UPDATE queue SET status = 'done', attempts = attempts + 1, finished_at = ?, error = NULL WHERE id = ?").run(opts.now ?? Date.now(), id);
  }

  /** A failed attempt: back to 'pending' after a back-off that doubles each time, or 'dead' after the last attempt. */
  fail(id: number, error: string, opts: { now?: number; backoffMs?: number } = {}): JobStatus {
    const now = opts.now ?? Date.now();
    const backoff = opts.backoffMs ?? 60_000;
    const job = this.db.prepare('SELECT attempts, max_attempts FROM queue WHERE id = ?').get(id) as { attempts: number; max_attempts: number } | undefined;
    if (!job) return 'dead';
    const attempts = job.attempts + 1;
    const status: JobStatus = attempts >= job.max_attempts ? 'dead' : 'pending';
    this.db
      .prepare('UPDATE queue SET status = ?, attempts = ?, next_at = ?, finished_at = ?, error = ?, claimed_at = NULL, claimed_by = NULL WHERE id = ?')
      .run(status, attempts, now + backoff * 2 ** (attempts - 1), status === 'dead' ? now : null, error, id);
    return status;
  }

  /** Puts claimed jobs back without counting an attempt (the worker was stopped). */
  release(ids: number[]): void {
    const st = this.db.prepare("UPDATE queue SET status = 'pending', claimed_at = NULL, claimed_by = NULL WHERE id = ? AND status = 'running'");
    this.db.transaction(() => ids.forEach((id) => st.run(id)))();
  }

  counts(): QueueCounts {
    const c: QueueCounts = { pending: 0, running: 0, done: 0, dead: 0 };
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM queue GROUP BY status').all() as { status: JobStatus; n: number }[]) c[r.status] = r.n;
    return c;
  }

  jobs(status?: JobStatus): QueueJob[] {
    return (status
      ? this.db.prepare('SELECT * FROM queue WHERE status = ? ORDER BY id').all(status)
      : this.db.prepare('SELECT * FROM queue ORDER BY id').all()) as QueueJob[];
  }

  close(): void {
    if (this.own && this.db.open) this.db.close();
  }
}
