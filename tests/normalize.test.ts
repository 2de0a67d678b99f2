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

  it('a 决算 table printing 年初预算数 | 调整预算数 | 决算数 keys each budget column by what it is, the 决算数 under the canonical keys', () => {
    const f = facts('general_budget', [
      ['科目编码', '科目名称', '年初预算数', '调整预算数', '决算数', '<', '<'],
      ['^', '^', '^', '^', '合计', '基本支出', '项目支出'],
      ['合计', '<', '1,250.00', '1,300.50', '1,288.40', '1,000.20', '288.20'],
      ['201', '一般公共服务支出', '1,000.00', '1,050.50', '1,040.40', '800.20', '240.20'],
    ]);
    expect(f).toMatchObject({ 'total|budget_initial': 1250, 'total|budget_adjusted': 1300.5, 'total|total': 1288.4, '201|basic': 800.2, '201|project': 240.2 });
    const g = facts('general_budget', [
      ['科目编码', '科目名称', '全年预算数', '决算数'],
      ['201', '一般公共服务支出', '1,050.50', '1,040.40'],
    ]);
    expect(g).toMatchObject({ '201|budget_full_year': 1050.5, '201|total': 1040.4 });
  });

  it('an OCR\'d header whose 栏次 row is misread (翌次) and whose code label caught a rule (科目代码|) still keys rows by code', () => {
    const f = facts('income', [
      ['项目', '<', '本年收入合计', '财政拨款收入', '上级补助收入'],
      ['科目代码|', '科目名称', '^', '^', '^'],
      ['翌次', '<', '1', '2', '3'],
      ['201', '一般公共服务支出', '23.81', '23.81', ''],
      ['20199', '其他一般公共服务支出', '23.81', '23.81', ''],
    ]);
    expect(f).toMatchObject({ '201|total': 23.81, '201|fiscal': 23.81, '20199|total': 23.81 });
    expect(Object.keys(f).filter((k) => /一般公共服务|代码|翌次/.test(k))).toEqual([]);
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

  it('a 三公 table with a block per year and the change beside it: the table\'s own year holds the 预算数 keys', () => {
    const f = facts('budget_three_public', [
      ['2025年', '<', '<', '2026年', '<', '<', '增减变化情况', '<', '<'],
      ['合计', '因公出国(境)费', '公务接待费', '合计', '因公出国(境)费', '公务接待费', '合计', '因公出国(境)费', '公务接待费'],
      ['11.90', '8.50', '3.40', '3.40', '0.00', '3.40', '-8.50', '-8.50', '0.00'],
    ], 'budget');
    expect(f).toMatchObject({ 'budget|total': 3.4, 'budget|overseas': 0, 'prev_budget|total': 11.9, 'prev_budget|overseas': 8.5, 'change|total': -8.5 });
  });

  it('a 三公 table with a row per year (年度) and its columns split by source of money: the current year\'s general budget figures are the 三公 keys', () => {
    const f = facts('budget_three_public', [
      ['预算单位', '年度', '总计', '<', '因公出国(境)费', '<', '公务用车购置及运行维护费', '<', '<', '<'],
      ['^', '^', '^', '^', '^', '^', '小计', '<', '公务用车购置费', '<'],
      ['^', '^', '一般公共预算', '政府性基金预算', '一般公共预算', '政府性基金预算', '一般公共预算', '政府性基金预算', '一般公共预算', '政府性基金预算'],
      ['某局', '2025 年', '5.00', '1.00', '2.00', '0.00', '3.00', '1.00', '1.00', '0.00'],
      ['', '2026 年', '4.00', '0.00', '1.00', '0.00', '3.00', '0.00', '2.00', '0.00'],
      ['', '增减变化金额', '-1.00', '-1.00', '-1.00', '0.00', '0.00', '-1.00', '1.00', '0.00'],
    ], 'budget');
    expect(f).toMatchObject({
      'budget|total': 4, 'budget|overseas': 1, 'budget|vehicle_total': 3, 'budget|vehicle_purchase': 2, 'budget|total_gov_fund': 0,
      'prev_budget|total': 5, 'prev_budget|total_gov_fund': 1, 'change|total': -1,
    });
  });

  it('a 三公 table with its items in the rows and the 合计 and each source of money in the columns (广东): the 合计 holds the 三公 keys', () => {
    const f = facts('budget_three_public', [
      ['项目', '合计', '一般公共预算', '政府性基金预算'],
      ['行政经费', '444.39', '444.39', '0.00'],
      ['“三公”经费', '4.80', '4.80', '0.00'],
      ['其中：（一）因公出国（境）支出', '0.00', '0.00', '0.00'],
      ['（二）公务用车购置及运行维护支出', '2.50', '2.50', '0.00'],
      ['1.公务用车购置费', '0.00', '0.00', '0.00'],
      ['2.公务用车运行维护费', '2.50', '2.50', '0.00'],
      ['（三）公务接待费支出', '2.30', '2.30', '0.00'],
    ], 'budget');
    expect(f).toMatchObject({
      'budget|total': 4.8, 'budget|overseas': 0, 'budget|vehicle_total': 2.5, 'budget|vehicle_purchase': 0, 'budget|vehicle_operation': 2.5,
      'budget|reception': 2.3, 'budget|total_general_budget': 4.8, 'budget|reception_gov_fund': 0, 'budget|行政经费': 444.39,
    });
  });

  it('a table split by source of money (基本支出预算情况表: 合计 | 财政拨款 (小计 | 一般公共预算 …) | 单位资金 | 上年结转) keys each source', () => {
    const f = facts('budget_basic', [
      ['科目编码', '科目名称', '合计', '财政拨款', '<', '<', '财政专户管理资金', '单位资金', '使用非财政拨款结余', '上年结转'],
      ['^', '^', '^', '小计', '一般公共预算', '政府性基金预算', '^', '^', '^', '^'],
      ['301', '工资福利支出', '12.00', '10.00', '9.00', '1.00', '0.50', '0.50', '0.40', '0.60'],
    ], 'budget');
    expect(f).toMatchObject({
      '301|total': 12, '301|fiscal': 10, '301|general_budget': 9, '301|gov_fund': 1, '301|fiscal_special': 0.5, '301|unit_funds': 0.5,
      '301|nonfiscal_balance': 0.4, '301|carryover': 0.6,
    });
  });

  it('其中：基本支出 under 一般公共预算支出 is the basic column, its 小计 the total', () => {
    const f = facts('budget_general', [
      ['科目编码', '科目名称', '一般公共预算支出', '<', '<'],
      ['^', '^', '小计', '其中：基本支出', '项目支出'],
      ['201', '一般公共服务支出', '5.00', '3.00', '2.00'],
    ], 'budget');
    expect(f).toMatchObject({ '201|total': 5, '201|basic': 3, '201|project': 2 });
  });

  it('a 收入总表 whose 合计 covers this year\'s income and the carry-over: each source under 上年结转结余 has a key of its own', () => {
    const f = facts('budget_income', [
      ['单位编码', '合计', '本年收入', '<', '上年结转结余', '<'],
      ['^', '^', '小计', '一般公共预算资金', '小计', '一般公共预算资金'],
      ['015', '10.00', '9.00', '9.00', '1.00', '1.00'],
    ], 'budget');
    expect(f).toMatchObject({ '015|total': 10, '015|current_total': 9, '015|general_budget': 9, '015|carryover': 1, '015|carryover_general_budget': 1 });
  });

  it('a 收支总表 printing its expenditure side in two classifications side by side: a name met in both is the first view\'s, whatever row it is on', () => {
    const f = facts('budget_summary', [
      ['收入', '<', '支出', '<', '<', '<'],
      ['项目', '预算数', '支出功能分类科目', '预算数', '部门预算支出经济科目', '预算数'],
      ['一、财政拨款', '9.00', '一、一般公共服务支出', '8.00', '1、工资福利支出', '6.00'],
      ['二、事业收入', '0.00', '二、教育支出', '0.00', '2、其他支出', '3.00'],
      ['', '', '三、其他支出', '1.00', '', ''],
      ['本年收入合计', '9.00', '本年支出合计', '9.00', '本年支出合计', '9.00'],
    ], 'budget');
    expect(f['expenditure:其他支出|amount']).toBe(1);
    expect(f['expenditure:其他支出|amount#2']).toBe(3);
    expect(f['expenditure:工资福利支出|amount']).toBe(6);
    expect(f['expenditure:本年支出合计|amount']).toBe(9);
  });

  it('a column no key names is still read under its printed label; a key met again keeps its amount with #2', () => {
    const f = facts('budget_three_public', [
      ['单位名称', '合计', '因公出国(境)费', '会议费'],
      ['合计', '3.00', '1.00', '2.00'],
    ], 'budget');
    // (the 合计 over the 三公 items and the 会议费 beside them is not the 三公 total)
    expect(f['budget|grand_total']).toBe(3);
    expect(f['budget|total']).toBeUndefined();
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

  it('公开10 with its 统计数 left blank (or printed on a page not read): the 行次 counters beside them are no figures, labelled or not', () => {
    const f = facts('disclosure_stats', [
      ['项目', '', ''],
      ['一、政府采购情况', '', ''],
      ['合计', '1', '20.00'],
      ['货物', '2', ''],
      ['工程', '3', ''],
      ['服务', '4', '20.00'],
      ['三、国有资产占用情况', '', ''],
      ['(一) 车辆数合计(辆)', '5', ''],
      ['1. 副部(省)级及以上领导用车', '6', ''],
      ['2. 主要负责人用车', '7', ''],
    ]);
    expect(f).toEqual({ 'procurement_total|amount': 20, 'procurement_services|amount': 20 });
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
