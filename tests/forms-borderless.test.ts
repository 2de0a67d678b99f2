/**
 * Forms printed without ruling lines: the 附件 of samples/fenyang-2024-final.pdf with every ruling of the form
 * pages removed reads like the ruled forms, from the text runs alone (no 项目资金/绩效指标 column rules, labels
 * spanning rows printed once, forms cut by page breaks).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPdf } from '../src/sources/pdf.js';
import { pageTables } from '../src/tables/page.js';
import { segment, type PageLayout } from '../src/segment/segment.js';
import { parseForms } from '../src/normalize/forms.js';
import type { EvaluationForm, Fact } from '../src/model/schema.js';
import { score, type Truth } from './helpers/score.js';
import { sample } from './helpers/shared.js';

const FIRST_FORM_PAGE = 22;
const n = (s: string | undefined | null) => (s ?? '').normalize('NFKC').replace(/\s+/g, '');

describe('forms without rulings (the sample 附件 with its rules removed)', () => {
  let forms: EvaluationForm[];
  let facts: Fact[];
  const truthForms: { row_key: string; pages: number[]; indicators: Record<string, unknown>[]; money: unknown[]; total: { score?: number } | null }[] =
    JSON.parse(readFileSync(sample('fenyang-2024-final.forms.json'), 'utf8')).forms;

  beforeAll(async () => {
    const file = sample('fenyang-2024-final.pdf');
    const src = await openPdf(file, new Uint8Array(readFileSync(file)));
    const pages: PageLayout[] = [];
    try {
      for (let p = 1; p <= src.numPages; p++) {
        const page = await src.page(p);
        if (p >= FIRST_FORM_PAGE) page.rules = [];
        pages.push({ ...pageTables(page), items: page.items });
      }
    } finally {
      await src.close();
    }
    ({ forms, facts } = parseForms(segment(pages)));
  }, 60_000);

  it('finds every form and gives its performance_evaluation facts, flagged as read without rulings', () => {
    expect(forms.map((f) => [f.key, f.pages])).toEqual(truthForms.map((t) => [t.row_key, t.pages]));
    const truth: Truth = JSON.parse(readFileSync(sample('fenyang-2024-final.truth.json'), 'utf8'));
    const pe = truth.facts.filter((f) => f.table === 'performance_evaluation');
    const s = score({ tables: [], facts }, { tables: ['performance_evaluation'], facts: pe });
    expect(s.misses).toEqual([]);
    expect([s.recall, s.precision]).toEqual([1, 1]);
    expect(facts.every((f) => f.flags?.includes('low_confidence'))).toBe(true);
  });

  it('reads every indicator row with its levels, including labels spanning rows and page breaks', () => {
    for (const t of truthForms) {
      const f = forms.find((x) => x.key === t.row_key)!;
      const got = f.indicators.map((i) => [i.level1, i.level2, n(i.level3), i.weight ?? null, i.score ?? null, i.level1Weight ?? null]);
      const want = t.indicators.map((i) => [i.level1, i.level2, n(i.level3 as string), i.points, i.score, i.weight ?? null]);
      expect(got, t.row_key).toEqual(want);
      expect(f.money.length, t.row_key).toBe(t.money.length);
      expect(f.scoreTotal ?? null, t.row_key).toBe(t.total?.score ?? null);
    }
  });
});
