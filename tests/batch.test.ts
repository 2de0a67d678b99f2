/**
 * Batch conversion into a research dataset: every file accounted for, resumable, one bad file never stops the
 * batch, and the dataset answers questions across departments with plain SQL.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../src/batch/inputs.js';
import { runBatch, type BatchOptions } from '../src/batch/run.js';
import type { Extraction } from '../src/model/schema.js';
import { HAS_SHARED, corpus, sample } from './helpers/shared.js';
import { cffFdSelectBomb, cffFontPdf } from '../scripts/fuzz/build.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'yjsgk-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const quiet: Partial<BatchOptions> = { progress: 'none', ocr: 'never', jobs: 2 };

function query<T>(db: string, sql: string, ...args: unknown[]): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...args) as T[];
  } finally {
    d.close();
  }
}

async function workbook(file: string, amount: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('公开05表');
  ws.addRow(['一般公共预算财政拨款支出决算表']);
  ws.addRow(['部门名称：某某局', '', '2023年度', '金额单位：万元']);
  ws.addRow(['科目代码', '科目名称', '合计', '基本支出', '项目支出']);
  ws.addRow(['合计', '', amount, amount, 0]);
  ws.addRow(['2010101', '行政运行', amount, amount, 0]);
  ws.mergeCells('A1:E1');
  await wb.xlsx.writeFile(file);
}

describe('a batch over a folder with good and bad files', () => {
  const input = path.join(tmp, 'in');
  const out = path.join(tmp, 'out');
  const dataset = path.join(out, 'dataset.sqlite');
  beforeAll(async () => {
    mkdirSync(path.join(input, '2023'), { recursive: true });
    mkdirSync(path.join(input, '2024'), { recursive: true });
    copyFileSync(sample('fenyang-2024-final.pdf'), path.join(input, '2024', 'fenyang.pdf'));
    copyFileSync(sample('fenyang-2024-tables.xlsx'), path.join(input, '2024', 'fenyang-tables.xlsx'));
    await workbook(path.join(input, '2023', 'mou.xlsx'), 100);
    writeFileSync(path.join(input, '2023', 'broken.pdf'), 'this is not a PDF');
    writeFileSync(path.join(input, '2023', 'empty.xlsx'), '');
    writeFileSync(path.join(input, '2023', 'notes.txt'), 'not an input');
  });

  it('accounts for every file in the manifest and puts each good document in the dataset once', async () => {
    const { inputs } = await expandInputs([input]);
    expect(inputs.map((i) => i.stem)).toEqual(['2023__broken', '2023__empty', '2023__mou', '2024__fenyang-tables', '2024__fenyang']);
    const s = await runBatch(inputs, { ...quiet, out });
    expect(s.ok).toBe(3);
    expect(s.failed.map((f) => path.basename(f.path))).toEqual(['broken.pdf', 'empty.xlsx']);
    for (const f of s.failed) expect(f.error).toMatch(/\S/);

    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { entries: { path: string; status: string; sha256: string; facts: number | null }[] };
    expect(manifest.entries).toHaveLength(5);
    expect(manifest.entries.filter((e) => e.status === 'ok')).toHaveLength(3);
    for (const e of manifest.entries) expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);

    // the dataset has the same facts as the per-document JSON outputs, once per document
    const docs = query<{ path: string; doc_id: number; facts: number }>(dataset, 'SELECT path, doc_id, facts FROM documents ORDER BY path');
    expect(docs.map((d) => path.basename(d.path))).toEqual(['mou.xlsx', 'fenyang-tables.xlsx', 'fenyang.pdf']);
    const json = JSON.parse(readFileSync(path.join(out, 'docs', '2024__fenyang.json'), 'utf8')) as Extraction;
    const pdfDoc = docs.find((d) => d.path.endsWith('fenyang.pdf'))!;
    const rows = query<{ n: number }>(dataset, 'SELECT COUNT(*) AS n FROM facts WHERE doc_id = ?', pdfDoc.doc_id)[0];
    expect(rows.n).toBe(json.facts.length);
    expect(json.facts.length).toBeGreaterThan(400);
    const f = query<{ value: number; value_yuan: number; department: string; year: number; doc_kind: string }>(
      dataset,
      "SELECT value, value_yuan, department, year, doc_kind FROM facts WHERE doc_id = ? AND table_kind = 'income' AND row_key = '2040201' AND column_key = 'total'",
      pdfDoc.doc_id,
    );
    expect(f).toEqual([{ value: 4305.21, value_yuan: 43052100, department: '汾阳市公安局', year: 2024, doc_kind: 'final' }]);
  });

  it('answers "sum of facts by table kind and department" with plain SQL', () => {
    const rows = query<{ department: string; table_kind: string; facts: number; sum_yuan: number }>(
      dataset,
      `SELECT department, table_kind, COUNT(*) AS facts, SUM(value_yuan) AS sum_yuan
         FROM facts WHERE value_yuan IS NOT NULL
        GROUP BY department, table_kind ORDER BY department, table_kind`,
    );
    const mou = rows.find((r) => r.department === '某某局' && r.table_kind === 'general_budget')!;
    // 合计 and 行政运行, each 100 万元 in total and basic, 0 in project
    expect(mou).toEqual({ department: '某某局', table_kind: 'general_budget', facts: 6, sum_yuan: 4_000_000 });
    expect(rows.some((r) => r.department === '汾阳市公安局' && r.table_kind === 'general_budget_basic')).toBe(true);
  });

  it('re-run: skips files already done, lists known failures without retrying them, and replaces a changed file', async () => {
    await workbook(path.join(input, '2023', 'mou.xlsx'), 250);
    const { inputs } = await expandInputs([input]);
    const lines: string[] = [];
    const s = await runBatch(inputs, { ...quiet, progress: 'lines', log: (l) => lines.push(l), out });
    expect(s.skipped).toBe(2); // the two 2024 files, unchanged
    expect(s.ok).toBe(1); // mou.xlsx, changed
    // broken files that did not change are not read again (cron would mail the same failure every hour)
    expect(s.failed).toEqual([]);
    expect(s.knownFailures.map((f) => [path.basename(f.path), f.attempts])).toEqual([['broken.pdf', 1], ['empty.xlsx', 1]]);
    expect(lines.filter((l) => l.startsWith('known failure ')).map((l) => l.replace(/ \(unchanged since .*$/, ''))).toEqual([
      `known failure ${path.join(input, '2023', 'broken.pdf')}: not a PDF or workbook (unrecognised content)`,
      `known failure ${path.join(input, '2023', 'empty.xlsx')}: empty file (0 bytes)`,
    ]);
    const retried = await runBatch(inputs, { ...quiet, out, retryFailed: true });
    expect(retried.failed.map((f) => [path.basename(f.path), f.attempts])).toEqual([['broken.pdf', 2], ['empty.xlsx', 2]]);
    const docs = query<{ path: string }>(dataset, 'SELECT path FROM documents');
    expect(docs).toHaveLength(3);
    const v = query<{ value: number }>(
      dataset,
      "SELECT f.value FROM facts f JOIN documents d USING (doc_id) WHERE d.file = 'mou.xlsx' AND f.row_key = '2010101' AND f.column_key = 'total'",
    );
    expect(v).toEqual([{ value: 250 }]);

    // a new pipeline version reads a file again although its bytes did not change
    const d = new Database(dataset);
    d.prepare("UPDATE manifest SET version = '0.0.0-old' WHERE path LIKE '%fenyang.pdf'").run();
    d.close();
    const s3 = await runBatch(inputs, { ...quiet, out });
    expect([s3.ok, s3.skipped]).toEqual([1, 2]);
    expect(query<{ n: number }>(dataset, "SELECT COUNT(*) AS n FROM documents WHERE file = 'fenyang.pdf'")).toEqual([{ n: 1 }]);
  });

  it('writes the dataset tables as CSV and Parquet on request', async () => {
    const { inputs } = await expandInputs([path.join(input, '2024', '*.xlsx')]);
    expect(inputs).toHaveLength(1);
    await runBatch(inputs, { ...quiet, out, exports: ['csv', 'parquet'] });
    const n = query<{ n: number }>(dataset, 'SELECT COUNT(*) AS n FROM facts')[0].n;
    const csv = readFileSync(path.join(out, 'dataset', 'facts.csv'), 'utf8').trim().split('\n');
    expect(csv[0].replace(/^\ufeff/, '').split(',').slice(0, 7)).toEqual(['doc_id', 'department', 'year', 'doc_kind', 'table_kind', 'row_key', 'column_key']);
    expect(csv.length - 1).toBe(n);
    const pq = await parquetReadObjects({ file: await asyncBufferFromFile(path.join(out, 'dataset', 'facts.parquet')) });
    expect(pq.length).toBe(n);
    expect(pq.find((r) => r.row_key === '2040201' && r.column_key === 'total' && r.table_kind === 'income')?.value).toBe(4305.21);
    expect(readdirSync(path.join(out, 'dataset')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('one bad file never stops the batch', () => {
  it('a file over the time limit fails with that reason; the others are read', async () => {
    const out = path.join(tmp, 'limit');
    const inputs = (await expandInputs([sample('fenyang-2024-final.pdf'), sample('fenyang-2024-tables.xlsx')])).inputs;
    // wide margins both ways, whatever the machine's load: the workbook is read in about a second, the 58-page PDF
    // read by OCR page by page takes minutes (a 1 ms limit made the workbook's own reading a race with the timer)
    const s = await runBatch(inputs, { ...quiet, out, timeoutMs: 20_000, ocr: 'always', formats: [] });
    expect(s.failed.map((f) => [path.basename(f.path), f.code])).toEqual([['fenyang-2024-final.pdf', 'timeout']]);
    expect(s.failed[0].error).toMatch(/longer than the .+ limit per file .*--timeout/);
    expect(s.ok).toBe(1);
  });

  it('a file that needs more memory than the limit fails with that reason; the worker is replaced for the next', async () => {
    const out = path.join(tmp, 'oom');
    mkdirSync(out, { recursive: true });
    // a workbook of 400 000 text cells: several hundred MiB of heap to read
    const rows = Array.from({ length: 20000 }, (_, r) => Array.from({ length: 20 }, (_, c) => `单元格${r}-${c}`));
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'big');
    const big = path.join(out, 'a-big.xlsx');
    writeFileSync(big, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
    const inputs = (await expandInputs([big, sample('fenyang-2024-final.pdf')])).inputs;
    const s = await runBatch(inputs, { ...quiet, jobs: 1, out, maxMemoryMb: 256, formats: [] });
    expect(s.failed.map((f) => [path.basename(f.path), f.code])).toEqual([['a-big.xlsx', 'too_large']]);
    expect(s.failed[0].error).toMatch(/ran out of memory \(over the 256 MiB heap limit per file; raise it with --max-memory\)/);
    expect(s.ok).toBe(1);
  }, 300_000);
});

describe('a reader that V8 aborts', () => {
  it('fails only its own file: the batch goes on and every other file\'s document and manifest line are kept', async () => {
    const out = path.join(tmp, 'abort');
    mkdirSync(out, { recursive: true });
    const bomb = path.join(out, 'b-abort.pdf');
    writeFileSync(bomb, cffFontPdf(cffFdSelectBomb(8192)));
    const inputs = (await expandInputs([sample('fenyang-2024-tables.xlsx'), bomb, sample('variants/rotated.pdf')])).inputs;
    const saved = process.env.YJSGK_MAX_FONT_GLYPHS;
    // the readers inherit it: the prescan lets the font through, and pdf.js grows its array until V8 aborts
    process.env.YJSGK_MAX_FONT_GLYPHS = String(2 ** 31);
    let s;
    try {
      s = await runBatch(inputs, { ...quiet, out, maxMemoryMb: 4096 });
    } finally {
      if (saved === undefined) delete process.env.YJSGK_MAX_FONT_GLYPHS;
      else process.env.YJSGK_MAX_FONT_GLYPHS = saved;
    }
    expect(s.failed.map((f) => [path.basename(f.path), f.error])).toEqual([['b-abort.pdf', 'the reader crashed on this file (V8 stopped it: invalid size error)']]);
    expect(s.ok).toBe(2);
    const manifest = query<{ file: string; status: string }>(path.join(out, 'dataset.sqlite'), 'SELECT file, status FROM manifest ORDER BY file');
    expect(manifest).toEqual([{ file: 'b-abort.pdf', status: 'failed' }, { file: 'fenyang-2024-tables.xlsx', status: 'ok' }, { file: 'rotated.pdf', status: 'ok' }]);
    const facts = query<{ file: string; n: number }>(path.join(out, 'dataset.sqlite'), 'SELECT d.file, COUNT(*) AS n FROM facts f JOIN documents d USING (doc_id) GROUP BY d.file ORDER BY d.file');
    expect(facts).toEqual([{ file: 'fenyang-2024-tables.xlsx', n: 265 }, { file: 'rotated.pdf', n: 265 }]);
    // the readers wrote the per-document outputs
    expect(readdirSync(path.join(out, 'docs')).map((f) => f.replace(/^.*__/, '')).sort()).toEqual(['fenyang-2024-tables.json', 'rotated.json']);
  }, 180_000);
});

describe.skipIf(!existsSync(path.resolve('dist/batch/worker.js')))('the installed command (compiled dist/)', () => {
  it('runs the batch with the compiled worker', async () => {
    const { spawnSync } = await import('node:child_process');
    const out = path.join(tmp, 'dist');
    const r = spawnSync(process.execPath, ['bin/yjsgk.js', 'batch', sample('fenyang-2024-tables.xlsx'), '--out', out, '--ocr', 'never', '--jobs', '1'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/1 read, 0 skipped \(done before\), 0 failed/);
    expect(r.status).toBe(0);
    const docs = query<{ facts: number }>(path.join(out, 'dataset.sqlite'), 'SELECT facts FROM documents');
    expect(docs).toEqual([{ facts: 265 }]);
  });
});

describe.skipIf(!HAS_SHARED)('a batch over the whole corpus (PDF, XLSX, XLS)', () => {
  it('accounts for every file and gives a dataset that sums by department and table kind', async () => {
    const out = path.join(tmp, 'corpus');
    const { inputs } = await expandInputs([corpus()]);
    expect(inputs.length).toBeGreaterThanOrEqual(12);
    // text layers only here: the scanned pages are the OCR tests' business
    const s = await runBatch(inputs, { ...quiet, out, formats: [] });
    const manifest = query<{ path: string; status: string; error: string | null }>(path.join(out, 'dataset.sqlite'), 'SELECT path, status, error FROM manifest ORDER BY path');
    expect(manifest.map((m) => m.path)).toEqual(inputs.map((i) => i.path));
    for (const m of manifest) expect(m.status === 'ok' || !!m.error).toBe(true);
    expect(s.ok + s.failed.length).toBe(inputs.length);
    const byDept = query<{ department: string; table_kind: string; sum_yuan: number }>(
      path.join(out, 'dataset.sqlite'),
      `SELECT department, table_kind, SUM(value_yuan) AS sum_yuan FROM facts
        WHERE value_yuan IS NOT NULL GROUP BY department, table_kind`,
    );
    const depts = new Set(byDept.map((r) => r.department));
    expect(depts.has('汾阳市公安局')).toBe(true);
    expect(depts.has('上海市普陀区规划和自然资源局')).toBe(true);
    // the .xls and the .xlsx are the same disclosure: the same facts, once each
    const twins = query<{ file: string; n: number; total: number }>(
      path.join(out, 'dataset.sqlite'),
      `SELECT d.file, COUNT(*) AS n, SUM(f.value) AS total FROM facts f JOIN documents d USING (doc_id)
        WHERE d.file LIKE 'shanxi-fenyang-2024-tables.xls%' GROUP BY d.file ORDER BY d.file`,
    );
    expect(twins).toHaveLength(2);
    expect(twins[0].n).toBe(265);
    expect(twins[1]).toMatchObject({ n: twins[0].n, total: twins[0].total });
  }, 300_000);
});
