/**
 * A pool of worker threads for the batch: one job at a time per worker, a time limit per file (the worker aborts
 * itself at the limit; the pool terminates it a little later if it does not), a heap limit per worker
 * (resourceLimits), and a fresh worker after a number of files so that native memory (pdf.js, canvas) cannot
 * build up over a long batch. A worker that dies fails only its own file.
 *
 * Production runs the compiled dist/batch/worker.js; under vitest or tsx the source is .ts, and the worker is
 * started through tsx's loader.
 */
import { Worker } from 'node:worker_threads';
import type { OcrMode } from '../api.js';
import { libraryDetail, type InputErrorCode } from '../model/errors.js';

export interface WorkerJob {
  id: number;
  file: string;
  ocr: OcrMode;
  tessdata?: string;
  /** recogniser threads this worker's OCR may use (the cores shared among the batch's workers) */
  ocrWorkers?: number;
  timeoutMs: number;
  password?: string;
  /** read only these PDF pages (1-based) */
  pages?: number[];
  /** largest image pdf.js decodes in this worker, in pixels (part of the memory limit) */
  maxImageSize?: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'page'; id: number; page: number; total: number }
  | { type: 'done'; id: number; json: string }
  | { type: 'failed'; id: number; code: InputErrorCode; reason: string };

/** ms: time on a worker (from the job being handed to it) */
export type JobResult = ({ ok: true; json: string } | { ok: false; code: InputErrorCode; reason: string }) & { ms: number };

export function limitText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

export interface PoolOptions {
  size: number;
  /** per worker V8 heap limit (MiB) */
  maxMemoryMb: number;
  /** files per worker before it is replaced */
  recycleAfter: number;
  /** grace after the per-file limit before the worker is terminated */
  graceMs?: number;
  /**
   * The process's resident memory (native and image memory included, which the V8 heap limit does not see) that
   * the pool keeps to: above it, each worker is replaced after its current file; above 1.5× it, the worker that has
   * been on its file longest is stopped and the file fails with that reason. Default: size × maxMemoryMb + 512 MiB.
   */
  maxRssMb?: number;
  /** how often the resident memory is looked at (default 500 ms) */
  rssEveryMs?: number;
  /** resident memory in bytes (tests give their own) */
  rss?: () => number;
  onPage?: (file: string, page: number, total: number) => void;
}

interface Pending {
  job: WorkerJob;
  resolve: (r: JobResult) => void;
  started?: number;
}

interface Slot {
  worker: Worker;
  /** its modules are loaded: the time limit of a file starts when the file is handed to a ready worker */
  ready: boolean;
  done: number;
  current?: Pending;
  timer?: NodeJS.Timeout;
  /** the worker is being replaced: its exit is expected */
  retiring?: boolean;
  /** replace it after its current file (the process is over its memory budget) */
  recycle?: boolean;
}

/** How to start the worker: the compiled .js next to this module, or the .ts source through tsx. */
function startWorker(maxMemoryMb: number): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: maxMemoryMb };
  if (/\.ts$/.test(new URL(here).pathname)) {
    const src = new URL('./worker.ts', here).href;
    let tsx = 'tsx/esm/api';
    try {
      tsx = import.meta.resolve('tsx/esm/api');
    } catch {
      // resolved from the working directory then
    }
    // Node 20 does not apply --import hooks to a worker's own entry module, so the entry registers tsx itself
    const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(src)}); });`;
    return new Worker(code, { eval: true, resourceLimits });
  }
  return new Worker(new URL('./worker.js', here), { resourceLimits });
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private startFailures = 0;

  constructor(private readonly opts: PoolOptions) {}

  get size(): number {
    return this.opts.size;
  }

  /** the highest resident memory seen, in bytes */
  peakRss = 0;
  /** workers replaced because the process was over its memory budget */
  recycledForMemory = 0;
  private rssTimer?: NodeJS.Timeout;

  private watchMemory(): void {
    if (this.rssTimer) return;
    const budget = (this.opts.maxRssMb ?? this.opts.size * this.opts.maxMemoryMb + 512) * 1048576;
    const rss = this.opts.rss ?? (() => process.memoryUsage.rss());
    this.rssTimer = setInterval(() => {
      const now = rss();
      this.peakRss = Math.max(this.peakRss, now);
      if (now <= budget) return;
      for (const s of this.slots) {
        // a fresh worker is left alone (replacing it frees nothing); one that has read a file is replaced after it
        if (s.retiring || s.recycle || (s.done === 0 && !s.current)) continue;
        s.recycle = true;
        this.recycledForMemory++;
        if (!s.current) {
          s.retiring = true;
          void s.worker.terminate();
        }
      }
      if (now > budget * 2) {
        const busy = this.slots.filter((s) => s.current && !s.retiring).sort((a, b) => (a.current!.started ?? 0) - (b.current!.started ?? 0));
        if (busy[0]) this.fail(busy[0], 'too_large', `needed more memory than the ${Math.round(budget / 1048576)} MiB the batch may use (native and image memory included)`);
      }
    }, this.opts.rssEveryMs ?? 500);
    this.rssTimer.unref();
  }

  run(file: string, o: Omit<WorkerJob, 'id' | 'file'>): Promise<JobResult> {
    this.watchMemory();
    if (this.closed) return Promise.resolve({ ok: false, code: 'failed', reason: 'the batch was stopped', ms: 0 });
    return new Promise((resolve) => {
      this.queue.push({ job: { id: this.nextId++, file, ...o }, resolve });
      this.pump();
    });
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(this.opts.maxMemoryMb), ready: false, done: 0 };
    slot.worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    slot.worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const reason = oom ? `ran out of memory (over the ${this.opts.maxMemoryMb} MiB heap limit per file; raise it with --max-memory)` : `the reader crashed on this file (${libraryDetail(err)})`;
      if (!slot.ready) this.startFailed(reason);
      this.fail(slot, oom ? 'too_large' : 'failed', reason);
    });
    slot.worker.on('exit', (code) => {
      if (!slot.retiring) {
        if (!slot.ready) this.startFailed(`worker exited (code ${code})`);
        this.fail(slot, 'failed', `worker exited (code ${code})`);
      }
      this.remove(slot);
    });
    this.slots.push(slot);
    return slot;
  }

  /** A worker died before it could take a file; after three in a row, no worker can start: the files fail. */
  private startFailed(reason: string): void {
    if (++this.startFailures < 3) return;
    this.startFailures = 0;
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, code: 'failed', reason: `no worker could start: ${reason}`, ms: 0 });
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    this.pump();
  }

  /** The slot's current job fails; the worker is replaced. */
  private fail(slot: Slot, code: InputErrorCode, reason: string): void {
    const p = slot.current;
    slot.current = undefined;
    if (slot.timer) clearTimeout(slot.timer);
    if (!slot.retiring) {
      slot.retiring = true;
      void slot.worker.terminate();
    }
    p?.resolve({ ok: false, code, reason, ms: p.started ? Date.now() - p.started : 0 });
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.startFailures = 0;
      this.pump();
      return;
    }
    const p = slot.current;
    if (!p || m.id !== p.job.id) return;
    if (m.type === 'page') {
      this.opts.onPage?.(p.job.file, m.page, m.total);
      return;
    }
    clearTimeout(slot.timer);
    slot.current = undefined;
    slot.done++;
    const ms = Date.now() - (p.started ?? Date.now());
    p.resolve(m.type === 'done' ? { ok: true, json: m.json, ms } : { ok: false, code: m.code, reason: m.reason, ms });
    if (slot.done >= this.opts.recycleAfter || slot.recycle) {
      slot.retiring = true;
      void slot.worker.terminate();
      return; // 'exit' removes it and pumps
    }
    this.pump();
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.current && !s.retiring);
      if (!slot) {
        // start workers up to the pool size; each takes a file once its modules are loaded
        const starting = this.slots.filter((s) => !s.ready && !s.retiring).length;
        const busyOrStarting = this.slots.filter((s) => !s.retiring).length;
        if (busyOrStarting < this.opts.size && starting < this.queue.length) {
          this.spawn();
          continue;
        }
        return;
      }
      const p = this.queue.shift()!;
      slot.current = p;
      p.started = Date.now();
      const s = slot;
      s.timer = setTimeout(() => {
        this.fail(s, 'timeout', `took longer than the ${limitText(p.job.timeoutMs)} limit per file (the worker was stopped; raise it with --timeout)`);
      }, p.job.timeoutMs + (this.opts.graceMs ?? 5000));
      s.worker.postMessage(p.job);
    }
  }

  /** Stops the workers; queued and running files resolve as failed with `reason`. */
  async close(reason = 'the batch was stopped'): Promise<void> {
    this.closed = true;
    if (this.rssTimer) clearInterval(this.rssTimer);
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, code: 'failed', reason, ms: 0 });
    await Promise.all(
      [...this.slots].map(async (s) => {
        s.retiring = true;
        const p = s.current;
        s.current = undefined;
        if (s.timer) clearTimeout(s.timer);
        p?.resolve({ ok: false, code: 'failed', reason, ms: p.started ? Date.now() - p.started : 0 });
        await s.worker.terminate();
      }),
    );
  }
}
