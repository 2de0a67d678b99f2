/**
 * The seed's tables printed by real producers in layouts offices use (scripts/variants/layouts.ts), rendered here
 * into a temporary directory by the Chromium and LibreOffice (Calc, Writer) installed; the truth comes from the same cells.
 * Each layout below is one whose failure was a family problem of the table builders (see each case).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { matrix } from '../scripts/variants/matrix.js';
import { renderLayout, type Layout } from '../scripts/variants/layouts.js';
import { score, type Truth } from './helpers/score.js';
import { hasTool } from './helpers/tools.js';

const HAS = { chromium: hasTool('chromium', ['--version']), calc: hasTool('soffice', ['--version']), writer: hasTool('soffice', ['--version']) };
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
  // printed at 100 %: the columns that do not fit go to pages of their own, after all the left-hand pages (Calc's
  // default) or after each; only the rows' level ties them to their names
  { name: 'k-nofit', why: 'Calc, not fitted to the width: the right-hand pages’ amounts in the rows they are printed level with' },
  { name: 'k-nofit-over', why: 'Calc, not fitted to the width, over then down: each right-hand page after its left-hand one' },
  // Writer lets a row break across a page: 九、卫生健康 | 41 | 314.19 at the foot, 支出 alone on the next page
  { name: 'w-split-norepeat', why: 'Writer, tall rows over several pages: the tail of a name broken over the page goes back to its row' },
];

const byName = new Map(matrix().map((l) => [l.name, l]));

/** The layout printed by its producer, extracted and scored against the truth written beside it. */
async function scored(layout: Layout) {
  const { pdf, truth } = await renderLayout(layout, dir);
  return score(await extract(pdf), JSON.parse(readFileSync(truth, 'utf8')) as Truth);
}

describe('layout variants through real producers: every fact of the truth, nothing else', () => {
  for (const c of CASES) {
    const layout = byName.get(c.name)!;
    it.skipIf(!HAS[layout.producer])(`${c.name}: ${c.why}`, async () => {
      const s = await scored(layout);
      expect(s.recall, s.misses.slice(0, 12).join('\n')).toBe(1);
      expect(s.precision, s.wrong.slice(0, 12).join('\n')).toBe(1);
      expect(s.tableRecall).toBe(1);
    }, 300_000);
  }
});

/**
 * Seeded mixes of several axes (matrix.ts's random layouts) where a family problem of the stream builder gave
 * amounts under wrong keys or none: each named table gives every fact of the truth and no other.
 */
const MIXES: { name: string; tables: string[]; why: string }[] = [
  // codes 201 / 99 / 01 overflow 类/款/项 columns narrowed to half, up to the names; 收入 centred over 项目|行次|金额;
  // 公开06's names two characters a line, its 30101 wider than the code column; 三公 labels over seven header rows
  { name: 'r9-1-c', tables: ['summary', 'income', 'expenditure', 'fiscal_summary', 'general_budget', 'general_budget_basic', 'three_public'], why: 'Chromium, 三线表, narrow code columns: each level of code at its own edge, a group label makes no column' },
  // 11 pt amounts too wide for their cells run into the next column (137,592,600.00 over 一、一般公共服务支出, and
  // 67,040,700.00 into the columns 公用经费合计 is centred over)
  { name: 'r9-4-c', tables: ['summary', 'income', 'expenditure', 'general_budget', 'general_budget_basic'], why: 'Chromium, 三线表, 11 pt: the cell edges of the rulings divide an amount from the cell it runs into' },
  // '-' centred in empty cells beside right-aligned amounts; 三公 labels wrapped over seven header rows
  { name: 'r9-3-c', tables: ['general_budget', 'three_public'], why: 'Chromium, 三线表, dashes for empty cells: a dash makes no column, a tall header is a header' },
  // rows padded 6pt at half-width names: a 总表 page with one amount, name tails 收入 | 支出, 4pt between an
  // amount and the next name, 公开06 names in pieces over many lines, 三公 labels over thirteen lines
  { name: 'r9-8-c', tables: ['summary', 'fiscal_summary', 'general_budget_basic', 'three_public'], why: 'Chromium, 三线表, tall rows, narrow names: long tables hold together' },
  // ruled, 12pt, code column narrowed: 30109 runs on past its rule into the name cell
  { name: 'r9-6-c', tables: ['general_budget_basic'], why: 'Chromium, all rulings, narrow code column: a code is in the cell it starts in' },
  // Calc centres 合计 and 栏次 over the code and name columns; 科目代/码 wraps beside 决算数 in 公开06
  { name: 'r9-9-k', tables: ['income', 'expenditure', 'general_budget_basic'], why: 'Calc, outer frame: a centred 合计 bridges no gap, a wrapped label level with others spans nothing' },
  // rows padded 6 pt and scaled to the page: rows stand 3 em apart, the header further
  { name: 'r9-5-k', tables: ['summary', 'income', 'expenditure', 'general_budget_basic'], why: 'Calc, tall rows scaled to the page: the table and its header hold together' },
  // landscape, 11 pt, no header rows repeated, not fitted: 项目支出 alone on three pages after the three of 公开05,
  // 公开06's last group and its 公用经费合计 cut off their codes and names
  { name: 'r9-7-k', tables: ['general_budget', 'general_budget_basic', 'three_public'], why: 'Calc, not fitted, no repeated header: right-hand pages tied row for row' },
  // Writer without borders prints cells with no padding: 13759.26 glued to 一、一般公共服务支出, 收入 centred over a
  // side whose right edge is only that cut; names of the 财政拨款总表 wrapped over four or five lines, 本年收 |
  // 入合计 above 年初财 | 政拨款 | 结转和 | 结余, every line touching the next
  { name: 'w-none', tables: ['summary', 'fiscal_summary'], why: 'Writer, no borders: a group label over a glued side, names over four lines hang on to their own amounts' },
];

describe('seeded layout mixes through real producers: the named tables give every fact of the truth, nothing else', () => {
  for (const c of MIXES) {
    const layout = byName.get(c.name)!;
    it.skipIf(!HAS[layout.producer])(`${c.name}: ${c.why}`, async () => {
      const s = await scored(layout);
      const named = (k: string) => c.tables.some((t) => k.startsWith(`${t}|`));
      expect(s.misses.filter(named), 'missed').toEqual([]);
      expect(s.wrong.filter(named), 'under a wrong key').toEqual([]);
      expect(s.tableRecall).toBe(1);
    }, 300_000);
  }
});
