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

/** A run of a given extent (the `run` helper above gives 10pt a character). */
const at = (str: string, x0: number, x1: number, y0: number): TextItem => ({ str, x0, x1, y0, y1: y0 + 10, size: 10 });
const textAt = (g: { cells: { row: number; col: number; text: string }[] }, r: number, c: number) => g.cells.find((x) => x.row === r && x.col === c)?.text;

describe('Chromium tables printed with narrow columns (layout-variant mixes)', () => {
  it('a dash printed centred in an empty amount cell is in the column of the amounts right-aligned in that cell', () => {
    // 基本支出 and 项目支出 cells 200 wide, amounts right-aligned to 396 / 596, '-' centred at 300 / 500
    const items = [
      run('项目', 100, 80), run('基本支出', 280, 80), run('项目支出', 480, 80),
      run('行政运行', 100, 100), at('4305.21', 326, 396, 100), at('-', 497, 503, 100),
      run('执法办案', 100, 120), at('-', 297, 303, 120), at('151.11', 536, 596, 120),
      run('事业运行', 100, 140), at('1910.03', 326, 396, 140), at('-', 497, 503, 140),
    ];
    const g = pageTables(pageOf(items)).grids[0];
    expect(g.nCols).toBe(3);
    expect([textAt(g, 1, 1), textAt(g, 1, 2)]).toEqual(['4305.21', '-']);
    expect([textAt(g, 2, 1), textAt(g, 2, 2)]).toEqual(['-', '151.11']);
  });

  it('an amount and the name of the next cell 4pt apart (two cell paddings of 2pt) are two cells', () => {
    const items = [
      run('本年收入合计', 50, 100), run('27', 130, 100), at('137,592,600.00', 163, 303, 100), run('本年支出合计', 307, 100), run('59', 380, 100), at('137,592,600.00', 420, 560, 100),
      run('总计', 50, 120), run('31', 130, 120), at('137,592,600.00', 163, 303, 120), run('总计', 307, 120), run('62', 380, 120), at('137,592,600.00', 420, 560, 120),
    ];
    const g = pageTables(pageOf(items)).grids[0];
    const row = g.cells.filter((c) => c.row === 0).map((c) => c.text);
    expect(row).toEqual(['本年收入合计', '27', '137,592,600.00', '本年支出合计', '59', '137,592,600.00']);
  });

  it('a continued page of a long table whose rows are numbered by 行次, with one amount among them, is a table', () => {
    const names = ['十七、援助其他地区支出', '十八、自然资源海洋气象等支出', '十九、住房保障支出', '二十、粮油物资储备支出', '二十一、国有资本经营预算支出'];
    const items = names.flatMap((n, k) => [run(n, 50, 100 + 30 * k), run(String(49 + k), 330, 100 + 30 * k)]);
    items.push(at('5,978,200.00', 400, 520, 160));
    const l = pageTables(pageOf(items));
    expect(l.grids).toHaveLength(1);
    const g = l.grids[0];
    const row = g.cells.filter((c) => c.text === '十九、住房保障支出')[0].row;
    expect(g.cells.filter((c) => c.row === row).map((c) => c.text)).toEqual(['十九、住房保障支出', '51', '5,978,200.00']);
  });

  it('names wrapped two characters a line, centred in tall rows, keep the rows of one table together', () => {
    // each row's name in six pieces, three above and three below its code and amount; the last row's label wraps
    const items: TextItem[] = [];
    const rows: [string, string, string][] = [
      ['30101', '基本工资福利补贴津贴奖金', '1959.92'], ['30102', '津贴补贴奖金绩效工资福利', '1533.55'], ['30103', '奖金绩效工资补助津贴补贴', '252.76'],
    ];
    rows.forEach(([code, name, amount], k) => {
      const y = 100 + 70 * k;
      const pieces = name.match(/../gu)!;
      pieces.forEach((p, i) => items.push(run(p, 110, y + (i < 3 ? (i - 3) * 10 : (i - 2) * 10))));
      items.push(run(code, 50, y), at(amount, 300 - 10 * amount.length, 300, y));
    });
    items.push(run('人员经费合', 50, 280), at('3745.63', 230, 300, 280), run('计', 60, 290));
    const grids = pageTables(pageOf(items)).grids;
    expect(grids).toHaveLength(1);
    const g = grids[0];
    const rowOf = (t: string) => g.cells.find((c) => c.text === t)!.row;
    for (const [code, , amount] of rows) expect(rowOf(code)).toBe(rowOf(amount));
    expect(g.cells.find((c) => c.row === rowOf('3745.63') && c.col === 0)?.text.replace(/\s+/g, '')).toBe('人员经费合计');
  });
});

describe('codes wider than their narrow column', () => {
  const h = (y: number, x0: number, x1: number) => ({ x0, x1, y0: y, y1: y });
  const v = (x: number, y0: number, y1: number) => ({ x0: x, x1: x, y0, y1 });

  it('ruled: a code running on past its cell into the name cell is in the code cell', () => {
    // code column 100-120 (20pt), the five-digit code 102-152 (centre 127, in the name cell)
    const items = [run('编码', 100, 85), run('科目名称', 130, 85), run('金额', 240, 85),
      at('30101', 102, 152, 105), run('基本工资', 156, 105), run('1959.92', 240, 105),
      at('30102', 102, 152, 125), run('津贴补贴', 156, 125), run('1533.55', 240, 125)];
    const cols = [100, 120, 220, 320];
    const rules = [h(80, 100, 320), h(100, 100, 320), h(120, 100, 320), h(140, 100, 320), ...cols.map((x) => v(x, 80, 140))];
    const g = pageTables({ ...pageOf(items), rules }).grids[0];
    expect(g.method).toBe('lattice');
    expect([textAt(g, 1, 0), textAt(g, 1, 1), textAt(g, 1, 2)]).toEqual(['30101', '基本工资', '1959.92']);
  });
});
