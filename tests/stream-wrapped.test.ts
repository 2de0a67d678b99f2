/**
 * The stream builder on borderless Calc output with narrow columns (the layout matrix's r9-12-k, r9-2-k): codes
 * wrapped in a code column too narrow for them, and the page of a sheet's left-hand columns (names, 行次) printed
 * apart from its amounts. Pages are hand-made with the geometry Calc prints (12pt, glyph boxes 13pt high, the
 * lines of one cell 15.2pt apart, no cell padding).
 */
import { describe, expect, it } from 'vitest';
import type { PageContent, TextItem } from '../src/model/page.js';
import { streamGrids } from '../src/tables/stream.js';
import { toMatrix } from '../src/tables/grid.js';

const H = 13.01;
const run = (str: string, x0: number, y0: number, w = [...str].length * (/^[\d,.]+$/.test(str) ? 0.55 : 1) * 12): TextItem => ({ str, x0, x1: x0 + w, y0, y1: y0 + H, size: H });
const page = (items: TextItem[]): PageContent => ({ page: 1, width: 842, height: 595, items, rules: [], source: 'text' });
const rowsOf = (p: PageContent) => streamGrids(p).map((g) => toMatrix(g).map((row) => row.map((c) => c?.text ?? '')));

describe('stream: the page of a sheet’s left-hand columns', () => {
  const names = ['合计', '货物', '工程', '服务', '(一)行政单位', '(二)参照公务员法管理事业单位'];
  const left = (label: string) =>
    page([
      run('单位名称：某某市公安局', 51.4, 98),
      run('2024年度', 250, 98),
      run('项目', 141, 139),
      run(label, 262, 139),
      ...names.flatMap((n, k) => [run(n, 51.4, 159 + k * 21), run(String(k + 1), 270, 159 + k * 21, 6.6)]),
    ]);

  it('names numbered under a 行次 label are a table though no amount is printed beside them', () => {
    const grids = rowsOf(left('行次'));
    expect(grids).toHaveLength(1);
    expect(grids[0].filter((r) => /^\d+$/.test(r[r.length - 1])).map((r) => r[0])).toEqual(names);
    // the caption line above it (the department, the year) is no row of it
    expect(grids[0].flat().some((c) => /2024|单位名称/.test(c))).toBe(false);
  });

  it('a list of lines ending in numbers under no 行次 label (a contents page) is none', () => {
    expect(rowsOf(left('页码'))).toEqual([]);
  });
});
