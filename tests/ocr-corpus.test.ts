/**
 * Scanned corpus (../shared): the 200-dpi scans of the two 上海 决算 give their truth's facts, and the mixed
 * PDF (pages 8–9 and 14–15 scanned) gives the text original's facts on its text pages.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Extraction, Fact } from '../src/model/schema.js';
import { HAS_SHARED, corpus } from './helpers/shared.js';
import { score, type Truth } from './helpers/score.js';

const SCANS = ['shanghai-putuo-ghzyj-2024-final', 'shanghai-putuo-shgzb-2024-final'];
const truth = (name: string) => JSON.parse(readFileSync(corpus('final', `${name}.truth.json`), 'utf8')) as Truth;

describe.skipIf(!HAS_SHARED)('scanned 上海 决算', () => {
  for (const name of SCANS) {
    it(`${name}-scan200 gives its facts (recall and precision ≥ 0.99, every table kind)`, async () => {
      const doc = await extract(corpus('scanned', `${name}-scan200.pdf`));
      expect(doc.document.ocrPages?.length).toBe(doc.document.pages);
      const t = truth(name);
      const s = score(doc, t);
      expect(s.recall, s.misses.join('\n')).toBeGreaterThanOrEqual(0.99);
      expect(s.precision, s.wrong.join('\n')).toBeGreaterThanOrEqual(0.99);
      expect(doc.tables.map((x) => x.kind).sort()).toEqual([...t.tables].sort());
      // the department, year and kind as the truth has them (from the prose where the OCR'd cover is unreadable)
      expect(doc.document).toMatchObject((t as Truth & { document: object }).document);
    }, 900_000);
  }
});

describe.skipIf(!HAS_SHARED)('mixed PDF: text pages and scanned pages', () => {
  const name = 'shanghai-putuo-ghzyj-2024-final';
  let mixed: Extraction;
  let text: Extraction;
  beforeAll(async () => {
    mixed = await extract(corpus('scanned', `${name}-mixed.pdf`));
    text = await extract(corpus('final', `${name}.pdf`));
  }, 900_000);

  it('OCRs only the scanned pages', () => {
    expect(mixed.document.ocrPages).toEqual([8, 9, 14, 15]);
  });

  it('gives the text original’s facts, printed text and all, on its text pages', () => {
    const key = (f: Fact) => `${f.table}|${f.row}|${f.column}`;
    const got = new Map(mixed.facts.map((f) => [key(f), f]));
    const onText = text.facts.filter((f) => f.page !== undefined && ![8, 9, 14, 15].includes(f.page));
    expect(onText.length).toBeGreaterThan(100);
    for (const f of onText) {
      const g = got.get(key(f));
      expect(g, key(f)).toBeDefined();
      expect([g!.value, g!.printed, g!.source]).toEqual([f.value, f.printed, 'text']);
    }
  });

  it('and scores like the text original against the truth', () => {
    const s = score(mixed, truth(name));
    expect(s.recall, s.misses.join('\n')).toBeGreaterThanOrEqual(0.99);
    expect(s.precision, s.wrong.join('\n')).toBeGreaterThanOrEqual(0.99);
  });
});
