/**
 * Page layout on hand-made runs: what becomes a table and what stays prose.
 */
import { describe, expect, it } from 'vitest';
import { layoutPage } from '../src/layout/page.js';
import type { PageContent, TextItem } from '../src/model/page.js';

const run = (str: string, x0: number, y0: number): TextItem => ({ str, x0, x1: x0 + str.length * 10, y0, y1: y0 + 10, size: 10 });
const pageOf = (items: TextItem[]): PageContent => ({ page: 1, width: 595, height: 842, items, rules: [], source: 'text' });

describe('layout without ruling lines', () => {
  it('a sentence quoting one amount in its own font run stays prose', () => {
    const l = layoutPage(pageOf([run('（二）公用经费', 100, 100), run('2391.92', 230, 100), run('万元。主要包括：办公费、水电费', 300, 100)]));
    expect(l.grids).toEqual([]);
    expect(l.lines.map((x) => x.text.replace(/\s+/g, ''))).toEqual(['（二）公用经费2391.92万元。主要包括：办公费、水电费']);
  });

  it('lines of names and aligned amounts become a grid with the amounts in their own columns', () => {
    const items = [
      run('项目', 100, 80), run('金额', 300, 80),
      run('工资福利支出', 100, 100), run('6581.15', 300, 100),
      run('商品和服务支出', 100, 120), run('1365.94', 300, 120),
    ];
    const l = layoutPage(pageOf(items));
    expect(l.grids).toHaveLength(1);
    const g = l.grids[0];
    expect(g.method).toBe('stream');
    const text = (r: number, c: number) => g.cells.find((x) => x.row === r && x.col === c)?.text;
    expect([text(0, 0), text(0, 1)]).toEqual(['项目', '金额']);
    expect([text(2, 0), text(2, 1)]).toEqual(['商品和服务支出', '1365.94']);
  });
});
