/**
 * OCR stage: decides which pages need OCR and reads them into the same PageContent shape as the text layer.
 */
import { InputError } from '../model/errors.js';
import type { PageContent } from '../model/page.js';
import type { PdfSource } from '../sources/pdf.js';

export interface OcrOptions {
  tessdata?: string;
  file: string;
}

/** A page needs OCR when its text layer has no usable text. */
export function needsOcr(page: PageContent, mode: 'auto' | 'always' | 'never'): boolean {
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  const text = page.items.map((i) => i.str).join('');
  return text.replace(/\s+/g, '').length < 5;
}

export async function ocrPage(_src: PdfSource, page: PageContent, opts: OcrOptions): Promise<PageContent> {
  throw new InputError(opts.file, 'unsupported', `page ${page.page} has no text layer and OCR is not available yet`);
}

export async function ocrDone(): Promise<void> {}
