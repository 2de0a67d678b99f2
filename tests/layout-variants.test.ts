/**
 * The seed's tables printed by real producers in layouts offices use (scripts/variants/layouts.ts), rendered here
 * into a temporary directory by the Chromium and LibreOffice Calc installed; the truth comes from the same cells.
 * Each layout below is one whose failure was a family problem of the table builders (see each case).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { matrix } from '../scripts/variants/matrix.js';
import { renderLayout } from '../scripts/variants/layouts.js';
import { score, type Truth } from './helpers/score.js';
import { hasTool } from './helpers/tools.js';

const HAS = { chromium: hasTool('chromium', ['--version']), calc: hasTool('soffice', ['--version']) };
const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-layouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: { name: string; why: string }[] = [
  // 公开06's 公用经费合计, printed glyph group by glyph group, centred over eight empty columns, its amount in the last
  { name: 'c-none', why: 'Chromium, no rulings: a total label in pieces spans the columns it is centred over' },
  // the 总计 row alone on the continuation page of 公开04, with a wrapped name: its own column guess split the
  // name column; the first page's columns hold
  { name: 'c-hrules', why: 'Chromium, horizontal rules only: a continuation page of one total row reads under the first page’s columns' },
  // Calc prints cells without padding: 6704.07 ends where 30240 starts, on a continuation page of three rows
  { name: 'k-none', why: 'Calc, no borders: columns that touch on a page of few rows are divided where the header shows two labels' },
];

const byName = new Map(matrix().map((l) => [l.name, l]));

describe('layout variants through real producers: every fact of the truth, nothing else', () => {
  for (const c of CASES) {
    const layout = byName.get(c.name)!;
    it.skipIf(!HAS[layout.producer])(`${c.name}: ${c.why}`, async () => {
      const { pdf, truth } = await renderLayout(layout, dir);
      const doc = await extract(pdf);
      const s = score(doc, JSON.parse(readFileSync(truth, 'utf8')) as Truth);
      expect(s.recall, s.misses.slice(0, 12).join('\n')).toBe(1);
      expect(s.precision, s.wrong.slice(0, 12).join('\n')).toBe(1);
      expect(s.tableRecall).toBe(1);
    }, 300_000);
  }
});
