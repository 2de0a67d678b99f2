/**
 * samples/variants/*.pdf: the seed's ten tables printed the way other producers and provinces print them (one
 * layout feature per file, made by scripts/samples/lib/variants.ts; what each changes is the first note of its
 * truth). Each must give the facts of its truth, which the generator derives from the seed, not from the extractor.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { sample } from './helpers/shared.js';
import { score, type Truth } from './helpers/score.js';

const VARIANTS = [
  'shanghai-style',
  'split-codes',
  'yuan-thousands',
  'excel-caption',
  'wrapped-rows',
  'two-per-page',
  'rotated',
  'thin-rect-borders',
  'code-in-name',
];

type VariantTruth = Truth & { notes: string[] };
const truthOf = (name: string): VariantTruth => JSON.parse(readFileSync(sample('variants', `${name}.truth.json`), 'utf8')) as VariantTruth;

describe('samples/variants: the same tables printed as other producers print them', () => {
  it.each(VARIANTS)('%s.pdf gives the facts of its truth (recall and precision ≥ 0.99, every table)', async (name) => {
    const truth = truthOf(name);
    const doc = await extract(sample('variants', `${name}.pdf`));
    const s = score(doc, truth);
    const detail = `${truth.notes[0]}\nmissed ${s.misses.length}: ${s.misses.slice(0, 12).join('; ')}\nwrong/extra ${s.wrong.length}: ${s.wrong.slice(0, 12).join('; ')}`;
    expect(s.recall, detail).toBeGreaterThanOrEqual(0.99);
    expect(s.precision, detail).toBeGreaterThanOrEqual(0.99);
    expect(s.tableRecall, detail).toBe(1);
    expect(doc.document).toMatchObject({ department: '汾阳市公安局', year: 2024, kind: 'final' });
  });

  it('every variant truth holds the same table facts as the Fenyang sample (amounts in 元 where printed in 元)', () => {
    const base = truthOf('../fenyang-2024-final');
    const key = (f: { table: string; row: string; column: string }) => `${f.table}|${f.row}|${f.column}`;
    const yuan = (f: { value: number; unit?: string }) => (f.unit === '万元' ? Math.round(f.value * 1e6) / 100 : f.value);
    const expected = new Map(base.facts.filter((f) => f.table !== 'performance_evaluation').map((f) => [key(f), yuan(f)]));
    for (const name of VARIANTS) {
      const facts = truthOf(name).facts;
      expect(facts.length, name).toBe(expected.size);
      for (const f of facts) expect(yuan(f), `${name} ${key(f)}`).toBe(expected.get(key(f)));
    }
  });
});
