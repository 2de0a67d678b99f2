/**
 * `yjsgk batch`: many disclosures → per-document outputs, one dataset and a manifest, in parallel, resumable.
 *
 * Files are hashed first (I/O, a few at a time); a file whose manifest line says it was read from the same bytes
 * by the same pipeline version is skipped, every other one (new, changed, failed before) goes to the worker
 * pool. Each finished file is written as soon as it arrives: its outputs atomically (temporary name, rename),
 * then its dataset rows and manifest line in one transaction. Killing the process at any moment therefore loses
 * only the files still in flight, and a re-run picks them up.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { coverageSummary, type OcrMode } from '../api.js';
import type { Extraction } from '../model/schema.js';
import { writeTextAtomic } from '../export/files.js';
import { writeOutputs, type ExportFormat } from '../export/index.js';
import { VERSION } from '../version.js';
import { Dataset, type ManifestRecord } from './dataset.js';
import { exportDataset, type DatasetExport } from './export.js';
import type { BatchInput } from './inputs.js';
import { WorkerPool } from './pool.js';
import { createProgress, outcomeLine, type FileOutcome, type ProgressMode } from './progress.js';

export interface BatchOptions {
  out: string;
  /** SQLite dataset file (default OUT/dataset.sqlite) */
  dataset?: string;
  /** worker threads (default: the cores) */
  jobs?: number;
  ocr?: OcrMode;
  tessdata?: string;
  /** per-document outputs under OUT/docs (default json; [] for none) */
  formats?: ExportFormat[];
  /** dataset snapshots written to OUT/dataset/ at the end */
  exports?: DatasetExport[];
  /** per-file time limit (default 1800 s: a 200-page scan read by OCR fits, a runaway file does not stall the batch) */
  timeoutMs?: number;
  /** per-worker heap limit in MiB (default 2048) */
  maxMemoryMb?: number;
  /** files per worker before it is replaced (default 25) */
  recycleAfter?: number;
  /** re-read files that are already done */
  force?: boolean;
  progress?: ProgressMode;
  log?: (s: string) => void;
  /** called after each file is recorded (the queue uses it) */
  onRecord?: (rec: ManifestRecord) => void;
  signal?: AbortSignal;
}

export interface BatchSummary {
  total: number;
  ok: number;
  skipped: number;
  failed: ManifestRecord[];
  pages: number;
  ms: number;
  dataset: string;
  manifest: string;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
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

function manifestJson(ds: Dataset): string {
  const rows = ds.allManifest();
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return JSON.stringify({ pipeline: { name: 'yjsgk', version: VERSION }, files: rows.length, ok: count('ok'), failed: count('failed'), entries: rows }, null, 1) + '\n';
}

export async function runBatch(inputs: BatchInput[], opts: BatchOptions): Promise<BatchSummary> {
  const t0 = Date.now();
  const log = opts.log ?? console.log;
  const out = path.resolve(opts.out);
  const datasetFile = path.resolve(opts.dataset ?? path.join(out, 'dataset.sqlite'));
  const manifestFile = path.join(out, 'manifest.json');
  const formats = opts.formats ?? ['json'];
  await sweepTemporaries(out);
  const ds = new Dataset(datasetFile);
  const io = pLimit(4);
  const progress = createProgress(opts.progress ?? 'lines', log);
  const summary: BatchSummary = { total: inputs.length, ok: 0, skipped: 0, failed: [], pages: 0, ms: 0, dataset: datasetFile, manifest: manifestFile };

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
    manifestWriting = writeTextAtomic(manifestFile, manifestJson(ds));
    await manifestWriting;
    manifestWriting = null;
  };

  const stopped = () => opts.signal?.aborted === true;
  let pool: WorkerPool | null = null;
  const pagesSeen = new Map<string, number>();
  try {
    // 1. hash and decide what to do (I/O bound: a few files at a time)
    const plan = await Promise.all(
      inputs.map((inp) =>
        io(async () => {
          try {
            const h = await sha256File(inp.path);
            const prev = ds.manifest(inp.path);
            const done = !opts.force && prev?.status === 'ok' && prev.sha256 === h.sha256 && prev.version === VERSION;
            return { inp, ...h, prev, done, error: null as string | null };
          } catch (err) {
            return { inp, sha256: '', size: 0, prev: ds.manifest(inp.path), done: false, error: `file not found or not readable (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
          }
        }),
      ),
    );
    summary.skipped = plan.filter((p) => p.done).length;
    progress.start(inputs.length, summary.skipped);

    const record = async (p: (typeof plan)[number], outcome: { doc?: Extraction; code?: string; reason?: string; ms: number }) => {
      const base = {
        path: p.inp.path, file: path.basename(p.inp.path), sha256: p.sha256, size: p.size, version: VERSION,
        ms: outcome.ms, attempts: (p.prev?.attempts ?? 0) + 1, finished_at: new Date().toISOString(),
      };
      let rec: ManifestRecord;
      if (outcome.doc && formats.length) {
        const doc = outcome.doc;
        try {
          await io(() => writeOutputs(doc, path.join(out, 'docs'), p.inp.stem, formats, { input: p.inp.path }));
        } catch (err) {
          // an exporter failing on one document fails that document, not the batch
          outcome = { code: 'failed', reason: `could not write its outputs: ${err instanceof Error ? err.message : String(err)}`, ms: outcome.ms };
        }
      }
      if (outcome.doc) {
        const doc = outcome.doc;
        rec = {
          ...base, status: 'ok', pages: doc.document.pages ?? null, tables: doc.tables.length, facts: doc.facts.length,
          issues: doc.issues.length, errors: doc.issues.filter((i) => i.severity === 'error').length, error: null, code: null,
        };
        ds.writeDocument(p.inp.path, doc, rec);
        summary.ok++;
      } else {
        rec = {
          ...base, status: 'failed', pages: null, tables: null, facts: null, issues: null, errors: null,
          error: outcome.reason ?? 'unknown error', code: outcome.code ?? 'failed',
        };
        ds.writeFailure(p.inp.path, rec);
        summary.failed.push(rec);
      }
      const pages = rec.pages ?? 0;
      summary.pages += pages;
      for (let i = pagesSeen.get(p.inp.path) ?? 0; i < pages; i++) progress.page();
      pagesSeen.delete(p.inp.path);
      const o: FileOutcome = {
        file: p.inp.path, ok: rec.status === 'ok', pages, tables: rec.tables ?? 0, facts: rec.facts ?? 0,
        issues: rec.issues ?? 0, errors: rec.errors ?? 0, ms: rec.ms, reason: rec.error ?? undefined,
        ...(outcome.doc ? { coverage: coverageSummary(outcome.doc.tables) } : {}),
      };
      progress.file(o);
      opts.onRecord?.(rec);
      manifestDirty = true;
      void flushManifest();
    };

    // 2. files that cannot be read at all are recorded at once
    for (const p of plan) if (p.error) await record(p, { code: 'not_found', reason: p.error, ms: 0 });

    // 3. the rest through the worker pool (CPU bound: one file per core)
    const todo = plan.filter((p) => !p.done && !p.error);
    if (todo.length) {
      const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), todo.length));
      // each worker's OCR gets its share of the cores, so N workers never start N × cores recognisers
      const ocrWorkers = Math.max(1, Math.floor(defaultJobs() / jobs));
      pool = new WorkerPool({
        size: jobs,
        maxMemoryMb: opts.maxMemoryMb ?? 2048,
        recycleAfter: opts.recycleAfter ?? 25,
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
          const r = await p0.run(p.inp.path, { ocr: opts.ocr ?? 'auto', tessdata: opts.tessdata, ocrWorkers, timeoutMs: opts.timeoutMs ?? 1_800_000 });
          if (!r.ok && stopped()) return; // cut short by the stop: not recorded, the next run reads it
          if (r.ok) {
            const doc = JSON.parse(r.json) as Extraction;
            await record(p, { doc, ms: r.ms });
          } else await record(p, { code: r.code, reason: r.reason, ms: r.ms });
        }),
      );
      opts.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    progress.stop();
    await pool?.close();
    await flushManifest(true).catch(() => {});
  }
  if (opts.exports?.length && !stopped()) await exportDataset(ds, path.join(out, 'dataset'), opts.exports);
  ds.close();
  summary.ms = Date.now() - t0;
  summary.failed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const secs = summary.ms / 1000;
  if (opts.progress !== 'none') {
    log(
      `batch: ${summary.total} files: ${summary.ok} read, ${summary.skipped} skipped (done before), ${summary.failed.length} failed; ` +
        `${summary.pages} pages in ${secs.toFixed(1)}s (${(summary.pages / Math.max(secs, 0.001)).toFixed(1)} pages/s)`,
    );
    log(`dataset: ${datasetFile}`);
    log(`manifest: ${manifestFile}`);
    for (const f of summary.failed) log(outcomeLine({ file: f.path, ok: false, pages: 0, ms: f.ms, reason: f.error ?? '' }));
  }
  return summary;
}
