/**
 * Lattice builder: grids from the ruling lines drawn on the page. Connected rules form a table; the distinct
 * rule positions are the row and column boundaries; a boundary segment that is not drawn merges two slots
 * (merged header cells, a name spanning 类/款/项 columns, a number centred in a tall cell).
 */
import type { PageContent, Rule, TextItem } from '../model/page.js';
import { isHorizontal } from '../model/page.js';
import { blockText } from '../layout/lines.js';
import type { Grid, GridBuilder, GridCell } from './grid.js';

const TOL = 2; // points: rules closer than this are one boundary

interface Seg {
  pos: number; // y for horizontal, x for vertical
  a: number; // start along the rule
  b: number; // end along the rule
}

/** Rules on the same line (within 1pt) that touch or overlap become one segment. */
function mergeSegs(segs: Seg[]): Seg[] {
  const byPos = [...segs].sort((s, t) => s.pos - t.pos);
  const lines: Seg[][] = [];
  for (const s of byPos) {
    const last = lines[lines.length - 1];
    if (last && s.pos - last[0].pos <= 1) last.push(s);
    else lines.push([s]);
  }
  const out: Seg[] = [];
  for (const line of lines) {
    const pos = line.reduce((t, s) => t + s.pos, 0) / line.length;
    line.sort((s, t) => s.a - t.a);
    let cur: Seg | undefined;
    for (const s of line) {
      if (cur && s.a <= cur.b + 3) cur.b = Math.max(cur.b, s.b);
      else {
        cur = { pos, a: s.a, b: s.b };
        out.push(cur);
      }
    }
  }
  return out;
}

function cluster(values: number[], tol: number): number[] {
  const v = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const x of v) {
    const last = out[out.length - 1];
    if (last && x - last[last.length - 1] <= tol) last.push(x);
    else out.push([x]);
  }
  return out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
}

/** Fraction of [a,b] covered by segments at position pos. */
function coverage(segs: Seg[], pos: number, a: number, b: number): number {
  const parts: [number, number][] = [];
  for (const s of segs) {
    if (Math.abs(s.pos - pos) > TOL) continue;
    const lo = Math.max(a, s.a);
    const hi = Math.min(b, s.b);
    if (hi > lo) parts.push([lo, hi]);
  }
  if (!parts.length) return 0;
  parts.sort((p, q) => p[0] - q[0]);
  let covered = 0;
  let [cl, ch] = parts[0];
  for (const [l, h] of parts.slice(1)) {
    if (l <= ch) ch = Math.max(ch, h);
    else {
      covered += ch - cl;
      [cl, ch] = [l, h];
    }
  }
  covered += ch - cl;
  return covered / Math.max(0.01, b - a);
}

class UnionFind {
  p: number[];
  constructor(n: number) {
    this.p = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.p[i] !== i) {
      this.p[i] = this.p[this.p[i]];
      i = this.p[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.p[rb] = ra;
  }
}

function components(hs: Seg[], vs: Seg[]): { hs: Seg[]; vs: Seg[] }[] {
  const n = hs.length + vs.length;
  const uf = new UnionFind(n);
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i];
    for (let j = 0; j < vs.length; j++) {
      const v = vs[j];
      if (v.pos >= h.a - 3 && v.pos <= h.b + 3 && h.pos >= v.a - 3 && h.pos <= v.b + 3) uf.union(i, hs.length + j);
    }
  }
  const groups = new Map<number, { hs: Seg[]; vs: Seg[] }>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = { hs: [], vs: [] }));
    if (i < hs.length) g.hs.push(hs[i]);
    else g.vs.push(vs[i - hs.length]);
  }
  return [...groups.values()];
}

const NUMERIC_CHAR = /[0-9.,%()\-]/;
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
  const hRaw: Seg[] = [];
  const vRaw: Seg[] = [];
  for (const r of page.rules as Rule[]) {
    if (isHorizontal(r)) hRaw.push({ pos: r.y0, a: r.x0, b: r.x1 });
    else vRaw.push({ pos: r.x0, a: r.y0, b: r.y1 });
  }
  if (hRaw.length < 2 || vRaw.length < 2) return [];
  const hs = mergeSegs(hRaw);
  const vs = mergeSegs(vRaw);
  const grids: Grid[] = [];
  for (const comp of components(hs, vs)) {
    if (comp.hs.length < 2 || comp.vs.length < 2) continue;
    const ys = cluster([...comp.hs.map((h) => h.pos), ...comp.vs.flatMap((v) => [v.a, v.b])], TOL);
    const xs = cluster([...comp.vs.map((v) => v.pos), ...comp.hs.flatMap((h) => [h.a, h.b])], TOL);
    // drop boundaries that no rule actually draws (ends of a stray rule sticking out)
    const rowsY = ys.filter((y, i) => i === 0 || i === ys.length - 1 || comp.hs.some((h) => Math.abs(h.pos - y) <= TOL));
    const colsX = xs.filter((x, i) => i === 0 || i === xs.length - 1 || comp.vs.some((v) => Math.abs(v.pos - x) <= TOL));
    const nR = rowsY.length - 1;
    const nC = colsX.length - 1;
    if (nR < 1 || nC < 1 || nR * nC < 2) continue;
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
    const uf = new UnionFind(nR * nC);
    for (let i = 0; i < nR; i++) {
      for (let j = 0; j < nC; j++) {
        const apart = filled.has(i * nC + j) && filled.has(i * nC + j + 1) && !bridged.has(i * nC + j);
        if (j + 1 < nC && !apart && coverage(comp.vs, colsX[j + 1], rowsY[i], rowsY[i + 1]) < 0.5) uf.union(i * nC + j, i * nC + j + 1);
        if (i + 1 < nR && coverage(comp.hs, rowsY[i + 1], colsX[j], colsX[j + 1]) < 0.5) uf.union(i * nC + j, (i + 1) * nC + j);
      }
    }
    const spans = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
    for (let i = 0; i < nR; i++) {
      for (let j = 0; j < nC; j++) {
        const r = uf.find(i * nC + j);
        const s = spans.get(r);
        if (!s) spans.set(r, { r0: i, r1: i, c0: j, c1: j });
        else {
          s.r0 = Math.min(s.r0, i);
          s.r1 = Math.max(s.r1, i);
          s.c0 = Math.min(s.c0, j);
          s.c1 = Math.max(s.c1, j);
        }
      }
    }
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
        const px = (piece.x0 + piece.x1) / 2;
        const j = Math.max(0, Math.min(nC - 1, findIdx(colsX, px)));
        slotCell.get(uf.find(i * nC + j))!.items.push(piece);
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
