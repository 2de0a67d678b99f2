/**
 * What to read on a scanned page: the ink inside each table cell, and the text lines outside the tables —
 * each cut out as a small image so the recogniser reads only what is there, in the mode that suits it. A
 * cell whose glyphs have the shapes of digits (narrow, all one height, with small marks on the baseline) is
 * read as a number.
 */
import type { Binary, Grey, PxBox } from './image.js';

/** Ink pixels with at least two inked neighbours (scanner speckle has fewer). */
function solid(bin: Binary, x: number, y: number): boolean {
  const { w, h, data } = bin;
  if (!data[y * w + x]) return false;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= h) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if ((dx || dy) && xx >= 0 && xx < w && data[yy * w + xx]) n++;
    }
  }
  return n >= 2;
}

/** The box around the solid ink inside `box`, or null when there is too little ink to be text. */
export function inkBox(bin: Binary, box: PxBox, minInk = 20): PxBox | null {
  const x0 = Math.max(1, Math.ceil(box.x0));
  const y0 = Math.max(1, Math.ceil(box.y0));
  const x1 = Math.min(bin.w - 1, Math.floor(box.x1));
  const y1 = Math.min(bin.h - 1, Math.floor(box.y1));
  let ax0 = Infinity;
  let ay0 = Infinity;
  let ax1 = -1;
  let ay1 = -1;
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * bin.w;
    for (let x = x0; x < x1; x++) {
      if (!bin.data[row + x] || !solid(bin, x, y)) continue;
      ink++;
      if (x < ax0) ax0 = x;
      if (x > ax1) ax1 = x;
      if (y < ay0) ay0 = y;
      if (y > ay1) ay1 = y;
    }
  }
  if (ink < minInk || ax1 - ax0 < 2 || ay1 - ay0 < 2) return null;
  return { x0: ax0, y0: ay0, x1: ax1 + 1, y1: ay1 + 1 };
}

/** Vertical ink profile of a box: runs of inked columns, each with its own ink extent. */
export interface Glyph {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export function glyphColumns(bin: Binary, box: PxBox): Glyph[] {
  const out: Glyph[] = [];
  let cur: Glyph | undefined;
  for (let x = box.x0; x < box.x1; x++) {
    let top = -1;
    let bottom = -1;
    for (let y = box.y0; y < box.y1; y++) {
      if (bin.data[y * bin.w + x] && solid(bin, x, y)) {
        if (top < 0) top = y;
        bottom = y + 1;
      }
    }
    if (top < 0) {
      if (cur) out.push(cur);
      cur = undefined;
      continue;
    }
    if (cur) {
      cur.x1 = x + 1;
      cur.y0 = Math.min(cur.y0, top);
      cur.y1 = Math.max(cur.y1, bottom);
    } else cur = { x0: x, x1: x + 1, y0: top, y1: bottom };
  }
  if (cur) out.push(cur);
  return out;
}

export interface NumberShape {
  /** glyphs tall enough to be digits */
  digits: number;
  /** small marks (decimal point, separators, minus) */
  marks: number;
  /** the glyphs in order: a digit, or the mark its shape and place say it is */
  glyphs: (Glyph & { kind: 'digit' | '.' | ',' | '-' })[];
}

/**
 * Whether the ink in `box` (one line) has the shape of a printed number: every glyph column is either a
 * digit (the full height, narrower than tall) or a small mark (point, comma, minus). Chinese characters are
 * about as wide as tall, and their strokes do not share one height, so they fail.
 */
export function numberShape(bin: Binary, box: PxBox): NumberShape | null {
  const glyphs = glyphColumns(bin, box);
  if (!glyphs.length) return null;
  if (box.y1 - box.y0 < 6) return null;
  // one line: no blank row across the box (two lines of text stacked in a cell have one)
  for (let y = box.y0; y < box.y1; y++) {
    let ink = false;
    for (let x = box.x0; x < box.x1 && !ink; x++) ink = bin.data[y * bin.w + x] === 1;
    if (!ink) return null;
  }
  // the digits' top line and baseline: the medians of the tall glyphs
  const tall = glyphs.filter((g) => g.y1 - g.y0 >= 0.7 * (box.y1 - box.y0));
  if (!tall.length) return null;
  const med = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const top = med(tall.map((g) => g.y0));
  const base = med(tall.map((g) => g.y1));
  const H = base - top;
  if (H < 6) return null;
  let digits = 0;
  let marks = 0;
  const out: NumberShape['glyphs'] = [];
  for (const g of glyphs) {
    const gh = g.y1 - g.y0;
    const gw = g.x1 - g.x0;
    if (gh >= 0.7 * H) {
      // digits share one height and one baseline, and are narrower than tall; Chinese characters are not
      if (Math.abs(g.y0 - top) > 0.1 * H || Math.abs(g.y1 - base) > 0.1 * H || gw < 0.12 * H || gw > 0.8 * H) return null;
      digits++;
      out.push({ ...g, kind: 'digit' });
    } else if (gh <= 0.45 * H && gw <= 0.6 * H) {
      // a point or comma sits on the baseline (a comma's tail hangs below it); a minus at mid-height first
      const mid = (g.y0 + g.y1) / 2 - top;
      if (mid >= 0.6 * H) {
        marks++;
        out.push({ ...g, kind: g.y1 > base + 0.08 * H || gh > 1.4 * gw ? ',' : '.' });
      } else if (digits === 0 && mid > 0.25 * H && mid < 0.75 * H && gw >= gh) {
        marks++;
        out.push({ ...g, kind: '-' });
      } else return null;
    } else return null;
  }
  return digits ? { digits, marks, glyphs: out } : null;
}

/**
 * A numeric cell's glyphs set closer together: fonts for Chinese tables print `10,403.11` with a full-width
 * gap after each mark, which recognisers trained on Latin text read as a space or a wrong character.
 */
export function respace(img: Grey, bin: Binary, box: PxBox, pad: number): Grey {
  const glyphs = glyphColumns(bin, box);
  const h = box.y1 - box.y0;
  // only the gaps beside a mark shrink (the full-width gap after a point), by dropping blank columns from
  // their middle; every other column is copied as it is
  const most = Math.max(2, Math.round(h * 0.15));
  const mark = (g: Glyph) => g.y1 - g.y0 <= 0.4 * h;
  const drop = new Uint8Array(box.x1 - box.x0);
  for (let i = 1; i < glyphs.length; i++) {
    const a = glyphs[i - 1];
    const b = glyphs[i];
    if (!mark(a) && !mark(b)) continue;
    const gap = b.x0 - a.x1;
    if (gap <= most) continue;
    const from = a.x1 + Math.floor(most / 2);
    for (let x = from; x < from + gap - most; x++) drop[x - box.x0] = 1;
  }
  const keep: number[] = [];
  for (let x = box.x0; x < box.x1; x++) if (!drop[x - box.x0]) keep.push(x);
  const W = keep.length + 2 * pad;
  const H = h + 2 * pad;
  const out = new Uint8Array(W * H).fill(255);
  for (let y = 0; y < h; y++) {
    const src = (box.y0 + y) * img.w;
    const dst = (y + pad) * W + pad;
    for (let i = 0; i < keep.length; i++) out[dst + i] = img.data[src + keep[i]];
  }
  return { w: W, h: H, data: out };
}

/**
 * The pixels of `box` with a margin (Tesseract reads glyphs touching the edge badly): the page's own pixels
 * where the margin lies inside `clip` (a faint stroke just outside the ink box stays whole), white elsewhere.
 */
export function cutout(img: Grey, box: PxBox, pad: number, clip: PxBox = box): Grey {
  const W = box.x1 - box.x0 + 2 * pad;
  const H = box.y1 - box.y0 + 2 * pad;
  const out = new Uint8Array(W * H).fill(255);
  const cx0 = Math.max(0, Math.ceil(Math.min(box.x0, clip.x0)));
  const cy0 = Math.max(0, Math.ceil(Math.min(box.y0, clip.y0)));
  const cx1 = Math.min(img.w, Math.floor(Math.max(box.x1, clip.x1)));
  const cy1 = Math.min(img.h, Math.floor(Math.max(box.y1, clip.y1)));
  for (let y = 0; y < H; y++) {
    const sy = box.y0 - pad + y;
    if (sy < cy0 || sy >= cy1) continue;
    for (let x = 0; x < W; x++) {
      const sx = box.x0 - pad + x;
      if (sx >= cx0 && sx < cx1) out[y * W + x] = img.data[sy * img.w + sx];
    }
  }
  return { w: W, h: H, data: out };
}

function inside(x: number, y: number, boxes: PxBox[]): boolean {
  for (const b of boxes) if (x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1) return true;
  return false;
}

/**
 * Text lines outside the given boxes (the tables): bands of inked rows, cut where a horizontal gap is wider
 * than `gapFactor` line heights (a centred title and a 单位 note on the same row are separate pieces).
 */
export function textLines(bin: Binary, exclude: PxBox[], opt: { minHeight: number; gapFactor: number }): PxBox[] {
  const { w, h } = bin;
  const rowInk = new Int32Array(h);
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    let n = 0;
    for (let x = 1; x < w - 1; x++) {
      if (bin.data[row + x] && !inside(x, y, exclude) && solid(bin, x, y)) n++;
    }
    rowInk[y] = n;
  }
  const bands: [number, number][] = [];
  let start = -1;
  for (let y = 0; y <= h; y++) {
    const on = y < h && rowInk[y] > 0;
    if (on && start < 0) start = y;
    if (!on && start >= 0) {
      // a one-row break inside a line (a thin horizontal stroke gap) does not end it
      if (y + 1 < h && rowInk[y + 1] > 0) continue;
      bands.push([start, y]);
      start = -1;
    }
  }
  const out: PxBox[] = [];
  for (const [y0, y1] of bands) {
    const bh = y1 - y0;
    let ink = 0;
    for (let y = y0; y < y1; y++) ink += rowInk[y];
    if (bh < opt.minHeight || ink < 15) continue;
    // columns of the band
    const colInk = new Uint8Array(w);
    for (let y = y0; y < y1; y++) {
      const row = y * w;
      for (let x = 1; x < w - 1; x++) if (bin.data[row + x] && !inside(x, y, exclude) && solid(bin, x, y)) colInk[x] = 1;
    }
    const maxGap = Math.max(12, bh * opt.gapFactor);
    let s = -1;
    let last = -1;
    const flush = () => {
      if (s < 0) return;
      const box = inkBox(bin, { x0: s - 1, y0: y0 - 1, x1: last + 2, y1: y1 + 1 }, 10);
      if (box) out.push(box);
    };
    for (let x = 0; x < w; x++) {
      if (!colInk[x]) continue;
      if (s >= 0 && x - last > maxGap) {
        flush();
        s = x;
      } else if (s < 0) s = x;
      last = x;
    }
    flush();
  }
  return out;
}

/**
 * The first glyph of a line, when it is made of horizontal strokes only: how many (一 1, 二 2, 三 3), else 0.
 * Recognisers read a lone 一 at the start of a line as a dash and 二 as a colon; the strokes say which it is.
 */
export function leadingStrokes(bin: Binary, line: PxBox): number {
  const H = line.y1 - line.y0;
  // the first glyph's square: Chinese characters are about one line height wide
  const x0 = line.x0;
  const x1 = Math.min(line.x1, line.x0 + Math.round(0.85 * H));
  let runs = 0;
  let runStart = -1;
  let runWidth = 0;
  for (let y = line.y0; y <= line.y1; y++) {
    let lo = Infinity;
    let hi = -1;
    if (y < line.y1) {
      for (let x = x0; x < x1; x++) {
        if (bin.data[y * bin.w + x] && solid(bin, x, y)) {
          lo = Math.min(lo, x);
          hi = x;
        }
      }
    }
    if (hi >= 0) {
      if (runStart < 0) {
        runStart = y;
        runWidth = 0;
      }
      runWidth = Math.max(runWidth, hi - lo + 1);
    } else if (runStart >= 0) {
      // a stroke is flat and long; anything else (a vertical stroke, a dot) is not one of 一 二 三
      if (y - runStart > 0.3 * H || runWidth < 0.4 * H) return 0;
      runs++;
      runStart = -1;
    }
  }
  return runs >= 1 && runs <= 3 ? runs : 0;
}

/**
 * Whether the ink in `box` has a dark core: at least `min` pixels at or below `level`. Print does, even thin and
 * under a seal; what is left of a seal's ring after its colour is taken out, and speckle, are light throughout.
 */
export function darkCore(img: Grey, box: PxBox, level: number, min: number): boolean {
  const x0 = Math.max(0, Math.floor(box.x0));
  const y0 = Math.max(0, Math.floor(box.y0));
  const x1 = Math.min(img.w, Math.ceil(box.x1));
  const y1 = Math.min(img.h, Math.ceil(box.y1));
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.data[y * img.w + x] <= level && ++n >= min) return true;
  return false;
}
