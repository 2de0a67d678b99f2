/**
 * Builds the Grid a lattice builder would give for a bordered form described as rows of cells with spans (the
 * HTML table algorithm), and cuts it at a page break the way a PDF prints a form over two pages: rows never
 * split, a cell spanning the break becomes one box per page with its text in one of them.
 */
import type { Grid, GridCell } from '../../src/tables/grid.js';
import type { FormSpan, Segmented } from '../../src/segment/segment.js';

export interface SpecCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
}

export type SpecRow = (SpecCell | string)[];

const ROW_H = 15;

export function gridFrom(rows: SpecRow[], widths: number[], page = 1, x0 = 50, y0 = 80): Grid {
  const nCols = widths.length;
  const colX = [x0];
  for (const w of widths) colX.push(colX[colX.length - 1] + w);
  const taken: boolean[][] = rows.map(() => new Array<boolean>(nCols).fill(false));
  const cells: GridCell[] = [];
  rows.forEach((row, r) => {
    let c = 0;
    for (const raw of row) {
      const cell = typeof raw === 'string' ? { text: raw } : raw;
      while (c < nCols && taken[r][c]) c++;
      const colSpan = cell.colSpan ?? 1;
      const rowSpan = cell.rowSpan ?? 1;
      if (c + colSpan > nCols) throw new Error(`row ${r} overflows at "${cell.text}"`);
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) taken[r + dr][c + dc] = true;
      cells.push({
        row: r, col: c, rowSpan, colSpan, text: cell.text,
        box: { x0: colX[c], y0: y0 + r * ROW_H, x1: colX[c + colSpan], y1: y0 + (r + rowSpan) * ROW_H },
      });
      c += colSpan;
    }
  });
  return {
    page, nRows: rows.length, nCols, cells, colX, method: 'lattice',
    box: { x0, y0, x1: colX[nCols], y1: y0 + rows.length * ROW_H },
  };
}

/**
 * The grid cut before row `at`: the rows above stay on the grid's page, the rest make a grid on the next page.
 * A cell crossing the cut keeps its text in the part named by `textIn` ('first' or 'second').
 */
export function splitGrid(g: Grid, at: number, textIn: 'first' | 'second' = 'first'): [Grid, Grid] {
  const top: GridCell[] = [];
  const bottom: GridCell[] = [];
  const dy = 40 - (g.box.y0 + at * ROW_H);
  for (const c of g.cells) {
    const end = c.row + c.rowSpan;
    if (end <= at) top.push(c);
    else if (c.row >= at) bottom.push({ ...c, row: c.row - at, box: c.box && { ...c.box, y0: c.box.y0 + dy, y1: c.box.y1 + dy } });
    else {
      top.push({ ...c, rowSpan: at - c.row, text: textIn === 'first' ? c.text : '' });
      bottom.push({
        ...c, row: 0, rowSpan: end - at, text: textIn === 'second' ? c.text : '',
        box: c.box && { x0: c.box.x0, x1: c.box.x1, y0: 40, y1: 40 + (end - at) * ROW_H },
      });
    }
  }
  const first: Grid = { ...g, nRows: at, cells: top, box: { ...g.box, y1: g.box.y0 + at * ROW_H } };
  const second: Grid = {
    ...g, page: g.page + 1, nRows: g.nRows - at, cells: bottom, box: { ...g.box, y0: 40, y1: 40 + (g.nRows - at) * ROW_H },
  };
  return [first, second];
}

export function formSpan(title: string, grids: Grid[]): FormSpan {
  return { title, pages: [...new Set(grids.map((g) => g.page))], blocks: grids.map((grid) => ({ type: 'grid' as const, grid })) };
}

export function segmentedWith(forms: FormSpan[]): Segmented {
  return { department: null, year: 2024, kind: 'final', tables: [], forms, narrative: [], contents: [] };
}
