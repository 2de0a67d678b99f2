/**
 * `yjsgk batch` and `yjsgk queue` (registered on the main program).
 */
import path from 'node:path';
import type { Command, Option } from 'commander';
import { expandInputs } from '../batch/inputs.js';
import { defaultJobs, runBatch, type BatchOptions } from '../batch/run.js';
import { progressMode } from '../batch/progress.js';
import { DATASET_EXPORTS, type DatasetExport } from '../batch/export.js';
import { Queue } from '../queue/queue.js';
import { workQueue } from '../queue/work.js';
import { parseFormats } from './extract.js';

interface CommonOpts {
  out: string;
  dataset?: string;
  jobs?: string;
  ocr: BatchOptions['ocr'];
  tessdata?: string;
  format: string;
  export?: string;
  timeout: string;
  maxMemory: string;
  quiet?: boolean;
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got ${v})`);
  return n;
}

function parseExports(s: string | undefined): DatasetExport[] {
  if (!s) return [];
  const list = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !(DATASET_EXPORTS as readonly string[]).includes(x));
  if (bad.length) throw new Error(`unknown dataset export ${bad.join(', ')} (choose from ${DATASET_EXPORTS.join(', ')})`);
  return list as DatasetExport[];
}

function batchOptions(o: CommonOpts): BatchOptions {
  return {
    out: o.out,
    dataset: o.dataset,
    jobs: Math.floor(positiveInt('--jobs', o.jobs) ?? defaultJobs()),
    ocr: o.ocr,
    tessdata: o.tessdata,
    formats: o.format === 'none' ? [] : parseFormats(o.format),
    exports: parseExports(o.export),
    timeoutMs: positiveInt('--timeout', o.timeout)! * 1000,
    maxMemoryMb: positiveInt('--max-memory', o.maxMemory),
    progress: progressMode(o.quiet),
  };
}

function withCommon(cmd: Command, ocrOption: () => Option): Command {
  return cmd
    .option('-o, --out <dir>', 'output directory: docs/, dataset.sqlite, manifest.json', 'output')
    .option('--dataset <file>', 'SQLite dataset file (default OUT/dataset.sqlite)')
    .option('-j, --jobs <n>', `worker threads (default: the cores, ${defaultJobs()} here)`)
    .option('-f, --format <list>', 'per-document outputs under OUT/docs: json,xlsx,csv or none', 'json')
    .option('--export <list>', 'also write the dataset tables as OUT/dataset/<table>.csv / .parquet: csv,parquet')
    .addOption(ocrOption())
    .option('--tessdata <dir>', 'directory with chi_sim.traineddata')
    .option('--timeout <seconds>', 'time limit per file (a scanned page takes a few seconds of OCR)', '1800')
    .option('--max-memory <MiB>', 'heap limit per worker thread', '2048')
    .option('-q, --quiet', 'no progress output');
}

/** Ctrl-C stops cleanly: finished files are kept, files in flight are read by the next run. */
function stopSignal(): AbortSignal {
  const ac = new AbortController();
  process.once('SIGINT', () => {
    console.error('yjsgk: stopping (finished files are kept; run again to continue)');
    ac.abort();
  });
  return ac.signal;
}

export function registerBatch(program: Command, ocrOption: () => Option): void {
  withCommon(
    program
      .command('batch')
      .description('read many disclosures in parallel into a dataset (resumable: a re-run skips files already done)')
      .argument('<inputs...>', 'folders, glob patterns or files (.pdf, .xlsx, .xls)')
      .option('--force', 're-read files already done'),
    ocrOption,
  ).action(async (args: string[], o: CommonOpts & { force?: boolean }) => {
    const { inputs, missing } = await expandInputs(args);
    for (const m of missing) console.error(`yjsgk: ${m}: no such file, folder or matching file`);
    if (!inputs.length) {
      console.error('yjsgk: no input files');
      process.exitCode = 2;
      return;
    }
    const s = await runBatch(inputs, { ...batchOptions(o), force: o.force, signal: stopSignal() });
    process.exitCode = s.failed.length || missing.length ? 1 : 0;
  });

  const queue = program.command('queue').description('a durable job queue for scheduled runs (SQLite, in the dataset file)');
  const queueDb = (o: { out: string; dataset?: string }) => path.resolve(o.dataset ?? path.join(o.out, 'dataset.sqlite'));

  queue
    .command('add')
    .description('queue files (or folders / globs) to be read by `yjsgk queue work`')
    .argument('<inputs...>', 'folders, glob patterns or files')
    .option('-o, --out <dir>', 'output directory of the worker', 'output')
    .option('--dataset <file>', 'SQLite dataset file (default OUT/dataset.sqlite)')
    .option('--max-attempts <n>', 'attempts before a file is given up as dead', '3')
    .action(async (args: string[], o: { out: string; dataset?: string; maxAttempts: string }) => {
      const { inputs, missing } = await expandInputs(args);
      for (const m of missing) console.error(`yjsgk: ${m}: no such file, folder or matching file`);
      const q = new Queue(queueDb(o));
      const r = q.add(inputs.map((i) => i.path), { maxAttempts: Math.floor(positiveInt('--max-attempts', o.maxAttempts)!) });
      const c = q.counts();
      q.close();
      console.log(`queued ${r.added} new, ${r.requeued} again, ${r.waiting} already waiting; queue: ${c.pending} pending, ${c.running} running, ${c.done} done, ${c.dead} dead`);
      process.exitCode = missing.length ? 1 : 0;
    });

  withCommon(
    queue
      .command('work')
      .description('read queued files; stops when none is ready unless --poll is given')
      .option('--poll <seconds>', 'keep running, looking for new jobs this often')
      .option('--backoff <seconds>', 'delay before the first retry of a failed file (doubles each time)', '60'),
    ocrOption,
  ).action(async (o: CommonOpts & { poll?: string; backoff: string }) => {
    const s = await workQueue({
      ...batchOptions(o),
      pollSeconds: positiveInt('--poll', o.poll),
      backoffMs: Number(o.backoff) * 1000,
      signal: stopSignal(),
    });
    console.log(`queue: ${s.done} done, ${s.retried} to retry, ${s.dead} dead this run; now ${s.counts.pending} pending, ${s.counts.running} running, ${s.counts.done} done, ${s.counts.dead} dead`);
    process.exitCode = s.dead ? 1 : 0;
  });

  queue
    .command('status')
    .description('counts of the queue, and the files given up')
    .option('-o, --out <dir>', 'output directory of the worker', 'output')
    .option('--dataset <file>', 'SQLite dataset file (default OUT/dataset.sqlite)')
    .action((o: { out: string; dataset?: string }) => {
      const q = new Queue(queueDb(o));
      const c = q.counts();
      console.log(`queue: ${c.pending} pending, ${c.running} running, ${c.done} done, ${c.dead} dead`);
      for (const j of q.jobs('dead')) console.log(`dead ${j.path}: ${j.error} (${j.attempts} attempts)`);
      for (const j of q.jobs('pending').filter((x) => x.error)) console.log(`retry ${j.path} after ${new Date(j.next_at).toISOString()}: ${j.error}`);
      q.close();
    });
}
