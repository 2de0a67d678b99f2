/**
 * Page layout on hand-made runs: what becomes a table and what stays prose.
 */
import { describe, expect, it } from 'vitest';
import { pageTables } from '../src/tables/page.js';
import type { PageContent, TextItem } from '../src/model/page.js';

const run = (str: string, x0: number, y0: number): TextItem => ({ str, x0, x1: x0 + str.length * 10, y0, y1: y0 + 10, size: 10 });
const pageOf = (items: TextItem[]): PageContent => ({ page: 1, width: 595, height: 842, items, rules: [], source: 'text' });

describe('layout without ruling lines', () => {
  it('a sentence quoting one amount in its own font run stays prose', () => {
    const l = pageTables(pageOf([run('（二）公用经费', 100, 100), run('2391.92', 230, 100), run('万元。主要包括：办公费、水电费', 300, 100)]));
    expect(l.grids).toEqual([]);
    expect(l.lines.map((x) => x.text.replace(/\s+/g, ''))).toEqual(['（二）公用经费2391.92万元。主要包括：办公费、水电费']);
  });

  it('lines of names and aligned amounts become a grid with the amounts in their own columns', () => {
    const items = [
      run('项目', 100, 80), run('金额', 300, 80),
      run('工资福利支出', 100, 100), run('6581.15', 300, 100),
      run('商品和服务支出', 100, 120), run('1365.94', 300, 120),
    ];
    const l = pageTables(pageOf(items));
    expect(l.grids).toHaveLength(1);
    const g = l.grids[0];
    expect(g.method).toBe('stream');
    const text = (r: number, c: number) => g.cells.find((x) => x.row === r && x.col === c)?.text;
    expect([text(0, 0), text(0, 1)]).toEqual(['项目', '金额']);
    expect([text(2, 0), text(2, 1)]).toEqual(['商品和服务支出', '1365.94']);
  });
});

describe('layout with ruling lines', () => {
  const h = (y: number, x0 = 100, x1 = 400) => ({ x0, x1, y0: y, y1: y });
  const v = (x: number, y0: number, y1: number) => ({ x0: x, x1: x, y0, y1 });

  it('a body whose column rules are not drawn (only the header has them) still has one cell per column', () => {
    const items = [run('项目', 110, 85), run('本年收入合计', 210, 85), run('财政拨款收入', 310, 85),
      run('行政运行', 110, 105), run('4305.21', 220, 105), run('4305.21', 320, 105)];
    // frame, header rules, row rules; the column rules stop under the header
    const rules = [h(80), h(100), h(120), v(100, 80, 120), v(400, 80, 120), v(200, 80, 100), v(300, 80, 100)];
    const l = pageTables({ ...pageOf(items), rules });
    expect(l.grids).toHaveLength(1);
    const g = l.grids[0];
    expect(g.method).toBe('lattice');
    const text = (r: number, c: number) => g.cells.find((x) => x.row === r && x.col === c)?.text;
    expect([text(1, 0), text(1, 1), text(1, 2)]).toEqual(['行政运行', '4305.21', '4305.21']);
  });

  it('a label over two columns with no rule under it stays one merged cell', () => {
    const items = [run('本年支出', 230, 85), run('基本支出', 210, 105), run('项目支出', 310, 105)];
    const rules = [h(80), h(100, 200, 400), h(120), v(100, 80, 120), v(400, 80, 120), v(200, 80, 120), v(300, 100, 120)];
    const l = pageTables({ ...pageOf(items), rules });
    const g = l.grids[0];
    const top = g.cells.find((x) => x.text === '本年支出')!;
    expect(top.colSpan).toBe(2);
  });
});
