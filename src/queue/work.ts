/**
 * `yjsgk queue work`: a BullMQ worker that reads queued files with the batch's worker threads (same time and
 * memory limits) into a dataset (SQLite file or PostgreSQL), writing per-document outputs when --out is given.
 * Several of these, on one machine or many, share a Redis and a dataset. A stop (SIGTERM, SIGINT) lets the
 * files in hand finish and takes no new one; with --until-idle the worker stops once nothing is waiting,
 * running or due for a retry. It also runs the folder scans that `queue schedule` set up.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { OcrMode } from '../api.js';
import type { Extraction } from '../model/schema.js';
import type { InputErrorCode } from '../model/errors.js';
import { writeOutputs, type ExportFormat } from '../export/index.js';
import { VERSION } from '../version.js';
import { manifestRecord, openDataset, type SqlDataset } from '../batch/dataset.js';
import { expandInputs, hashFile } from '../batch/inputs.js';
import { createLogger, type Logger } from '../batch/log.js';
import { WorkerPool } from '../batch/pool.js';
import { outcomeFields, outcomeLine } from '../batch/progress.js';
import { defaultJobs, imagePixels } from '../batch/run.js';
import { documentWarnings } from '../batch/warnings.js';
import { connect } from './connection.js';
import { addFiles, fileQueue, FILE_QUEUE, SCAN_QUEUE, type AddOptions, type FileJobData, type ScanJobData } from './queue.js';
import { SETTINGS } from '../model/settings.js';

/** Input errors that another attempt cannot cure: the file fails at once. */
const PERMANENT = new Set<InputErrorCode>(['not_found', 'empty', 'not_pdf', 'truncated', 'corrupt', 'encrypted', 'unsupported']);

export interface WorkOptions {
  redis: string;
  /** SQLite file or postgres:// URL */
  dataset: string;
  /** per-document outputs under OUT/docs (none without it) */
  out?: string;
  formats?: ExportFormat[];
  /** files read at once (worker threads); default the cores */
  concurrency?: number;
  ocr?: OcrMode;
  tessdata?: string;
  password?: string;
  timeoutMs?: number;
  maxMemoryMb?: number;
  recycleAfter?: number;
  /** stop when nothing is waiting, running or delayed */
  untilIdle?: boolean;
  /** a job's lock: a worker silent this long (killed, frozen) loses its job to another (default 60 s) */
  lockMs?: number;
  /** how often stalled jobs are looked for (default 30 s) */
  stalledMs?: number;
  /** how the scans queue the files they find */
  add?: AddOptions;
  logger?: Logger;
  /** aborting it stops the worker after the files in hand */
  signal?: AbortSignal;
}

export interface WorkSummary {
  read: number;
  copies: number;
  failed: number;
  retrying: number;
  stopped: boolean;
}

export async function workQueue(o: WorkOptions): Promise<WorkSummary> {
  const logger = o.logger ?? createLogger();
  const conn = await connect(o.redis, { worker: true });
  let ds: SqlDataset;
  try {
    ds = await openDataset(o.dataset, { mustExist: true });
  } catch (err) {
    conn.disconnect();
    throw err;
  }
  const concurrency = Math.max(1, o.concurrency ?? defaultJobs());
  const maxMemoryMb = o.maxMemoryMb ?? 2048;
  const pool = new WorkerPool({ size: concurrency, maxMemoryMb, recycleAfter: o.recycleAfter ?? SETTINGS.readers.filesEach });
  const ocrWorkers = Math.max(1, Math.floor(defaultJobs() / concurrency));
  const s: WorkSummary = { read: 0, copies: 0, failed: 0, retrying: 0, stopped: false };
  const files = fileQueue(conn);
  let inFlight = 0;

  const readFile = async (job: Job<FileJobData>) => {
    inFlight++;
    try {
      return await processFile(job);
    } finally {
      inFlight--;
    }
  };

  const processFile = async (job: Job<FileJobData>) => {
    const d = job.data;
    const attempts = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    let primary: string | undefined;
    let h = { sha256: d.sha256, size: d.size };
    for (const p of d.paths) {
      try {
        h = await hashFile(p);
        primary = p;
        break;
      } catch {
        // gone since it was queued: the next copy, if any
      }
    }
    const stemOf = (p: string) => d.stems[d.paths.indexOf(p)] ?? path.basename(p);
    const fileOf = (p: string) => ({ path: p, sha256: h.sha256, size: h.size, attempts });
    if (!primary) {
      const reason = 'file not found or not readable (gone since it was queued)';
      for (const p of d.paths) await ds.writeFailure(p, manifestRecord(fileOf(p), { code: 'not_found', reason, ms: 0 }));
      s.failed++;
      logger.error(`FAIL ${d.paths[0]}: ${reason}`, { event: 'failed', file: d.paths[0], code: 'not_found', reason });
      throw new UnrecoverableError(reason);
    }
    const aliases = async (holder: string) => {
      const of = await ds.manifest(holder);
      for (const p of d.paths) {
        if (p === holder) continue;
        await ds.writeAlias(p, holder, manifestRecord(fileOf(p), { aliasOf: holder, of }));
        s.copies++;
        logger.result(`same ${p}: the same bytes as ${holder} (recorded as its alias, not read again)`, { event: 'alias', file: p, alias_of: holder });
      }
    };
    const known = await ds.documentFor(h.sha256, VERSION);
    if (known) {
      await aliases(known);
      return { alias_of: known };
    }
    const r = await pool.run(primary, {
      ocr: o.ocr ?? 'auto', tessdata: o.tessdata, ocrWorkers, timeoutMs: o.timeoutMs ?? 1_800_000, maxImageSize: imagePixels(maxMemoryMb),
      ...(o.password !== undefined ? { password: o.password } : {}),
    });
    if (r.ok) {
      const doc = JSON.parse(r.json!) as Extraction;
      if (o.out && o.formats?.length) await writeOutputs(doc, path.join(path.resolve(o.out), 'docs'), stemOf(primary), o.formats);
      const rec = manifestRecord(fileOf(primary), { doc, ms: r.ms });
      const stored = await ds.writeDocument(primary, doc, rec);
      const holder = stored === 'document' ? primary : ((await ds.documentFor(h.sha256, VERSION)) ?? primary);
      if (stored === 'document') s.read++;
      else s.copies++;
      const outcome = { file: primary, ok: true, pages: rec.pages ?? 0, tables: rec.tables ?? 0, facts: rec.facts ?? 0, issues: rec.issues ?? 0, errors: rec.errors ?? 0, ms: r.ms };
      logger.result(outcomeLine(outcome), outcomeFields(outcome));
      for (const w of documentWarnings(doc)) logger.warn(`warning ${primary}: ${w.message}`, { event: 'warning', file: primary, code: w.code });
      await aliases(holder);
      return { path: holder, pages: rec.pages, facts: rec.facts };
    }
    const permanent = PERMANENT.has(r.code);
    const last = permanent || attempts >= maxAttempts;
    if (last) {
      for (const p of d.paths) await ds.writeFailure(p, manifestRecord(fileOf(p), { code: r.code, reason: r.reason, ms: r.ms }));
      s.failed++;
    } else s.retrying++;
    const note = last ? '' : ` (attempt ${attempts} of ${maxAttempts}: tried again later)`;
    logger.error(`FAIL ${primary}: ${r.reason}${note}`, { event: last ? 'failed' : 'retry', file: primary, code: r.code, reason: r.reason, attempt: attempts });
    throw permanent ? new UnrecoverableError(r.reason) : new Error(r.reason);
  };

  const lockDuration = o.lockMs ?? 60_000;
  const worker = new Worker<FileJobData>(FILE_QUEUE, readFile, {
    // job.processedBy names the machine and process reading it
    name: `${hostname()}:${process.pid}`,
    connection: conn,
    concurrency,
    lockDuration,
    stalledInterval: o.stalledMs ?? Math.min(30_000, lockDuration),
    // a file whose worker died twice is tried once more, then failed as stalled
    maxStalledCount: 2,
  });
  worker.on('error', (err) => logger.warn(`queue: ${err.message}`, { event: 'queue_error' }));
  const scanner = new Worker<ScanJobData>(
    SCAN_QUEUE,
    async (job) => {
      const { inputs, missing, skipped } = await expandInputs(job.data.dirs);
      const r = await addFiles(files, inputs, o.add);
      logger.info(
        `scan ${job.data.dirs.join(' ')}: ${inputs.length} files, ${r.added} new jobs, ${r.already} already queued or done, ${r.copies} copies, ` +
          `${skipped.length} skipped, ${missing.length} missing`,
        { event: 'scan', dirs: job.data.dirs, files: inputs.length, added: r.added },
      );
      return { added: r.added };
    },
    { connection: conn, concurrency: 1 },
  );
  scanner.on('error', (err) => logger.warn(`queue: ${err.message}`, { event: 'queue_error' }));

  const stopped = new Promise<void>((resolve) => {
    if (o.signal?.aborted) resolve();
    o.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    if (o.untilIdle) {
      for (;;) {
        const wait = await Promise.race([sleep(1000).then(() => false), stopped.then(() => true)]);
        if (wait) break;
        const c = await files.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(c).every((n) => !n) && inFlight === 0) break;
      }
    } else await stopped;
  } finally {
    s.stopped = o.signal?.aborted === true;
    // the files in hand are finished and recorded; no new one is taken
    await Promise.all([worker.close(), scanner.close()]);
    await pool.close();
    await files.close();
    await ds.close();
    conn.disconnect();
  }
  return s;
}

