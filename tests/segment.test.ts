/**
 * Segmentation on hand-made pages: which standard table a title or an untitled grid is.
 */
import { describe, expect, it } from 'vitest';
import type { TextLine } from '../src/layout/lines.js';
import { segment, type PageLayout } from '../src/segment/segment.js';
import type { Grid, GridCell } from '../src/tables/grid.js';
import { normalizeDocument } from '../src/normalize/document.js';

let y = 0;
function line(text: string, size = 12): TextLine {
  y += size * 1.5;
  return { text, x0: 50, x1: 50 + text.length * size, y0: y, y1: y + size, size, items: [] };
}
function grid(page: number, rows: string[][]): Grid {
  y += 20;
  const cells: GridCell[] = [];
  rows.forEach((r, i) => r.forEach((text, j) => cells.push({ row: i, col: j, rowSpan: 1, colSpan: 1, text })));
  const g: Grid = { page, box: { x0: 50, y0: y, x1: 500, y1: y + rows.length * 20 }, nRows: rows.length, nCols: rows[0].length, cells, method: 'lattice' };
  y += rows.length * 20;
  return g;
}
function page(n: number, lines: TextLine[], grids: Grid[]): PageLayout {
  return { page: n, width: 595, height: 842, lines, grids };
}

describe('segmentation', () => {
  it('finds a title broken over two lines', () => {
    y = 0;
    const cover = page(1, [line('某某县教育局2024年度部门决算')], []);
    const t1 = line('一般公共预算财政拨款基本支出');
    const t2 = line('决算表');
    const g = grid(2, [['科目编码', '科目名称', '决算数'], ['301', '工资福利支出', '10.00']]);
    const seg = segment([cover, page(2, [t1, t2, line('单位：万元')], [g])]);
    expect(seg.tables.map((t) => t.kind)).toEqual(['general_budget_basic']);
    expect(seg.tables[0].unit).toBe('万元');
    expect(seg).toMatchObject({ department: '某某县教育局', year: 2024, kind: 'final' });
  });

  it('a tables-only 决算 (no cover) is a 决算: its first page\'s 2024年度 … 一般公共预算财政拨款收入 is no cover title', () => {
    y = 0;
    // (the header and first row printed outside the grid, as a stream table's may be)
    const head = [line('收入支出决算总表'), line('公开01表'), line('部门名称：汾阳市公安局 2024年度 金额单位：元'), line('收入 支出'), line('一、一般公共预算财政拨款收入 1 137,592,600.00')];
    const g = grid(1, [['项目', '行次', '金额'], ['栏次', '', '1'], ['一、一般公共预算财政拨款收入', '1', '137,592,600.00']]);
    const t2 = line('一般公共预算财政拨款支出决算表');
    const g2 = grid(2, [['科目编码', '科目名称', '合计'], ['204', '公共安全支出', '10.00']]);
    const seg = segment([page(1, head, [g]), page(2, [t2, line('单位：万元')], [g2])]);
    expect(seg.kind).toBe('final');
    expect(seg.tables.map((t) => t.kind)).toEqual(['summary', 'general_budget']);
  });

  it('a tables-only 预算 whose titles say neither 预算 nor 决算 (部门收支总体情况表) is a 预算 by its 本年预算 column', () => {
    y = 0;
    const head = [line('2026年部门收支总体情况表'), line('单位名称：长沙职业教育基地综合协调办公室 单位：万元')];
    const g = grid(1, [['项目', '本年预算', '项目', '本年预算'], ['一、本级财政拨款收入', '656.73', '一、基本支出', '386.73']]);
    y = 0;
    const head2 = [line('2026年一般公共预算支出情况表'), line('单位：万元')];
    const g2 = grid(2, [['科目编码', '科目名称', '合计', '基本支出', '项目支出'], ['205', '教育支出', '656.73', '386.73', '270.00']]);
    const seg = segment([page(1, head, [g]), page(2, head2, [g2])]);
    expect(seg.kind).toBe('budget');
    expect(seg.tables.map((t) => t.kind)).toEqual(['budget_summary', 'budget_general']);
  });

  it('classifies an untitled grid by its header words, and leaves an ambiguous one alone', () => {
    y = 0;
    const cover = page(1, [line('某某县教育局2024年度部门决算')], []);
    const three = grid(2, [['合计', '因公出国(境)费', '公务用车购置及运行维护费', '公务接待费'], ['1.00', '0.50', '0.30', '0.20']]);
    const vague = grid(3, [['项目', '金额'], ['合计', '5.00']]);
    const seg = segment([cover, page(2, [line('单位：万元')], [three]), page(3, [], [vague])]);
    expect(seg.tables.map((t) => t.kind)).toEqual(['three_public']);
  });

  it('reads the department from 部门名称：, never from the money unit line', () => {
    y = 0;
    const g = grid(1, [['项目', '金额'], ['合计', '5.00']]);
    const seg = segment([page(1, [line('收入决算表'), line('单位：万元'), line('部门名称：某某县财政局')], [g])]);
    expect(seg.department).toBe('某某县财政局');
  });

  it('a cover with no readable name (OCR of large title fonts): the department named in the prose', () => {
    y = 0;
    const cover = page(1, [line('于海市普陀区规划和上自;'), line('2024年度部门诀')], []);
    const prose = page(2, [line('二、部门决算单位构成'), line('从预算单位构成看，上海市普陀区规划和自然资源局部门决算包括：本级决算。')], []);
    const seg = segment([cover, prose]);
    expect(seg.department).toBe('上海市普陀区规划和自然资源局');
    expect(seg.year).toBe(2024);
  });

  it('does not take 目录 entries for tables', () => {
    y = 0;
    const toc = page(1, [line('目录'), line('一、收入支出决算总表'), line('二、收入决算表'), line('三、支出决算表')], []);
    const g = grid(2, [['项目', '金额'], ['合计', '5.00']]);
    const seg = segment([toc, page(2, [line('说明文字很长很长很长很长很长很长很长很长很长很长很长很长很长')], [g])]);
    expect(seg.tables).toEqual([]);
    expect(seg.contents).toContain('二、收入决算表');
  });
});

/** A line printed as runs: each string a run, placed left to right with the given x positions. */
function runLine(runs: [string, number][], size = 10): TextLine {
  y += size * 1.8;
  const items = runs.map(([str, x0]) => ({ str, x0, x1: x0 + [...str].length * size * 0.6, y0: y, y1: y + size, size }));
  return { text: runs.map((r) => r[0]).join(' '), x0: items[0].x0, x1: items[items.length - 1].x1, y0: y, y1: y + size, size, items };
}

describe('segmentation: no table page without its table', () => {
  const cover = () => page(1, [line('某某市农业农村局2026年部门预算')], []);

  it('an untitled grid of amounts under the 附件 heading is still a table, marked unlisted', () => {
    y = 0;
    const appendix = page(2, [line('第四部分 附件')], []);
    const g = grid(3, [['项目', '2025年预算数', '2026年预算数'], ['会议费', '12.50', '10.80'], ['培训费', '22.40', '20.60'], ['差旅费', '310.20', '300.00'], ['合计', '345.10', '331.40']]);
    const seg = segment([cover(), appendix, page(3, [line('单位：万元')], [g])]);
    expect(seg.tables).toHaveLength(1);
    expect(seg.tables[0]).toMatchObject({ unlisted: true, pages: [3], unit: '万元' });
    expect(seg.tables[0].kind.startsWith('other:')).toBe(true);
  });

  it('a page whose rows are printed as text runs (no grid) is laid out from its lines', () => {
    y = 0;
    const lines = [
      line('2026年部门预算收入来源'),
      line('单位：万元'),
      runLine([['收入来源', 50], ['预算数', 300]]),
      runLine([['一般公共预算拨款收入', 50], ['3,256.78', 300]]),
      runLine([['政府性基金预算拨款收入', 50], ['0.00', 318]]),
      // one run holding the name and its amount apart (a producer printing a row as one string)
      runLine([[`事业收入${' '.repeat(40)}200.00`, 50]]),
      runLine([['上年结转', 50], ['0.00', 318]]),
      runLine([['收入合计', 50], ['3,456.78', 300]]),
    ];
    const seg = segment([cover(), page(2, lines, [])]);
    const t = seg.tables.find((x) => x.unlisted);
    expect(t?.kind).toBe('other:2026年部门预算收入来源');
    const cells = t!.grids[0].cells.map((c) => c.text);
    expect(cells).toEqual(expect.arrayContaining(['3,256.78', '200.00', '0.00', '3,456.78', '事业收入']));
    // one row per line, names in the first column and amounts in the second
    expect(t!.grids[0].nCols).toBe(2);
    expect(t!.grids[0].cells.filter((c) => c.col === 1).map((c) => c.text)).toEqual(['预算数', '3,256.78', '0.00', '200.00', '0.00', '3,456.78']);
  });

  it('a narrative page with amounts in its sentences and 单位：万元 in a heading stays prose', () => {
    y = 0;
    const prose = page(2, [
      line('七、重点项目预算绩效目标情况'),
      line('2026年本部门政府采购安排7.35万元，其中：货物类采购预算1.95万元，'),
      line('工程类采购预算0万元，服务类采购预算5.4万元，本年度拟购置固定资产1.00万元，'),
      line('委托业务费3.83万元，比上年增加3.83万元。'),
      runLine([['项目', 50], ['预算数（单位：万元）', 200], ['绩效目标', 400]]),
    ], []);
    const seg = segment([cover(), prose]);
    expect(seg.tables).toEqual([]);
  });

  it('three empty tables printed on one page without rulings are three empty tables, not a 目录', () => {
    y = 0;
    const p = page(2, [
      line('表五 政府性基金预算支出表'), line('单位：万元'), line('科目编码 科目名称 合计 基本支出 项目支出'), line('本部门无政府性基金预算支出，故本表无数据。'),
      line('表六 国有资本经营预算支出表'), line('单位：万元'), line('科目编码 科目名称 合计 基本支出 项目支出'), line('本部门无国有资本经营预算支出，此表为空表。'),
      line('表七 政府购买服务预算表'), line('单位：万元'), line('项目名称 合计'), line('本部门无政府购买服务预算，本表无数据。'),
    ], []);
    const seg = segment([cover(), p]);
    expect(seg.tables.map((t) => [t.kind, t.declaredEmpty])).toEqual([
      ['budget_gov_fund', true], ['budget_state_capital', true], ['budget_purchase_service', true],
    ]);
  });
});

describe('segmentation: an empty table named with its note on one line', () => {
  it('…支出表（本部门无…，此表为空） and …支出表：本部门无… are the tables, empty', () => {
    y = 0;
    const cover = page(1, [line('某某市农业农村局2026年部门预算')], []);
    const p = page(2, [
      line('表8 政府性基金预算支出表：本部门无政府性基金预算支出，故本表无数据'),
      line('表9 国有资本经营预算支出表（本部门无国有资本经营预算支出，此表为空）'),
    ], []);
    const seg = segment([cover, p]);
    expect(seg.tables.map((t) => [t.kind, t.declaredEmpty, t.label])).toEqual([
      ['budget_gov_fund', true, '表8'], ['budget_state_capital', true, '表9'],
    ]);
  });
});

/** A ruled grid whose cells carry their boxes: rows `h` points high from `top`, columns 80 points wide. */
function ruled(pageNo: number, rows: string[][], top: number, h = 15): Grid {
  const cells: GridCell[] = [];
  rows.forEach((r, i) => r.forEach((text, j) => cells.push({ row: i, col: j, rowSpan: 1, colSpan: 1, text, box: { x0: 50 + 80 * j, y0: top + h * i, x1: 130 + 80 * j, y1: top + h * (i + 1) } })));
  const n = rows[0].length;
  return { page: pageNo, box: { x0: 50, y0: top, x1: 50 + 80 * n, y1: top + h * rows.length }, nRows: rows.length, nCols: n, cells, colX: Array.from({ length: n + 1 }, (_, k) => 50 + 80 * k), method: 'lattice' };
}
const at = (text: string, x0: number, y0: number): TextLine => ({ text, x0, x1: x0 + text.length * 12, y0, y1: y0 + 12, size: 12, items: [] });

describe('a sheet wider than its page: the right-hand columns on a page of their own', () => {
  const cover = page(1, [at('某某县教育局2024年度部门决算', 100, 300)], []);
  const left = () => page(2, [at('一般公共预算财政拨款支出决算表', 200, 60), at('单位：万元', 50, 95)],
    [ruled(2, [['科目编码', '科目名称', '小计'], ['合计', '', '30.00'], ['201', '一般公共服务支出', '10.00'], ['204', '公共安全支出', '20.00']], 110)]);
  // (the title, centred over the whole sheet, starts left of the right-hand page: its tail is printed there)
  const right = (top: number) => page(3, [at('支出决算表', -7, 60), at('公开05表', 200, 80)],
    [ruled(3, [['基本支出', '项目支出'], ['12.00', '18.00'], ['', '10.00'], ['12.00', '8.00']], top)]);
  const facts = (pages: PageLayout[]) => normalizeDocument(segment(pages)).facts.filter((f) => f.table === 'general_budget');

  it('gives the amounts of the right-hand page in the rows they are printed level with, on their own page', () => {
    const got = facts([cover, left(), right(110)]);
    const of = (row: string, column: string) => got.find((f) => f.row === row && f.column === column);
    expect(of('201', 'project')).toMatchObject({ value: 10, page: 3 });
    expect(of('204', 'basic')).toMatchObject({ value: 12, page: 3 });
    expect(of('204', 'project')).toMatchObject({ value: 8, page: 3 });
    expect(of('total', 'basic')).toMatchObject({ value: 12, page: 3 });
    expect(of('204', 'total')).toMatchObject({ value: 20, page: 2 });
    expect(of('201', 'basic')).toBeUndefined();
  });

  it('does not tie the rows of a page whose rows are not level with the left-hand page: its amounts are kept, unkeyed, under no guessed row', () => {
    const got = facts([cover, left(), right(117)]);
    expect(got.filter((f) => ['basic', 'project'].includes(f.column))).toEqual([]);
    const kept = got.filter((f) => f.page === 3);
    expect(kept.map((f) => f.printed).sort()).toEqual(['10.00', '12.00', '12.00', '18.00', '8.00']);
    expect(kept.every((f) => f.flags?.includes('unkeyed') && f.column.startsWith('x:') && /^row\d+$/.test(f.row))).toBe(true);
  });
});
