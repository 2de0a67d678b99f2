/**
 * yjsgk library API.
 */
export { extract, assemble, sniffFormat, type ExtractOptions, type Input, type OcrMode } from './api.js';
export * from './model/schema.js';
export { InputError, type InputErrorCode } from './model/errors.js';
export { toJson, factsCsv, writeOutputs, FORMATS, type ExportFormat, type OutputOptions } from './export/index.js';
export { buildWorkbook, writeXlsx } from './export/xlsx.js';
export { KINDS, normName } from './domain/kinds.js';
export { VERSION } from './version.js';
export { reviewPage } from './export/html/index.js';
export { outputJsonSchema } from './export/schema.js';
