/**
 * The geometry of ruling lines, shared by the stage that finds them on a scan (OCR reads each ruled cell alone)
 * and the stage that builds grids from them (tables/lattice.ts): connected rules form a frame; the distinct rule
 * positions are its row and column boundaries; a boundary segment that is not drawn merges two slots. Rules
 * alone: what the text in the cells says about merging is the lattice builder's.
 */
import type { Box } from './schema.js';
import { isHorizontal, type Rule } from './page.js';
import { SETTINGS } from './settings.js';

/** points: rules closer than this are one boundary */
export const RULE_TOL = SETTINGS.ruling.tol;

export interface Seg {
  pos: number; // y for horizontal, x for vertical
  a: number; // start along the rule
  b: number; // end along the rule
}

/** Connected rules: their segments and the row and column boundaries they draw. */
export interface Frame {
  hs: Seg[];
  vs: Seg[];
  rowsY: number[];
  colsX: number[];
}

/** A cell of a frame: slots r0..r1 × c0..c1. */
export interface Span {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
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
export function coverage(segs: Seg[], pos: number, a: number, b: number): number {
  const parts: [number, number][] = [];
  for (const s of segs) {
    if (Math.abs(s.pos - pos) > RULE_TOL) continue;
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

export class UnionFind {
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

/** The frames the rules of a page draw, each with at least two slots. */
export function ruledFrames(rules: readonly Rule[]): Frame[] {
  const hRaw: Seg[] = [];
  const vRaw: Seg[] = [];
  for (const r of rules) {
    if (isHorizontal(r)) hRaw.push({ pos: r.y0, a: r.x0, b: r.x1 });
    else vRaw.push({ pos: r.x0, a: r.y0, b: r.y1 });
  }
  if (hRaw.length < 2 || vRaw.length < 2) return [];
  const frames: Frame[] = [];
  for (const comp of components(mergeSegs(hRaw), mergeSegs(vRaw))) {
    if (comp.hs.length < 2 || comp.vs.length < 2) continue;
    const ys = cluster([...comp.hs.map((h) => h.pos), ...comp.vs.flatMap((v) => [v.a, v.b])], RULE_TOL);
    const xs = cluster([...comp.vs.map((v) => v.pos), ...comp.hs.flatMap((h) => [h.a, h.b])], RULE_TOL);
    // drop boundaries that no rule actually draws (ends of a stray rule sticking out)
    const rowsY = ys.filter((y, i) => i === 0 || i === ys.length - 1 || comp.hs.some((h) => Math.abs(h.pos - y) <= RULE_TOL));
    const colsX = xs.filter((x, i) => i === 0 || i === xs.length - 1 || comp.vs.some((v) => Math.abs(v.pos - x) <= RULE_TOL));
    const nR = rowsY.length - 1;
    const nC = colsX.length - 1;
    if (nR < 1 || nC < 1 || nR * nC < 2) continue;
    frames.push({ hs: comp.hs, vs: comp.vs, rowsY, colsX });
  }
  return frames;
}

/**
 * The cells of a frame: slots joined where the boundary between them is not drawn (less than half of it),
 * unless `apart(i, j)` says slots (i, j) and (i, j+1) are two cells anyway. `find` maps a slot (i·nC + j) to its
 * cell's key in `spans` (in slot order).
 */
export function frameSpans(f: Frame, apart: (i: number, j: number) => boolean = () => false): { spans: Map<number, Span>; find: (slot: number) => number } {
  const { rowsY, colsX } = f;
  const nR = rowsY.length - 1;
  const nC = colsX.length - 1;
  const uf = new UnionFind(nR * nC);
  for (let i = 0; i < nR; i++) {
    for (let j = 0; j < nC; j++) {
      if (j + 1 < nC && !apart(i, j) && coverage(f.vs, colsX[j + 1], rowsY[i], rowsY[i + 1]) < 0.5) uf.union(i * nC + j, i * nC + j + 1);
      if (i + 1 < nR && coverage(f.hs, rowsY[i + 1], colsX[j], colsX[j + 1]) < 0.5) uf.union(i * nC + j, (i + 1) * nC + j);
    }
  }
  const spans = new Map<number, Span>();
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
  return { spans, find: (slot) => uf.find(slot) };
}

/** A frame's box and its cells' boxes, from the rules alone (a frame of one cell is not a table). */
export function ruledCells(rules: readonly Rule[]): { box: Box; cells: Box[] }[] {
  const out: { box: Box; cells: Box[] }[] = [];
  for (const f of ruledFrames(rules)) {
    const { spans } = frameSpans(f);
    if (spans.size < 2) continue;
    const { rowsY: y, colsX: x } = f;
    const cells = [...spans.values()].map((s) => ({ x0: x[s.c0], y0: y[s.r0], x1: x[s.c1 + 1], y1: y[s.r1 + 1] }));
    out.push({ box: { x0: x[0], y0: y[0], x1: x[x.length - 1], y1: y[y.length - 1] }, cells });
  }
  return out.sort((a, b) => a.box.y0 - b.box.y0);
}
