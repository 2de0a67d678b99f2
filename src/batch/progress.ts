/**
 * Batch progress: a bar (files done, pages/s, failures, ETA) when stdout is a terminal, one plain line per file
 * otherwise (logs, CI, pipes), nothing when quiet.
 */
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Logger } from './log.js';

export interface FileOutcome {
  file: string;
  ok: boolean;
  pages: number;
  tables?: number;
  facts?: number;
  issues?: number;
  errors?: number;
  /** the lowest table coverage of the document (`coverage 0.93 (公开02表)`) */
  coverage?: string;
  ms: number;
  reason?: string;
}

export interface Progress {
  start(total: number, skipped: number): void;
  /** a page of `file` was read (its n-th): the bar names the file and page in flight */
  page(file?: string, n?: number): void;
  file(o: FileOutcome): void;
  stop(): void;
}

export type ProgressMode = 'bar' | 'lines' | 'none';

/** The bar is drawn on stderr (stdout keeps the results), so only when stderr is a terminal. */
export function progressMode(quiet?: boolean): ProgressMode {
  if (quiet) return 'none';
  // the bar goes to stderr, and only to a terminal: stdout stays the per-file lines a pipe or log expects
  return process.stderr.isTTY ? 'bar' : 'lines';
}

export function outcomeLine(o: FileOutcome): string {
  if (!o.ok) return `FAIL ${o.file}: ${o.reason}`;
  return `ok   ${o.file}: ${o.tables} tables, ${o.facts} facts, ${o.issues} issues (${o.errors} errors), ${o.coverage ? `${o.coverage}, ` : ''}${o.pages} pages, ${(o.ms / 1000).toFixed(1)}s`;
}

export function formatSeconds(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}

/** Fields of a file's line for --log-format json */
export function outcomeFields(o: FileOutcome): Record<string, unknown> {
  const { file, ...rest } = o;
  return { event: o.ok ? 'ok' : 'failed', file, ...rest };
}

export function createProgress(mode: ProgressMode, logger: Logger): Progress {
  let done = 0;
  let failed = 0;
  let pages = 0;
  let t0 = Date.now();
  // quiet: no progress, but a failure is never hidden
  if (mode === 'none') return { start() {}, page() {}, file: (o) => (o.ok ? undefined : logger.error(outcomeLine(o), outcomeFields(o))), stop() {} };
  if (mode === 'lines') {
    return {
      start(total, skipped) {
        t0 = Date.now();
        logger.result(`batch: ${total} files${skipped ? `, ${skipped} already done (same content, same pipeline version): skipped` : ''}`, { event: 'start', files: total, skipped });
      },
      page() {},
      file(o) {
        if (o.ok) logger.result(outcomeLine(o), outcomeFields(o));
        else logger.error(outcomeLine(o), outcomeFields(o));
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {value}/{total} files | {pps} pages/s | {failed} failed | ETA {remaining} | {current}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let total = 0;
  let skippedAtStart = 0;
  let current = '';
  // ETA from the files read in this run (skipped ones took no time)
  const payload = () => {
    const s = (Date.now() - t0) / 1000;
    const read = done - skippedAtStart;
    const eta = read > 0 ? formatSeconds((s / read) * (total - done)) : '…';
    return { pps: s > 0 ? (pages / s).toFixed(1) : '0', failed, remaining: eta, current };
  };
  return {
    start(n, skipped) {
      t0 = Date.now();
      total = n;
      done = skippedAtStart = skipped;
      bar.start(total, done, payload());
    },
    page(file, n) {
      pages++;
      if (file) current = `${path.basename(file)} p.${n ?? '?'}`;
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
