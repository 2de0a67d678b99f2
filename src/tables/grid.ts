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

/** Each row's vertical band: from the top of the cells starting in it to the bottom of the cells ending in it
 * (null where no cell of the row has a box). */
export function rowBands(g: Grid): ({ y0: number; y1: number } | null)[] {
  const top = new Array<number>(g.nRows).fill(Infinity);
  const bottom = new Array<number>(g.nRows).fill(-Infinity);
  for (const c of g.cells) {
    if (!c.box || c.row >= g.nRows) continue;
    top[c.row] = Math.min(top[c.row], c.box.y0);
    const end = Math.min(g.nRows - 1, c.row + c.rowSpan - 1);
    bottom[end] = Math.max(bottom[end], c.box.y1);
  }
  return top.map((y0, r) => {
    const y1 = Number.isFinite(bottom[r]) ? bottom[r] : r + 1 < g.nRows && Number.isFinite(top[r + 1]) ? top[r + 1] : -Infinity;
    const from = Number.isFinite(y0) ? y0 : r > 0 && Number.isFinite(bottom[r - 1]) ? bottom[r - 1] : Infinity;
    return Number.isFinite(from) && Number.isFinite(y1) && y1 >= from ? { y0: from, y1 } : null;
  });
}

/**
 * The rows of `side` (the right-hand columns of a sheet printed on a page of their own) laid level with the rows
 * of `left` (the same rows' left-hand columns on another page): for each row of `side` holding text, the one row
 * of `left` whose band holds the middle of its cells (within `tol` points), else null; a row of `left` claimed by
 * two rows of `side`, or met out of order, ties neither; where both are ruled, the rows' rulings must be level too.
 * Rows of `side` without text are null.
 */
export function tieRows(left: Grid, side: Grid, tol: number): (number | null)[] {
  const bands = rowBands(left);
  const mids = new Array<number | null>(side.nRows).fill(null);
  for (let r = 0; r < side.nRows; r++) {
    const own = side.cells.filter((c) => c.row === r && c.rowSpan === 1 && c.box && c.text.trim());
    if (own.length) mids[r] = own.reduce((a, c) => a + (c.box!.y0 + c.box!.y1) / 2, 0) / own.length;
  }
  // (ruled on both pages: the rows' rulings are level too)
  const own = left.method === 'lattice' && side.method === 'lattice' ? rowBands(side) : null;
  const ties = mids.map((m, r) => {
    if (m === null) return null;
    const hits = bands.flatMap((b, i) => (b && m >= b.y0 - tol && m <= b.y1 + tol && (!own?.[r] || (Math.abs(own[r]!.y0 - b.y0) <= tol && Math.abs(own[r]!.y1 - b.y1) <= tol)) ? [i] : []));
    // (bands of abutting rows share an edge: the one holding the middle within its own band wins)
    const inside = hits.filter((i) => m >= bands[i]!.y0 && m <= bands[i]!.y1);
    const pick = inside.length === 1 ? inside : hits;
    return pick.length === 1 ? pick[0] : null;
  });
  const claimed = new Map<number, number>();
  for (const t of ties) if (t !== null) claimed.set(t, (claimed.get(t) ?? 0) + 1);
  let last = -1;
  return ties.map((t) => {
    if (t === null || claimed.get(t)! > 1 || t <= last) return null;
    last = t;
    return t;
  });
}
