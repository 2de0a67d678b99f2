/**
 * Segmentation on hand-made pages: which standard table a title or an untitled grid is.
 */
import { describe, expect, it } from 'vitest';
import type { TextLine } from '../src/layout/lines.js';
import { segment, type PageLayout } from '../src/segment/segment.js';
import type { Grid, GridCell } from '../src/tables/grid.js';

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
