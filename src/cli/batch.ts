/**
 * `yjsgk batch` and `yjsgk queue` (registered on the main program).
 */
import path from 'node:path';
import type { Command, Option } from 'commander';
import { expandInputs } from '../batch/inputs.js';
import { defaultJobs, runBatch, type BatchOptions } from '../batch/run.js';
import { progressMode } from '../batch/progress.js';
import { DATASET_EXPORTS, type DatasetExport } from '../batch/export.js';
import { isPostgres } from '../batch/dataset.js';
import type { Logger } from '../batch/log.js';
import { connect, redisUrl } from '../queue/connection.js';
import type { Queue } from 'bullmq';
import { addFiles, fileQueue, parseEvery, queueStatus, scanQueue, scheduleScan, unscheduleScan, type FileJobData, type ScanJobData } from '../queue/queue.js';
import { workQueue } from '../queue/work.js';
import { parseFormats } from './extract.js';
import { EXIT, UsageError, loggerFor, positiveNumber, stopSignal, withLogOptions, type LogOpts } from './common.js';

interface ReadOpts extends LogOpts {
  ocr: BatchOptions['ocr'];
  tessdata?: string;
  password?: string;
  timeout: string;
  maxMemory: string;
}

interface BatchCliOpts extends ReadOpts {
  out: string;
  dataset?: string;
  jobs?: string;
  format: string;
  export?: string;
  force?: boolean;
  retryFailed?: boolean;
  strict?: boolean;
}

function parseExports(s: string | undefined): DatasetExport[] {
  if (!s) return [];
  const list = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !(DATASET_EXPORTS as readonly string[]).includes(x));
  if (bad.length) throw new UsageError(`unknown dataset export ${bad.join(', ')} (choose from ${DATASET_EXPORTS.join(', ')})`);
  return list as DatasetExport[];
}

function withReadOptions(cmd: Command, ocrOption: () => Option): Command {
  return cmd
    .addOption(ocrOption())
    .option('--tessdata <dir>', 'directory with chi_sim.traineddata')
    .option('--password <password>', 'password of encrypted PDFs')
    .option('--timeout <seconds>', 'time limit per file (a scanned page takes a few seconds of OCR)', '1800')
    .option('--max-memory <MiB>', 'memory limit per worker: its heap, and its share of the resident memory (native and images included)', '2048');
}

/** Lists what the arguments hold that is not read, and what they name that does not exist. */
function accountFor(logger: Logger, missing: string[], skipped: { path: string; reason: string }[]): void {
  for (const s of skipped) logger.info(`skipped: ${s.path} (${s.reason})`, { event: 'skipped', file: s.path, reason: s.reason });
  for (const m of missing) logger.error(`FAIL ${m}: no such file, folder or matching file`, { event: 'failed', file: m, code: 'not_found' });
}

/** Runs fn with the file and scan queues of the Redis at `url`; an unreachable Redis is a usage error (exit 2). */
async function withQueues<T>(url: string | undefined, fn: (q: { files: Queue<FileJobData>; scans: Queue<ScanJobData> }) => Promise<T>): Promise<T> {
  const conn = await connect(redisUrl(url)).catch((e: Error) => {
    throw new UsageError(e.message);
  });
  const files = fileQueue(conn);
  const scans = scanQueue(conn);
  try {
    return await fn({ files, scans });
  } finally {
    await files.close();
    await scans.close();
    conn.disconnect();
  }
}

export function registerBatch(program: Command, ocrOption: () => Option): void {
  withLogOptions(
    withReadOptions(
      program
        .command('batch')
        .description('read many disclosures in parallel into a dataset (resumable: a re-run skips files already done)')
        .argument('<inputs...>', 'folders, glob patterns or files (.pdf, .xlsx, .xls); symbolic links are followed')
        .option('-o, --out <dir>', 'output directory: docs/, dataset.sqlite, manifest.json', 'output')
        .option('--dataset <file|url>', 'SQLite dataset file (default OUT/dataset.sqlite) or postgres://user@host/db')
        .option('-j, --jobs <n>', `worker threads (default: the cores, ${defaultJobs()} here)`)
        .option('-f, --format <list>', 'per-document outputs under OUT/docs: json,xlsx,csv or none', 'json')
        .option('--export <list>', 'also write the dataset tables as OUT/dataset/<table>.csv / .parquet: csv,parquet')
        .option('--force', 're-read files already done')
        .option('--retry-failed', 're-read files that failed before although they did not change')
        .option('--strict', 'exit 1 when a document has error-level issues or no disclosure table'),
      ocrOption,
    ),
  ).action(async (args: string[], o: BatchCliOpts) => {
    const logger = loggerFor(o);
    const { inputs, missing, skipped } = await expandInputs(args);
    accountFor(logger, missing, skipped);
    if (!inputs.length) throw new UsageError('no input files');
    const stop = stopSignal(logger);
    const s = await runBatch(inputs, {
      out: o.out,
      dataset: o.dataset,
      jobs: Math.floor(positiveNumber('--jobs', o.jobs) ?? defaultJobs()),
      ocr: o.ocr,
      tessdata: o.tessdata,
      ...(o.password !== undefined ? { password: o.password } : {}),
      formats: o.format === 'none' ? [] : parseFormats(o.format),
      exports: parseExports(o.export),
      timeoutMs: positiveNumber('--timeout', o.timeout)! * 1000,
      maxMemoryMb: positiveNumber('--max-memory', o.maxMemory),
      force: o.force,
      retryFailed: o.retryFailed,
      progress: progressMode(o.quiet),
      logger,
      signal: stop.signal,
    });
    const failed = s.failed.length > 0 || missing.length > 0 || (o.strict === true && (s.noTables.length > 0 || s.withErrors.length > 0));
    process.exitCode = stop.exitCode() ?? (failed ? EXIT.failed : EXIT.ok);
  });

  const queue = program
    .command('queue')
    .description('a job queue on Redis (BullMQ) for scheduled runs: workers on several machines share one Redis and one dataset');
  const redisOption = (c: Command) => c.option('--redis <url>', 'Redis URL (default $YJSGK_REDIS_URL, else redis://127.0.0.1:6379)');

  withLogOptions(
    redisOption(
      queue
        .command('add')
        .description('queue files (or folders / globs) for `yjsgk queue work`: one job per content, a file queued twice is one job')
        .argument('<inputs...>', 'folders, glob patterns or files')
        .option('--attempts <n>', 'attempts before a file is moved to failed', '3')
        .option('--backoff <seconds>', 'delay before the first retry (doubles each time)', '60')
        .option('--retry-failed', 'queue again files whose job failed before'),
    ),
  ).action(async (args: string[], o: LogOpts & { redis?: string; attempts: string; backoff: string; retryFailed?: boolean }) => {
    const logger = loggerFor(o);
    const attempts = Math.floor(positiveNumber('--attempts', o.attempts)!);
    const backoffMs = positiveNumber('--backoff', o.backoff)! * 1000;
    const { inputs, missing, skipped } = await expandInputs(args);
    accountFor(logger, missing, skipped);
    if (!inputs.length && !missing.length) throw new UsageError('no input files');
    await withQueues(o.redis, async ({ files, scans }) => {
      const r = await addFiles(files, inputs, { attempts, backoffMs, retryFailed: o.retryFailed });
      for (const u of r.unreadable) logger.error(`FAIL ${u.path}: ${u.reason}`, { event: 'failed', file: u.path, reason: u.reason });
      for (const k of r.knownFailures) logger.warn(`known failure ${k.path}: ${k.reason} (not queued again; --retry-failed does)`, { event: 'known_failure', file: k.path, reason: k.reason });
      const st = await queueStatus(files, scans, 1);
      logger.result(
        `queued ${r.added} new jobs (${r.copies} copies of queued files, ${r.already} already queued or done, ${r.retried} failed before and queued again); ` +
          `queue: ${st.waiting} waiting, ${st.active} active, ${st.delayed} delayed, ${st.completed} completed, ${st.failed} failed`,
        { event: 'queued', ...r, knownFailures: r.knownFailures.length, unreadable: r.unreadable.length },
      );
      process.exitCode = missing.length || r.unreadable.length ? EXIT.failed : EXIT.ok;
    });
  });

  withLogOptions(
    withReadOptions(
      redisOption(
        queue
          .command('work')
          .description('read queued files into the dataset until stopped (SIGTERM/SIGINT finish the files in hand), or with --until-idle until none is left')
          .requiredOption('--dataset <file|url>', 'SQLite dataset file (its folder must exist) or postgres://user@host/db')
          .option('-o, --out <dir>', 'also write per-document outputs under OUT/docs')
          .option('-f, --format <list>', 'per-document outputs with --out: json,xlsx,csv', 'json')
          .option('-c, --concurrency <n>', `files read at once (default: the cores, ${defaultJobs()} here)`)
          .option('--until-idle', 'stop once nothing is waiting, running or due for a retry (for cron)')
          .option('--lock <seconds>', 'a worker silent this long (killed) loses its file to another worker', '60'),
      ),
      ocrOption,
    ),
  ).action(
    async (
      o: ReadOpts & { redis?: string; dataset: string; out?: string; format: string; concurrency?: string; untilIdle?: boolean; lock: string },
    ) => {
      const logger = loggerFor(o);
      if (!isPostgres(o.dataset) && !/\.(sqlite3?|db)$/i.test(o.dataset)) {
        throw new UsageError(`--dataset ${o.dataset}: give a .sqlite file or a postgres:// URL`);
      }
      const stop = stopSignal(logger, 'the files in hand are finished; the others stay queued');
      const lockMs = positiveNumber('--lock', o.lock)! * 1000;
      const s = await workQueue({
        redis: redisUrl(o.redis),
        dataset: isPostgres(o.dataset) ? o.dataset : path.resolve(o.dataset),
        ...(o.out ? { out: o.out, formats: parseFormats(o.format) } : {}),
        concurrency: Math.floor(positiveNumber('--concurrency', o.concurrency) ?? defaultJobs()),
        ocr: o.ocr,
        tessdata: o.tessdata,
        ...(o.password !== undefined ? { password: o.password } : {}),
        timeoutMs: positiveNumber('--timeout', o.timeout)! * 1000,
        maxMemoryMb: positiveNumber('--max-memory', o.maxMemory),
        untilIdle: o.untilIdle,
        lockMs,
        stalledMs: Math.max(1000, Math.min(30_000, lockMs / 2)),
        logger,
        signal: stop.signal,
      }).catch((e: Error) => {
        throw /cannot connect|does not exist|schema version/.test(e.message) ? new UsageError(e.message) : e;
      });
      logger.result(
        `queue work: ${s.read} read, ${s.copies} copies, ${s.failed} failed, ${s.retrying} to retry${s.stopped ? ' (stopped)' : ''}`,
        { event: 'summary', ...s },
      );
      process.exitCode = stop.exitCode() ?? (s.failed ? EXIT.failed : EXIT.ok);
    },
  );

  withLogOptions(
    redisOption(
      queue
        .command('status')
        .description('counts of the queue (waiting, active, delayed, completed, failed), the files given up and the scans')
        .option('--json', 'one JSON object'),
    ),
  ).action(async (o: LogOpts & { redis?: string; json?: boolean }) => {
    const logger = loggerFor(o);
    await withQueues(o.redis, async ({ files, scans }) => {
      const st = await queueStatus(files, scans);
      if (o.json) {
        process.stdout.write(JSON.stringify(st) + '\n');
        return;
      }
      logger.result(`queue: ${st.waiting} waiting, ${st.active} active, ${st.delayed} delayed, ${st.completed} completed, ${st.failed} failed`);
      for (const f of st.failures) logger.result(`failed ${f.path}: ${f.reason} (${f.attempts} attempts, ${f.at})`);
      for (const sc of st.schedules) logger.result(`scan ${sc.dirs.join(' ')} ${sc.cron ? `on '${sc.cron}'` : `every ${Math.round((sc.every ?? 0) / 1000)}s`}, next ${sc.next}`);
    });
  });

  withLogOptions(
    redisOption(
      queue
        .command('schedule')
        .description('re-scan folders for new files on a schedule (the workers run the scans and queue what they find)')
        .argument('<dirs...>', 'folders (the workers must see them at the same path)')
        .option('--every <duration>', 'interval: 90s, 15m, 1h, 1d')
        .option('--cron <pattern>', "cron pattern, e.g. '0 * * * *' (hourly)")
        .option('--remove', 'remove the schedule of these folders'),
    ),
  ).action(async (dirs: string[], o: LogOpts & { redis?: string; every?: string; cron?: string; remove?: boolean }) => {
    const logger = loggerFor(o);
    if (!o.remove && !o.every === !o.cron) throw new UsageError('give one of --every DURATION or --cron PATTERN');
    const everyMs = o.every ? parseEvery(o.every) : undefined;
    await withQueues(o.redis, async ({ scans }) => {
      if (o.remove) {
        const gone = await unscheduleScan(scans, dirs);
        logger.result(gone ? `schedule removed: ${dirs.join(' ')}` : `no schedule for ${dirs.join(' ')}`);
        return;
      }
      const id = await scheduleScan(scans, dirs, { ...(everyMs ? { everyMs } : {}), ...(o.cron ? { cron: o.cron } : {}) });
      logger.result(`scheduled ${id}: scan ${dirs.map((d) => path.resolve(d)).join(' ')} ${o.cron ? `on '${o.cron}'` : `every ${o.every}`}`);
    });
  });
}
