/**
 * `yjsgk batch`: many disclosures → per-document outputs, one dataset and a manifest, in parallel, resumable.
 *
 * Files are hashed first (I/O, a few at a time); a file whose manifest line says it was read from the same bytes
 * by the same pipeline version is skipped, every other one (new, changed, failed before) goes to the worker
 * pool. Each finished file is written as soon as it arrives: its outputs atomically (temporary name, rename),
 * then its dataset rows and manifest line in one transaction. Killing the process at any moment therefore loses
 * only the files still in flight, and a re-run picks them up.
 */
import { readdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { OcrMode } from '../api.js';
import { writeTextAtomic } from '../export/files.js';
import type { ExportFormat } from '../export/index.js';
import { VERSION } from '../version.js';
import { manifestRecord, openDataset, type DatasetStore, type ManifestRecord, type SqlDataset } from './dataset.js';
import { exportDataset, type DatasetExport } from './export.js';
import { hashFile, type BatchInput } from './inputs.js';
import { lineLogger, type Logger } from './log.js';
import { WorkerPool, type ReadDigest } from './pool.js';
import { createProgress, outcomeLine, type FileOutcome, type ProgressMode } from './progress.js';
import { SETTINGS } from '../model/settings.js';

export interface BatchOptions {
  out: string;
  /** SQLite dataset file (default OUT/dataset.sqlite) or a postgres:// URL */
  dataset?: string;
  /** worker threads (default: the cores) */
  jobs?: number;
  ocr?: OcrMode;
  tessdata?: string;
  /** PDF password (Camelot's -pw): tried for encrypted files */
  password?: string;
  /** per-document outputs under OUT/docs (default json; [] for none) */
  formats?: ExportFormat[];
  /** dataset snapshots written to OUT/dataset/ at the end */
  exports?: DatasetExport[];
  /** per-file time limit (default 1800 s: a 200-page scan read by OCR fits, a runaway file does not stall the batch) */
  timeoutMs?: number;
  /** per-worker memory limit in MiB: the V8 heap, and the whole worker's share of the process RSS (default 2048) */
  maxMemoryMb?: number;
  /** files per worker before it is replaced (default SETTINGS.readers.filesEach) */
  recycleAfter?: number;
  /** re-read files that are already done */
  force?: boolean;
  /** read again the files that failed before from the same bytes (default: listed as known failures, not retried) */
  retryFailed?: boolean;
  progress?: ProgressMode;
  /** result lines (stdout); with `logger` unset, every line goes here */
  log?: (s: string) => void;
  logger?: Logger;
  /** called after each file is recorded (the queue uses it) */
  onRecord?: (rec: ManifestRecord) => void;
  signal?: AbortSignal;
}

export interface BatchSummary {
  total: number;
  ok: number;
  skipped: number;
  /** files with the same bytes as another input or as a document already in the dataset: recorded as its alias */
  aliases: number;
  failed: ManifestRecord[];
  /** files that failed before from the same bytes and the same pipeline version: listed, not retried */
  knownFailures: ManifestRecord[];
  /** documents read with no disclosure table (a warning line each; --strict fails them) */
  noTables: string[];
  /** documents with error-level issues */
  withErrors: string[];
  pages: number;
  ms: number;
  /** the run was stopped (SIGINT/SIGTERM) before every file was read */
  stopped: boolean;
  dataset: string;
  manifest: string;
}

/** The largest image a worker decodes: a 4-byte pixel and its copies (decode, render, binarise) in a 16th of the memory limit */
export function imagePixels(maxMemoryMb: number): number {
  return Math.floor((maxMemoryMb * 1048576) / 16);
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** Temporary files of an earlier run that was killed mid-write (writeAtomic's FILE.PID.STAMP.tmp) in OUT, OUT/docs, OUT/dataset. */
async function sweepTemporaries(out: string): Promise<void> {
  for (const dir of [out, path.join(out, 'docs'), path.join(out, 'dataset')]) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = e.match(/\.(\d+)\.[0-9a-z]+\.tmp$/);
      if (!m) continue;
      const pid = Number(m[1]);
      let alive = pid === process.pid;
      if (!alive) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (!alive) await rm(path.join(dir, e), { force: true });
    }
  }
}

async function manifestJson(ds: DatasetStore): Promise<string> {
  const rows = await ds.allManifest();
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return (
    JSON.stringify({ pipeline: { name: 'yjsgk', version: VERSION }, files: rows.length, ok: count('ok'), aliases: count('alias'), failed: count('failed'), entries: rows }, null, 1) +
    '\n'
  );
}

type Plan = {
  inp: BatchInput;
  sha256: string;
  size: number;
  prev: ManifestRecord | undefined;
  /** read before from these bytes by this version */
  done: boolean;
  /** failed before from these bytes by this version, and not to be retried */
  known: boolean;
  /** the path whose document these bytes are (another input of this run, or a document in the dataset) */
  aliasOf?: string;
  error: string | null;
};

export async function runBatch(inputs: BatchInput[], opts: BatchOptions): Promise<BatchSummary> {
  const t0 = Date.now();
  const logger = opts.logger ?? lineLogger(opts.log ?? console.log);
  const out = path.resolve(opts.out);
  const datasetSpec = opts.dataset ?? path.join(out, 'dataset.sqlite');
  const manifestFile = path.join(out, 'manifest.json');
  const formats = opts.formats ?? ['json'];
  await sweepTemporaries(out);
  const ds: SqlDataset = await openDataset(datasetSpec);
  const io = pLimit(4);
  const progress = createProgress(opts.progress ?? 'lines', logger);
  const summary: BatchSummary = {
    total: inputs.length, ok: 0, skipped: 0, aliases: 0, failed: [], knownFailures: [], noTables: [], withErrors: [], pages: 0, ms: 0,
    stopped: false, dataset: ds.location, manifest: manifestFile,
  };

  // the manifest file, rewritten (atomically) at most once a second while the batch runs and at the end
  let manifestDirty = false;
  let manifestWriting: Promise<void> | null = null;
  let lastManifest = 0;
  const flushManifest = async (force = false) => {
    if (!manifestDirty && !force) return;
    if (manifestWriting) await manifestWriting;
    if (!force && Date.now() - lastManifest < 1000) return;
    manifestDirty = false;
    lastManifest = Date.now();
    manifestWriting = manifestJson(ds).then((text) => writeTextAtomic(manifestFile, text));
    await manifestWriting;
    manifestWriting = null;
  };

  const stopped = () => opts.signal?.aborted === true;
  let pool: WorkerPool | null = null;
  const pagesSeen = new Map<string, number>();
  try {
    // 1. hash and decide what to do (I/O bound: a few files at a time)
    const plan: Plan[] = await Promise.all(
      inputs.map((inp) =>
        io(async (): Promise<Plan> => {
          const prev = await ds.manifest(inp.path);
          try {
            const h = await hashFile(inp.path);
            const same = prev?.sha256 === h.sha256 && prev.version === VERSION;
            const done = !opts.force && same && (prev.status === 'ok' || prev.status === 'alias');
            const known = !opts.force && !opts.retryFailed && same && prev.status === 'failed';
            return { inp, ...h, prev, done, known, error: null };
          } catch (err) {
            return { inp, sha256: '', size: 0, prev, done: false, known: false, error: `file not found or not readable (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
          }
        }),
      ),
    );
    // the same bytes under several names are read once: the first path holds the document, the others are its
    // aliases; bytes whose document the dataset already has (under another path) are not read at all
    const holderOf = new Map<string, string>();
    const readNow = new Set<string>();
    for (const p of plan) {
      if (p.error || p.done || p.known) continue;
      let h = holderOf.get(p.sha256);
      if (h === undefined) {
        const inDataset = opts.force ? undefined : await ds.documentFor(p.sha256, VERSION);
        h = inDataset && inDataset !== p.inp.path ? inDataset : p.inp.path;
        if (h === p.inp.path) readNow.add(h);
        holderOf.set(p.sha256, h);
      }
      if (h !== p.inp.path) p.aliasOf = h;
    }
    summary.skipped = plan.filter((p) => p.done).length;
    summary.knownFailures = plan.filter((p) => p.known).map((p) => p.prev!);
    progress.start(inputs.length, summary.skipped + summary.knownFailures.length);

    const fileOf = (p: Plan) => ({ path: p.inp.path, sha256: p.sha256, size: p.size, attempts: (p.prev?.attempts ?? 0) + 1 });
    const noteAlias = async (p: Plan, of: string) => {
      const rec = manifestRecord(fileOf(p), { aliasOf: of, of: await ds.manifest(of) });
      await ds.writeAlias(p.inp.path, of, rec);
      summary.aliases++;
      logger.result(`same ${p.inp.path}: the same bytes as ${of} (recorded as its alias, not read again)`, { event: 'alias', file: p.inp.path, alias_of: of });
      opts.onRecord?.(rec);
      manifestDirty = true;
    };

    const record = async (p: Plan, outcome: { doc?: ReadDigest; code?: string; reason?: string; ms: number }) => {
      let rec: ManifestRecord;
      // the reader wrote the outputs; one it could not write fails the document, not the batch
      if (outcome.doc?.outputError) outcome = { code: 'failed', reason: outcome.doc.outputError, ms: outcome.ms };
      if (outcome.doc) {
        const doc = outcome.doc;
        rec = manifestRecord(fileOf(p), { counts: doc.counts, ms: outcome.ms });
        const stored = await ds.writeDocument(p.inp.path, doc, rec);
        if (stored === 'alias') {
          // another writer stored these bytes first: this path is its alias
          rec = { ...rec, status: 'alias', alias_of: (await ds.documentFor(p.sha256, VERSION)) ?? null };
          summary.aliases++;
        } else summary.ok++;
        for (const w of doc.warnings) logger.warn(`warning ${p.inp.path}: ${w.message}`, { event: 'warning', file: p.inp.path, code: w.code });
        if (!doc.counts.tables) summary.noTables.push(p.inp.path);
        if (rec.errors) summary.withErrors.push(p.inp.path);
      } else {
        rec = manifestRecord(fileOf(p), { code: outcome.code ?? 'failed', reason: outcome.reason ?? 'unknown error', ms: outcome.ms });
        await ds.writeFailure(p.inp.path, rec);
        summary.failed.push(rec);
      }
      const pages = rec.pages ?? 0;
      summary.pages += pages;
      for (let i = pagesSeen.get(p.inp.path) ?? 0; i < pages; i++) progress.page();
      pagesSeen.delete(p.inp.path);
      const o: FileOutcome = {
        file: p.inp.path, ok: rec.status !== 'failed', pages, tables: rec.tables ?? 0, facts: rec.facts ?? 0,
        issues: rec.issues ?? 0, errors: rec.errors ?? 0, ms: rec.ms, reason: rec.error ?? undefined,
        ...(outcome.doc ? { coverage: outcome.doc.coverage } : {}),
      };
      progress.file(o);
      opts.onRecord?.(rec);
      // the copies of this file: aliases of its document, or failed with it
      for (const a of plan.filter((x) => x.aliasOf === p.inp.path && !x.error)) {
        if (rec.status === 'failed') {
          const fr = manifestRecord(fileOf(a), { code: rec.code ?? 'failed', reason: `${rec.error} (the same bytes as ${p.inp.path})`, ms: 0 });
          await ds.writeFailure(a.inp.path, fr);
          summary.failed.push(fr);
          progress.file({ file: a.inp.path, ok: false, pages: 0, ms: 0, reason: fr.error ?? '' });
          opts.onRecord?.(fr);
        } else await noteAlias(a, rec.alias_of ?? p.inp.path);
      }
      manifestDirty = true;
      void flushManifest();
    };

    // 2. files that cannot be read at all are recorded at once; copies of documents already in the dataset too
    for (const p of plan) if (p.error) await record(p, { code: 'not_found', reason: p.error, ms: 0 });
    for (const p of plan) if (p.aliasOf && !readNow.has(p.aliasOf)) await noteAlias(p, p.aliasOf);
    for (const f of summary.knownFailures) {
      logger.warn(`known failure ${f.path}: ${f.error} (unchanged since ${f.finished_at}; --retry-failed reads it again)`, {
        event: 'known_failure', file: f.path, reason: f.error, code: f.code, since: f.finished_at,
      });
    }

    // 3. the rest through the worker pool (CPU bound: one file per core)
    const todo = plan.filter((p) => readNow.has(p.inp.path));
    if (todo.length) {
      const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), todo.length));
      // each worker's OCR gets its share of the cores, so N workers never start N × cores recognisers
      const ocrWorkers = Math.max(1, Math.floor(defaultJobs() / jobs));
      pool = new WorkerPool({
        size: jobs,
        maxMemoryMb: opts.maxMemoryMb ?? 2048,
        recycleAfter: opts.recycleAfter ?? SETTINGS.readers.filesEach,
        onPage: (file) => {
          pagesSeen.set(file, (pagesSeen.get(file) ?? 0) + 1);
          progress.page(file, pagesSeen.get(file));
        },
      });
      const p0 = pool;
      const onAbort = () => void p0.close('the batch was stopped');
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      await Promise.all(
        todo.map(async (p) => {
          const r = await p0.run(p.inp.path, {
            ocr: opts.ocr ?? 'auto', tessdata: opts.tessdata, ocrWorkers, timeoutMs: opts.timeoutMs ?? 1_800_000,
            ...(opts.password !== undefined ? { password: opts.password } : {}),
            maxImageSize: imagePixels(opts.maxMemoryMb ?? 2048),
            // the reader writes the outputs and builds the dataset rows: this thread only appends them
            result: 'digest',
            ...(formats.length ? { outputs: { dir: path.join(out, 'docs'), stem: p.inp.stem, formats, input: p.inp.path } } : {}),
          });
          if (!r.ok && stopped()) return; // cut short by the stop: not recorded, the next run reads it
          if (r.ok) await record(p, { doc: r.digest, ms: r.ms });
          else await record(p, { code: r.code, reason: r.reason, ms: r.ms });
        }),
      );
      opts.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    progress.stop();
    await pool?.close();
    await flushManifest(true).catch(() => {});
  }
  summary.stopped = stopped();
  if (opts.exports?.length && !stopped()) await exportDataset(ds, path.join(out, 'dataset'), opts.exports);
  await ds.close();
  summary.ms = Date.now() - t0;
  summary.failed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const secs = summary.ms / 1000;
  if (opts.progress !== 'none') {
    logger.result(
      `batch: ${summary.total} files: ${summary.ok} read, ${summary.skipped} skipped (done before), ${summary.failed.length} failed, ` +
        `${summary.aliases} copies, ${summary.knownFailures.length} known failures not retried` +
        `${summary.stopped ? ' (stopped before the end: run again to continue)' : ''}; ` +
        `${summary.pages} pages in ${secs.toFixed(1)}s (${(summary.pages / Math.max(secs, 0.001)).toFixed(1)} pages/s)`,
      { event: 'summary', ...summaryFields(summary) },
    );
    logger.result(`dataset: ${summary.dataset}`);
    logger.result(`manifest: ${manifestFile}`);
    if (opts.progress === 'bar') for (const f of summary.failed) logger.error(outcomeLine({ file: f.path, ok: false, pages: 0, ms: f.ms, reason: f.error ?? '' }));
  }
  return summary;
}

/** The summary's counts for a JSON log line */
export function summaryFields(s: BatchSummary): Record<string, unknown> {
  return {
    files: s.total, read: s.ok, skipped: s.skipped, aliases: s.aliases, failed: s.failed.length, known_failures: s.knownFailures.length,
    no_tables: s.noTables.length, with_errors: s.withErrors.length, pages: s.pages, ms: s.ms, stopped: s.stopped, dataset: s.dataset, manifest: s.manifest,
  };
}
