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
  /** jobs posted to the worker and not yet answered (it reads them one after another) */
  load: number;
}

/**
 * Jobs queued in each worker at once: the worker starts the next image the moment it is done with one, even
 * while the main thread is busy with a page's image work and could not hand it a new one.
 */
const DEPTH = 16;

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

/** Tesseract's TSV (level, page, block, par, line, word, left, top, width, height, conf, text) → lines of words. */
export function parseTsv(tsv: string): OcrLine[] {
  const lines: OcrLine[] = [];
  let key = '';
  let cur: OcrLine | undefined;
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12) continue;
    const level = Number(f[0]);
    const left = Number(f[6]);
    const top = Number(f[7]);
    const box = { x0: left, y0: top, x1: left + Number(f[8]), y1: top + Number(f[9]) };
    const k = f.slice(1, 5).join('.');
    if (level === 4) {
      if (cur?.words.length) lines.push(cur);
      cur = { words: [], ...box };
      key = k;
    } else if (level === 5 && cur && k === key) {
      const text = f.slice(11).join('\t');
      if (text.trim()) cur.words.push({ text, conf: Math.max(0, Math.min(1, Number(f[10]) / 100)), ...box });
    }
  }
  if (cur?.words.length) lines.push(cur);
  return lines;
}

export class OcrPool {
  private slots: Slot[] = [];
  private starting = new Map<Kind, Promise<Slot>[]>();
  private waiting = new Map<Kind, (() => void)[]>();
  private closed = false;

  constructor(
    readonly data: Tessdata,
    readonly size: number = defaultPoolSize(),
  ) {}

  /** jobs waiting or running */
  get pending(): number {
    return this.slots.reduce((n, s) => n + s.load, 0) + [...this.waiting.values()].reduce((n, w) => n + w.length, 0);
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
    if (this.closed) {
      // the pool closed while this worker was starting (close() may already have terminated the others): it
      // would keep the process alive
      await worker.terminate().catch(() => undefined);
      throw new Error('OCR pool is closed');
    }
    const slot: Slot = { kind, worker, load: 0 };
    this.slots.push(slot);
    return slot;
  }

  /** Starts one worker of each kind per core, so the first page does not wait for them one by one. */
  warm(): Promise<void> {
    const start = (k: Kind): Promise<Slot[]> => {
      // closed before (or while) the first kind started: nothing more is started
      if (this.closed) return Promise.resolve([]);
      const list = this.starting.get(k) ?? [];
      while (list.length < this.size) list.push(this.spawn(k));
      this.starting.set(k, list);
      return Promise.all(list);
    };
    // the Chinese readers first: every page has text lines, and two cores load two models at a time
    return start('chi').then(() => start('num')).then(() => undefined);
  }


  private async acquire(kind: Kind): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error('OCR pool is closed');
      // the least loaded worker of the kind, while it has room in its queue
      let best: Slot | undefined;
      for (const s of this.slots) if (s.kind === kind && s.load < DEPTH && (!best || s.load < best.load)) best = s;
      const list = this.starting.get(kind) ?? [];
      this.starting.set(kind, list);
      // an idle worker is used at once; a busy one only when no more may be started
      if (best && (best.load === 0 || list.length >= this.size)) {
        best.load++;
        return best;
      }
      if (list.length < this.size) {
        list.push(this.spawn(kind));
        await Promise.all(list);
        continue;
      }
      if (this.slots.filter((s) => s.kind === kind).length < list.length) {
        // workers of this kind are still starting
        await Promise.all(list);
        continue;
      }
      const w = this.waiting.get(kind) ?? [];
      this.waiting.set(kind, w);
      await new Promise<void>((r) => w.push(r));
    }
  }

  private release(slot: Slot): void {
    slot.load--;
    this.waiting.get(slot.kind)?.shift()?.();
  }

  /** Reads one image; `dpi` is the resolution it was rendered at; `psm` overrides the mode's segmentation. */
  async read(img: Grey, mode: ReadMode, dpi: number, psm?: number): Promise<OcrLine[]> {
    if (this.closed) throw new Error('OCR pool is closed');
    const kind: Kind = mode === 'digits' ? 'num' : 'chi';
    const slot = await this.acquire(kind);
    try {
      const want: Record<string, string> = {
        tessedit_pageseg_mode: psm !== undefined ? String(psm) : mode === 'block' ? '6' : '7',
        user_defined_dpi: String(Math.round(dpi)),
        tessedit_char_whitelist: mode === 'digits' ? DIGITS : '',
      };
      // the parameters go with each image (the worker sets them for that image alone, as jobs queue up in
      // it); the TSV output has the word boxes and confidences, cheaper to make than the JSON of every symbol
      const res = await slot.worker.recognize(Buffer.from(toPgm(img)), want as Partial<Tesseract.RecognizeOptions>, { text: false, blocks: false, tsv: true });
      const lines = parseTsv(res.data.tsv ?? '');
      return lines;
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    // jobs waiting for a worker end with the pool's error
    for (const w of this.waiting.values()) for (const wake of w.splice(0)) wake();
    const starting = [...this.starting.values()].flat();
    await Promise.allSettled(starting);
    await Promise.allSettled(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
    this.starting.clear();
  }
}
