/**
 * The stage implementations the pipeline calls, in one place so that api.ts wires stages without knowing
 * their internals (and tests can see which implementation runs).
 */
import { needsOcr, ocrPage, ocrDone, ocrReread, textLayerGarbled } from './ocr/index.js';
import { parseForms } from './normalize/forms.js';
import { readWorkbook } from './sources/workbook.js';
import { validate } from './validate/index.js';

export const stages = { needsOcr, textLayerGarbled, ocrPage, ocrDone, ocrReread, forms: parseForms, readWorkbook, validate };
