/**
 * The lines yjsgk prints, for people and for cron: results (ok lines, summaries) on stdout; warnings, failures
 * and notes on stderr. `text` lines on stderr start with the time; `json` prints one object per line on the same
 * streams ({time, level, msg, …fields}) for log collectors. `-v` adds debug lines, `-q` keeps only warnings and
 * errors (a failure is never hidden).
 */
export type LogFormat = 'text' | 'json';
export type LogLevel = 'debug' | 'info' | 'result' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  /** a result line (stdout) */
  result(msg: string, fields?: LogFields): void;
  /** progress and notes (stderr; hidden by -q) */
  info(msg: string, fields?: LogFields): void;
  /** only with -v */
  debug(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  format?: LogFormat;
  /** -1 quiet (warnings and errors only), 0 normal, 1 verbose */
  verbosity?: number;
  out?: (line: string) => void;
  err?: (line: string) => void;
  now?: () => Date;
  /** text lines on stderr start with the time (default true) */
  stamp?: boolean;
}

export function createLogger(o: LoggerOptions = {}): Logger {
  const format = o.format ?? 'text';
  const v = o.verbosity ?? 0;
  const out = o.out ?? ((s: string) => void process.stdout.write(s + '\n'));
  const err = o.err ?? ((s: string) => void process.stderr.write(s + '\n'));
  const now = o.now ?? (() => new Date());
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (level === 'debug' && v < 1) return;
    if ((level === 'info' || level === 'result') && v < 0) return;
    const sink = level === 'result' ? out : err;
    if (format === 'json') sink(JSON.stringify({ time: now().toISOString(), level, msg, ...fields }));
    else sink(level === 'result' || o.stamp === false ? msg : `${now().toISOString()} ${msg}`);
  };
  return {
    result: (m, f) => emit('result', m, f),
    info: (m, f) => emit('info', m, f),
    debug: (m, f) => emit('debug', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** A logger writing every line (results and notes alike) to one function: tests and library callers. */
export function lineLogger(log: (s: string) => void): Logger {
  return createLogger({ out: log, err: log, stamp: false });
}

/** A URL for messages: its password replaced by *** */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
