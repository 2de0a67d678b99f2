/**
 * Scans as offices make them (../shared): tables pasted as pictures into a word-processor document whose
 * headings and prose are real text, and a soft, skewed scan with a red 财务专用章 stamped over the tables.
 * Both give the shgzb truth's facts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { HAS_SHARED, corpus } from './helpers/shared.js';
import { score, type Truth } from './helpers/score.js';

const name = 'shanghai-putuo-shgzb-2024-final';
const truth = () => JSON.parse(readFileSync(corpus('final', `${name}.truth.json`), 'utf8')) as Truth;

describe.skipIf(!HAS_SHARED)('office scans of the shgzb 决算', () => {
  it('tables pasted as pictures among text pages are read from the pictures (recall and precision ≥ 0.995)', async () => {
    const doc = await extract(corpus('scanned', `${name}-pasted.pdf`));
    const s = score(doc, truth());
    expect(s.recall, s.misses.join('\n')).toBeGreaterThanOrEqual(0.995);
    expect(s.precision, s.wrong.join('\n')).toBeGreaterThanOrEqual(0.995);
    // the text pages keep their text layer; the pictures on them are counted, their facts carry confidence and box
    const p3 = doc.pages.find((p) => p.page === 3)!;
    expect([p3.source, p3.ocrPictures]).toEqual(['text', 1]);
    const income = doc.facts.filter((f) => f.table === 'income');
    expect(income.length).toBeGreaterThan(10);
    for (const f of income) {
      expect(f.source).toBe('ocr');
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.box).toBeDefined();
    }
    // the prose is the text layer's, not OCR
    expect(doc.narrative.length).toBeGreaterThan(0);
  }, 900_000);

  // 0.9951 / 0.9951 (204 of 205; left: 2022.40 read without its point under the seal's ring)
  it('a soft, skewed scan with a red seal over the tables gives the facts (recall and precision ≥ 0.995)', async () => {
    const doc = await extract(corpus('scanned', `${name}-scan-seal.pdf`));
    const s = score(doc, truth());
    expect(s.recall, s.misses.join('\n')).toBeGreaterThanOrEqual(0.995);
    expect(s.precision, s.wrong.join('\n')).toBeGreaterThanOrEqual(0.995);
  }, 900_000);
});
