/**
 * Page images for OCR: a page rendered by pdf.js into a grey bitmap, its skew measured and removed, and the
 * binarisation the later steps (ruling lines, ink regions) read. Pure TypeScript on byte arrays: no image
 * library beyond the canvas pdf.js renders into.
 */
import { createRequire } from 'node:module';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { mul, type Mat } from '../sources/matrix.js';
import { SETTINGS } from '../model/settings.js';

/** Tolerances (src/model/settings.ts). */
const {
  coloured: COLOURED,
  residueCore: RESIDUE_CORE,
  greyStamp: GREY_STAMP,
  lighting: LIGHTING,
} = SETTINGS.ocrImage;

/** 8-bit grey image, row-major, 0 = black. */
export interface Grey {
  w: number;
  h: number;
  data: Uint8Array;
}

/** 1 = ink, row-major. */
export interface Binary {
  w: number;
  h: number;
  data: Uint8Array;
}

interface NapiImageData {
  data: Uint8ClampedArray;
}

export interface NapiCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): NapiImageData;
    createImageData(w: number, h: number): NapiImageData;
    putImageData(d: NapiImageData, x: number, y: number): void;
  };
  encode(format: 'jpeg', quality: number): Promise<Buffer>;
}

// pdf.js polyfills Path2D/DOMMatrix from the @napi-rs/canvas it resolves itself (it may carry its own nested
// copy): a canvas from another copy of the package crashes its renderer, so the canvas comes from there too.
const requireFromPdfjs = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs'));
let createCanvas: ((w: number, h: number) => NapiCanvas) | undefined;
export function canvasFactory(): (w: number, h: number) => NapiCanvas {
  createCanvas ??= (requireFromPdfjs('@napi-rs/canvas') as { createCanvas: (w: number, h: number) => NapiCanvas }).createCanvas;
  return createCanvas;
}


/**
 * Colour pixels → the grey the reader sees, with coloured ink taken out: printers print black, a seal or a
 * signature is colour. Over a stamp, the print shows in the stamp's darkest channel (green and blue for a red
 * seal): compared with that channel's `level` where the stamp covers bare paper, print under the stamp is
 * darker, bare stamp is at the level, paper is brighter. Dividing by the level gives the print back — whether
 * the stamp's ink filters the page or lies over it — and the stamp becomes paper. Grey pixels (print, paper)
 * keep their luminance; in between a blend leaves no edge where the stamp fades out.
 */
export function inkGreyImage(src: ArrayLike<number>, n: number, w: number, h: number): Grey {
  const size = w * h;
  // the stamp's level: the median of the darkest channel over strongly coloured pixels
  const histLo = new Uint32Array(256);
  const histHi = new Uint32Array(256);
  let coloured = 0;
  for (let j = 0; j < size * n; j += n) {
    const r = src[j];
    const g = src[j + 1];
    const b = src[j + 2];
    const lo = Math.min(r, g, b);
    const hi = Math.max(r, g, b);
    if (hi - lo >= COLOURED.to) {
      histLo[lo]++;
      histHi[hi]++;
      coloured++;
    }
  }
  const median = (hist: Uint32Array, least: number): number => {
    for (let v = 0, acc = 0; v < 256 && coloured; v++) {
      acc += hist[v];
      if (acc >= coloured / 2) return Math.max(least, v);
    }
    return 255;
  };
  const level = median(histLo, 48);
  const levelHi = median(histHi, 96);
  const data = new Uint8Array(size);
  const tinted = new Uint8Array(size);
  for (let i = 0, j = 0; i < size; i++, j += n) {
    const r = src[j];
    const g = src[j + 1];
    const b = src[j + 2];
    // luminance, integer weights (0.299, 0.587, 0.114)
    const lum = (r * 77 + g * 150 + b * 29) >> 8;
    const lo = Math.min(r, g, b);
    const sat = Math.max(r, g, b) - lo;
    if (sat <= COLOURED.from) {
      data[i] = lum;
      continue;
    }
    // the print under the stamp by both channels, the darker kept: the darkest channel holds it where the stamp
    // lies over the page, the brightest (less noisy) where its ink filters the page
    const under = Math.min(255, (lo * 255) / level, (Math.max(r, g, b) * 255) / levelHi);
    const t = Math.min(1, (sat - COLOURED.from) / (COLOURED.to - COLOURED.from));
    data[i] = Math.round(lum + (Math.max(lum, under) - lum) * t);
    tinted[i] = 1;
  }
  const img = { w, h, data };
  if (coloured) dropStampResidue(img, tinted);
  return img;
}


/**
 * What a stamp leaves after its colour is taken out: its thin strokes and blurred edges, whose colour the
 * JPEG's coarse chroma washed out. Each blot of ink made mostly of tinted pixels and with no dark core is
 * painted paper; print, even under the stamp, has a dark core and stays.
 */
function dropStampResidue(img: Grey, tinted: Uint8Array): void {
  const { w, h, data } = img;
  const thr = inkThreshold(img);
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const blot: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || data[start] > thr || !tinted[start]) continue;
    // flood the blot of ink this tinted pixel belongs to (8-connected)
    stack.push(start);
    seen[start] = 1;
    blot.length = 0;
    let tint = 0;
    let core = 255;
    while (stack.length) {
      const p = stack.pop()!;
      blot.push(p);
      tint += tinted[p];
      if (data[p] < core) core = data[p];
      const x = p % w;
      const y = (p - x) / w;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (!seen[q] && data[q] <= thr) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    if (core > RESIDUE_CORE && tint >= 0.5 * blot.length) for (const p of blot) data[p] = 255;
  }
}


/** Minimum and maximum over a square window of radius `r` (two passes each, along rows then columns). */
function windowRange(src: Uint8Array, w: number, h: number, r: number): { lo: Uint8Array; hi: Uint8Array } {
  const tlo = new Uint8Array(src.length);
  const thi = new Uint8Array(src.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let a = 255;
      let b = 0;
      for (let k = Math.max(0, x - r), end = Math.min(w - 1, x + r); k <= end; k++) {
        const v = src[row + k];
        if (v < a) a = v;
        if (v > b) b = v;
      }
      tlo[row + x] = a;
      thi[row + x] = b;
    }
  }
  const lo = new Uint8Array(src.length);
  const hi = new Uint8Array(src.length);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h - 1, y + r);
    for (let x = 0; x < w; x++) {
      let a = 255;
      let b = 0;
      for (let k = y0; k <= y1; k++) {
        const i = k * w + x;
        if (tlo[i] < a) a = tlo[i];
        if (thi[i] > b) b = thi[i];
      }
      lo[y * w + x] = a;
      hi[y * w + x] = b;
    }
  }
  return { lo, hi };
}

/** Whether any marked pixel lies within the square of radius `r` around each pixel (a summed-area table). */
function dilate(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const sum = new Int32Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += mask[y * w + x] ? 1 : 0;
      sum[(y + 1) * (w + 1) + x + 1] = sum[y * (w + 1) + x + 1] + row;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(w, x + r + 1);
      if (sum[y1 * (w + 1) + x1] - sum[y0 * (w + 1) + x1] - sum[y1 * (w + 1) + x0] + sum[y0 * (w + 1) + x0] > 0) out[y * w + x] = 1;
    }
  }
  return out;
}

/**
 * A stamp in a grey scan taken out: the paper / mid-grey stamp / dark print split. The stamp is found by its
 * broad strokes, flat mid grey over a window (none paper, none print-black); their grey is its `level`. Near
 * them, every stroke flat across at that grey (the stamp's characters, the points of its star) is the stamp
 * too; over all of it and its soft edge each pixel is divided by the level — the stamp becomes paper, the print
 * under it keeps its own grey, as the colour split does with the red channel. A page without such strokes is
 * returned as is.
 */
export function dropGreyStamp(img: Grey, dpi: number): Grey {
  const { w, h, data } = img;
  const hist = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) hist[data[i]]++;
  let paper = 255;
  for (let v = 0, acc = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= data.length / 2) {
      paper = v;
      break;
    }
  }
  const least = paper * GREY_STAMP.least;
  const most = paper * GREY_STAMP.most;
  // cheap first look: enough mid-grey pixels for a stamp at all
  let mid = 0;
  for (let v = Math.ceil(least); v <= most; v++) mid += hist[v];
  if (mid < data.length * GREY_STAMP.area) return img;
  const scale = dpi / 200;
  const broadR = Math.max(2, Math.round(GREY_STAMP.radius * scale));
  // and enough of them with mid grey at the window's corners too (what every broad seed has): most scans stop here
  const inBand = (v: number) => v >= least && v <= most;
  let cornered = 0;
  for (let y = broadR; y < h - broadR; y++) {
    for (let x = broadR, i = y * w + x; x < w - broadR; x++, i++) {
      if (inBand(data[i]) && inBand(data[i - broadR * w - broadR]) && inBand(data[i - broadR * w + broadR]) && inBand(data[i + broadR * w - broadR]) && inBand(data[i + broadR * w + broadR])) cornered++;
    }
  }
  if (cornered < data.length * GREY_STAMP.area) return img;
  const broad = windowRange(data, w, h, broadR);
  const seed = new Uint8Array(data.length);
  const levels = new Uint32Array(256);
  let seeds = 0;
  for (let i = 0; i < data.length; i++) {
    if (broad.lo[i] >= least && broad.hi[i] <= most && broad.hi[i] - broad.lo[i] <= GREY_STAMP.flat) {
      seed[i] = 1;
      levels[data[i]]++;
      seeds++;
    }
  }
  if (seeds < data.length * GREY_STAMP.area) return img;
  let level = 0;
  for (let v = 0, acc = 0; v < 256; v++) {
    acc += levels[v];
    if (acc >= seeds / 2) {
      level = v;
      break;
    }
  }
  // the finer strokes near the broad ones: flat across three pixels, at the stamp's grey
  const near = dilate(seed, w, h, Math.round(GREY_STAMP.near * scale));
  const fine = windowRange(data, w, h, 1);
  const band = GREY_STAMP.band;
  const thin = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (near[i] && !seed[i] && fine.lo[i] >= level - band && fine.hi[i] <= level + band && fine.hi[i] - fine.lo[i] <= GREY_STAMP.flat) thin[i] = 1;
  }
  // how much of each pixel the stamp covers: all of it within a stroke (a broad seed lies its window's radius
  // inside the stroke's edges, a fine one a pixel), falling off across its soft edge; the pixel is divided by
  // what the stamp lets through there, so print beside a stroke keeps its grey
  const reach = GREY_STAMP.reach * scale;
  // (a stroke's seeds stop short of print crossing it: the gaps are closed, the print there is under the stamp)
  const gap = Math.round(GREY_STAMP.gap * scale);
  const dBroad = distanceFrom(close(seed, w, h, gap), w, h, Math.ceil(broadR + reach + 1));
  const dThin = distanceFrom(close(thin, w, h, gap), w, h, Math.ceil(1 + reach + 1));
  // and where print crosses a stroke over a stretch too long to close, the paper showing nearby tells: under
  // the stamp the brightest pixel around is the stamp's grey, beside it the paper (inside bold print, darker)
  const around = windowRange(data, w, h, Math.max(2, Math.round(GREY_STAMP.around * scale))).hi;
  const through = level / paper;
  const out = new Uint8Array(data);
  for (let i = 0; i < data.length; i++) {
    const m = around[i];
    const shown = near[i] && m >= level - band ? Math.min(1, Math.max(0, (paper - m) / (paper - level))) : 0;
    const a = Math.max(cover(dBroad[i], broadR, reach), cover(dThin[i], 1, reach), shown);
    if (a > 0) out[i] = Math.min(255, Math.round(data[i] / (1 - a * (1 - through))));
  }
  const res = { w, h, data: out };
  // what is left of it (a stroke's faint fringe, a speck where print hid it) is ink without a dark core
  dropStampResidue(res, near);
  return res;
}

/** Morphological closing by a square of radius `r`: gaps narrower than 2r between marked pixels filled. */
function close(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const grown = dilate(mask, w, h, r);
  for (let i = 0; i < grown.length; i++) grown[i] ^= 1;
  const out = dilate(grown, w, h, r);
  for (let i = 0; i < out.length; i++) out[i] ^= 1;
  return out;
}

/** The stamp's share of a pixel at chessboard distance `d` from its stroke's seeds: 1 within `r`, to 0 past `reach` more. */
function cover(d: number, r: number, reach: number): number {
  if (d <= r) return 1;
  return Math.max(0, 1 - (d - r) / (reach + 1));
}

/** Chessboard distance of each pixel from the nearest marked one (0 on it), capped at `cap`. */
function distanceFrom(mask: Uint8Array, w: number, h: number, cap: number): Uint8Array {
  const d = new Uint8Array(mask.length).fill(Math.min(255, cap));
  for (let i = 0; i < mask.length; i++) if (mask[i]) d[i] = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let v = d[i];
      if (x > 0 && d[i - 1] + 1 < v) v = d[i - 1] + 1;
      if (y > 0) {
        if (d[i - w] + 1 < v) v = d[i - w] + 1;
        if (x > 0 && d[i - w - 1] + 1 < v) v = d[i - w - 1] + 1;
        if (x < w - 1 && d[i - w + 1] + 1 < v) v = d[i - w + 1] + 1;
      }
      d[i] = v;
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      let v = d[i];
      if (x < w - 1 && d[i + 1] + 1 < v) v = d[i + 1] + 1;
      if (y < h - 1) {
        if (d[i + w] + 1 < v) v = d[i + w] + 1;
        if (x < w - 1 && d[i + w + 1] + 1 < v) v = d[i + w + 1] + 1;
        if (x > 0 && d[i + w - 1] + 1 < v) v = d[i + w - 1] + 1;
      }
      d[i] = v;
    }
  }
  return d;
}

/** Renders a page at `dpi` into a grey image (white background). */
export async function renderPage(page: PDFPageProxy, dpi: number): Promise<Grey> {
  const viewport = page.getViewport({ scale: dpi / 72 });
  const w = Math.ceil(viewport.width);
  const h = Math.ceil(viewport.height);
  const canvas = canvasFactory()(w, h);
  // RenderParameters types want a DOM canvas; pdf.js in Node takes the @napi-rs/canvas one
  type RenderCanvas = Parameters<PDFPageProxy['render']>[0]['canvas'];
  await page.render({ canvas: canvas as unknown as RenderCanvas, viewport, background: 'white' }).promise;
  const rgba = canvas.getContext('2d').getImageData(0, 0, w, h).data;
  return inkGreyImage(rgba, 4, w, h);
}

// operators a scanned page may have besides its one image
const QUIET = new Set<number>([pdfjs.OPS.save, pdfjs.OPS.restore, pdfjs.OPS.transform, pdfjs.OPS.dependency, pdfjs.OPS.setGState,
  pdfjs.OPS.beginMarkedContent, pdfjs.OPS.beginMarkedContentProps, pdfjs.OPS.endMarkedContent]);

interface PdfImage {
  width: number;
  height: number;
  kind: number;
  data?: Uint8Array | Uint8ClampedArray;
}

interface Placed {
  id: string;
  /** the image's unit square on the page: viewport transform × CTM */
  m: Mat;
}

/** The images a page paints, each with where it lands; `only` is false when the page paints anything else. */
async function placedImages(page: PDFPageProxy): Promise<{ images: Placed[]; only: boolean }> {
  const ops = await page.getOperatorList();
  const vp = page.getViewport({ scale: 1 });
  let ctm: Mat = [1, 0, 0, 1, 0, 0];
  const stack: Mat[] = [];
  const images: Placed[] = [];
  let only = true;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === pdfjs.OPS.paintImageXObject) images.push({ id: args[0] as string, m: mul(vp.transform as Mat, ctm) });
    else if (fn === pdfjs.OPS.save) stack.push(ctm);
    else if (fn === pdfjs.OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === pdfjs.OPS.transform) ctm = mul(ctm, args as Mat);
    else if (fn === pdfjs.OPS.paintFormXObjectBegin) {
      only = false;
      stack.push(ctm);
      const m = args[0] as Mat | null;
      if (m) ctm = mul(ctm, m);
    } else if (fn === pdfjs.OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (!QUIET.has(fn)) only = false;
  }
  return { images, only };
}

/** Upright and not mirrored: the image's first row at the top; its box in points. */
function uprightBox(m: Mat): { x0: number; y0: number; x1: number; y1: number } | null {
  if (Math.abs(m[1]) > 1e-6 || Math.abs(m[2]) > 1e-6 || m[0] <= 0 || m[3] >= 0) return null;
  return { x0: m[4], y0: m[3] + m[5], x1: m[4] + m[0], y1: m[5] };
}

/** An image's pixels as grey, with its resolution on the page (pixels per inch across and down). */
async function decodeImage(page: PDFPageProxy, p: Placed, box: { x0: number; y0: number; x1: number; y1: number }, keepColour = false): Promise<{ img: Grey; dpi: number; dpiY: number } | null> {
  const objs = p.id.startsWith('g_') ? page.commonObjs : page.objs;
  const obj = await new Promise<PdfImage>((resolve) => objs.get(p.id, resolve as (d: unknown) => void));
  if (!obj?.data) return null;
  const { width: w, height: h, kind, data: src } = obj;
  const dpi = (w / (box.x1 - box.x0)) * 72;
  const dpiY = (h / (box.y1 - box.y0)) * 72;
  const data = new Uint8Array(w * h);
  if (kind === 1) {
    // 1 bit per pixel, rows padded to bytes, 1 = white
    const stride = (w + 7) >> 3;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) data[y * w + x] = src[y * stride + (x >> 3)] & (128 >> (x & 7)) ? 255 : 0;
    }
  } else if (kind === 2 || kind === 3) {
    const n = kind === 2 ? 3 : 4;
    if (src.length < w * h * n) return null;
    if (keepColour) {
      for (let i = 0, j = 0; i < data.length; i++, j += n) data[i] = (src[j] * 77 + src[j + 1] * 150 + src[j + 2] * 29) >> 8;
      return { img: { w, h, data }, dpi, dpiY };
    }
    return { img: inkGreyImage(src, n, w, h), dpi, dpiY };
  } else return null;
  return { img: { w, h, data }, dpi, dpiY };
}

/**
 * The scanned image of a page that is nothing but one upright image covering it (what scanners write), at
 * its own resolution — no drawing through the canvas. Null for any other page (those are rendered). Colour
 * ink is taken out unless `keepColour` (plain luminance: the second opinion's other binarisation).
 */
export async function scannedImage(page: PDFPageProxy, opts: { keepColour?: boolean } = {}): Promise<{ img: Grey; dpi: number } | null> {
  const { images, only } = await placedImages(page);
  if (!only || images.length !== 1) return null;
  const vp = page.getViewport({ scale: 1 });
  const box = uprightBox(images[0].m);
  if (!box) return null;
  // covering the page
  if (Math.abs(box.x0) > vp.width * 0.01 || Math.abs(box.y0) > vp.height * 0.01) return null;
  if (Math.abs(box.x1 - box.x0 - vp.width) > vp.width * 0.01 || Math.abs(box.y1 - box.y0 - vp.height) > vp.height * 0.01) return null;
  const got = await decodeImage(page, images[0], box, opts.keepColour);
  if (!got) return null;
  // a resolution the reader works well at, the same both ways; else the page is rendered
  if (got.dpi < 150 || got.dpi > 400 || Math.abs(got.dpi - got.dpiY) > got.dpi * 0.02) return null;
  return { img: got.img, dpi: got.dpi };
}

/**
 * The pixels of the picture a page paints at `box` (points), at the picture's own resolution, brought to at
 * least `minDpi` (a screenshot at screen resolution is enlarged) and at most 400 dpi; rendered from the page
 * when the picture is not an upright image of its own (then at `minDpi`).
 */
export async function pictureImage(page: PDFPageProxy, box: { x0: number; y0: number; x1: number; y1: number }, minDpi = 200): Promise<{ img: Grey; dpi: number }> {
  const { images } = await placedImages(page);
  for (const p of images) {
    const b = uprightBox(p.m);
    if (!b || Math.abs(b.x0 - box.x0) > 1 || Math.abs(b.y0 - box.y0) > 1 || Math.abs(b.x1 - box.x1) > 1 || Math.abs(b.y1 - box.y1) > 1) continue;
    const got = await decodeImage(page, p, b);
    if (!got || Math.abs(got.dpi - got.dpiY) > got.dpi * 0.05) break;
    if (got.dpi >= minDpi && got.dpi <= 400) return { img: got.img, dpi: got.dpi };
    const k = (got.dpi < minDpi ? Math.ceil((minDpi * 1.25) / got.dpi) : 300 / got.dpi);
    return { img: resize(got.img, k), dpi: got.dpi * k };
  }
  const page0 = await renderPage(page, minDpi * 1.5);
  const px = (minDpi * 1.5) / 72;
  return { img: crop(page0, { x0: box.x0 * px, y0: box.y0 * px, x1: box.x1 * px, y1: box.y1 * px }), dpi: minDpi * 1.5 };
}

/** The image scaled by `k` (bilinear). */
export function resize(img: Grey, k: number): Grey {
  const w = Math.max(1, Math.round(img.w * k));
  const h = Math.max(1, Math.round(img.h * k));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.h - 1, Math.max(0, (y + 0.5) / k - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(img.h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.w - 1, Math.max(0, (x + 0.5) / k - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(img.w - 1, x0 + 1);
      const fx = sx - x0;
      const top = img.data[y0 * img.w + x0] + (img.data[y0 * img.w + x1] - img.data[y0 * img.w + x0]) * fx;
      const bot = img.data[y1 * img.w + x0] + (img.data[y1 * img.w + x1] - img.data[y1 * img.w + x0]) * fx;
      out[y * w + x] = top + (bot - top) * fy;
    }
  }
  return { w, h, data: out };
}

/** JPEG bytes of a grey image (the scan simulator's compression). */
export async function encodeJpeg(img: Grey, quality: number): Promise<Uint8Array> {
  const canvas = canvasFactory()(img.w, img.h);
  const ctx = canvas.getContext('2d');
  const id = ctx.createImageData(img.w, img.h);
  for (let i = 0, j = 0; i < img.data.length; i++, j += 4) {
    id.data[j] = id.data[j + 1] = id.data[j + 2] = img.data[i];
    id.data[j + 3] = 255;
  }
  ctx.putImageData(id, 0, 0);
  return new Uint8Array(await canvas.encode('jpeg', quality));
}

/** Otsu threshold of a grey image (pixels ≤ threshold are ink). */
export function otsu(img: Grey): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]]++;
  const total = img.data.length;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t];
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let thr = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      thr = t;
    }
  }
  return thr;
}

/**
 * The threshold below which a pixel is ink: halfway from Otsu's split to the paper's own level, so the thin,
 * light strokes of small print (一, the bar of a 4, hairline rules) stay whole; scanner speckle is removed
 * later by its size.
 */
export function inkThreshold(img: Grey): number {
  const t = otsu(img);
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]]++;
  let acc = 0;
  let paper = 255;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= img.data.length / 2) {
      paper = v;
      break;
    }
  }
  if (paper <= t) return t;
  return Math.round(Math.min((t + paper) / 2, paper - 25));
}

/**
 * A tone curve for the recogniser: paper (and speckle lighter than `threshold`) to white, and the light grey
 * of thin strokes darkened (gamma 2.5), so the recogniser's own binarisation keeps the hairline strokes of
 * Song-style characters (the bars of 合, 一) that it would otherwise drop.
 */
export function enhance(img: Grey, threshold: number): Grey {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]]++;
  let acc = 0;
  let lo = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= img.data.length * 0.005) {
      lo = v;
      break;
    }
  }
  const hi = Math.min(250, threshold + 20);
  if (hi - lo < 20) return img;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const x = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    lut[v] = Math.round(255 * Math.pow(x, 2.5));
  }
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = lut[img.data[i]];
  return { w: img.w, h: img.h, data };
}

export function binarize(img: Grey, threshold = otsu(img)): Binary {
  const data = new Uint8Array(img.w * img.h);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i] <= threshold ? 1 : 0;
  return { w: img.w, h: img.h, data };
}

/**
 * Skew angle in degrees (positive = content rotated clockwise in image coordinates, y down): the angle whose
 * shear makes the ink's row profile sharpest. Text lines and table rules both peak when level.
 */
export function measureSkew(bin: Binary, maxDeg = 3): number {
  // ink samples: every row (thinning rows would alias the profile at angle 0), columns thinned on big pages
  let ink = 0;
  for (let i = 0; i < bin.data.length; i++) ink += bin.data[i];
  const step = Math.max(1, Math.ceil(ink / 80_000));
  const cap = Math.ceil(ink / step) + bin.h + 1;
  const xsBuf = new Int32Array(cap);
  const ysBuf = new Int32Array(cap);
  let n = 0;
  for (let y = 0; y < bin.h; y++) {
    const row = y * bin.w;
    for (let x = (y * 7) % step; x < bin.w && n < cap; x += step) {
      if (bin.data[row + x]) {
        xsBuf[n] = x;
        ysBuf[n++] = y;
      }
    }
  }
  const xs = xsBuf.subarray(0, n);
  const ys = ysBuf.subarray(0, n);
  if (xs.length < 200) return 0;
  const cx = bin.w / 2;
  const bins = new Float64Array(bin.h + 2 * Math.ceil(bin.w * Math.tan((maxDeg * Math.PI) / 180)) + 4);
  const off = (bins.length - bin.h) / 2;
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round(ys[i] - (xs[i] - cx) * t + off);
      if (b >= 0 && b < bins.length) bins[b]++;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i] * bins[i];
    return s;
  };
  let best = 0;
  let bestS = score(0);
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.2) {
    const s = score(d);
    if (s > bestS) {
      bestS = s;
      best = d;
    }
  }
  const coarse = best;
  for (let d = coarse - 0.2; d <= coarse + 0.2 + 1e-9; d += 0.02) {
    const s = score(d);
    if (s > bestS) {
      bestS = s;
      best = d;
    }
  }
  return Math.abs(best) < 0.03 ? 0 : best;
}

/** Rotates by -deg around the centre (bilinear, white outside), undoing a measured skew of `deg`. */
export function rotate(img: Grey, deg: number): Grey {
  if (!deg) return img;
  const { w, h } = img;
  const out = new Uint8Array(w * h);
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = w / 2;
  const cy = h / 2;
  const src = img.data;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // destination (x,y) samples the source point rotated by +deg
      const sx = cx + dx * cos - dy * sin;
      const sy = cy + dx * sin + dy * cos;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) {
        out[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = src[i] + (src[i + 1] - src[i]) * fx;
      const bot = src[i + w] + (src[i + w + 1] - src[i + w]) * fx;
      out[y * w + x] = top + (bot - top) * fy;
    }
  }
  return { w, h, data: out };
}

/** A rectangle of pixels, end-exclusive. */
export interface PxBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function crop(img: Grey, b: PxBox): Grey {
  const x0 = Math.max(0, Math.floor(b.x0));
  const y0 = Math.max(0, Math.floor(b.y0));
  const x1 = Math.min(img.w, Math.ceil(b.x1));
  const y1 = Math.min(img.h, Math.ceil(b.y1));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(img.data.subarray((y0 + y) * img.w + x0, (y0 + y) * img.w + x0 + w), y * w);
  return { w, h, data };
}

/** Binary PGM (P5), which Leptonica reads without a codec: the cheapest way to hand pixels to Tesseract. */
export function toPgm(img: Grey): Uint8Array {
  const head = Buffer.from(`P5\n${img.w} ${img.h}\n255\n`, 'latin1');
  const out = new Uint8Array(head.length + img.data.length);
  out.set(head, 0);
  out.set(img.data, head.length);
  return out;
}


/**
 * Evens out the lighting of a scan (a darker edge, a shadow near the spine, a page lit from one side): the
 * paper level is estimated per block (a high percentile of its pixels, the brightest of its neighbours so a
 * block of bold print still finds paper) and every pixel divided by it. A page lit evenly is returned as is.
 */
export function flatten(img: Grey): Grey {
  const B = LIGHTING.block;
  const gw = Math.ceil(img.w / B);
  const gh = Math.ceil(img.h / B);
  const level = new Float64Array(gw * gh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < gh; by++) {
    for (let bx = 0; bx < gw; bx++) {
      hist.fill(0);
      const x0 = bx * B;
      const y0 = by * B;
      const x1 = Math.min(img.w, x0 + B);
      const y1 = Math.min(img.h, y0 + B);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[img.data[y * img.w + x]]++;
      const n = (x1 - x0) * (y1 - y0);
      let acc = 0;
      let v = 255;
      for (; v > 0; v--) {
        acc += hist[v];
        if (acc >= n * 0.1) break;
      }
      level[by * gw + bx] = v;
    }
  }
  const paper = new Float64Array(gw * gh);
  for (let by = 0; by < gh; by++) {
    for (let bx = 0; bx < gw; bx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const yy = by + dy;
        const xx = bx + dx;
        if (yy >= 0 && yy < gh && xx >= 0 && xx < gw) m = Math.max(m, level[yy * gw + xx]);
      }
      paper[by * gw + bx] = Math.max(64, m);
    }
  }
  let lo = 255;
  let hi = 0;
  for (const v of paper) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo < LIGHTING.uneven) return img;
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < img.h; y++) {
    const fy = Math.min(gh - 1, Math.max(0, (y + 0.5) / B - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(gh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < img.w; x++) {
      const fx = Math.min(gw - 1, Math.max(0, (x + 0.5) / B - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(gw - 1, x0 + 1);
      const tx = fx - x0;
      const top = paper[y0 * gw + x0] + (paper[y0 * gw + x1] - paper[y0 * gw + x0]) * tx;
      const bot = paper[y1 * gw + x0] + (paper[y1 * gw + x1] - paper[y1 * gw + x0]) * tx;
      const bg = top + (bot - top) * ty;
      out[y * img.w + x] = Math.min(255, Math.round((img.data[y * img.w + x] * hi) / bg));
    }
  }
  return { w: img.w, h: img.h, data: out };
}
