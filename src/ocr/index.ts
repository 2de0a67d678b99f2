/**
 * OCR stage: decides which pages need OCR (no text layer, or one that is garbage) and reads them into the
 * same PageContent shape as the text layer, so a mixed PDF keeps its exact text-layer numbers where it has
 * them. The recogniser pool lives from the first OCR page until ocrDone() (see engine.ts).
 */
import type { PageContent } from '../model/page.js';
import type { PdfSource } from '../sources/pdf.js';
import { OcrPool, defaultPoolSize } from './engine.js';
import { ocrPageImage } from './page.js';
import { ocrPictures, pictureCandidates } from './pictures.js';
import { flagIdentities, rereadFacts } from './reread.js';
import type { Extraction, Issue } from '../model/schema.js';
import { resolveTessdata, type Tessdata } from './tessdata.js';
import { textLayerUsable } from './textlayer.js';

export { textLayerUsable, textLayerGarbled } from './textlayer.js';

export interface OcrOptions {
  tessdata?: string;
  file: string;
  /** render resolution for OCR (default 200 dpi) */
  dpi?: number;
  /** recogniser threads (default: defaultPoolSize()) */
  workers?: number;
}

/**
 * auto: OCR a page whose text layer is absent, empty or garbage, or which has pictures that may hold a table;
 * always: every page; never: none.
 */
export function needsOcr(page: PageContent, mode: 'auto' | 'always' | 'never'): boolean {
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  // a page with nothing printed on it has nothing to read
  if (page.source === 'blank') return false;
  return !textLayerUsable(page) || pictureCandidates(page).length > 0;
}

// one pool per (language data, size): two files read at once with different worker counts each keep their own
// pool (closing the other's would fail its pages, depending on which started first)
const pools = new Map<string, OcrPool>();
let closeWhenIdle = false;
let activePages = 0;

function poolFor(data: Tessdata, size: number = defaultPoolSize()): OcrPool {
  const key = JSON.stringify({ data, size });
  let p = pools.get(key);
  if (!p) {
    p = new OcrPool(data, size);
    pools.set(key, p);
    void p.warm().catch(() => undefined);
  }
  return p;
}

export async function ocrPage(src: PdfSource, page: PageContent, opts: OcrOptions): Promise<PageContent> {
  const data = resolveTessdata(opts.file, opts.tessdata);
  closeWhenIdle = false;
  const p = poolFor(data, opts.workers);
  activePages++;
  try {
    const proxy = await src.proxy(page.page);
    try {
      // a text page keeps its text layer and has its table pictures read; so has a page that is nothing but
      // pictures smaller than the page (each read at its own resolution); any other page is read whole
      if (!opts.dpi && pictureCandidates(page).length > 0) {
        if (textLayerUsable(page)) return await ocrPictures(proxy, page, p);
        if (page.items.length === 0 && !(page.imageCover! > 0.9)) {
          const read = await ocrPictures(proxy, page, p, { all: true });
          if (read.ocrPictures) return { ...read, source: 'ocr' };
        }
      }
      return await ocrPageImage(proxy, page, p, { dpi: opts.dpi });
    } finally {
      proxy.cleanup();
    }
  } finally {
    activePages--;
    if (closeWhenIdle && activePages === 0) await ocrDone();
  }
}

/**
 * The second opinion (see reread.ts) on a document with OCR'd pages, before its source closes: `check` is the
 * validation's identities, handed in by the pipeline (a later stage, which this one does not import).
 */
export async function ocrReread(src: PdfSource, doc: Extraction, check: (doc: Extraction) => Issue[], opts: OcrOptions): Promise<number> {
  if (!doc.facts.some((f) => f.source === 'ocr')) return 0;
  if (!doc.pages.some((p) => p.source === 'ocr' && !p.ocrPictures)) {
    flagIdentities(doc.facts, check(doc));
    return 0;
  }
  const data = resolveTessdata(opts.file, opts.tessdata);
  closeWhenIdle = false;
  const p = poolFor(data, opts.workers);
  activePages++;
  try {
    return await rereadFacts(src, doc, p, check);
  } finally {
    activePages--;
    if (closeWhenIdle && activePages === 0) await ocrDone();
  }
}

/**
 * Ends the recogniser threads (they would keep the process alive). With several files in flight, the pool
 * closes when the last page being read is done.
 */
export async function ocrDone(): Promise<void> {
  if (!pools.size) return;
  if (activePages > 0) {
    closeWhenIdle = true;
    return;
  }
  const all = [...pools.values()];
  pools.clear();
  closeWhenIdle = false;
  await Promise.all(all.map((p) => p.close()));
}
