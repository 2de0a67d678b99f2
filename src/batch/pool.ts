/**
 * A pool of reader processes for batch, extract and the queue: one job at a time per reader, a time limit per
 * file (the reader aborts itself at the limit; the pool kills it a little later if it does not), a V8 heap limit
 * per reader (--max-old-space-size) and a resident-memory limit per reader (native, image and wasm memory
 * included, which the heap limit does not see; read from /proc), and a fresh reader after a number of files or
 * when one holds on to much memory after a file. A reader that dies fails only its own file.
 *
 * Readers are child processes, not worker threads: V8 aborts the whole process on some failures whatever a
 * worker thread's resourceLimits say (an array growing past V8's largest size in pdf.js's font parser:
 * "Fatal JavaScript invalid size error"; an allocation larger than the heap's last reserve), and that took the
 * batch and every result line not yet printed with it. A reader process that aborts takes only its file.
 *
 * Production runs the compiled dist/batch/worker.js; under vitest or tsx the source is .ts, and the reader is
 * started with tsx's loader.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { OcrMode } from '../api.js';
import type { ExportFormat } from '../export/index.js';
import { type InputErrorCode } from '../model/errors.js';
import type { DocumentDigest } from './dataset.js';
import type { DocumentWarning } from './warnings.js';
import { processCpuMs, processRss } from './memory.js';

export interface WorkerJob {
  id: number;
  /** the file's path, or with `data` the name its bytes go by (stdin) */
  file: string;
  /** the input's bytes, read by the parent (stdin): the reader reads these under the name `file` */
  data?: Uint8Array;
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
  /** the reader writes the document's outputs itself (as writeOutputs) */
  outputs?: { dir: string; stem: string; formats: ExportFormat[]; input: string };
  /**
   * what comes back: the document as JSON ('doc', the default) or, for a dataset, its digest (the rows, built in
   * the reader) with its warnings and coverage: the parent then only appends rows
   */
  result?: 'doc' | 'digest';
}

/** A document as the batch's parent needs it: the dataset rows and what its result line says. */
export interface ReadDigest extends DocumentDigest {
  warnings: DocumentWarning[];
  /** coverageSummary of its tables */
  coverage: string;
  /** the reader could not write the outputs (the reason) */
  outputError?: string;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'page'; id: number; page: number; total: number }
  | { type: 'done'; id: number; json?: string; digest?: ReadDigest }
  | { type: 'failed'; id: number; code: InputErrorCode; reason: string };

/** ms: time on a reader (from the job being handed to it); peakRss: the reader's highest resident memory meanwhile (bytes, 0 where unknown) */
export type JobResult = ({ ok: true; json?: string; digest?: ReadDigest } | { ok: false; code: InputErrorCode; reason: string }) & { ms: number; peakRss?: number };

export function limitText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** More runnable work than cores over the last minute. */
function machineBusy(): boolean {
  return loadavg()[0] > availableParallelism();
}

/**
 * The reason of a file stopped at its time limit, with the CPU time the file had meanwhile where known: far less
 * than the limit on a loaded machine means the machine slowed it (raise the limit), about as much or more means
 * the file kept the reader busy.
 */
export function timeLimitReason(limitMs: number, cpuMs: number | undefined, stopped: boolean, busy = machineBusy()): string {
  const slowed = cpuMs !== undefined && cpuMs < limitMs / 2 && busy;
  const cpu = cpuMs === undefined ? '' : ` after ${limitText(Math.round(cpuMs))} of CPU time${slowed ? ': the machine was busy' : ''}`;
  return `took longer than the ${limitText(limitMs)} limit per file (${stopped ? 'the reader was stopped' : 'stopped'}${cpu}; raise it with --timeout)`;
}

export interface PoolOptions {
  size: number;
  /** per reader V8 heap limit (MiB) */
  maxMemoryMb: number;
  /** files per reader before it is replaced */
  recycleAfter: number;
  /** grace after the per-file limit before the reader is killed */
  graceMs?: number;
  /**
   * Resident memory one reader may hold (MiB; native and image memory included, which the heap limit does not
   * see). A reader over it is stopped and its file fails with that reason; one holding more than half of it after
   * a file is replaced. Default: maxMemoryMb + 512.
   */
  maxRssMb?: number;
  /** how often the readers' resident memory is looked at (default 100 ms) */
  rssEveryMs?: number;
  onPage?: (file: string, page: number, total: number) => void;
  /** the machine's cores (default availableParallelism()): readers as many as the cores keep to one thread each */
  cores?: number;
}

interface Pending {
  job: WorkerJob;
  resolve: (r: JobResult) => void;
  started?: number;
  /** the reader's CPU time (ms) when it was handed the file */
  cpuAtStart?: number;
  peakRss: number;
}

interface Slot {
  child: ChildProcess;
  /** its modules are loaded: the time limit of a file starts when the file is handed to a ready reader */
  ready: boolean;
  done: number;
  current?: Pending;
  timer?: NodeJS.Timeout;
  /** the reader is being replaced: its exit is expected */
  retiring?: boolean;
  /** replace it after its current file (it holds on to too much memory) */
  recycle?: boolean;
  /** the end of what it printed (V8's fatal error message says why it died) */
  tail: string;
  exited: Promise<void>;
}

/**
 * How to start a reader: the compiled .js next to this module, or the .ts source with tsx's loader. When the
 * readers take every core, each collects its garbage on its own thread: V8's parallel collector threads would
 * only take time from the other readers (measured: a lone reader keeps 1.4 cores busy; two readers with one GC
 * thread each read 3.6 files/s where two with helper threads read 2.75).
 */
function startReader(maxMemoryMb: number, ownCoreOnly: boolean): ChildProcess {
  const here = import.meta.url;
  const ts = /\.ts$/.test(new URL(here).pathname);
  const execArgv = [`--max-old-space-size=${maxMemoryMb}`, ...(ownCoreOnly ? ['--single-threaded-gc'] : [])];
  if (ts) {
    let tsx = 'tsx';
    try {
      tsx = import.meta.resolve('tsx');
    } catch {
      // resolved from the working directory then
    }
    execArgv.push('--import', tsx);
  }
  const entry = fileURLToPath(new URL(ts ? './worker.ts' : './worker.js', here));
  return fork(entry, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
}

/** Why a reader process died, from its exit and the last thing it printed. */
export function deathReason(tail: string, code: number | null, signal: string | null, maxMemoryMb: number): { code: InputErrorCode; reason: string } {
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(tail)) {
    return { code: 'too_large', reason: `ran out of memory (over the ${maxMemoryMb} MiB heap limit per file; raise it with --max-memory)` };
  }
  // "# Fatal JavaScript invalid size error 169220804": an array grown past V8's largest size
  const fatal = tail.match(/Fatal JavaScript ([a-z ]*error)/i) ?? tail.match(/Fatal (error)/i);
  if (fatal) return { code: 'failed', reason: `the reader crashed on this file (V8 stopped it: ${fatal[1].trim()})` };
  return { code: 'failed', reason: `the reader crashed on this file (its process ended with ${signal ? `signal ${signal}` : `exit code ${code}`})` };
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

  /** the highest resident memory seen, this process and its readers together, in bytes */
  peakRss = 0;
  /** readers replaced because they held on to too much memory after a file */
  recycledForMemory = 0;
  private rssTimer?: NodeJS.Timeout;

  private get rssLimit(): number {
    return (this.opts.maxRssMb ?? this.opts.maxMemoryMb + 512) * 1048576;
  }

  private watchMemory(): void {
    if (this.rssTimer) return;
    this.rssTimer = setInterval(() => {
      let total = process.memoryUsage.rss();
      for (const s of this.slots) {
        if (s.retiring || s.child.pid === undefined) continue;
        const rss = processRss(s.child.pid);
        total += rss;
        if (s.current) {
          s.current.peakRss = Math.max(s.current.peakRss, rss);
          if (rss > this.rssLimit) {
            this.fail(s, 'too_large', `ran out of memory (the reader went over the ${Math.round(this.rssLimit / 1048576)} MiB a file may use, native and image memory included; raise it with --max-memory)`);
          }
        } else if (s.done > 0 && rss > this.rssLimit / 2) {
          // an idle reader that kept much of what its last file took: a fresh one starts small
          this.recycledForMemory++;
          this.retire(s);
        }
      }
      this.peakRss = Math.max(this.peakRss, total);
    }, this.opts.rssEveryMs ?? 100);
    this.rssTimer.unref();
  }

  run(file: string, o: Omit<WorkerJob, 'id' | 'file'>): Promise<JobResult> {
    this.watchMemory();
    if (this.closed) return Promise.resolve({ ok: false, code: 'failed', reason: 'the batch was stopped', ms: 0 });
    return new Promise((resolve) => {
      this.queue.push({ job: { id: this.nextId++, file, ...o }, resolve, peakRss: 0 });
      this.pump();
    });
  }

  private spawn(): Slot {
    const child = startReader(this.opts.maxMemoryMb, this.opts.size >= (this.opts.cores ?? availableParallelism()));
    let exited!: () => void;
    const slot: Slot = { child, ready: false, done: 0, tail: '', exited: new Promise((r) => (exited = r)) };
    const keep = (c: Buffer) => (slot.tail = (slot.tail + c.toString('utf8')).slice(-8192));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    child.on('error', () => {
      // could not be started or signalled: 'exit' follows (or the slot is already gone)
    });
    child.on('exit', (code, signal) => {
      exited();
      if (!slot.retiring) {
        // its output pipes may still hold the end of what it printed
        setImmediate(() => {
          const why = deathReason(slot.tail, code, signal, this.opts.maxMemoryMb);
          if (!slot.ready) this.startFailed(why.reason);
          this.fail(slot, why.code, why.reason);
          this.remove(slot);
        });
        return;
      }
      this.remove(slot);
    });
    this.slots.push(slot);
    return slot;
  }

  /** A reader died before it could take a file; after three in a row, no reader can start: the files fail. */
  private startFailed(reason: string): void {
    if (++this.startFailures < 3) return;
    this.startFailures = 0;
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, code: 'failed', reason: `no reader could start: ${reason}`, ms: 0 });
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    this.pump();
  }

  private retire(slot: Slot): void {
    if (slot.retiring) return;
    slot.retiring = true;
    slot.child.kill('SIGKILL');
  }

  /** The slot's current job fails; the reader is replaced. */
  private fail(slot: Slot, code: InputErrorCode, reason: string): void {
    const p = slot.current;
    slot.current = undefined;
    if (slot.timer) clearTimeout(slot.timer);
    this.retire(slot);
    p?.resolve({ ok: false, code, reason, ms: p.started ? Date.now() - p.started : 0, peakRss: p.peakRss });
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
    if (slot.child.pid !== undefined) p.peakRss = Math.max(p.peakRss, processRss(slot.child.pid));
    p.resolve(
      m.type === 'done'
        ? { ok: true, ...(m.json !== undefined ? { json: m.json } : {}), ...(m.digest ? { digest: m.digest } : {}), ms, peakRss: p.peakRss }
        : { ok: false, code: m.code, reason: m.reason, ms, peakRss: p.peakRss },
    );
    if (slot.done >= this.opts.recycleAfter || slot.recycle) {
      this.retire(slot);
      return; // 'exit' removes it and pumps
    }
    this.pump();
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.current && !s.retiring);
      if (!slot) {
        // start readers up to the pool size; each takes a file once its modules are loaded
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
      const pid = s.child.pid;
      p.cpuAtStart = pid === undefined ? undefined : processCpuMs(pid);
      s.timer = setTimeout(() => {
        const now = pid === undefined ? undefined : processCpuMs(pid);
        const cpu = now === undefined || p.cpuAtStart === undefined ? undefined : now - p.cpuAtStart;
        this.fail(s, 'timeout', timeLimitReason(p.job.timeoutMs, cpu, true));
      }, p.job.timeoutMs + (this.opts.graceMs ?? 5000));
      s.child.send(p.job);
    }
  }

  /** Stops the readers; queued and running files resolve as failed with `reason`. */
  async close(reason = 'the batch was stopped'): Promise<void> {
    this.closed = true;
    if (this.rssTimer) clearInterval(this.rssTimer);
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, code: 'failed', reason, ms: 0 });
    await Promise.all(
      [...this.slots].map(async (s) => {
        const p = s.current;
        s.current = undefined;
        if (s.timer) clearTimeout(s.timer);
        p?.resolve({ ok: false, code: 'failed', reason, ms: p.started ? Date.now() - p.started : 0, peakRss: p.peakRss });
        if (s.child.exitCode === null && s.child.signalCode === null) {
          this.retire(s);
          await s.exited;
        }
      }),
    );
  }
}
