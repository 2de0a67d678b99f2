/**
 * Page images for the review page: each page that holds a table or form rendered by pdf.js into the canvas the
 * OCR stage uses (for a scan, that is the scanned image itself), as a JPEG data URI, so the page needs no
 * network and no folder beside it.
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { openPdf } from '../../sources/pdf.js';
import { canvasFactory } from '../../ocr/image.js';

export interface PageImage {
  /** data:image/jpeg;base64,… */
  src: string;
  /** pixel size of the image */
  w: number;
  h: number;
}

/** Render scale (1.5 = 108 dpi: table digits stay legible on a laptop, 58 pages stay a few MB). */
export const IMAGE_SCALE = 1.5;
const JPEG_QUALITY = 72;

async function renderJpeg(page: PDFPageProxy, turn: number): Promise<PageImage> {
  // drawn in the frame the page was read in (a turned page upright), so the facts' boxes fall on their cells
  const viewport = page.getViewport({ scale: IMAGE_SCALE, ...(turn ? { rotation: (page.rotate + turn) % 360 } : {}) });
  const w = Math.ceil(viewport.width);
  const h = Math.ceil(viewport.height);
  const canvas = canvasFactory()(w, h);
  type RenderCanvas = Parameters<PDFPageProxy['render']>[0]['canvas'];
  await page.render({ canvas: canvas as unknown as RenderCanvas, viewport, background: 'white' }).promise;
  const jpeg = await canvas.encode('jpeg', JPEG_QUALITY);
  return { src: `data:image/jpeg;base64,${jpeg.toString('base64')}`, w, h };
}

/** Renders the given pages of a PDF; a page that cannot be rendered is left out (the page shows its facts without it). */
export async function renderPages(name: string, data: Uint8Array, pages: number[], turns: Map<number, number> = new Map()): Promise<Map<number, PageImage>> {
  const out = new Map<number, PageImage>();
  const src = await openPdf(name, data);
  try {
    for (const n of pages) {
      if (n < 1 || n > src.numPages) continue;
      const proxy = await src.proxy(n);
      try {
        out.set(n, await renderJpeg(proxy, turns.get(n) ?? 0));
      } catch {
        // a page pdf.js cannot draw: shown without its image
      } finally {
        proxy.cleanup();
      }
    }
  } finally {
    await src.close();
  }
  return out;
}
