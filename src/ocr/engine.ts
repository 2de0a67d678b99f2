/**
 * The OCR engine: a pool of tesseract.js workers (one thread each, as many as the machine has cores), fed
 * small images — table cells and text lines — in the page segmentation mode that suits each. Everything is
 * local: the worker script and the wasm core come from node_modules, the language data from a tessdata
 * directory, and no cache is read or written.
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import Tesseract from 'tesseract.js';
import { toPgm, type Grey } from './image.js';
import type { LangData, Tessdata } from './tessdata.js';

const require = createRequire(import.meta.url);

/** line: one text line (psm 7); block: a cell of several lines (psm 6); digits: a numeric cell. */
export type ReadMode = 'line' | 'block' | 'digits';

export interface OcrWord {
  text: string;
  /** 0–1 */
  conf: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrLine {
  words: OcrWord[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

// Characters a numeric cell may hold; the whitelist keeps the recogniser from reading 0 as O or . as :
export const DIGITS = '0123456789.,-%';

type Kind = 'chi' | 'num';

interface Slot {
  kind: Kind;
  worker: Tesseract.Worker;
  params: Record<string, string>;
  busy: boolean;
}

export function defaultPoolSize(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, n));
}

function workerOptions(lang: LangData): Partial<Tesseract.WorkerOptions> {
  return {
    langPath: lang.dir,
    gzip: lang.gzip,
    // never read or write a cache: the data is read from langPath each time a worker starts
    cacheMethod: 'none',
    // the Node worker script from node_modules (the core wasm is required from tesseract.js-core by it)
    workerPath: require.resolve('tesseract.js/src/worker-script/node/index.js'),
    logger: () => undefined,
    errorHandler: () => undefined,
  };
}

export class OcrPool {
  private slots: Slot[] = [];
  private starting = new Map<Kind, Promise<Slot>[]>();
  private waiting: (() => void)[] = [];
  private running = 0;
  private closed = false;

  constructor(
    readonly data: Tessdata,
    readonly size: number = defaultPoolSize(),
  ) {}

  /** jobs waiting or running */
  get pending(): number {
    return this.running + this.waiting.length;
  }

  private async spawn(kind: Kind): Promise<Slot> {
    const lang = kind === 'num' && this.data.eng ? this.data.eng : this.data.chi;
    const code = lang === this.data.eng ? 'eng' : 'chi_sim';
    // OEM 1 (LSTM only): Debian's data has no legacy model, and OEM 0/2 abort the wasm core
    const worker = await Tesseract.createWorker(code, 1, workerOptions(lang), {
      // Tesseract's debug output goes nowhere (it would otherwise print on blank images)
      debug_file: '/dev/null',
      ...(kind === 'num' ? { load_system_dawg: '0', load_freq_dawg: '0' } : {}),
    } as unknown as Partial<Tesseract.InitOptions>);
    const slot: Slot = { kind, worker, params: {}, busy: false };
    this.slots.push(slot);
    return slot;
  }

  /** Starts one worker of each kind per core, so the first page does not wait for them one by one. */
  warm(): Promise<void> {
    const kinds: Kind[] = ['chi', 'num'];
    const all: Promise<Slot>[] = [];
    for (const k of kinds) {
      const list = this.starting.get(k) ?? [];
      while (list.length < this.size) list.push(this.spawn(k));
      this.starting.set(k, list);
      all.push(...list);
    }
    return Promise.all(all).then(() => undefined);
  }

  private async acquire(kind: Kind): Promise<Slot> {
    while (this.running >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      for (;;) {
        const idle = this.slots.find((s) => s.kind === kind && !s.busy);
        if (idle) {
          idle.busy = true;
          return idle;
        }
        const list = this.starting.get(kind) ?? [];
        this.starting.set(kind, list);
        if (list.length < this.size) list.push(this.spawn(kind));
        // wait for the workers being started (one of them is this job's)
        await Promise.all(list);
        if (this.closed) throw new Error('OCR pool is closed');
      }
    } catch (err) {
      this.release();
      throw err;
    }
  }

  private release(slot?: Slot): void {
    if (slot) slot.busy = false;
    this.running--;
    this.waiting.shift()?.();
  }

  /** Reads one image; `dpi` is the resolution it was rendered at. */
  async read(img: Grey, mode: ReadMode, dpi: number): Promise<OcrLine[]> {
    if (this.closed) throw new Error('OCR pool is closed');
    const kind: Kind = mode === 'digits' ? 'num' : 'chi';
    const slot = await this.acquire(kind);
    try {
      const want: Record<string, string> = {
        tessedit_pageseg_mode: mode === 'block' ? '6' : '7',
        user_defined_dpi: String(Math.round(dpi)),
        tessedit_char_whitelist: mode === 'digits' ? DIGITS : '',
      };
      const diff = Object.fromEntries(Object.entries(want).filter(([k, v]) => slot.params[k] !== v));
      if (Object.keys(diff).length) {
        await slot.worker.setParameters(diff as Partial<Tesseract.WorkerParams>);
        Object.assign(slot.params, diff);
      }
      const res = await slot.worker.recognize(Buffer.from(toPgm(img)), {}, { text: true, blocks: true });
      const lines: OcrLine[] = [];
      for (const b of res.data.blocks ?? []) {
        for (const p of b.paragraphs) {
          for (const l of p.lines) {
            const words = l.words
              .filter((w) => w.text.trim())
              .map((w) => ({ text: w.text, conf: Math.max(0, Math.min(1, w.confidence / 100)), ...w.bbox }));
            if (words.length) lines.push({ words, ...l.bbox });
          }
        }
      }
      return lines;
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const starting = [...this.starting.values()].flat();
    await Promise.allSettled(starting);
    await Promise.allSettled(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
    this.starting.clear();
  }
}
