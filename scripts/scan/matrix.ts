/**
 * The degradation matrix: pages of a text PDF (a sample or a corpus document, whose truth is reused) put
 * through what an office scanner and its software do, by the tools a scanner's software would use —
 * poppler renders the page as the scanner sees it, ImageMagick adds the optics and the paper (blur, skew,
 * a red seal over the numbers, uneven light, bleed-through, JPEG), img2pdf wraps the images as a scanner's
 * PDF. Each condition gives one image-only PDF.
 *
 *   node --import tsx scripts/scan/matrix.ts IN.pdf OUTDIR [pages e.g. 5,6,9] [condition,…]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Condition {
  name: string;
  dpi: number;
  /** Gaussian blur sigma, pixels (soft optics) */
  blur?: number;
  /** degrees */
  skew?: number;
  /** JPEG quality */
  quality?: number;
  colour?: boolean;
  seal?: boolean;
  lighting?: boolean;
  bleed?: boolean;
  /** which draw of the sensor noise (default 0); other draws give other scans of the same paper */
  seed?: number;
}

/** The matrix: each row one scanner's output. The tests read a slice, the bench all of it. */
export const CONDITIONS: Condition[] = [
  { name: 'sharp-200', dpi: 200, quality: 85 },
  { name: 'soft-200', dpi: 200, blur: 0.8, skew: 0.5, quality: 75 },
  { name: 'soft-200-blur1.2', dpi: 200, blur: 1.2, quality: 75 },
  { name: 'soft-150', dpi: 150, blur: 0.5, skew: 0.4, quality: 75 },
  { name: 'soft-300', dpi: 300, blur: 1.0, quality: 75 },
  { name: 'skew-2', dpi: 200, blur: 0.5, skew: 2, quality: 75 },
  { name: 'jpeg-50', dpi: 200, blur: 0.5, quality: 50 },
  { name: 'jpeg-90-colour', dpi: 200, blur: 0.5, quality: 90, colour: true },
  { name: 'seal-skew-2-colour', dpi: 200, blur: 0.7, skew: 2, quality: 75, colour: true, seal: true },
  { name: 'seal-skew-2-grey', dpi: 200, blur: 0.7, skew: 2, quality: 75, seal: true },
  { name: 'lighting', dpi: 200, blur: 0.6, quality: 75, lighting: true },
  { name: 'bleed-through', dpi: 200, blur: 0.6, quality: 75, bleed: true },
];

/** A fixed seed for ImageMagick's noise from the condition's name, the page and a draw number. */
export function seedOf(name: string, page: number, draw = 0): number {
  let h = 2166136261;
  for (const ch of `${name}/${page}/${draw}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h % 1_000_000_007;
}

const FONT = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';

function magick(args: string[]): void {
  execFileSync('convert', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** One page image through a condition (ImageMagick), written as JPEG at `out`. */
function degrade(src: string, out: string, c: Condition, work: string, page: number): void {
  const size = execFileSync('identify', ['-format', '%w %h', src], { encoding: 'utf8' }).trim().split(' ').map(Number);
  const [w, h] = size;
  let cur = src;
  const step = (name: string, args: string[]) => {
    const next = path.join(work, `${page}-${name}.png`);
    magick([cur, ...args, next]);
    cur = next;
  };
  if (c.bleed) {
    // the back of the sheet showing through: the page mirrored, faint, multiplied in
    const back = path.join(work, `${page}-back.png`);
    magick([src, '-flop', '-blur', '0x2', '+level', '78%,100%', back]);
    step('bleed', [back, '-compose', 'Multiply', '-composite']);
  }
  if (c.seal) {
    // a red 财务专用章 over the right half, where the numbers are: ring, star and text, multiplied in
    const r = Math.round(w * 0.14);
    const cx = Math.round(w * 0.62);
    const cy = Math.round(h * (0.35 + ((page * 37) % 30) / 100));
    const seal = path.join(work, `${page}-seal.png`);
    magick([
      '-size', `${w}x${h}`, 'xc:white', '-fill', 'none', '-stroke', 'rgb(222,60,70)', '-strokewidth', String(Math.max(4, Math.round(r * 0.06))),
      '-draw', `circle ${cx},${cy} ${cx + r},${cy}`, '-stroke', 'none', '-fill', 'rgb(225,70,80)',
      '-draw', `polygon ${cx},${cy - r * 0.35} ${cx + r * 0.1},${cy - r * 0.05} ${cx + r * 0.33},${cy - r * 0.05} ${cx + r * 0.15},${cy + r * 0.12} ${cx + r * 0.22},${cy + r * 0.38} ${cx},${cy + r * 0.22} ${cx - r * 0.22},${cy + r * 0.38} ${cx - r * 0.15},${cy + r * 0.12} ${cx - r * 0.33},${cy - r * 0.05} ${cx - r * 0.1},${cy - r * 0.05}`,
      '-font', FONT, '-pointsize', String(Math.round(r * 0.28)), '-gravity', 'NorthWest',
      '-annotate', `+${cx - Math.round(r * 0.7)}+${cy + Math.round(r * 0.42)}`, '财务专用章',
      '-blur', '0x0.8', seal,
    ]);
    step('seal', [seal, '-compose', 'Multiply', '-composite']);
  }
  if (c.lighting) {
    // lit from one side: a gradient from paper to a darker grey, multiplied in
    const light = path.join(work, `${page}-light.png`);
    magick(['-size', `${h}x${w}`, 'gradient:white-gray(72%)', '-rotate', '90', light]);
    step('light', [light, '-compose', 'Multiply', '-composite']);
  }
  if (c.skew) step('skew', ['-background', 'white', '-rotate', String(c.skew), '-gravity', 'center', '-extent', `${w}x${h}`]);
  if (c.blur) step('blur', ['-gaussian-blur', `0x${c.blur}`]);
  // sensor noise (seeded by condition and page: the same scan every run, so a score measures the reader and not
  // the draw of the noise), then the scanner's JPEG
  magick([cur, '-seed', String(seedOf(c.name, page, c.seed)), '-attenuate', '0.25', '+noise', 'Gaussian', ...(c.colour ? [] : ['-colorspace', 'Gray']),
    '-density', String(c.dpi), '-units', 'PixelsPerInch', '-quality', String(c.quality ?? 75), out]);
}

/** Scans `pages` of `input` under condition `c` into `output` (an image-only PDF). */
export function scanUnder(input: string, output: string, c: Condition, pages: number[]): void {
  const work = mkdtempSync(path.join(tmpdir(), 'yjsgk-matrix-'));
  try {
    const jpgs: string[] = [];
    for (const p of pages) {
      const base = path.join(work, `page-${p}`);
      // the scanner's view of the printed page, in colour when the seal is to show red
      execFileSync('pdftoppm', ['-r', String(c.dpi), '-f', String(p), '-l', String(p), '-singlefile', c.colour || c.seal ? '-png' : '-gray', input, base]);
      const src = `${base}.${c.colour || c.seal ? 'png' : 'pgm'}`;
      const jpg = path.join(work, `scan-${p}.jpg`);
      degrade(src, jpg, c, work, p);
      jpgs.push(jpg);
    }
    mkdirSync(path.dirname(output), { recursive: true });
    // written by img2pdf itself (a few pages are more than a pipe's default buffer)
    execFileSync('img2pdf', ['-o', output, ...jpgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [input, outDir, pageList, names] = process.argv.slice(2);
  if (!input || !outDir) {
    console.error('usage: node --import tsx scripts/scan/matrix.ts IN.pdf OUTDIR [pages] [condition,…]');
    process.exit(2);
  }
  const pages = pageList ? pageList.split(',').map(Number) : [1];
  const wanted = names ? new Set(names.split(',')) : null;
  for (const c of CONDITIONS.filter((x) => !wanted || wanted.has(x.name))) {
    const out = path.join(outDir, `${path.basename(input, '.pdf')}-${c.name}.pdf`);
    scanUnder(input, out, c, pages);
    console.log(out);
  }
}
