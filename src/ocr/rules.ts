/**
 * Ruling lines of a scanned page: long thin runs of ink, horizontal and vertical, on the deskewed binary
 * image. A scan has no vector rules, so these stand in for the drawn segments the text layer gives, and the
 * tables stage rebuilds the table grids from them exactly as it does for a text PDF (the OCR stage reads the cells
 * they frame, src/model/ruling.ts).
 */
import type { Binary, PxBox } from './image.js';
import { SETTINGS } from '../model/settings.js';

/** Tolerances (src/model/settings.ts). */
const {
  follow: FOLLOW,
} = SETTINGS.ocrRules;

/** A rule in pixels: horizontal (y0 = y1 after averaging) or vertical. */
export interface PxRule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** stroke thickness in pixels */
  thick: number;
}

interface Run {
  pos: number; // row (horizontal) or column (vertical)
  a: number;
  b: number; // end-inclusive
}

/** Runs of ink along one line of pixels, bridging gaps of up to `gap` pixels, at least `minLen` long. */
function runsAlong(get: (i: number) => number, n: number, gap: number, minLen: number, pos: number, out: Run[]): void {
  let start = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (!get(i)) continue;
    if (start >= 0 && i - last - 1 <= gap) last = i;
    else {
      if (start >= 0 && last - start + 1 >= minLen) out.push({ pos, a: start, b: last });
      start = last = i;
    }
  }
  if (start >= 0 && last - start + 1 >= minLen) out.push({ pos, a: start, b: last });
}

/** Runs on neighbouring lines of pixels that overlap along the rule are one stroke. */
function strokes(runs: Run[], maxThick: number): { pos: number; a: number; b: number; thick: number }[] {
  runs.sort((r, s) => r.pos - s.pos || r.a - s.a);
  const open: { runs: Run[]; lastPos: number; a: number; b: number }[] = [];
  const done: { runs: Run[]; lastPos: number; a: number; b: number }[] = [];
  for (const r of runs) {
    // every open stroke this run touches becomes one (the ragged edge rows of a thick rule join its body)
    const hits = open.filter((g) => {
      const last = g.runs[g.runs.length - 1];
      const next = r.pos === g.lastPos + 1 || (r.pos === g.lastPos && r !== last);
      return next && Math.min(g.b, r.b) - Math.max(g.a, r.a) > 0.5 * Math.min(g.b - g.a, r.b - r.a);
    });
    if (hits.length) {
      const hit = hits[0];
      for (const g of hits.slice(1)) {
        hit.runs.push(...g.runs);
        hit.a = Math.min(hit.a, g.a);
        hit.b = Math.max(hit.b, g.b);
        open.splice(open.indexOf(g), 1);
      }
      hit.runs.push(r);
      hit.lastPos = r.pos;
      hit.a = Math.min(hit.a, r.a);
      hit.b = Math.max(hit.b, r.b);
    } else open.push({ runs: [r], lastPos: r.pos, a: r.a, b: r.b });
    // close groups that can no longer grow
    for (let i = open.length - 1; i >= 0; i--) {
      if (r.pos - open[i].lastPos > 1) done.push(...open.splice(i, 1));
    }
  }
  done.push(...open);
  const out: { pos: number; a: number; b: number; thick: number }[] = [];
  for (const g of done) {
    const positions = new Set(g.runs.map((r) => r.pos));
    const thick = positions.size;
    if (thick > maxThick) continue;
    // the stroke's position: run length weighted mean of its pixel lines
    let sw = 0;
    let s = 0;
    for (const r of g.runs) {
      const len = r.b - r.a + 1;
      sw += len;
      s += r.pos * len;
    }
    // the extent: where most of its pixel lines reach (a stray run sticking out does not extend it)
    const longest = Math.max(...g.runs.map((r) => r.b - r.a));
    const body = g.runs.filter((r) => r.b - r.a >= 0.5 * longest);
    const as = body.map((r) => r.a).sort((p, q) => p - q);
    const bs = body.map((r) => r.b).sort((p, q) => p - q);
    out.push({ pos: s / sw, a: as[Math.floor((as.length - 1) / 2)], b: bs[Math.ceil((bs.length - 1) / 2)], thick });
  }
  return out;
}

export interface RuleOptions {
  /** shortest rule in pixels */
  minLen: number;
  /** thickest rule in pixels */
  maxThick: number;
  /** largest break bridged inside a rule, in pixels */
  gap: number;
}

/** Horizontal and vertical rules of a binary image, in pixels, optionally only inside `area`. */
export function findRules(bin: Binary, opt: RuleOptions, area?: PxBox): PxRule[] {
  const { w, h, data } = bin;
  const x0 = area ? Math.max(0, Math.floor(area.x0)) : 0;
  const y0 = area ? Math.max(0, Math.floor(area.y0)) : 0;
  const x1 = area ? Math.min(w, Math.ceil(area.x1)) : w;
  const y1 = area ? Math.min(h, Math.ceil(area.y1)) : h;
  const hRuns: Run[] = [];
  for (let y = y0; y < y1; y++) {
    const row = y * w + x0;
    runsAlong((i) => data[row + i], x1 - x0, opt.gap, opt.minLen, y, hRuns);
  }
  const vRuns: Run[] = [];
  for (let x = x0; x < x1; x++) {
    const col = y0 * w + x;
    runsAlong((i) => data[col + i * w], y1 - y0, opt.gap, opt.minLen, x, vRuns);
  }
  const rules: PxRule[] = [];
  for (const s of strokes(hRuns, opt.maxThick)) {
    rules.push({ x0: x0 + s.a, x1: x0 + s.b + 1, y0: s.pos + 0.5, y1: s.pos + 0.5, thick: s.thick });
  }
  for (const s of strokes(vRuns, opt.maxThick)) {
    rules.push({ y0: y0 + s.a, y1: y0 + s.b + 1, x0: s.pos + 0.5, x1: s.pos + 0.5, thick: s.thick });
  }
  return rules;
}


/**
 * Rules followed past their ends through where they are broken or faint (a soft scan, a rule under a seal
 * whose colour was taken out): along the rule's own line, in a band as thick as the rule, while most of a
 * short window shows ink there and paper just beside the band. Text beside a rule does not sit on its line for
 * long, and text the line runs into has strokes across it, so a rule does not grow into it; the rule ends at
 * the last ink seen.
 */
export function followRules(bin: Binary, rules: PxRule[], minLen: number): PxRule[] {
  const { w, h, data } = bin;
  const inkAt = (horizontal: boolean, pos: number, half: number, t: number): boolean => {
    for (let d = -half; d <= half; d++) {
      const a = Math.round(pos) + d;
      const x = horizontal ? t : a;
      const y = horizontal ? a : t;
      if (x >= 0 && y >= 0 && x < w && y < h && data[y * w + x]) return true;
    }
    return false;
  };
  return rules.map((r) => {
    const horizontal = r.y1 - r.y0 < r.x1 - r.x0;
    // only a rule already long is followed (a stroke of text that passed as a short rule is left alone)
    if ((horizontal ? r.x1 - r.x0 : r.y1 - r.y0) < minLen) return r;
    const pos = horizontal ? r.y0 - 0.5 : r.x0 - 0.5;
    const half = Math.max(1, Math.ceil(r.thick / 2));
    const off = half + 2;
    const n = horizontal ? w : h;
    const walk = (from: number, dir: 1 | -1): number => {
      let last = from;
      const win: number[] = [];
      let hits = 0;
      for (let t = from + dir; t >= 0 && t < n; t += dir) {
        // ink on the rule's line with paper just beside it: a line of text the rule would run into has strokes
        // across its line (a character's uprights), a rule has none
        const ink = inkAt(horizontal, pos, half, t) && !inkAt(horizontal, pos - off, 0, t) && !inkAt(horizontal, pos + off, 0, t) ? 1 : 0;
        win.push(ink);
        hits += ink;
        if (win.length > FOLLOW.window) hits -= win.shift()!;
        if (ink) last = t;
        if (win.length === FOLLOW.window && hits < FOLLOW.density * FOLLOW.window) break;
      }
      return last;
    };
    const a = horizontal ? r.x0 : r.y0;
    const b = (horizontal ? r.x1 : r.y1) - 1;
    const a2 = walk(a, -1);
    const b2 = walk(b, 1) + 1;
    return horizontal ? { ...r, x0: a2, x1: b2 } : { ...r, y0: a2, y1: b2 };
  });
}

/**
 * Strokes of print that passed as rules: a long horizontal stroke of a character (一, 二, the bar of a 4 where
 * soft digits touch) is as thin as a rule, but it stands inside a cell, touching no rule across it. A short rule is
 * kept only where both its ends meet a rule across it (a cell's side); a long one always (a rule broken under a
 * seal keeps its long pieces). `short` and `reach` in pixels.
 */
export function dropPrintStrokes(rules: PxRule[], short: number, reach: number): PxRule[] {
  const across = (r: PxRule) => r.y1 - r.y0 < r.x1 - r.x0;
  const meets = (r: PxRule, at: number, along: number, horizontal: boolean) =>
    rules.some((q) => {
      if (q === r || across(q) === horizontal) return false;
      // q runs across r: its line near r's end, its extent covering r's line
      return horizontal
        ? Math.abs(q.x0 - at) <= reach && along >= q.y0 - reach && along <= q.y1 + reach
        : Math.abs(q.y0 - at) <= reach && along >= q.x0 - reach && along <= q.x1 + reach;
    });
  return rules.filter((r) => {
    const horizontal = across(r);
    const len = horizontal ? r.x1 - r.x0 : r.y1 - r.y0;
    if (len >= short) return true;
    return horizontal ? meets(r, r.x0, r.y0, true) && meets(r, r.x1, r.y0, true) : meets(r, r.y0, r.x0, false) && meets(r, r.y1, r.x0, false);
  });
}

/**
 * A rule followed past the table's frame into the print beside it (a title above, a note below) is cut back to
 * the last rule across it, where it overshoots by less than `short` pixels: such a stub bounds no cell.
 */
export function trimOverhangs(rules: PxRule[], short: number, reach: number): PxRule[] {
  const across = (r: PxRule) => r.y1 - r.y0 < r.x1 - r.x0;
  return rules.map((r) => {
    const horizontal = across(r);
    const line = horizontal ? r.y0 : r.x0;
    const a = horizontal ? r.x0 : r.y0;
    const b = horizontal ? r.x1 : r.y1;
    const crossings = rules
      .filter((q) => q !== r && across(q) !== horizontal)
      .filter((q) => (horizontal ? line >= q.y0 - reach && line <= q.y1 + reach : line >= q.x0 - reach && line <= q.x1 + reach))
      .map((q) => (horizontal ? q.x0 : q.y0))
      .filter((p) => p >= a - reach && p <= b + reach);
    if (!crossings.length) return r;
    const lo = Math.min(...crossings);
    const hi = Math.max(...crossings);
    const a2 = lo - a > reach && lo - a < short ? lo : a;
    const b2 = b - hi > reach && b - hi < short ? hi : b;
    return horizontal ? { ...r, x0: a2, x1: b2 } : { ...r, y0: a2, y1: b2 };
  });
}
