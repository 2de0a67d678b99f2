/**
 * `yjsgk extract --strict`: the exit code says whether a document has error-level issues; the issues reach the
 * JSON (with rule, severity, message, refs) and the XLSX issues sheet, and the summary line counts them.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runExtract } from '../src/cli/extract.js';
import type { Extraction } from '../src/model/schema.js';
import { corpus, HAS_SHARED, sample } from './helpers/shared.js';

const PDF = sample('fenyang-2024-final.pdf');

async function run(files: string[], strict: boolean) {
  const out = mkdtempSync(path.join(tmpdir(), 'yjsgk-strict-'));
  const lines: string[] = [];
  const code = await runExtract(files, { out, format: 'json,xlsx', ocr: 'never', strict }, (s) => lines.push(s), (s) => lines.push(s));
  return { code, out, lines };
}

describe.skipIf(!existsSync(PDF))('extract --strict', () => {
  it('exits 1 for the seed sample (which has error-level issues) with --strict, 0 without', async () => {
    const strict = await run([PDF], true);
    expect(strict.code).toBe(1);
    const doc = JSON.parse(readFileSync(path.join(strict.out, 'fenyang-2024-final.json'), 'utf8')) as Extraction;
    const errors = doc.issues.filter((i) => i.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(strict.lines[0]).toContain(`${doc.issues.length} issues (${errors.length} errors)`);
    for (const i of doc.issues) {
      expect(i.rule).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(i.message).toMatch(/[\u4e00-\u9fff]/);
      expect(Array.isArray(i.refs)).toBe(true);
    }
    // the XLSX issues sheet has one row per issue
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(strict.out, 'fenyang-2024-final.xlsx'));
    const sheet = wb.getWorksheet('issues')!;
    expect(sheet.actualRowCount - 1).toBe(doc.issues.length);
    expect(String(sheet.getRow(2).getCell(1).value)).toBe('error');

    const lax = await run([PDF], false);
    expect(lax.code).toBe(0);
  });

  it.skipIf(!HAS_SHARED)('exits 0 with --strict for a document whose only issues are info (rounding)', async () => {
    const r = await run([corpus('final', 'shanghai-putuo-shgzb-2024-final.pdf')], true);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/issues \(0 errors\)/);
  });

  it.skipIf(!existsSync(path.resolve('dist/cli/main.js')))('the installed command: exit code follows the errors it wrote', async () => {
    const { spawnSync } = await import('node:child_process');
    const out = mkdtempSync(path.join(tmpdir(), 'yjsgk-strict-bin-'));
    const r = spawnSync(process.execPath, ['bin/yjsgk.js', 'extract', PDF, '--out', out, '--ocr', 'never', '--strict'], { encoding: 'utf8' });
    const doc = JSON.parse(readFileSync(path.join(out, 'fenyang-2024-final.json'), 'utf8')) as Extraction;
    const errors = doc.issues.filter((i) => i.severity === 'error').length;
    expect(r.status).toBe(errors ? 1 : 0);
  });
});
