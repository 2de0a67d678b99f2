/**
 * The stage implementations the pipeline calls, in data order, in one place so that api.ts wires stages without
 * knowing their internals (and tests can see which implementation runs).
 *
 * Page stages, one page at a time: a source opens the document's pages (a PDF's, or a workbook's sheets) →
 * OCR reads the PDF pages without a usable text layer → the tables stage builds grids and prose lines.
 * Document stages, over all pages: segment → normalize → (OCR's second opinion, on validation's identities) →
 * validate.
 */
import { needsOcr, ocrPage, ocrDone, ocrReread, textLayerGarbled } from './ocr/index.js';
import { normalizeDocument } from './normalize/document.js';
import { openPdf } from './sources/pdf.js';
import { openWorkbook } from './sources/workbook.js';
import { HYPOTHESES, pageTables } from './tables/page.js';
import { amountTokens, pageAmountsRead } from './normalize/quality.js';
import { segment } from './segment/segment.js';
import { validate } from './validate/index.js';

export const stages = {
  openPdf, openWorkbook, needsOcr, textLayerGarbled, ocrPage, tables: pageTables, hypotheses: HYPOTHESES,
  segment, normalize: normalizeDocument, amountTokens, pageAmountsRead, ocrReread, validate,
  ocrDone,
};
