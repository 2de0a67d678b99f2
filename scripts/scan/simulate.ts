/**
 * Scan simulator: pages of a PDF rendered to grey images, turned by a slight angle, with scanner noise and
 * JPEG compression, written as an image-only PDF — the input a photocopied-and-scanned disclosure gives. The
 * tests make their own scanned inputs from samples/ with it, it is a dev tool (scripts/) using only runtime
 * dependencies (pdf.js and the canvas it renders with); the PDF is written directly (no PDF library).
 */
import { openPdf } from '../../src/sources/pdf.js';
import { encodeJpeg, renderPage, rotate, type Grey } from '../../src/ocr/image.js';

export interface ScanOptions {
  /** pages to scan, 1-based (default: all) */
  pages?: number[];
  /** resolution (default 200 dpi) */
  dpi?: number;
  /** rotation in degrees, per page (default: a seeded value within ±0.6°) */
  rotate?: number | ((page: number) => number);
  /** grey-level noise, standard deviation (default 6) */
  noise?: number;
  /** JPEG quality 0–100 (default 75) */
  quality?: number;
  /** random seed, so a test's scan is the same every run (default 1) */
  seed?: number;
}

/** mulberry32: a small seeded generator (tests need the same scan every run; so does the fuzz generator). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Paper grain and sensor noise: grey jitter around each pixel, a faint paper tone. */
function addNoise(img: Grey, sigma: number, rnd: () => number): Grey {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) {
    // sum of uniforms ≈ gaussian
    const n = (rnd() + rnd() + rnd() - 1.5) * 2 * sigma;
    const paper = img.data[i] > 250 ? -6 : 0;
    data[i] = Math.max(0, Math.min(255, Math.round(img.data[i] + n + paper)));
  }
  return { w: img.w, h: img.h, data };
}

interface ScannedPage {
  jpeg: Uint8Array;
  w: number;
  h: number;
  /** page size in points */
  width: number;
  height: number;
}

/** Scans `pdf` (bytes) into an image-only PDF (bytes). */
export async function simulateScan(pdf: Uint8Array, opts: ScanOptions = {}): Promise<Uint8Array> {
  const dpi = opts.dpi ?? 200;
  const rnd = random(opts.seed ?? 1);
  const src = await openPdf('scan-source.pdf', pdf);
  const pages: ScannedPage[] = [];
  try {
    const list = opts.pages ?? Array.from({ length: src.numPages }, (_, i) => i + 1);
    for (const n of list) {
      const proxy = await src.proxy(n);
      const vp = proxy.getViewport({ scale: 1 });
      let img = await renderPage(proxy, dpi);
      proxy.cleanup();
      const deg = typeof opts.rotate === 'function' ? opts.rotate(n) : opts.rotate ?? (rnd() - 0.5) * 1.2;
      // rotate() undoes a skew; a skew of -deg turns the page by deg
      img = rotate(img, -deg);
      img = addNoise(img, opts.noise ?? 6, rnd);
      pages.push({ jpeg: await encodeJpeg(img, opts.quality ?? 75), w: img.w, h: img.h, width: vp.width, height: vp.height });
    }
  } finally {
    await src.close();
  }
  return writeImagePdf(pages);
}

/** A PDF with one full-page DCT image per page. */
function writeImagePdf(pages: ScannedPage[]): Uint8Array {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const put = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    size += buf.length;
  };
  const obj = (id: number, body: (Buffer | string)[]) => {
    offsets[id] = size;
    put(`${id} 0 obj\n`);
    for (const b of body) put(b);
    put('\nendobj\n');
  };
  put('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  // objects: 1 catalog, 2 pages, then per page: page, content, image
  const kids = pages.map((_, i) => `${3 + i * 3} 0 R`).join(' ');
  obj(1, ['<< /Type /Catalog /Pages 2 0 R >>']);
  obj(2, [`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`]);
  pages.forEach((p, i) => {
    const id = 3 + i * 3;
    const w = p.width.toFixed(2);
    const h = p.height.toFixed(2);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    obj(id, [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${id + 2} 0 R >> >> /Contents ${id + 1} 0 R >>`]);
    obj(id + 1, [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`]);
    obj(id + 2, [
      `<< /Type /XObject /Subtype /Image /Width ${p.w} /Height ${p.h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${p.jpeg.length} >>\nstream\n`,
      Buffer.from(p.jpeg),
      '\nendstream',
    ]);
  });
  const n = 3 + pages.length * 3;
  const xref = size;
  put(`xref\n0 ${n}\n0000000000 65535 f \n`);
  for (let id = 1; id < n; id++) put(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  put(`trailer\n<< /Size ${n} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(chunks));
}
