/**
 * The grid every table builder produces (lattice from ruling lines, stream from alignment, or a spreadsheet):
 * a matrix of cells with spans. Later stages only see this shape, so builders are interchangeable.
 */
import type { PageContent } from '../model/page.js';
import type { Grid, GridCell } from '../model/grid.js';

export type { Grid, GridCell } from '../model/grid.js';

/** Matrix view: every slot points at the cell covering it. */
export function toMatrix(g: Grid): (GridCell | undefined)[][] {
  const m: (GridCell | undefined)[][] = Array.from({ length: g.nRows }, () => new Array(g.nCols).fill(undefined));
  for (const c of g.cells) {
    for (let r = c.row; r < c.row + c.rowSpan && r < g.nRows; r++) {
      for (let k = c.col; k < c.col + c.colSpan && k < g.nCols; k++) m[r][k] = c;
    }
  }
  return m;
}

/** A builder finds the table grids of one page; the text it leaves outside grids is the page's prose. */
export interface GridBuilder {
  readonly name: 'lattice' | 'stream';
  build(page: PageContent): Grid[];
}

/**
 * Lays a grid's cells onto other column boundaries (by each cell's centre): a borderless table continued on
 * the next page without its header has its own column guess, which the first page's columns overrule.
 */
export function regrid(g: Grid, colX: number[]): Grid {
  const nCols = colX.length - 1;
  const colOf = (x: number) => {
    for (let k = 0; k < nCols; k++) if (x < colX[k + 1]) return k;
    return nCols - 1;
  };
  const cells: GridCell[] = [];
  for (const c of g.cells) {
    if (!c.box) return g;
    // a ruled cell keeps the columns its frame covers (合计 over the 类/款/项 columns); a stream cell, the one
    // under its centre
    const [col, last] = g.method === 'lattice' ? [colOf(c.box.x0 + 1), colOf(c.box.x1 - 1)] : [colOf((c.box.x0 + c.box.x1) / 2), -1];
    const same = cells.find((o) => o.row === c.row && o.col === col);
    // two cells laid into one: their texts in reading order (a name's wrapped tail, left of it on the line below,
    // comes after it)
    const before = !!same?.box && (c.box.y1 <= same.box.y0 + 0.5 * (same.box.y1 - same.box.y0) || (c.box.y0 < same.box.y1 && c.box.x1 <= same.box.x0));
    if (same && before) same.text = c.text + same.text;
    else if (same) same.text += c.text;
    else cells.push({ ...c, col, colSpan: Math.max(1, last - col + 1) });
  }
  return { ...g, nCols, colX, cells };
}

/** Whether every column boundary of one ruled grid is also one of another's (a page holding a few columns of a
 * table, a 合计 row whose name spans the code columns). */
export function boundariesWithin(g: Grid, colX: number[], tol: number): boolean {
  return !!g.colX && g.colX.every((x) => colX.some((y) => Math.abs(x - y) <= tol));
}
