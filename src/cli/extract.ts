/**
 * `yjsgk extract FILE... --out DIR --format json,xlsx`: one result line per file on stdout, one line per failure
 * or warning on stderr; the other files still go through. Every input is accounted for: each gets its own output
 * stem (as batch makes them), the same bytes under a second name are read once (`same` line), files a folder
 * holds that are not disclosures are listed as skipped. `-` reads stdin; `--out -` writes the document to stdout.
 */
import { MAX_INPUT_BYTES, coverageSummary, type OcrMode } from '../api.js';
import type { Extraction } from '../model/schema.js';
import { InputError, describeError } from '../model/errors.js';
import { FORMATS, factsCsv, toJson, writeOutputs, type ExportFormat } from '../export/index.js';
import { expandInputs, hashFile, type BatchInput } from '../batch/inputs.js';
import { createLogger, lineLogger, type Logger } from '../batch/log.js';
import { documentWarnings } from '../batch/warnings.js';
import { EXIT, UsageError } from './common.js';
import { createHash } from 'node:crypto';
import { WorkerPool } from '../batch/pool.js';
import { SETTINGS } from '../model/settings.js';

export interface ExtractCliOptions {
  out: string;
  format: string;
  ocr: OcrMode;
  tessdata?: string;
  strict?: boolean;
  password?: string;
  pages?: number[];
  signal?: AbortSignal;
  /** per-file time limit (default 1800 s, as in batch) */
  timeoutMs?: number;
  /** heap limit of the reader process reading each input (stdin too), MiB (default 2048) */
  maxMemoryMb?: number;
}

export function parseFormats(s: string): ExportFormat[] {
  const list = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !(FORMATS as readonly string[]).includes(x));
  if (bad.length) throw new UsageError(`unknown format ${bad.join(', ')} (choose from ${FORMATS.join(', ')})`);
  return list as ExportFormat[];
}

const STDIN = '-';
/** the name stdin's bytes go by in messages and in document.source */
const STDIN_NAME = 'stdin';

/** The summary line of a read document. */
export function docLine(file: string, doc: Extraction, ms: number): string {
  const errors = doc.issues.filter((i) => i.severity === 'error').length;
  const kinds = doc.tables.map((t) => t.kind + (t.empty ? '(empty)' : '')).join(' ');
  const ocr = doc.document.ocrPages?.length ? `, ${doc.document.ocrPages.length} OCR` : '';
  // the lowest table coverage of the document (tables[].quality), where its tables print amounts
  const cov = coverageSummary(doc.tables);
  return (
    `ok   ${file}: ${doc.tables.length} tables, ${doc.facts.length} facts, ${doc.forms.length} forms, ` +
    `${doc.issues.length} issues (${errors} errors), ${cov ? `${cov}, ` : ''}${doc.document.pages} pages${ocr}` +
    `${doc.warnings.length ? `, ${doc.warnings.length} warnings` : ''}, ${(ms / 1000).toFixed(1)}s` +
    (kinds ? ` [${kinds}]` : '')
  );
}

/**
 * Reads an input stream (stdin) up to `maxBytes` (the largest input extract accepts): more fails the input, naming
 * it, instead of growing the command's memory without bound.
 */
export async function readStream(stream: AsyncIterable<Buffer | string>, name: string, maxBytes = MAX_INPUT_BYTES): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    size += b.length;
    if (size > maxBytes) {
      throw new InputError(name, 'too_large', `file is over the ${(maxBytes / 1048576).toFixed(0)} MiB limit (read no further than that)`);
    }
    chunks.push(b);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Runs extract over the arguments; returns the exit code. Without a logger, `log` takes the result lines and
 * `err` the others (both to `log` when `err` is not given).
 * With `--out -` the documents go to `write` (stdout) and the result lines to the logger's stderr side.
 */
export async function runExtract(
  args: string[],
  opts: ExtractCliOptions,
  log: ((s: string) => void) | Logger = console.log,
  err?: (s: string) => void,
  write: (s: string) => void = (s) => void process.stdout.write(s),
): Promise<number> {
  const logger = typeof log !== 'function' ? log : err ? createLogger({ out: log, err, stamp: false }) : lineLogger(log);
  const toStdout = opts.out === STDIN;
  let formats = parseFormats(opts.format);
  if (toStdout) {
    formats = formats.filter((f) => f !== 'xlsx');
    if (!formats.length) formats = ['json'];
    if (formats.length > 1) throw new UsageError('--out - writes one format to stdout: json or csv');
  }
  const stdinCount = args.filter((a) => a === STDIN).length;
  if (stdinCount > 1) throw new UsageError('- (stdin) can be given once');
  const { inputs, missing, skipped } = await expandInputs(args.filter((a) => a !== STDIN));
  for (const s of skipped) logger.info(`skipped: ${s.path} (${s.reason})`, { event: 'skipped', file: s.path, reason: s.reason });
  let failed = missing.length;
  for (const m of missing) logger.error(`FAIL ${m}: no such file, folder or matching file`, { event: 'failed', file: m, code: 'not_found' });
  const list: (BatchInput | { path: typeof STDIN; stem: string })[] = [...inputs];
  if (stdinCount) list.push({ path: STDIN, stem: 'stdin' });
  if (!list.length) throw new UsageError('no input files');

  let strictFail = 0;
  const seen = new Map<string, string>();
  // on a terminal, stderr names the file and the page being read (an OCR page takes seconds)
  const tty = process.stderr.isTTY;
  const show = (s: string) => tty && process.stderr.write(`\r\x1b[K${s}`);
  const pool = new WorkerPool({
    size: 1, maxMemoryMb: opts.maxMemoryMb ?? 2048, recycleAfter: SETTINGS.readers.filesEach, graceMs: 1000,
    onPage: (file, n, total) => show(n < total ? `${file}: page ${n + 1}/${total}` : `${file}: checking`),
  });
  const timeoutMs = opts.timeoutMs ?? 1_800_000;
  try {
    for (const inp of list) {
      if (opts.signal?.aborted) break;
      const t0 = Date.now();
      const name = inp.path;
      try {
        let data: Uint8Array | undefined;
        let sha: string;
        if (name === STDIN) {
          data = await readStream(process.stdin, STDIN_NAME);
          sha = createHash('sha256').update(data).digest('hex');
        } else sha = (await hashFile(name)).sha256;
        const first = seen.get(sha);
        if (first) {
          logger.result(`same ${name}: the same bytes as ${first} (read once)`, { event: 'alias', file: name, alias_of: first });
          continue;
        }
        seen.set(sha, name);
        logger.debug(`reading ${name} (sha256 ${sha})`, { event: 'reading', file: name, sha256: sha });
        show(`${name}: reading`);
        let doc: Extraction;
        const pass = { ...(opts.password !== undefined ? { password: opts.password } : {}), ...(opts.pages ? { pages: opts.pages } : {}) };
        // each input is read in a reader process, as in batch, stdin's bytes too: one that overruns its time limit (a
        // reader spinning on a damaged worksheet), runs out of memory or crashes the reader (a V8 abort) is stopped
        // and fails alone, with one line naming it
        const shown = data ? STDIN_NAME : name;
        const r = await pool.run(shown, { ocr: opts.ocr, tessdata: opts.tessdata, timeoutMs, ...pass, ...(data ? { data } : {}) }).finally(() => show(''));
        if (!r.ok) throw new InputError(shown, r.code, r.reason);
        doc = JSON.parse(r.json!) as Extraction;
        if (toStdout) write(formats[0] === 'csv' ? factsCsv(doc) : toJson(doc));
        else {
          if (formats.includes('html')) show(`${name}: rendering the review page`);
          await writeOutputs(doc, opts.out, inp.stem, formats, data ? {} : { input: name }).finally(() => show(''));
        }
        const errors = doc.issues.filter((i) => i.severity === 'error').length;
        const warnings = documentWarnings(doc);
        if (opts.strict && (errors || warnings.length)) strictFail++;
        const line = docLine(name, doc, Date.now() - t0);
        const fields = { event: 'ok', file: name, tables: doc.tables.length, facts: doc.facts.length, issues: doc.issues.length, errors, pages: doc.document.pages };
        if (toStdout) logger.info(line, fields);
        else logger.result(line, fields);
        for (const w of warnings) logger.warn(`warning ${name}: ${w.message}`, { event: 'warning', file: name, code: w.code });
      } catch (e) {
        if (opts.signal?.aborted) break;
        failed++;
        const err = describeError(name === STDIN ? STDIN_NAME : name, e);
        logger.error(`FAIL ${err.message}`, { event: 'failed', file: name, code: err.code, reason: err.reason });
      }
    }
  } finally {
    await pool.close();
  }
  return failed || strictFail ? EXIT.failed : EXIT.ok;
}

