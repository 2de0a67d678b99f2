/**
 * Validation on the real 上海 决算 of the shared corpus: the rounding inconsistencies their truth files' `notes`
 * list are reported as info (within the rounding tolerance), the narrative's real mismatches as warnings, and
 * nothing else; the template (no numbers) raises nothing; a one-fact change is caught for ≥ 95 % of the facts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Issue } from '../src/model/schema.js';
import { corpus, HAS_SHARED } from './helpers/shared.js';
import { mutationCoverage } from './helpers/mutation.js';

const where = (i: Issue) => `${i.severity} ${i.rule} ${[i.refs[0]?.table, i.refs[0]?.row, i.refs[0]?.column].filter(Boolean).join('/')}`;

describe.skipIf(!HAS_SHARED)('validation on the corpus 决算', () => {
  it('ghzyj: the notes\' rounding gaps as info, the narrative\'s all-funds figures as warnings, no errors', async () => {
    const doc = await extract(corpus('final', 'shanghai-putuo-ghzyj-2024-final.pdf'), { ocr: 'never' });
    expect(doc.issues.map(where).sort()).toEqual(
      [
        // notes: general_budget rows 212, 21201, 2120101 and 合计: total = basic + project + 0.01
        'info sum.columns general_budget/212/total',
        'info sum.columns general_budget/21201/total',
        'info sum.columns general_budget/2120101/total',
        'info sum.columns general_budget/total/total',
        // notes: summary 卫生健康支出 236.63 vs 236.64, 城乡社区支出 3845.25 vs 3845.24
        'info cross.category summary/expenditure:卫生健康支出/amount',
        'info cross.category summary/expenditure:城乡社区支出/amount',
        // notes: fiscal_summary 卫生健康支出 236.63 vs 236.64; five 类 sum to 9746.49 vs 9746.50 (合计 and 一般公共预算 columns)
        'info cross.category fiscal_summary/expenditure:卫生健康支出/general_budget',
        'info sum.rows fiscal_summary/expenditure:本年支出合计/total',
        'info sum.rows fiscal_summary/expenditure:本年支出合计/general_budget',
        // notes: basic table 302 = 440.90 vs items 440.88; 人员经费 4884.09 vs 301 + 303 = 4884.10
        'info sum.children general_budget_basic/302/amount',
        'info basic.personnel general_budget_basic/personnel_total/amount',
        // the narrative (p.21) quotes 卫生健康支出 236.63, the 一般公共预算 table prints 236.64
        'info narrative.amount general_budget/210/total',
        // the narrative (p.24) calls the all-funds 基本支出 5377.64 (人员经费 4896.98) 一般公共预算财政拨款基本支出,
        // while the 一般公共预算 tables print 5364.75 (人员经费 4884.09): a real mismatch of 12.89
        'warning narrative.amount general_budget/total/basic',
        'warning narrative.amount general_budget_basic/personnel_total/amount',
        // notes: the heading above the tables on p.7 reads 上海市规划和自然资源局 (without 普陀区), the cover 上海市普陀区…
        'warning identity.department summary',
        // the 三公 narrative (p.25) keeps the template's alternative: 减少0.15万元，下降（增长）27.78%
        'warning text.placeholder ', // (no table: the sentence is the location)
      ].sort(),
    );
    const basic = doc.issues.find((i) => i.rule === 'narrative.amount' && i.severity === 'warning')!;
    expect(basic.page).toBe(24);
    expect(basic.sentence).toContain('5377.64');
    expect(basic.printed).toBe(5377.64);
    expect(basic.expected).toBe(5364.75);
    const gb = doc.issues.find((i) => i.refs[0]?.row === '212' && i.rule === 'sum.columns')!;
    // three printed numbers, each within 0.005 of its true value: a gap up to 0.015 is rounding
    expect(gb).toMatchObject({ page: 14, printed: 3832.36, expected: 3832.35, tolerance: 0.015, severity: 'info' });
  });

  it('shgzb: 302 vs its items and 人员经费 + 公用经费 vs 基本支出, as info; nothing else', async () => {
    const doc = await extract(corpus('final', 'shanghai-putuo-shgzb-2024-final.pdf'), { ocr: 'never' });
    expect(doc.issues.map(where).sort()).toEqual(
      ['info sum.children general_budget_basic/302/amount', 'info cross.basic general_budget_basic/personnel_total/amount'].sort(),
    );
    const cross = doc.issues.find((i) => i.rule === 'cross.basic')!;
    expect(cross.refs).toEqual([
      { table: 'general_budget_basic', row: 'personnel_total', column: 'amount' },
      { table: 'general_budget_basic', row: 'public_total', column: 'amount' },
      { table: 'general_budget', row: 'total', column: 'basic' },
    ]);
  });

  it('the template, which prints no numbers, raises no error: only its placeholders and its blank tables', async () => {
    const doc = await extract(corpus('final', 'shanghai-putuo-template-final.pdf'), { ocr: 'never' });
    expect(doc.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect([...new Set(doc.issues.map((i) => `${i.severity} ${i.rule}`))].sort()).toEqual(['warning table.blank', 'warning text.placeholder']);
    // the seven tables printed with empty cells and no 本表无数据; 政府性基金 and 国有资本 say 故本表无数据
    expect(doc.issues.filter((i) => i.rule === 'table.blank').map((i) => i.refs[0].table).sort()).toEqual(
      ['expenditure', 'fiscal_summary', 'general_budget', 'general_budget_basic', 'income', 'summary', 'three_public'],
    );
    expect(doc.issues.some((i) => i.rule === 'text.placeholder' && i.message.includes('增加(减少)'))).toBe(true);
  });

  for (const stem of ['shanghai-putuo-shgzb-2024-final', 'shanghai-putuo-ghzyj-2024-final']) {
    it(`${stem}: changing any one fact up or down by ≥ 1 万元 and ≥ 10 % raises an issue naming it, for ≥ 95 % of the facts`, async () => {
      const doc = await extract(corpus('final', `${stem}.pdf`), { ocr: 'never' });
      for (const sign of [1, -1] as const) {
        const r = mutationCoverage(doc, undefined, sign);
        expect(r.total).toBeGreaterThan(200);
        expect(r.coverage, `missed (${sign}): ${r.missed.map((f) => `${f.table}/${f.row}/${f.column}`).join(', ')}`).toBeGreaterThanOrEqual(0.95);
      }
    });
  }

  it('mixed scan (4 pages OCR\'d): every value OCR misread is named by an error or warning', async () => {
    const truth = JSON.parse(readFileSync(corpus('final', 'shanghai-putuo-ghzyj-2024-final.truth.json'), 'utf8')) as { facts: { table: string; row: string; column: string; value: number }[] };
    const doc = await extract(corpus('scanned', 'shanghai-putuo-ghzyj-2024-final-mixed.pdf'));
    const want = new Map(truth.facts.map((f) => [`${f.table}/${f.row}/${f.column}`, f.value]));
    const wrong = doc.facts.filter((f) => want.has(`${f.table}/${f.row}/${f.column}`) && Math.abs(want.get(`${f.table}/${f.row}/${f.column}`)! - f.value) > 0.005);
    const named = new Set(doc.issues.filter((i) => i.severity !== 'info').flatMap((i) => i.refs.map((r) => `${r.table}/${r.row}/${r.column}`)));
    expect(wrong.map((f) => `${f.table}/${f.row}/${f.column}`).filter((k) => !named.has(k))).toEqual([]);
  });

  it('the 预算 PDFs raise no error', async () => {
    for (const f of ['jiangsu-jcy-2019-budget', 'jiangsu-swbgt-2018-budget-tables', 'jiangsu-zxbgt-2019-budget-tables', 'shanghai-putuo-dept-2025-budget']) {
      const doc = await extract(corpus('budget', `${f}.pdf`), { ocr: 'never' });
      const known = (i: Issue) =>
        // swbgt's 目录 lists 七、政府性基金 and 十、机关运行经费 before the 一般公共预算 and 三公 tables it prints first
        f === 'jiangsu-swbgt-2018-budget-tables' && i.rule === 'table.order' && ['budget_gov_fund', 'budget_running_cost'].includes(i.refs[0].table);
      expect(doc.issues.filter((i) => i.severity !== 'info' && !known(i)).map((i) => `${f}: ${i.message}`)).toEqual([]);
      if (f === 'jiangsu-swbgt-2018-budget-tables') expect(doc.issues.filter(known)).toHaveLength(2);
    }
  });
});
