/**
 * `yjsgk extract FILE... --out DIR --format json,xlsx`: one summary line per file, one error line per failed
 * file; the other files still go through; non-zero exit if any file failed (or, with --strict, had errors).
 */
import path from 'node:path';
import { coverageSummary, extract, type OcrMode } from '../api.js';
import { describeError } from '../model/errors.js';
import { FORMATS, writeOutputs, type ExportFormat } from '../export/index.js';

export interface ExtractCliOptions {
  out: string;
  format: string;
  ocr: OcrMode;
  tessdata?: string;
  strict?: boolean;
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
  for (const file of files) {
    const t0 = Date.now();
    try {
      // on a terminal, stderr names the file and the page being read (an OCR page takes seconds)
      const tty = process.stderr.isTTY;
      const show = (s: string) => tty && process.stderr.write(`\r\x1b[K${s}`);
      show(`${file}: reading`);
      const doc = await extract(file, { ocr: opts.ocr, tessdata: opts.tessdata, onPage: (n, total) => show(n < total ? `${file}: page ${n + 1}/${total}` : `${file}: checking`) }).finally(() => show(''));
      if (formats.includes('html')) show(`${file}: rendering the review page`);
      await writeOutputs(doc, opts.out, stemOf(file), formats, { input: file }).finally(() => show(''));
      const errors = doc.issues.filter((i) => i.severity === 'error').length;
      if (opts.strict && errors) strictFail++;
      const kinds = doc.tables.map((t) => t.kind + (t.empty ? '(empty)' : '')).join(' ');
      const ocr = doc.document.ocrPages?.length ? `, ${doc.document.ocrPages.length} OCR` : '';
      const cov = coverageSummary(doc.tables);
      log(
        `ok   ${file}: ${doc.tables.length} tables, ${doc.facts.length} facts, ${doc.forms.length} forms, ` +
          `${doc.issues.length} issues (${errors} errors), ${cov ? `${cov}, ` : ''}${doc.document.pages} pages${ocr}, ${((Date.now() - t0) / 1000).toFixed(1)}s` +
          (kinds ? ` [${kinds}]` : ''),
      );
    } catch (e) {
      failed++;
      err(`FAIL ${describeError(file, e).message}`);
    }
  }
  return failed || strictFail ? 1 : 0;
}
