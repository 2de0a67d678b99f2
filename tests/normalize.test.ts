/**
 * Normalisation of hand-made grids: which facts a printed table gives.
 */
import { describe, expect, it } from 'vitest';
import { normalizeTable } from '../src/normalize/table.js';
import type { TableSpan } from '../src/segment/segment.js';
import type { Grid, GridCell } from '../src/tables/grid.js';

/** rows of cell texts; '<' repeats the cell to the left as one merged cell, '^' the cell above */
function grid(rows: string[][]): Grid {
  const cells: GridCell[] = [];
  const at = new Map<string, GridCell>();
  rows.forEach((r, i) =>
    r.forEach((text, j) => {
      if (text === '<') {
        const c = at.get(`${i},${j - 1}`)!;
        c.colSpan++;
        at.set(`${i},${j}`, c);
      } else if (text === '^') {
        const c = at.get(`${i - 1},${j}`)!;
        if (c.row + c.rowSpan === i) c.rowSpan++;
        at.set(`${i},${j}`, c);
      } else {
        const c: GridCell = { row: i, col: j, rowSpan: 1, colSpan: 1, text };
        cells.push(c);
        at.set(`${i},${j}`, c);
      }
    }),
  );
  return { page: 3, box: { x0: 0, y0: 0, x1: 500, y1: 500 }, nRows: rows.length, nCols: rows[0].length, cells, method: 'lattice' };
}

const span = (kind: string, rows: string[][]): TableSpan => ({ kind, title: kind, label: null, unit: '万元', pages: [3], grids: [grid(rows)], declaredEmpty: false });
const facts = (kind: string, rows: string[][], docKind: 'final' | 'budget' = 'final') =>
  Object.fromEntries(normalizeTable(span(kind, rows), { docKind }).facts.map((f) => [`${f.row}|${f.column}`, f.value]));

describe('normalisation', () => {
  it('a 决算 table that also prints 年初预算数 keeps the 决算数 under the canonical keys', () => {
    const f = facts('general_budget', [
      ['科目编码', '科目名称', '年初预算数', '<', '<', '决算数', '<', '<'],
      ['^', '^', '合计', '基本支出', '项目支出', '合计', '基本支出', '项目支出'],
      ['合计', '<', '100.00', '60.00', '40.00', '110.00', '65.00', '45.00'],
      ['201', '一般公共服务支出', '100.00', '60.00', '40.00', '110.00', '65.00', '45.00'],
    ]);
    expect(f['total|total']).toBe(110);
    expect(f['201|basic']).toBe(65);
    expect(f['201|budget_total']).toBe(100);
  });

  it('codes split over 类 / 款 / 项 columns, the higher levels left blank, are joined from the rows above', () => {
    const f = facts('income', [
      ['科目编码', '<', '<', '科目名称', '本年收入合计', '财政拨款收入'],
      ['类', '款', '项', '^', '^', '^'],
      ['201', '', '', '一般公共服务支出', '5.00', '5.00'],
      ['', '01', '', '人大事务', '5.00', '5.00'],
      ['', '', '01', '行政运行', '3.00', '3.00'],
      ['', '', '02', '一般行政管理事务', '2.00', '2.00'],
    ]);
    expect(f).toMatchObject({ '201|total': 5, '20101|total': 5, '2010101|fiscal': 3, '2010102|fiscal': 2 });
  });

  it('行次 counters laid into the 金额 column of a 总表 (its 行次 column cut off by the page) give no amounts', () => {
    const rows = (counters: string[]) => [
      ['收入', '<', '支出', '<'],
      ['项目', '金额', '项目', '金额'],
      ['一般公共预算财政拨款收入', '137.59', '一般公共服务支出', '2.38'],
      ...['卫生健康支出', '节能环保支出', '城乡社区支出', '农林水支出'].map((name, i) => ['', counters[i], name, '']),
      ['本年收入合计', '137.59', '本年支出合计', '137.59'],
    ];
    expect(facts('summary', rows(['9', '10', '11', '12']))).toEqual({
      'income:一般公共预算财政拨款收入|amount': 137.59,
      'expenditure:一般公共服务支出|amount': 2.38,
      'income:本年收入合计|amount': 137.59,
      'expenditure:本年支出合计|amount': 137.59,
    });
    // whole numbers that do not count up one by one are read as before
    expect(Object.values(facts('summary', rows(['9', '12', '15', '30'])))).toEqual(expect.arrayContaining([9, 12, 15, 30]));
  });

  it('a code printed with its name in one cell is split', () => {
    const f = facts('expenditure', [
      ['项目', '本年支出合计', '基本支出', '项目支出'],
      ['2040201 行政运行', '4305.21', '4305.21', ''],
    ]);
    expect(f).toEqual({ '2040201|total': 4305.21, '2040201|basic': 4305.21 });
  });

  it('the 三公 table gives budget and actual rows from its 预算数 / 决算数 columns, blanks and dashes give no fact', () => {
    const f = facts('three_public', [
      ['预算数', '<', '<', '决算数', '<', '<'],
      ['合计', '因公出国(境)费', '公务接待费', '合计', '因公出国(境)费', '公务接待费'],
      ['15.11', '——', '0.00', '(1.50)', '', '0'],
    ]);
    expect(f).toEqual({ 'budget|total': 15.11, 'budget|reception': 0, 'actual|total': -1.5, 'actual|reception': 0 });
  });

  it('a misprinted 类 (7 11 02 under 210 11) is repaired from the row above and flagged; the printed code is kept', () => {
    const t = normalizeTable(span('expenditure', [
      ['科目编码', '<', '<', '科目名称', '本年支出合计'],
      ['类', '款', '项', '^', '^'],
      ['210', '', '', '卫生健康支出', '9.00'],
      ['', '11', '', '行政事业单位医疗', '9.00'],
      ['7', '11', '02', '事业单位医疗', '9.00'],
    ]), { docKind: 'final' });
    const f = t.facts.find((x) => x.rowLabel === '事业单位医疗')!;
    expect(f).toMatchObject({ row: '2101102', value: 9, flags: ['code_repaired'] });
    expect(t.table.rows.find((r) => r.key === '2101102')?.printedCode).toBe('7 11 02');
    expect(t.facts.some((x) => x.row === '71102')).toBe(false);
  });

  it('a misprint that cannot be repaired unambiguously keeps its printed code and is flagged', () => {
    const t = normalizeTable(span('expenditure', [
      ['科目编码', '<', '<', '科目名称', '本年支出合计'],
      ['类', '款', '项', '^', '^'],
      ['7', '11', '02', '事业单位医疗', '9.00'],
    ]), { docKind: 'final' });
    expect(t.facts[0]).toMatchObject({ row: '71102', flags: ['code_suspect'] });
  });

  it('a column no key names is still read under its printed label; a key met again keeps its amount with #2', () => {
    const f = facts('budget_three_public', [
      ['单位名称', '合计', '因公出国(境)费', '会议费'],
      ['合计', '3.00', '1.00', '2.00'],
    ], 'budget');
    expect(f['budget|total']).toBe(3);
    expect(f['budget|会议费']).toBe(2);
    const g = facts('income', [
      ['科目编码', '科目名称', '本年收入合计'],
      ['201', '一般公共服务支出', '5.00'],
      ['201', '一般公共服务支出', '6.00'],
    ]);
    expect(g).toMatchObject({ '201|total': 5, '201|total#2': 6 });
  });

  it('a 三公 table with a row per subordinate unit keys each unit row by the unit', () => {
    const f = facts('budget_three_public', [
      ['单位名称', '合计', '因公出国(境)费', '公务接待费'],
      ['合计', '3.00', '1.00', '2.00'],
      ['本级', '2.00', '1.00', '1.00'],
      ['下属中心', '1.00', '', '1.00'],
    ], 'budget');
    expect(f).toMatchObject({ 'budget|total': 3, 'budget:本级|total': 2, 'budget:下属中心|reception': 1 });
  });

  it('a table outside the standard kinds keeps every amount, rows by code or name, columns by label', () => {
    const f = facts('other:政府购买服务预算表', [
      ['项目名称', '购买服务内容', '预算金额'],
      ['档案整理', '服务', '3.83'],
      ['合计', '', '3.83'],
    ], 'budget');
    // (a row is keyed by its name columns joined: the project and what it buys)
    expect(f).toMatchObject({ '档案整理/服务|预算金额': 3.83, 'total|预算金额': 3.83 });
  });
});
