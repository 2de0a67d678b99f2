/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * `yjsgk review OUT_DIR` after a batch, in headless Chromium: the index lists every document of the batch (the
 * failed one too), sorts and filters, charts the main totals by department and year, and links to each
 * document's review page.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expandInputs } from '../src/batch/inputs.js';
import { runBatch } from '../src/batch/run.js';
import type { Extraction } from '../src/model/schema.js';
import { launch, type Browser } from './helpers/browser.js';
import { ROOT, sample } from './helpers/shared.js';

/** A one-sheet 收入支出决算总表 of a department and year. */
async function summaryWorkbook(file: string, department: string, year: number, amount: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('公开01表');
  ws.addRow(['收入支出决算总表']);
  ws.addRow([`部门名称：${department}`, '', `${year}年度`, '金额单位：万元']);
  ws.addRow(['收入', '', '支出', '']);
  ws.addRow(['项目', '金额', '项目', '金额']);
  ws.addRow(['一、一般公共预算财政拨款收入', amount, '一、一般公共服务支出', amount]);
  ws.addRow(['本年收入合计', amount, '本年支出合计', amount]);
  ws.addRow(['收入总计', amount, '支出总计', amount]);
  await wb.xlsx.writeFile(file);
}

describe('the review index of a batch', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'yjsgk-review-index-'));
  const input = path.join(tmp, 'in');
  const out = path.join(tmp, 'out');
  let browser: Browser;
  let page: Page;
  let cli: ReturnType<typeof spawnSync>;
  const files = ['a-2023.xlsx', 'a-2024.xlsx', 'b-2024.xlsx', 'two-per-page.pdf', 'broken.pdf'];

  beforeAll(async () => {
    mkdirSync(input, { recursive: true });
    await summaryWorkbook(path.join(input, 'a-2023.xlsx'), '甲局', 2023, 120);
    await summaryWorkbook(path.join(input, 'a-2024.xlsx'), '甲局', 2024, 150.5);
    await summaryWorkbook(path.join(input, 'b-2024.xlsx'), '乙中心', 2024, 80);
    copyFileSync(sample('variants', 'two-per-page.pdf'), path.join(input, 'two-per-page.pdf'));
    writeFileSync(path.join(input, 'broken.pdf'), 'this is not a PDF');
    const { inputs } = await expandInputs([input]);
    await runBatch(inputs, { out, progress: 'none', ocr: 'never', jobs: 2, formats: ['json'] });
    // a table quality record (tables[].quality, where the pipeline gives one): its coverage shows in the index
    const a23 = path.join(out, 'docs', 'a-2023.json');
    const j = JSON.parse(readFileSync(a23, 'utf8'));
    j.tables[0].quality = { coverage: 0.873, orphanRuns: 2 };
    writeFileSync(a23, JSON.stringify(j));
    // the command itself, as a user runs it
    cli = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'review', out], { cwd: ROOT, encoding: 'utf8' });
    browser = await launch();
    page = (await browser.open(path.join(out, 'review.html'))).page;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is written by `yjsgk review OUT_DIR`, with a page for each document read', () => {
    expect(cli.status).toBe(0);
    expect(String(cli.stdout)).toMatch(/review: .*review\.html \(5 documents, 4 pages written\)/);
    for (const stem of ['a-2023', 'a-2024', 'b-2024', 'two-per-page']) expect(existsSync(path.join(out, 'docs', `${stem}.html`))).toBe(true);
  });

  it('lists every document of the batch, the failed one with its reason', async () => {
    const rows = await page.evaluate(() => [...document.querySelectorAll('table.docs tbody tr')].map((tr) => ({
      file: tr.getAttribute('data-file'), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
    })));
    expect(rows.map((r) => r.file).sort()).toEqual([...files].sort());
    const a = rows.find((r) => r.file === 'a-2024.xlsx')!;
    expect(a.cells.slice(0, 3)).toEqual(['甲局', '2024', '决算']);
    expect(rows.find((r) => r.file === 'a-2023.xlsx')!.cells[7]).toBe('87.3%');
    // (every amount of its sheets became a fact)
    expect(a.cells[7]).toBe('100.0%');
    const broken = rows.find((r) => r.file === 'broken.pdf')!;
    expect(broken.cells[3]).toMatch(/broken\.pdf 失败 .*PDF/);
  });

  it('sorts by a column when its header is clicked, and filters by text and by errors', async () => {
    const order = () => page.evaluate(() => [...document.querySelectorAll('table.docs tbody tr')].filter((tr) => !(tr as HTMLElement).hidden).map((tr) => tr.getAttribute('data-file')));
    const docs = Object.fromEntries(['a-2023', 'a-2024', 'b-2024', 'two-per-page'].map((s) => [s, JSON.parse(readFileSync(path.join(out, 'docs', `${s}.json`), 'utf8')) as Extraction]));
    await page.click('table.docs th:has-text("数值")');
    const asc = (await order()).filter((f) => f !== 'broken.pdf');
    const facts = asc.map((f) => docs[f!.replace(/\.(xlsx|pdf)$/, '')].facts.length);
    expect(facts).toEqual([...facts].sort((x, y) => x - y));
    await page.click('table.docs th:has-text("数值")');
    const desc = (await order()).filter((f) => f !== 'broken.pdf').map((f) => docs[f!.replace(/\.(xlsx|pdf)$/, '')].facts.length);
    expect(desc).toEqual([...facts].sort((x, y) => y - x));
    await page.fill('#q', '乙中心');
    expect(await order()).toEqual(['b-2024.xlsx']);
    await page.fill('#q', '');
    await page.check('#only-errors');
    const withErrors = Object.entries(docs).filter(([, d]) => d.issues.some((i) => i.severity === 'error')).map(([s]) => s);
    expect((await order()).map((f) => f!.replace(/\.(xlsx|pdf)$/, '')).sort()).toEqual(withErrors.sort());
    await page.uncheck('#only-errors');
  });

  it('charts the main totals by department and year from the dataset', async () => {
    const bars = await page.evaluate(() => [...document.querySelectorAll('.chart rect.bar')].map((r) => [r.getAttribute('data-series'), r.querySelector('title')!.textContent]));
    expect(bars).toEqual(expect.arrayContaining([
      ['income', '甲局 2023决算 本年收入合计 120 万元'], ['expenditure', '甲局 2023决算 本年支出合计 120 万元'],
      ['income', '甲局 2024决算 本年收入合计 150.5 万元'], ['income', '乙中心 2024决算 本年收入合计 80 万元'],
    ]));
  });

  it('shows a table\'s quality record on the document\'s page', async () => {
    const p = (await browser.open(path.join(out, 'docs', 'a-2023.html'))).page;
    expect(await p.locator('.tbl .quality').first().innerText()).toMatch(/coverage 87\.3%\s+orphanRuns 2/);
    await p.close();
  });

  it('links each document to its review page, which shows its facts and links back', async () => {
    await page.click('a:has-text("two-per-page.pdf")');
    await page.waitForURL(/docs\/two-per-page\.html$/);
    const doc = JSON.parse(readFileSync(path.join(out, 'docs', 'two-per-page.json'), 'utf8')) as Extraction;
    expect(await page.locator('td[data-f]').count()).toBe(doc.facts.length);
    expect(await page.locator('figure.shot img').count()).toBeGreaterThan(0);
    await page.click('a.up');
    await page.waitForURL(/review\.html$/);
  });
});
