/**
 * `yjsgk extract FILE... --out DIR --format json,xlsx`: one summary line per file, one error line per failed
 * file; the other files still go through; non-zero exit if any file failed (or, with --strict, had errors).
 */
import path from 'node:path';
import type { OcrMode } from '../api.js';
import { InputError, describeError } from '../model/errors.js';
import type { Extraction } from '../model/schema.js';
import { WorkerPool } from '../batch/pool.js';
import { FORMATS, writeOutputs, type ExportFormat } from '../export/index.js';

export interface ExtractCliOptions {
  out: string;
  format: string;
  ocr: OcrMode;
  tessdata?: string;
  strict?: boolean;
  /** per-file time limit (default 1800 s, as in batch) */
  timeoutMs?: number;
  /** heap limit of the worker thread reading the files, MiB (default 2048) */
  maxMemoryMb?: number;
}

export function parseFormats(s: string): ExportFormat[] {
  const list = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !(FORMATS as readonly string[]).includes(x));
  if (bad.length) throw new Error(`unknown format ${bad.join(', ')} (choose from ${FORMATS.join(', ')})`);
  return list as ExportFormat[];
}

export function stemOf(file: string): string {
  return path.basename(file).replace(/\.(pdf|xlsx|xls)$/i, '');
}

export async function runExtract(files: string[], opts: ExtractCliOptions, log: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  const formats = parseFormats(opts.format);
  let failed = 0;
  let strictFail = 0;
  // each file is read in a worker thread, as in batch: a file that overruns its time limit (a reader spinning on
  // a damaged worksheet), runs out of memory or crashes the reader is stopped and fails alone
  const pool = new WorkerPool({ size: 1, maxMemoryMb: opts.maxMemoryMb ?? 2048, recycleAfter: 25 });
  const timeoutMs = opts.timeoutMs ?? 1_800_000;
  try {
    for (const file of files) {
      const t0 = Date.now();
      try {
        const r = await pool.run(file, { ocr: opts.ocr, tessdata: opts.tessdata, timeoutMs });
        if (!r.ok) throw new InputError(file, r.code, r.reason);
        const doc = JSON.parse(r.json) as Extraction;
        await writeOutputs(doc, opts.out, stemOf(file), formats);
        const errors = doc.issues.filter((i) => i.severity === 'error').length;
        if (opts.strict && errors) strictFail++;
        const kinds = doc.tables.map((t) => t.kind + (t.empty ? '(empty)' : '')).join(' ');
        const ocr = doc.document.ocrPages?.length ? `, ${doc.document.ocrPages.length} OCR` : '';
        log(
          `ok   ${file}: ${doc.tables.length} tables, ${doc.facts.length} facts, ${doc.forms.length} forms, ` +
            `${doc.issues.length} issues (${errors} errors), ${doc.document.pages} pages${ocr}` +
            `${doc.warnings.length ? `, ${doc.warnings.length} warnings` : ''}, ${((Date.now() - t0) / 1000).toFixed(1)}s` +
            (kinds ? ` [${kinds}]` : ''),
        );
      } catch (e) {
        failed++;
        err(`FAIL ${describeError(file, e).message}`);
      }
    }
  } finally {
    await pool.close();
  }
  return failed || strictFail ? 1 : 0;
}
