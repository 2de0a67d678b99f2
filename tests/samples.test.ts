/**
 * The project's own samples (samples/, made by scripts/samples from the seed): self-contained, no ../shared.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { sample } from './helpers/shared.js';
import { score, type Truth } from './helpers/score.js';

const truthOf = (stem: string) => JSON.parse(readFileSync(sample(`${stem}.truth.json`), 'utf8')) as Truth;

describe('samples/fenyang-2024-final.pdf (bordered tables, Shanxi 公开01–10 layout)', async () => {
  const doc = await extract(sample('fenyang-2024-final.pdf'));

  it('gives every fact of the truth and no other: recall and precision 1.0, all table kinds', () => {
    const s = score(doc, truthOf('fenyang-2024-final'));
    expect(s.misses).toEqual([]);
    expect(s.wrong).toEqual([]);
    expect(s.recall).toBe(1);
    expect(s.precision).toBe(1);
    expect(s.tableRecall).toBe(1);
  });

  it('reads the department, year and kind from the cover, and the 公开0X表 labels', () => {
    expect(doc.document).toMatchObject({ department: '汾阳市公安局', year: 2024, kind: 'final' });
    const labels = Object.fromEntries(doc.tables.map((t) => [t.kind, t.label]));
    expect(labels).toMatchObject({ summary: '公开01表', income: '公开02表', general_budget_basic: '公开06表', disclosure_stats: '公开10表' });
  });

  it('keeps the printed 1511.11 of 公开03 row 2040220 (the document disagrees with itself; it is not corrected)', () => {
    const f = doc.facts.find((x) => x.table === 'expenditure' && x.row === '2040220' && x.column === 'total');
    expect(f?.value).toBe(1511.11);
    expect(doc.facts.find((x) => x.table === 'income' && x.row === '2040220' && x.column === 'total')?.value).toBe(151.11);
  });

  it('continues tables over page breaks, with and without the header repeated', () => {
    const pages = Object.fromEntries(doc.tables.map((t) => [t.kind, t.pages]));
    expect(pages.expenditure).toEqual([7, 8]);
    expect(pages.general_budget).toEqual([10, 11]);
    expect(pages.general_budget_basic).toEqual([12, 13]);
  });

  it('marks the tables printed as 本表无数据 empty and still lists them', () => {
    const empty = doc.tables.filter((t) => t.empty).map((t) => t.kind).sort();
    expect(empty).toEqual(['gov_fund', 'state_capital']);
  });

  it('keeps the printed header labels and row names beside the canonical keys', () => {
    const income = doc.tables.find((t) => t.kind === 'income')!;
    expect(income.columns.find((c) => c.key === 'fiscal')?.label).toContain('财政拨款');
    expect(income.rows.find((r) => r.key === '2040201')?.label).toBe('行政运行');
    const f = doc.facts.find((x) => x.table === 'disclosure_stats' && x.row === 'vehicles_total');
    expect(f).toMatchObject({ value: 74, unit: '辆' });
  });
});

describe('samples/fenyang-2024-final-borderless.pdf (the same tables without ruling lines)', () => {
  it('gives the facts by alignment alone: recall ≥ 0.995 (三公 headers wrapped over six lines included), precision 1.0', async () => {
    const doc = await extract(sample('fenyang-2024-final-borderless.pdf'));
    const truth = truthOf('fenyang-2024-final-borderless');
    const s = score(doc, truth);
    expect(s.wrong).toEqual([]);
    expect(s.recall).toBeGreaterThanOrEqual(0.995);
    const methods = new Set(doc.tables.filter((t) => t.kind !== 'performance_evaluation' && !t.empty).map((t) => t.method));
    expect([...methods]).toEqual(['stream']);
  });
});
