/**
 * tables[].quality: every amount printed in a table's area against the facts made from it. What a user reads
 * there: how much of each table became facts, and where the numbers that did not are printed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { finish, stagePdf, type Staged } from './helpers/pipeline.js';
import { coverageSummary, extract } from '../src/api.js';
import { amountTokens } from '../src/normalize/quality.js';
import { buildWorkbook } from '../src/export/xlsx.js';
import { documentRows } from '../src/batch/dataset.js';
import { runExtract } from '../src/cli/extract.js';
import type { TextItem } from '../src/model/page.js';
import type { Extraction } from '../src/model/schema.js';
import { corpus, HAS_SHARED, sample, SHARED } from './helpers/shared.js';

const run = (str: string, x0: number, y0: number, w = str.length * 5, size = 9): TextItem => ({ str, x0, y0, x1: x0 + w, y1: y0 + size, size });

describe('amount tokens of a page', () => {
  it('counts decimals and thousands-grouped numbers, not codes, years or 行次', () => {
    const toks = amountTokens([run('2010101', 10, 10), run('行政运行', 60, 10), run('1,234', 150, 10), run('56.70', 220, 10), run('2024年', 10, 30), run('12', 300, 10), run('-5.00', 350, 10)], 3);
    expect(toks.map((t) => [t.text, t.value, t.page])).toEqual([['1,234', 1234, 3], ['56.70', 56.7, 3], ['-5.00', -5, 3]]);
  });

  it('joins a decimal part wrapped under its number (14,770 over .62) and glyphs printed one run each', () => {
    const glyphs = '3,296,600.00'.split('').map((c, i) => run(c, 200 + i * 5, 10, 5));
    const toks = amountTokens([run('14,770', 100, 10, 30), run('.62', 112, 21, 15), ...glyphs], 1);
    expect(toks.map((t) => t.value).sort((a, b) => a - b)).toEqual([14770.62, 3296600]);
    const joined = toks.find((t) => t.value === 14770.62)!;
    expect(joined.text).toBe('14,770.62');
    expect(joined.box).toMatchObject({ x0: 100, y0: 10, y1: 30 });
  });

  it('keeps two amounts apart where a gap separates them', () => {
    expect(amountTokens([run('1.00', 10, 10, 20), run('2.00', 60, 10, 20)], 1).map((t) => t.value)).toEqual([1, 2]);
  });
});

describe('the seed sample and its borderless print', () => {
  let ruled: Extraction;
  let borderless: Extraction;
  let stagedBorderless: Staged;
  let missed: Extraction;
  beforeAll(async () => {
    ruled = await extract(sample('fenyang-2024-final.pdf'));
    borderless = await extract(sample('fenyang-2024-final-borderless.pdf'));
    stagedBorderless = await stagePdf(sample('fenyang-2024-final-borderless.pdf'));
  }, 120_000);

  it('ruled: every amount of every table became a fact; its broken identities are the seed\'s own errors', () => {
    const tables = ruled.tables.filter((t) => t.kind !== 'performance_evaluation');
    for (const t of tables) expect([t.kind, t.quality!.coverage, t.quality!.unmatched, t.quality!.orphans]).toEqual([t.kind, 1, [], []]);
    expect(tables.reduce((n, t) => n + t.quality!.tokens, 0)).toBe(262);
    const income = ruled.tables.find((t) => t.kind === 'income')!.quality!.identities!;
    expect(income.checked).toBeGreaterThan(10);
    expect(income.held).toBe(income.checked - income.broken.length);
    // the 1511.11 row of the seed (printed so that its 类 and 款 do not add up)
    const exp = ruled.tables.find((t) => t.kind === 'expenditure')!.quality!.identities!;
    expect(exp.broken.some((b) => b.severity === 'error' && b.rule.startsWith('sum.'))).toBe(true);
    expect(coverageSummary(ruled.tables)).toBe('coverage 1.00');
  });

  it('borderless: the 三公 table is read whole, and an amount the reader misses is traced with page and box', () => {
    const q = borderless.tables.find((t) => t.kind === 'three_public')!.quality!;
    expect([q.tokens, q.matched, q.coverage]).toEqual([4, 4, 1]);
    // the same table with its cells taken out of the grid, as a builder that missed them would
    const s = stagedBorderless;
    for (const g of s.seg.tables.find((t) => t.kind === 'three_public')!.grids) for (const c of g.cells) if (c.text.trim() === '15.11') c.text = '';
    missed = finish(s);
    const m = missed.tables.find((t) => t.kind === 'three_public')!.quality!;
    expect([m.tokens, m.matched, m.coverage]).toEqual([4, 0, 0]);
    expect(m.unmatched.map((u) => [u.text, u.page])).toEqual([['15.11', 16], ['15.11', 16], ['15.11', 16], ['15.11', 16]]);
    for (const u of m.unmatched) expect(u.box!.x1).toBeGreaterThan(u.box!.x0);
    expect(coverageSummary(missed.tables)).toMatch(/^coverage 0\.00 \(公开09表\)$/);
  });

  it('goes into the XLSX tables sheet and the dataset tables table', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await buildWorkbook(missed).xlsx.writeBuffer());
    const ws = wb.getWorksheet('tables')!;
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => head.indexOf(name) + 1;
    const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === 'three_public')!;
    expect(row.getCell(col('coverage')).value).toBe(0);
    expect(row.getCell(col('amounts')).value).toBe(4);
    expect(String(row.getCell(col('unmatched (page:text)')).value)).toContain('16:15.11');
    const ds = documentRows(missed).tables.find((t) => t.table_kind === 'three_public')!;
    expect(ds).toMatchObject({ amounts: 4, amounts_matched: 0, coverage: 0 });
    expect(String(ds.unmatched)).toContain('16:15.11');
  });
});

describe.skipIf(!HAS_SHARED)('agreement with ../shared/spec/coverage.py on real budgets', () => {
  const files = ['shanghai-putuo-wanli-2025-budget.pdf', 'chongqing-xuanchuan-2026-budget.pdf', 'beijing-junmin-2026-budget-tables.pdf', 'jiangsu-jcy-2019-budget.pdf', 'huzhou-tuiyi-2026-budget.pdf'];
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-quality-'));

  it.each(files)('%s: the tables\' amounts and matches are the ones coverage.py counts', async (file) => {
    const pdf = corpus('budget', file);
    const doc = await extract(pdf, { ocr: 'never' });
    const out = path.join(dir, `${file}.json`);
    writeFileSync(out, JSON.stringify(doc));
    const py = JSON.parse(execFileSync('python3', [path.join(SHARED, 'spec', 'coverage.py'), out, pdf], { encoding: 'utf8' }));
    const tables = doc.tables.filter((t) => t.quality);
    const tokens = tables.reduce((n, t) => n + t.quality!.tokens, 0);
    const matched = tables.reduce((n, t) => n + t.quality!.matched, 0);
    expect({ matched, tokens }).toEqual({ matched: py.matched, tokens: py.total });
    // each unmatched amount is listed where it is printed
    expect(tables.reduce((n, t) => n + t.quality!.unmatched.length, 0)).toBe(tokens - matched);
  }, 120_000);

  it('the CLI line names the lowest coverage of the document and its table', async () => {
    const lines: string[] = [];
    // (shenzhen: p.10 prints a sentence quoting an amount above the 重点项目 table it holds)
    const file = 'shenzhen-xinfang-2026-budget.pdf';
    await runExtract([corpus('budget', file)], { out: dir, format: 'json', ocr: 'never' }, (s) => lines.push(s));
    const m = lines[0].match(/, coverage (\d\.\d\d) \((.+?)\), \d+ pages/);
    expect(m).not.toBeNull();
    const doc = await extract(corpus('budget', file), { ocr: 'never' });
    const low = doc.tables.filter((t) => t.quality?.tokens).sort((a, b) => a.quality!.coverage - b.quality!.coverage)[0];
    expect(m![2]).toBe(low.label ?? low.title);
    expect(Number(m![1])).toBe(Math.floor(low.quality!.coverage * 100) / 100);
  }, 120_000);
});
