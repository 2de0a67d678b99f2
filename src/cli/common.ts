/**
 * What every yjsgk command shares: the exit codes, the log options (-v, -q, --log-format) and the stop signals.
 */
import { Option, type Command } from 'commander';
import { createLogger, type LogFormat, type Logger } from '../batch/log.js';

/** The exit codes, listed in --help and the README. */
export const EXIT = {
  ok: 0,
  /** a file failed in this run, or with --strict a document had error-level issues or no disclosure table */
  failed: 1,
  /** bad usage: an unknown option or value, no input, an unreachable Redis or database, a missing dataset folder */
  usage: 2,
  sigint: 130,
  sigterm: 143,
} as const;

export const EXIT_HELP = `
Exit codes:
  0    every input read (warnings, copies and known failures of unchanged files included)
  1    a file failed in this run; with --strict also a document with error-level issues or no disclosure table
  2    bad usage: unknown option or value, no input files, Redis or the database unreachable, dataset folder missing
  130  stopped by SIGINT (Ctrl-C), after writing the summary and the manifest
  143  stopped by SIGTERM, after writing the summary and the manifest

Results (ok lines, summaries, --out - documents) go to stdout; warnings, failures and notes to stderr.`;

export interface LogOpts {
  logFormat?: LogFormat;
  verbose?: boolean;
  quiet?: boolean;
}

export function withLogOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--log-format <format>', 'text, or json: one object per line for log collectors').choices(['text', 'json']).default('text'))
    .option('-v, --verbose', 'also debug lines')
    .option('-q, --quiet', 'no progress or result lines; warnings and failures still on stderr')
    .addHelpText('after', EXIT_HELP);
}

export function loggerFor(o: LogOpts, opts: { resultsToStderr?: boolean } = {}): Logger {
  const err = (s: string) => void process.stderr.write(s + '\n');
  return createLogger({
    format: o.logFormat ?? 'text',
    verbosity: o.quiet ? -1 : o.verbose ? 1 : 0,
    ...(opts.resultsToStderr ? { out: err } : {}),
  });
}

/**
 * SIGINT and SIGTERM stop the command cleanly: the files in hand are finished or left for the next run, the
 * summary and the manifest are written, and the exit code says which signal (130, 143). A second signal exits at
 * once.
 */
export function stopSignal(logger: Logger, what = 'finished files are kept; run again to continue'): { signal: AbortSignal; exitCode: () => number | null } {
  const ac = new AbortController();
  let code: number | null = null;
  const on = (name: 'SIGINT' | 'SIGTERM', c: number) => {
    process.on(name, () => {
      if (code !== null) process.exit(c);
      code = c;
      logger.warn(`yjsgk: ${name}: stopping (${what})`, { event: 'stopping', signal: name });
      ac.abort();
    });
  };
  on('SIGINT', EXIT.sigint);
  on('SIGTERM', EXIT.sigterm);
  return { signal: ac.signal, exitCode: () => code };
}

export function positiveNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number (got ${v})`);
  return n;
}

/** A mistake in the command line: exit code 2. */
export class UsageError extends Error {}

/** "1-3,7" → [1, 2, 3, 7] */
export function parsePages(s: string | undefined): number[] | undefined {
  if (s === undefined) return undefined;
  const out: number[] = [];
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) throw new UsageError(`--pages takes page numbers and ranges like 1-3,7 (got ${s})`);
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (a < 1 || b < a) throw new UsageError(`--pages: ${part} is not a range of pages`);
    for (let n = a; n <= b; n++) out.push(n);
  }
  if (!out.length) throw new UsageError('--pages names no page');
  return out;
}
