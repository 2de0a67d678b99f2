/**
 * Batch progress: a bar (files done, pages/s, failures, ETA) when stdout is a terminal, one plain line per file
 * otherwise (logs, CI, pipes), nothing when quiet.
 */
import cliProgress from 'cli-progress';

export interface FileOutcome {
  file: string;
  ok: boolean;
  pages: number;
  tables?: number;
  facts?: number;
  issues?: number;
  errors?: number;
  ms: number;
  reason?: string;
}

export interface Progress {
  start(total: number, skipped: number): void;
  page(): void;
  file(o: FileOutcome): void;
  stop(): void;
}

export type ProgressMode = 'bar' | 'lines' | 'none';

export function progressMode(quiet?: boolean): ProgressMode {
  if (quiet) return 'none';
  return process.stdout.isTTY ? 'bar' : 'lines';
}

export function outcomeLine(o: FileOutcome): string {
  if (!o.ok) return `FAIL ${o.file}: ${o.reason}`;
  return `ok   ${o.file}: ${o.tables} tables, ${o.facts} facts, ${o.issues} issues (${o.errors} errors), ${o.pages} pages, ${(o.ms / 1000).toFixed(1)}s`;
}

export function createProgress(mode: ProgressMode, log: (s: string) => void = console.log): Progress {
  let done = 0;
  let failed = 0;
  let pages = 0;
  let t0 = Date.now();
  if (mode === 'none') return { start() {}, page() {}, file() {}, stop() {} };
  if (mode === 'lines') {
    return {
      start(total, skipped) {
        t0 = Date.now();
        log(`batch: ${total} files${skipped ? `, ${skipped} already done (same content, same pipeline version): skipped` : ''}`);
      },
      page() {},
      file(o) {
        log(outcomeLine(o));
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {value}/{total} files | {pps} pages/s | {failed} failed | ETA {eta_formatted}',
      stream: process.stdout,
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => {
    const s = (Date.now() - t0) / 1000;
    return { pps: s > 0 ? (pages / s).toFixed(1) : '0', failed };
  };
  return {
    start(total, skipped) {
      t0 = Date.now();
      done = skipped;
      bar.start(total, done, payload());
    },
    page() {
      pages++;
      bar.update(done, payload());
    },
    file(o) {
      done++;
      if (!o.ok) failed++;
      bar.update(done, payload());
    },
    stop() {
      bar.stop();
    },
  };
}
