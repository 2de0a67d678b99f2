/**
 * The 附件 of samples/fenyang-2024-final.pdf: 49 项目支出绩效自评表 in two layouts, many printed over a page break.
 * What a researcher gets is compared with the sample's own truth (forms.json for the records, truth.json for the
 * performance_evaluation facts).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { EvaluationForm, Extraction } from '../src/model/schema.js';
import { score, type Truth } from './helpers/score.js';
import { sample } from './helpers/shared.js';

interface TruthForm {
  index: number;
  layout: 'a' | 'b';
  project: string;
  row_key: string;
  pages: number[];
  department: { code: string | null; name: string };
  unit: { code: string | null; name: string };
  money: Record<string, string | number | null>[];
  goal: string;
  actual: string;
  indicators: Record<string, string | number | null>[];
  total: { score?: number; points?: number } | null;
  grade?: string;
  analysis?: { label: string; text: string }[];
  remarks?: string[];
}

const n = (s: string | undefined | null) => (s ?? '').normalize('NFKC').replace(/\s+/g, '');
const PE = 'performance_evaluation';

function onlyPE(x: { tables: Extraction['tables']; facts: Extraction['facts'] }) {
  return { tables: x.tables.filter((t) => t.kind === PE), facts: x.facts.filter((f) => f.table === PE) };
}

describe('samples/fenyang-2024-final.pdf 附件', () => {
  const truthForms: TruthForm[] = JSON.parse(readFileSync(sample('fenyang-2024-final.forms.json'), 'utf8')).forms;
  const truth: Truth = JSON.parse(readFileSync(sample('fenyang-2024-final.truth.json'), 'utf8'));
  let doc: Extraction;
  let byKey: Map<string, EvaluationForm>;
  beforeAll(async () => {
    doc = await extract(sample('fenyang-2024-final.pdf'));
    byKey = new Map(doc.forms.map((f) => [f.key, f]));
  }, 60_000);

  it('finds every form, in both layouts, with the pages it is printed on', () => {
    expect(truthForms).toHaveLength(49);
    expect(doc.forms.map((f) => [f.key, f.layout, f.pages])).toEqual(truthForms.map((t) => [t.row_key, t.layout, t.pages]));
    expect(truthForms.filter((t) => t.pages.length > 1).length).toBeGreaterThan(10);
  });

  it('gives the performance_evaluation facts with recall and precision 1', () => {
    const s = score(onlyPE(doc), { ...truth, tables: [PE], facts: truth.facts.filter((f) => f.table === PE) });
    expect(s.misses).toEqual([]);
    expect(s.wrong).toEqual([]);
    expect(s.recall).toBe(1);
    expect(s.precision).toBe(1);
    expect(doc.facts.filter((f) => f.table === PE)).toHaveLength(245);
  });

  it('reads the header, money block, goals, score and grade of every form', () => {
    for (const t of truthForms) {
      const f = byKey.get(t.row_key)!;
      expect([f.project, f.departmentCode ?? null, f.department, f.unitCode ?? null, f.unit], t.project).toEqual([
        t.project, t.department.code, t.department.name, t.unit.code, t.unit.name,
      ]);
      expect([n(f.goal), n(f.achieved)], t.project).toEqual([n(t.goal), n(t.actual)]);
      expect(f.money.map((m) => m.label), t.project).toEqual(t.money.map((m) => m.label));
      const got = f.money.map((m) => [m.budgetInitial ?? null, m.budgetFullYear ?? null, m.executed ?? null, m.executionRate ?? null, m.score ?? null]);
      const want = t.money.map((m) => [m.budget ?? m.initial, m.full_year, m.executed, m.execution_rate, m.score]);
      expect(got, t.project).toEqual(want);
      expect([f.scoreTotal ?? null, f.grade ?? null], t.project).toEqual([t.total?.score ?? null, t.grade ?? null]);
      expect(Object.entries(f.analysis).map(([k, v]) => [n(k), n(v)]), t.project).toEqual(
        (t.analysis ?? []).map((a) => [n(a.label), n(a.text)]),
      );
      expect((f.remarks ?? []).map(n), t.project).toEqual((t.remarks ?? []).map(n));
    }
  });

  it('reads every indicator row, including the ones cut by a page break', () => {
    let rows = 0;
    for (const t of truthForms) {
      const f = byKey.get(t.row_key)!;
      const got = f.indicators.map((i) => [
        i.level1, i.level2, n(i.level3), n(i.target?.text), n(i.targetAdjusted?.text), n(i.actual?.text), i.weight ?? null, i.score ?? null,
        n(i.deviation), i.level1Weight ?? null,
      ]);
      const want = t.indicators.map((i) => [
        i.level1, i.level2, n(i.level3 as string), n((i.initial ?? i.target) as string), n((i.adjusted ?? '') as string), n(i.actual as string),
        i.points, i.score, n(i.reason as string), t.layout === 'b' ? i.weight : null,
      ]);
      expect(got, t.project).toEqual(want);
      rows += got.length;
    }
    expect(rows).toBe(truthForms.reduce((s, t) => s + t.indicators.length, 0));
  });

  it("reports where the forms' own arithmetic does not hold, and keeps the printed numbers", () => {
    const checks = doc.forms.flatMap((f) => (f.checks ?? []).map((c) => `${f.project}: ${c.rule}`)).sort();
    expect(checks).toEqual([
      '局三层和十一层视频会议会议室改造费: form.score_total',
      '局机关大院围墙改造、门卫用房建设费: form.score_total',
      '巡特警大楼改造工程费: form.money_score',
      '机关民警食堂、库房改造项目: form.score_total',
      '汾阳市公安局辰北派出所业务技术用房建设其他费用（前期费用）: form.indicator_score',
      '汾阳市公安局辰北派出所业务技术用房建设其他费用（前期费用）: form.money_score',
      '汾阳市公安局辰北派出所业务技术用房建设其他费用（前期费用）: form.weight_total',
    ].sort());
    const canteen = doc.facts.find((f) => f.table === PE && f.row === '机关民警食堂、库房改造项目' && f.column === 'score_total');
    expect(canteen).toMatchObject({ value: 100, flags: ['sum_mismatch'] });
  });

  it("gives one verdict on the forms' arithmetic: their checks are the form issues that fail, no more and no fewer", () => {
    const fromChecks = doc.forms.flatMap((f) => (f.checks ?? []).map((c) => `${f.key}|${c.rule}|${c.printed}|${c.expected}`)).sort();
    const fromIssues = doc.issues
      .filter((i) => i.rule.startsWith('form.') && i.severity !== 'info')
      .map((i) => `${i.refs[0].row}|${i.rule}|${i.printed}|${i.expected}`)
      .sort();
    expect(fromChecks).toEqual(fromIssues);
    expect(fromIssues).toHaveLength(7);
  });
});

describe('samples/fenyang-2024-final-borderless.pdf (tables without rulings, forms ruled)', () => {
  it('gives the same performance_evaluation facts', async () => {
    const doc = await extract(sample('fenyang-2024-final-borderless.pdf'));
    const truth: Truth = JSON.parse(readFileSync(sample('fenyang-2024-final-borderless.truth.json'), 'utf8'));
    const s = score(onlyPE(doc), { ...truth, tables: [PE], facts: truth.facts.filter((f) => f.table === PE) });
    expect(s.misses).toEqual([]);
    expect([s.recall, s.precision, doc.forms.length]).toEqual([1, 1, 49]);
  }, 60_000);
});
