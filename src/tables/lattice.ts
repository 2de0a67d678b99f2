/**
 * Lattice builder: grids from the ruling lines drawn on the page. Connected rules form a table; the distinct
 * rule positions are the row and column boundaries; a boundary segment that is not drawn merges two slots
 * (merged header cells, a name spanning 类/款/项 columns, a number centred in a tall cell).
 */
import type { PageContent, TextItem } from '../model/page.js';
import { coverage, frameSpans, ruledFrames } from '../model/ruling.js';
import { blockText } from '../layout/lines.js';
import type { Grid, GridBuilder, GridCell } from './grid.js';

const NUMERIC_CHAR = /[0-9.,%()\-]/;
/** A classification code (类 三位, 款 项 two digits each) printed as one run. */
const CODE_RUN = /^\d{3}(\d{2}){0,3}$/;
/** A run of text (not a number): CJK characters or punctuation, or letters. */
const TEXT_RUN = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffefA-Za-z]/u;

/**
 * Splits a run that crosses cell boundaries into per-cell pieces. A cut lands on a space or on a change between
 * number and text characters near the proportional position; a run with no such place (a number overflowing its
 * cell by a few points, say) is not cut, and goes to the cell under its centre.
 */
function splitAt(it: TextItem, cuts: number[]): TextItem[] {
  const inner = cuts.filter((x) => x > it.x0 + 1 && x < it.x1 - 1);
  if (!inner.length || it.str.length < 2) return [it];
  const chars = [...it.str];
  // CJK and full-width characters are one em wide, the rest about half: positions from those weights
  const weights = chars.map((c) => (/[\u2e80-\uffef]/.test(c) && !/[\uff61-\uff9f]/.test(c) ? 1 : 0.5));
  const total = weights.reduce((a, b) => a + b, 0);
  const pos = [0];
  for (const wt of weights) pos.push(pos[pos.length - 1] + ((it.x1 - it.x0) * wt) / total);
  const charAt = (x: number) => {
    let k = 0;
    while (k < chars.length && it.x0 + (pos[k] + pos[k + 1]) / 2 < x) k++;
    return k;
  };
  const boundary = (i: number) =>
    i > 0 && i < chars.length &&
    (/\s/.test(chars[i]) || /\s/.test(chars[i - 1]) || NUMERIC_CHAR.test(chars[i]) !== NUMERIC_CHAR.test(chars[i - 1]));
  const idx: number[] = [];
  for (const x of inner) {
    const p = charAt(x);
    let best = -1;
    for (let d = 0; d <= 2 && best < 0; d++) {
      if (boundary(p - d)) best = p - d;
      else if (boundary(p + d)) best = p + d;
    }
    if (best > 0 && !idx.includes(best)) idx.push(best);
  }
  if (!idx.length) return [it];
  idx.sort((a, b) => a - b);
  const out: TextItem[] = [];
  let start = 0;
  for (const end of [...idx, chars.length]) {
    const s = chars.slice(start, end).join('');
    if (s.trim()) out.push({ ...it, str: s.trim(), x0: it.x0 + pos[start], x1: it.x0 + pos[end] });
    start = end;
  }
  return out;
}

export function latticeGrids(page: PageContent): Grid[] {
  const grids: Grid[] = [];
  for (const comp of ruledFrames(page.rules)) {
    const { rowsY, colsX } = comp;
    const nR = rowsY.length - 1;
    const nC = colsX.length - 1;
    // which slots hold a run wholly inside them: two such slots side by side are two cells even where the rule
    // between them is not drawn (producers that draw the column rules of the header only)
    const filled = new Set<number>();
    const slotOf = (bounds: number[], v: number) => {
      for (let k = 0; k < bounds.length - 1; k++) if (v >= bounds[k] && v < bounds[k + 1]) return k;
      return -1;
    };
    for (const it of page.items) {
      const i = slotOf(rowsY, (it.y0 + it.y1) / 2);
      const j0 = slotOf(colsX, it.x0 + 0.5);
      if (i >= 0 && j0 >= 0 && j0 === slotOf(colsX, it.x1 - 0.5)) filled.add(i * nC + j0);
    }
    // …unless one line of text runs on across the undrawn boundary (a name wrapped in a merged cell, printed one
    // glyph per run by word processors): a run straddling it, or two touching runs on either side
    const bridged = new Set<number>();
    const byLine = [...page.items].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
    for (let k = 0; k < byLine.length; k++) {
      const it = byLine[k];
      if (!TEXT_RUN.test(it.str)) continue;
      const i = slotOf(rowsY, (it.y0 + it.y1) / 2);
      if (i < 0) continue;
      for (let j = 1; j < nC; j++) {
        const bx = colsX[j];
        const next = byLine[k + 1];
        const straddles = it.x0 < bx - 1 && it.x1 > bx + 1;
        const touches = !!next && Math.abs(next.y0 - it.y0) < 1 && it.x1 <= bx + 1 && next.x0 >= bx - 1 && next.x0 - it.x1 < 0.25 * it.size;
        if (straddles || touches) bridged.add(i * nC + j - 1);
      }
    }
    const { spans, find } = frameSpans(comp, (i, j) => filled.has(i * nC + j) && filled.has(i * nC + j + 1) && !bridged.has(i * nC + j));
    const box = { x0: colsX[0], y0: rowsY[0], x1: colsX[nC], y1: rowsY[nR] };
    // one big frame with nothing inside is not a table
    if (spans.size < 2) continue;
    const slotCell = new Map<number, GridCell & { items: TextItem[] }>();
    const cells: (GridCell & { items: TextItem[] })[] = [];
    for (const [root, s] of spans) {
      const cell = {
        row: s.r0,
        col: s.c0,
        rowSpan: s.r1 - s.r0 + 1,
        colSpan: s.c1 - s.c0 + 1,
        text: '',
        box: { x0: colsX[s.c0], y0: rowsY[s.r0], x1: colsX[s.c1 + 1], y1: rowsY[s.r1 + 1] },
        items: [] as TextItem[],
      };
      slotCell.set(root, cell);
      cells.push(cell);
    }
    const findIdx = (bounds: number[], v: number) => {
      for (let k = 0; k < bounds.length - 1; k++) if (v < bounds[k + 1]) return k;
      return bounds.length - 2;
    };
    const rowCuts: number[][] = [];
    for (const it of page.items) {
      const cy = (it.y0 + it.y1) / 2;
      const cx = (it.x0 + it.x1) / 2;
      if (cy < box.y0 - 1 || cy > box.y1 + 1 || cx < box.x0 - 1 || cx > box.x1 + 1) continue;
      const i = Math.max(0, Math.min(nR - 1, findIdx(rowsY, cy)));
      // cut only where the run crosses a drawn boundary between two cells (worked out once per row)
      const cuts = (rowCuts[i] ??= colsX.slice(1, -1).filter((x) => coverage(comp.vs, x, rowsY[i], rowsY[i + 1]) >= 0.5));
      for (const piece of splitAt(it, cuts)) {
        // a code wider than its narrow column, left-aligned, runs on into the name cell beside it: it is in the
        // cell it starts in (an amount overflowing its cell by a few points goes to the cell under its centre)
        // (a run cut into pieces already has each piece in its cell)
        const overflowing = piece === it && CODE_RUN.test(piece.str) && cuts.some((x) => x > piece.x0 + 1 && x < piece.x1 - 1);
        const px = overflowing ? piece.x0 + 1 : (piece.x0 + piece.x1) / 2;
        const j = Math.max(0, Math.min(nC - 1, findIdx(colsX, px)));
        slotCell.get(find(i * nC + j))!.items.push(piece);
      }
    }
    const out: GridCell[] = cells
      .map(({ items, ...c }) => {
        const confs = items.map((i) => i.conf).filter((v): v is number => v !== undefined);
        return { ...c, text: blockText(items), ...(confs.length ? { conf: Math.min(...confs) } : {}) };
      })
      .sort((a, b) => a.row - b.row || a.col - b.col);
    grids.push({ page: page.page, box, nRows: nR, nCols: nC, cells: out, colX: colsX, method: 'lattice' });
  }
  return grids.sort((a, b) => a.box.y0 - b.box.y0);
}

export const latticeBuilder: GridBuilder = { name: 'lattice', build: latticeGrids };
