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

/** A 基本支出 明细 page: 科目代码 | 科目名称 | 决算数, five-digit codes wrapped four digits over one. */
function wrappedCodes(codes: [string, string][], gap = 2.19): PageContent {
  const items: TextItem[] = [run('科目代码', 51.4, 120), run('科目名称', 103.9, 120), run('决算数', 240, 120)];
  const names = ['基本工资', '津贴补贴', '奖金', '绩效工资'];
  codes.forEach(([top, bottom], k) => {
    const y = 150 + k * 36.8;
    items.push(run(top, 51.4, y), run(bottom, 51.4, y + H + gap), run(names[k], 103.9, y + 8.8), run(`${k + 1},599,200.00`, 240, y + 7.6));
  });
  return page(items);
}

describe('stream: codes wrapped in a narrow code column', () => {
  it('3010 over 1 is the code 30101, in the row of its name and amount', () => {
    const rows = rowsOf(wrappedCodes([['3010', '1'], ['3010', '2'], ['3010', '3'], ['3010', '7']])).flat();
    const body = rows.filter((r) => r.some((c) => /,599,200\.00$/.test(c)));
    expect(body).toHaveLength(4);
    expect(body.map((r) => r.join(' ').match(/\b30\d{3}\b/)?.[0])).toEqual(['30101', '30102', '30103', '30107']);
    // no piece left on a row of its own
    expect(rows.filter((r) => r.some((c) => c === '3010'))).toEqual([]);
  });

  it('whole codes of rows printed tight one under the other stay the codes of their rows', () => {
    // (a code has an odd count of digits, two together an even one: 20101 over 201 never reads as one code)
    const codes = ['20101', '201', '20805', '208', '2080505'];
    const items: TextItem[] = [run('科目代码', 51.4, 120), run('科目名称', 103.9, 120), run('决算数', 240, 120)];
    codes.forEach((c, k) => {
      const y = 150 + k * (H + 2.19);
      items.push(run(c, 51.4, y), run(`名称${k}`, 103.9, y), run(`${k + 1},000.00`, 240, y));
    });
    const rows = rowsOf(page(items)).flat().filter((r) => r.some((c) => /,000\.00$/.test(c)));
    expect(rows.map((r) => r.join(' ').match(/^\d+/)?.[0])).toEqual(codes);
  });

  it('行次 counters printed tight one under the other stay counters of their rows (1 over 2 over 3 is no code 123)', () => {
    // (LibreOffice Writer prints 公开10's 行次 column so, without cell padding)
    const items: TextItem[] = [run('项目', 51.4, 120), run('行次', 200, 120), run('统计数', 300, 120)];
    const names = ['合计', '货物', '工程', '服务', '行政单位'];
    const amounts = ['2,001.95', '703.92', '217.70', '1,080.33', '1,439.72'];
    names.forEach((n, k) => {
      const y = 150 + k * (H + 2.19);
      items.push(run(n, 51.4, y), run(String(k + 1), 203, y), run(amounts[k], 300, y));
    });
    const rows = rowsOf(page(items)).flat().filter((r) => r.some((c) => /\.\d{2}$/.test(c)));
    expect(rows.map((r) => r.filter(Boolean))).toEqual(names.map((n, k) => [n, String(k + 1), amounts[k]]));
  });

  it('pieces a row apart are no wrapped code', () => {
    // (the gap between two rows' lines, not a cell's: 3010 and 1 of different rows stay apart)
    const rows = rowsOf(wrappedCodes([['3010', '1'], ['3010', '2'], ['3010', '3'], ['3010', '7']], 9)).flat();
    expect(rows.flat().some((c) => /30101/.test(c))).toBe(false);
  });
});

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
