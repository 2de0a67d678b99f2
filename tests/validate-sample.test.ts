/**
 * Validation on the seed-based sample (samples/fenyang-2024-final.pdf, 汾阳市公安局 2024年度单位决算): the
 * inconsistencies the seed really has are reported, each where it is; a one-fact change is caught for ≥ 95 %
 * of the facts.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Extraction, Issue } from '../src/model/schema.js';
import { sample } from './helpers/shared.js';
import { mutationCoverage } from './helpers/mutation.js';

const PDF = sample('fenyang-2024-final.pdf');

const names = (i: Issue, table: string, row?: string, column?: string) =>
  i.refs.some((r) => r.table === table && (row === undefined || r.row === row) && (column === undefined || r.column === column));

describe.skipIf(!existsSync(PDF))('validation on the seed sample', () => {
  let doc: Extraction;
  beforeAll(async () => {
    doc = await extract(PDF, { ocr: 'never' });
  });
  const find = (rule: string, pred: (i: Issue) => boolean = () => true) => doc.issues.filter((i) => i.rule === rule && pred(i));

  it('公开03表 执法办案 1511.11 (02/05 print 151.11): errors on its 款 and against the other tables, on p.7', () => {
    const kids = find('sum.children', (i) => i.refs[0].table === 'expenditure' && i.refs[0].row === '20402');
    expect(kids.map((i) => i.refs[0].column).sort()).toEqual(['project', 'total']);
    for (const i of kids) {
      expect(i.severity).toBe('error');
      expect(names(i, 'expenditure', '2040220')).toBe(true);
      expect(i.page).toBe(7);
      expect(i.expected! - i.printed!).toBeCloseTo(1360, 6);
    }
    const cross = find('cross.fiscal_rows', (i) => names(i, 'expenditure', '2040220', 'total'));
    expect(cross.some((i) => names(i, 'general_budget', '2040220', 'total'))).toBe(true);
    expect(cross.some((i) => names(i, 'income', '2040220', 'total'))).toBe(true);
    expect(cross.every((i) => i.severity === 'error')).toBe(true);
    // the number all these issues share is named as the one to distrust
    for (const i of [...kids, ...cross]) expect(i.suspect).toEqual({ table: 'expenditure', row: '2040220', column: i.suspect!.column });
    expect(kids.find((i) => i.refs[0].column === 'total')!.suspect).toEqual({ table: 'expenditure', row: '2040220', column: 'total' });
  });

  it('情况说明: 13,759.26万元 said to be 182.37 % of 本年支出合计 (it is 100 %)', () => {
    const [i] = find('narrative.share', (x) => x.printed === 182.37);
    expect(i.severity).toBe('warning');
    expect(i.expected).toBeCloseTo(100, 6);
    expect(i.sentence).toContain('182.37%');
    expect(i.page).toBe(18);
    expect(names(i, 'general_budget', 'total', 'total')).toBe(true);
  });

  it('情况说明: 执法执勤用车 43辆 and 其他用车 26辆 against 公开10表 69 and blank', () => {
    const a = find('narrative.amount', (i) => i.refs[0]?.table === 'disclosure_stats');
    expect(a.map((i) => [i.refs[0].row, i.printed, i.expected]).sort()).toEqual([
      ['vehicles_law_enforcement', 43, 69],
      ['vehicles_other', 26, 0],
    ]);
    expect(a.every((i) => i.page === 20 && i.sentence?.includes('43辆'))).toBe(true);
  });

  it('情况说明: 三公 completion 6.87 % and 因公出国 50.00 % where 决算 = 预算 = 15.11', () => {
    const c = find('narrative.completion');
    expect(c.map((i) => i.printed).sort()).toEqual([50, 6.87]);
    expect(c.every((i) => Math.abs(i.expected! - 100) < 1e-6 && names(i, 'three_public'))).toBe(true);
  });

  it('情况说明: more of the seed\'s own inconsistencies', () => {
    // 公用经费 items listed sum to 1445.72 (委托业务费 6 is blank in 公开06表)
    expect(find('narrative.parts', (i) => Math.abs(i.printed! - 1445.72) < 1e-6 && i.expected === 1439.72)).toHaveLength(1);
    // vehicles bought while 公务用车购置费 is 0
    expect(find('narrative.purchase')).toHaveLength(1);
    // 一般公共服务支出: 决算 23.81 > 预算 0 but the text says 支出决算小于年初预算
    const d = find('narrative.direction');
    expect(d.map((i) => [i.printed, i.expected])).toEqual([[23.81, 0]]);
    expect(names(d[0], 'general_budget', '201', 'total')).toBe(true);
    // 委托业务费 6万元 quoted, 公开06表 30227 blank
    expect(find('narrative.amount', (i) => names(i, 'general_budget_basic', '30227')).map((i) => [i.printed, i.expected])).toEqual([[6, 0]]);
    // 52 projects self-evaluated, 49 forms attached
    expect(find('narrative.forms').map((i) => [i.printed, i.expected])).toEqual([[52, 49]]);
  });

  it('附件 forms: 总分 vs Σ 得分, an indicator over its 分值, 得分 vs 执行率 × 分值', () => {
    expect(find('form.score_total').map((i) => [i.refs[0].row, i.printed, i.expected]).sort()).toEqual([
      ['局三层和十一层视频会议会议室改造费', 90, 80],
      ['局机关大院围墙改造、门卫用房建设费', 90, 80],
      ['机关民警食堂、库房改造项目', 100, 94],
    ]);
    expect(find('form.indicator_score').map((i) => [i.printed, i.expected])).toEqual([[2.5, 1]]);
    expect(find('form.money_score').map((i) => [i.printed, i.expected]).sort()).toEqual([[2.5, 2.052], [9.5, 9.447]]);
  });

  it('the 0.01 rounding gaps the truth notes list are info, not errors', () => {
    const info = doc.issues.filter((i) => i.severity === 'info').map((i) => `${i.rule} ${i.refs[0].table}/${i.refs[0].row}/${i.refs[0].column}`);
    expect(info).toEqual(expect.arrayContaining([
      'sum.total expenditure/total/project', 'sum.total general_budget/total/project',
      'sum.children expenditure/208/project', 'sum.children general_budget/208/project',
      'sum.columns expenditure/208/total', 'sum.columns general_budget/208/total',
    ]));
    // nothing but the 1511.11 row and the forms is an error
    const errors = doc.issues.filter((i) => i.severity === 'error');
    expect(errors.every((i) => names(i, 'expenditure', '2040220') || i.rule.startsWith('form.'))).toBe(true);
  });

  for (const sign of [1, -1] as const) {
    it(`changing any one fact ${sign > 0 ? 'up' : 'down'} by ≥ 1 unit and ≥ 10 % raises an issue naming it, for ≥ 95 % of the facts`, () => {
      const r = mutationCoverage(structuredClone(doc), undefined, sign);
      expect(r.total).toBeGreaterThan(400);
      expect(r.coverage, `missed: ${r.missed.map((f) => `${f.table}/${f.row}/${f.column}`).join(', ')}`).toBeGreaterThanOrEqual(0.95);
    });
  }
});
