/**
 * The job queue for scheduled runs, on BullMQ over Redis: a scraper adds the files it downloaded (`yjsgk queue
 * add`), workers on any number of machines read them (`yjsgk queue work`), `queue status` counts them, and `queue
 * schedule` makes a repeatable job that re-scans a folder for new files.
 *
 * A job is a file's content (its sha256 and the pipeline version): a file queued twice, or copied under another
 * name, is one job whose data lists every path (the first holds the document, the others are recorded as its
 * aliases). Failed attempts are retried with exponential back-off; a file that cannot be read (not a PDF,
 * truncated, encrypted) fails at once with its reason. A worker that dies holding a job loses its lock, and
 * another worker takes the job again.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { VERSION } from '../version.js';
import { hashFile, type BatchInput } from '../batch/inputs.js';

export const FILE_QUEUE = 'yjsgk-files';
export const SCAN_QUEUE = 'yjsgk-scan';

export interface FileJobData {
  sha256: string;
  size: number;
  /** every path queued with these bytes; the first is read */
  paths: string[];
  /** output stem for each path */
  stems: string[];
}

export interface ScanJobData {
  dirs: string[];
}

export interface AddOptions {
  /** attempts before a file is moved to failed (default 3) */
  attempts?: number;
  /** first retry delay in ms, doubling each time (default 60 s) */
  backoffMs?: number;
  /** queue again the files whose job failed before */
  retryFailed?: boolean;
}

export interface AddResult {
  /** new jobs */
  added: number;
  /** files with the same bytes as another file of this call or of a queued job: one job, the path recorded with it */
  copies: number;
  /** files whose job is already waiting, running or done */
  already: number;
  /** files whose job failed before, listed with the reason; queued again only with retryFailed */
  knownFailures: { path: string; reason: string }[];
  retried: number;
  unreadable: { path: string; reason: string }[];
}

/** The job of a content: BullMQ ids may not contain ':' */
export function jobIdOf(sha256: string): string {
  return `${sha256}-v${VERSION}`;
}

/** The output stem of a queued file: its path below the working directory ('/' → '__'), else its full path. */
export function queueStem(file: string, cwd = process.cwd()): string {
  const abs = path.resolve(file);
  const rel = path.relative(cwd, abs);
  const p = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs.replace(/^[/\\]+/, '');
  return p.replace(/\.(pdf|xlsx|xls)$/i, '').split(/[/\\]+/).join('__');
}

export function fileQueue(connection: Redis): Queue<FileJobData> {
  return new Queue<FileJobData>(FILE_QUEUE, { connection });
}

export function scanQueue(connection: Redis): Queue<ScanJobData> {
  return new Queue<ScanJobData>(SCAN_QUEUE, { connection });
}

function jobOptions(o: AddOptions): JobsOptions {
  return {
    attempts: o.attempts ?? 3,
    backoff: { type: 'exponential', delay: o.backoffMs ?? 60_000 },
    // finished jobs stay (a week, at most 100 000) so a file queued again is known as done or failed
    removeOnComplete: { age: 7 * 86400, count: 100_000 },
    removeOnFail: { age: 30 * 86400, count: 100_000 },
  };
}

/** Queues the files: one job per content, skipping those already waiting, running or done. */
export async function addFiles(queue: Queue<FileJobData>, inputs: BatchInput[], o: AddOptions = {}): Promise<AddResult> {
  const r: AddResult = { added: 0, copies: 0, already: 0, knownFailures: [], retried: 0, unreadable: [] };
  const byHash = new Map<string, FileJobData>();
  for (const inp of inputs) {
    let h: { sha256: string; size: number };
    try {
      h = await hashFile(inp.path);
    } catch (err) {
      r.unreadable.push({ path: inp.path, reason: `file not found or not readable (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    const stem = queueStem(inp.path);
    const d = byHash.get(h.sha256);
    if (d) {
      d.paths.push(inp.path);
      d.stems.push(stem);
      r.copies++;
    } else byHash.set(h.sha256, { sha256: h.sha256, size: h.size, paths: [inp.path], stems: [stem] });
  }
  const fresh: { name: string; data: FileJobData; opts: JobsOptions }[] = [];
  const withPaths = (d: FileJobData, paths: string[]): FileJobData => ({ ...d, paths, stems: paths.map((p) => queueStem(p)) });
  for (const data of byHash.values()) {
    const id = jobIdOf(data.sha256);
    const job = (await queue.getJob(id)) as Job<FileJobData> | undefined;
    if (!job) {
      fresh.push({ name: 'file', data, opts: { ...jobOptions(o), jobId: id } });
      continue;
    }
    const state = await job.getState();
    const newPaths = data.paths.filter((p) => !job.data.paths.includes(p));
    if (state === 'failed') {
      if (o.retryFailed) {
        if (newPaths.length) await job.updateData(withPaths(job.data, [...job.data.paths, ...newPaths]));
        await job.retry('failed');
        r.retried += data.paths.length;
      } else for (const p of data.paths) r.knownFailures.push({ path: p, reason: job.failedReason || 'failed' });
      continue;
    }
    r.already += data.paths.length - newPaths.length;
    if (!newPaths.length) continue;
    r.copies += newPaths.length;
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
      await job.updateData(withPaths(job.data, [...job.data.paths, ...newPaths]));
    } else {
      // read already (or being read): a small job records the new paths as aliases of its document
      const key = createHash('sha1').update(newPaths.join('\n')).digest('hex').slice(0, 12);
      fresh.push({ name: 'file', data: withPaths(data, newPaths), opts: { ...jobOptions(o), jobId: `${id}-${key}` } });
    }
  }
  if (fresh.length) await queue.addBulk(fresh);
  r.added = fresh.length;
  return r;
}

export interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  /** the files given up, with the reason */
  failures: { path: string; reason: string; attempts: number; at: string | null }[];
  schedules: { dirs: string[]; every?: number; cron?: string; next: string | null }[];
}

export async function queueStatus(files: Queue<FileJobData>, scans: Queue<ScanJobData>, maxFailures = 1000): Promise<QueueStatus> {
  const c = await files.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  const failed = await files.getFailed(0, maxFailures - 1);
  const schedulers = await scans.getJobSchedulers(0, 999);
  return {
    waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
    active: c.active ?? 0,
    delayed: c.delayed ?? 0,
    completed: c.completed ?? 0,
    failed: c.failed ?? 0,
    failures: failed.flatMap((j) =>
      j.data.paths.map((p) => ({ path: p, reason: j.failedReason, attempts: j.attemptsMade, at: j.finishedOn ? new Date(j.finishedOn).toISOString() : null })),
    ),
    schedules: schedulers.map((s) => ({
      dirs: ((s.template?.data as ScanJobData | undefined)?.dirs ?? []),
      ...(s.every ? { every: Number(s.every) } : {}),
      ...(s.pattern ? { cron: s.pattern } : {}),
      next: s.next ? new Date(s.next).toISOString() : null,
    })),
  };
}

/** A repeatable scan of folders (every `everyMs`, or on a cron pattern): the workers queue the new files it finds. */
/** The scheduler of a set of folders: scheduling the same folders again replaces it. */
function scanId(dirs: string[]): { id: string; abs: string[] } {
  const abs = dirs.map((d) => path.resolve(d)).sort();
  return { id: `scan-${createHash('sha1').update(abs.join('\n')).digest('hex').slice(0, 16)}`, abs };
}

export async function scheduleScan(scans: Queue<ScanJobData>, dirs: string[], when: { everyMs?: number; cron?: string }): Promise<string> {
  const { id, abs } = scanId(dirs);
  await scans.upsertJobScheduler(id, when.cron ? { pattern: when.cron } : { every: when.everyMs! }, {
    name: 'scan',
    data: { dirs: abs },
    opts: { removeOnComplete: 100, removeOnFail: 100 },
  });
  return id;
}

export async function unscheduleScan(scans: Queue<ScanJobData>, dirs: string[]): Promise<boolean> {
  return scans.removeJobScheduler(scanId(dirs).id);
}

/** "90s", "15m", "1h", "1d" or plain seconds → ms */
export function parseEvery(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(s.trim());
  if (!m) throw new Error(`--every must be a duration like 90s, 15m, 1h or 1d (got ${s})`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'];
  const ms = Number(m[1]) * unit;
  if (ms < 1000) throw new Error(`--every must be at least 1s (got ${s})`);
  return ms;
}
