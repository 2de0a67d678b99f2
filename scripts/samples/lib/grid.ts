/**
 * A table described as rows of cells with colSpan/rowSpan, column widths and alignment, laid out
 * onto DocBuilder pages. The same description feeds the workbook writer (xlsx.ts), so a table is
 * defined once for every output.
 */
import { baselineIn, type DocBuilder, type FactRef, type Op, type PageModel, wrapText } from './layout.js';
import { isNumeric } from './text.js';

export type Align = 'left' | 'center' | 'right';

export interface Cell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
  align?: Align;
  bold?: boolean;
  /** Extra left indent in pt (hierarchy levels). */
  indent?: number;
  /** The cell is a numeric fact (value parsed from `text`). */
  fact?: FactRef;
  /** Number format for the workbook ('0.00', '0', …) when the cell is a number. */
  numFmt?: string;
  /** Font size of this cell when it differs from the grid's (a caption row inside the grid). */
  size?: number;
}

export interface Row {
  cells: Cell[];
  minHeight?: number;
}

export interface GridSpec {
  /** Column widths in pt. */
  columns: number[];
  header: Row[];
  body: Row[];
  /** Repeat the header rows at the top of every continuation page. */
  repeatHeader: boolean;
  fontSize: number;
  minRowHeight: number;
  /** Horizontal padding inside a cell. */
  padX?: number;
  /** Vertical padding inside a cell. */
  padY?: number;
  /** Line group name (tables vs forms) so a render variant can drop one kind of ruling. */
  group: string;
  /** Keep at least this many body rows with the header on the first page. */
  minRowsFirstPage?: number;
}

export interface PlacedCell {
  cell: Cell;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Wrapped lines of the cell text. */
  lines: string[];
}

/** Position every cell on the row/column lattice (the HTML table algorithm). */
export function placeCells(rows: Row[], ncols: number): PlacedCell[][] {
  const taken: boolean[][] = rows.map(() => new Array<boolean>(ncols).fill(false));
  return rows.map((row, r) => {
    let c = 0;
    return row.cells.map((cell) => {
      while (c < ncols && taken[r][c]) c++;
      const colSpan = cell.colSpan ?? 1;
      const rowSpan = cell.rowSpan ?? 1;
      if (c + colSpan > ncols) throw new Error(`grid: row ${r} overflows ${ncols} columns at "${cell.text}"`);
      if (r + rowSpan > rows.length) throw new Error(`grid: rowSpan of "${cell.text}" runs past the last row`);
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) taken[r + dr][c + dc] = true;
      const placed: PlacedCell = { cell, row: r, col: c, rowSpan, colSpan, lines: [] };
      c += colSpan;
      return placed;
    });
  });
}

interface Metrics {
  placed: PlacedCell[][];
  heights: number[];
  x: number[];
}

function measureRows(b: DocBuilder, spec: GridSpec, rows: Row[]): Metrics {
  const ncols = spec.columns.length;
  const placed = placeCells(rows, ncols);
  const x = [0];
  for (const w of spec.columns) x.push(x[x.length - 1] + w);
  const padX = spec.padX ?? 3;
  const padY = spec.padY ?? 2;
  const heights = rows.map((r) => Math.max(r.minHeight ?? 0, spec.minRowHeight));
  const need = (p: PlacedCell): number => p.lines.length * (p.cell.size ?? spec.fontSize) * 1.25 + 2 * padY;
  for (const row of placed) {
    for (const p of row) {
      const width = x[p.col + p.colSpan] - x[p.col] - 2 * padX - (p.cell.indent ?? 0);
      const size = p.cell.size ?? spec.fontSize;
      // numbers never wrap: a figure broken over two lines would not be one figure any more
      p.lines = p.cell.text === '' ? [] : isNumeric(p.cell.text) ? [p.cell.text] : wrapText(b.measure, p.cell.text, width, size, p.cell.bold);
      if (p.rowSpan === 1) heights[p.row] = Math.max(heights[p.row], need(p));
    }
  }
  for (const row of placed) {
    for (const p of row) {
      if (p.rowSpan === 1) continue;
      let have = 0;
      for (let k = 0; k < p.rowSpan; k++) have += heights[p.row + k];
      const extra = need(p) - have;
      if (extra > 0) heights[p.row + p.rowSpan - 1] += extra;
    }
  }
  return { placed, heights, x };
}

/** Outcome of laying out a grid: the pages (1-based) it was drawn on. */
export interface GridResult {
  pages: number[];
}

/**
 * Flow a grid from the builder's cursor. Rows never split; a rowSpan cell crossing a page break is
 * drawn as one box per page, its text in the first box that can hold it.
 */
export function flowGrid(b: DocBuilder, spec: GridSpec, x0 = b.left): GridResult {
  const all = [...spec.header, ...spec.body];
  const m = measureRows(b, spec, all);
  const nh = spec.header.length;
  const headerHeight = m.heights.slice(0, nh).reduce((a, h) => a + h, 0);
  const firstRows = m.heights.slice(nh, nh + (spec.minRowsFirstPage ?? 1)).reduce((a, h) => a + h, 0);
  b.ensure(headerHeight + firstRows);

  // Decide, row by row, the page and top of each row.
  const rowPage: number[] = [];
  const rowTop: number[] = [];
  let y = b.y;
  for (let r = 0; r < all.length; r++) {
    const isHeader = r < nh;
    if (!isHeader && y + m.heights[r] > b.bottom + 0.01) {
      b.newPage(b.page.landscape);
      y = b.y;
      if (spec.repeatHeader) {
        for (let h = 0; h < nh; h++) {
          drawRowBand(b, spec, m, h, x0, y);
          y += m.heights[h];
        }
      }
    }
    rowPage[r] = b.pageNumber;
    rowTop[r] = y;
    y += m.heights[r];
  }
  // Draw the cells page by page (segments of rowSpan cells per page).
  const pagesUsed = [...new Set(rowPage)];
  for (const pageNo of pagesUsed) {
    const page = b.pages[pageNo - 1];
    for (const row of m.placed) {
      for (const p of row) {
        const span = Array.from({ length: p.rowSpan }, (_, k) => p.row + k).filter((r) => rowPage[r] === pageNo);
        if (span.length === 0) continue;
        const top = rowTop[span[0]];
        const bottom = rowTop[span[span.length - 1]] + m.heights[span[span.length - 1]];
        drawCell(b, page, spec, m, p, x0, top, bottom, span[0] === textRow(p, rowPage, spec, m));
      }
    }
  }
  b.y = y;
  return { pages: pagesUsed };
}

/** First row of the segment that carries the text of a (possibly split) cell. */
function textRow(p: PlacedCell, rowPage: number[], spec: GridSpec, m: Metrics): number {
  const lh = (p.cell.size ?? spec.fontSize) * 1.25;
  const need = p.lines.length * lh + 2 * (spec.padY ?? 2);
  const rows = Array.from({ length: p.rowSpan }, (_, k) => p.row + k);
  const segments = new Map<number, number[]>();
  for (const r of rows) segments.set(rowPage[r], [...(segments.get(rowPage[r]) ?? []), r]);
  let best: number[] | undefined;
  for (const seg of segments.values()) {
    const h = seg.reduce((a, r) => a + m.heights[r], 0);
    if (h >= need) return seg[0];
    if (!best || h > best.reduce((a, r) => a + m.heights[r], 0)) best = seg;
  }
  return (best ?? rows)[0];
}

/** A repeated header row; header cells never span into the body, so the band is drawn whole. */
function drawRowBand(b: DocBuilder, spec: GridSpec, m: Metrics, r: number, x0: number, top: number): void {
  for (const p of m.placed[r]) {
    let bottom = top;
    for (let k = 0; k < p.rowSpan; k++) bottom += m.heights[r + k];
    drawCell(b, b.page, spec, m, p, x0, top, bottom, true, false);
  }
}

function drawCell(
  b: DocBuilder,
  page: PageModel,
  spec: GridSpec,
  m: Metrics,
  p: PlacedCell,
  x0: number,
  top: number,
  bottom: number,
  withText: boolean,
  withFact = true,
): void {
  const left = x0 + m.x[p.col];
  const right = x0 + m.x[p.col + p.colSpan];
  const push = (op: Op): void => void page.ops.push(op);
  const w = 0.6;
  const g = spec.group;
  // which borders lie on the outer frame of the grid (a render variant may leave them out)
  const atTop = p.row === 0 ? { edge: 'top' as const } : {};
  const atBottom = p.row + p.rowSpan === m.heights.length ? { edge: 'bottom' as const } : {};
  const atLeft = p.col === 0 ? { edge: 'left' as const } : {};
  const atRight = p.col + p.colSpan === m.x.length - 1 ? { edge: 'right' as const } : {};
  push({ kind: 'line', x1: left, y1: top, x2: right, y2: top, width: w, group: g, ...atTop });
  push({ kind: 'line', x1: left, y1: bottom, x2: right, y2: bottom, width: w, group: g, ...atBottom });
  push({ kind: 'line', x1: left, y1: top, x2: left, y2: bottom, width: w, group: g, ...atLeft });
  push({ kind: 'line', x1: right, y1: top, x2: right, y2: bottom, width: w, group: g, ...atRight });
  if (!withText || p.lines.length === 0) return;
  const padX = spec.padX ?? 3;
  const size = p.cell.size ?? spec.fontSize;
  const lh = size * 1.25;
  const blockTop = top + (bottom - top - p.lines.length * lh) / 2;
  const align: Align = p.cell.align ?? 'left';
  p.lines.forEach((line, i) => {
    const base = baselineIn(blockTop + i * lh, lh, size);
    const textW = b.measure.width(line, size, p.cell.bold);
    const inner0 = left + padX + (p.cell.indent ?? 0);
    const inner1 = right - padX;
    const x = align === 'left' ? inner0 : align === 'right' ? inner1 - textW : inner0 + (inner1 - inner0 - textW) / 2;
    const fact = withFact && i === 0 ? p.cell.fact : undefined;
    push({ kind: 'text', x, y: base, text: line, size, bold: p.cell.bold ?? false, ...(fact ? { fact } : {}) });
  });
}
