/**
 * Validation that knows what it does not know: an identity that takes a cell the reader did not get is an
 * `extraction.*` warning naming the gap, never an error charged to the document; a number that was read and does
 * not add up stays an error. On the real budgets of ../shared no error comes from the reader's own gap.
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Extraction, Fact } from '../src/model/schema.js';
import { validate } from '../src/validate/index.js';
import { corpus, HAS_SHARED } from './helpers/shared.js';
import { finish, stagePdf, type Staged } from './helpers/pipeline.js';

const GHZYJ = corpus('final', 'shanghai-putuo-ghzyj-2024-final.pdf');

/** Takes the cell that gave this fact out of its grid, as a builder that missed it would (the page still prints it). */
function dropCell(s: Staged, f: Fact): void {
  const span = s.seg.tables.find((t) => t.kind === f.table)!;
  const cell = span.grids.filter((g) => g.page === f.page).flatMap((g) => g.cells)
    .find((c) => c.text.trim() === f.printed && c.box && Math.abs(c.box.x0 - f.box!.x0) < 0.5 && Math.abs(c.box.y0 - f.box!.y0) < 0.5);
  expect(cell, `the cell printing ${f.printed}`).toBeDefined();
  cell!.text = '';
}

describe.skipIf(!HAS_SHARED)('a cell the reader did not get (ghzyj 决算, 支出决算表)', () => {
  let staged: Staged;
  let full: Extraction;
  beforeAll(async () => {
    staged = await stagePdf(GHZYJ);
    full = finish(staged);
  });

  it('read whole, the document has no error and every table is covered', () => {
    expect(full.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const t of full.tables.filter((x) => x.quality)) expect([t.kind, t.quality!.coverage]).toEqual([t.kind, 1]);
  });

  it('208 社会保障和就业支出「合计」missing: extraction warnings naming table, row, column, page and the unread 754.75; no error', () => {
    const fact = full.facts.find((f) => f.table === 'expenditure' && f.row === '208' && f.column === 'total')!;
    expect(fact.printed).toBe('754.75');
    dropCell(staged, fact);
    const doc = finish(staged);
    expect(doc.facts.some((f) => f.table === 'expenditure' && f.row === '208' && f.column === 'total')).toBe(false);
    // the quality report keeps the trace of the number
    const q = doc.tables.find((t) => t.kind === 'expenditure')!.quality!;
    expect(q.unmatched).toEqual([expect.objectContaining({ text: '754.75', page: 10 })]);
    expect(q.coverage).toBeLessThan(1);
    // the identities that take the cell are the reader's gap, not the document's error
    expect(doc.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const gaps = doc.issues.filter((i) => i.rule.startsWith('extraction.'));
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const g of gaps) expect(g.severity).toBe('warning');
    const blank = gaps.find((i) => i.rule === 'extraction.blank' && i.gap?.rule === 'sum.total')!;
    expect(blank.gap).toMatchObject({ table: 'expenditure', row: '208', column: 'total', page: 10 });
    expect(blank.gap!.unread!.map((u) => u.text)).toContain('754.75');
    expect(blank.message).toContain('754.75');
    // and the table's quality says which identities it could not judge
    expect(q.identities!.broken.some((b) => b.rule === 'extraction.blank' && b.row === '208')).toBe(true);
    expect(q.identities!.held).toBeGreaterThan(0);
  });

  it('a number that was read and does not add up is still an error (another table of the same document)', () => {
    const doc = finish(staged); // 支出决算表 still misses its cell
    const f = doc.facts.find((x) => x.table === 'general_budget' && x.row === '20805' && x.column === 'total')!;
    f.value += 100;
    const issues = validate(doc);
    const errs = issues.filter((i) => i.severity === 'error');
    expect(errs.some((i) => i.rule === 'sum.children' && i.refs.some((r) => r.table === 'general_budget' && r.row === '20805'))).toBe(true);
    expect(errs.every((i) => !i.rule.startsWith('extraction.'))).toBe(true);
  });
});

describe.skipIf(!HAS_SHARED)('the real budgets of ../shared/corpus/budget', () => {
  const files = HAS_SHARED ? readdirSync(corpus('budget')).filter((f) => f.endsWith('.pdf')) : [];
  const docs = new Map<string, Extraction>();
  beforeAll(async () => {
    for (const f of files) docs.set(f, await extract(corpus('budget', f), { ocr: 'never' }));
  }, 300_000);

  it('an error is only ever charged where every amount its tables print was read', () => {
    for (const [file, doc] of docs) {
      const cov = new Map(doc.tables.map((t) => [t.kind, t.quality]));
      for (const i of doc.issues.filter((x) => x.severity === 'error' && /^(sum|basic|fund|cross)\./.test(x.rule))) {
        for (const r of i.refs) expect([file, i.rule, r.table, cov.get(r.table)?.unmatched.length ?? 0]).toEqual([file, i.rule, r.table, 0]);
      }
    }
  });

  it('wanli 2025: the 支出 side of the two-sided 总表 (元 with thousands separators) is read, and no 支出方「…」为 0 error', () => {
    const doc = docs.get('shanghai-putuo-wanli-2025-budget.pdf')!;
    expect(doc.issues.filter((i) => i.severity === 'error' && /支出方「[^」]+」「[^」]+」为 0，/.test(i.message))).toEqual([]);
    expect(doc.facts.filter((f) => f.table === 'budget_fiscal_summary' && f.row.startsWith('expenditure:')).length).toBeGreaterThan(10);
  });
});
