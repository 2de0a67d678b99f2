/**
 * The review page of a document, with its pages rendered from the input (a PDF's path or bytes); a workbook,
 * or a PDF no longer at hand, gives the page without images.
 */
import { readFile } from 'node:fs/promises';
import type { Extraction } from '../../model/schema.js';
import { reviewHtml, reviewPages, type ReviewPageOptions } from './page.js';
import { renderPages, type PageImage } from './render.js';

export { reviewHtml, reviewPages, issueFacts, factState, FACT_STATES } from './page.js';

export async function pageImages(doc: Extraction, input: string | Uint8Array | undefined): Promise<Map<number, PageImage> | undefined> {
  if (input === undefined || doc.document.format !== 'pdf') return undefined;
  const name = typeof input === 'string' ? input : (doc.document.source ?? 'document.pdf');
  let data: Uint8Array;
  try {
    data = typeof input === 'string' ? new Uint8Array(await readFile(input)) : input;
  } catch {
    return undefined;
  }
  const turns = new Map(doc.pages.filter((p) => p.turn).map((p) => [p.page, p.turn ?? 0]));
  return renderPages(name, data, reviewPages(doc), turns);
}

export async function reviewPage(doc: Extraction, input: string | Uint8Array | undefined, opts: Omit<ReviewPageOptions, 'images'> = {}): Promise<string> {
  return reviewHtml(doc, { ...opts, images: await pageImages(doc, input) });
}
