/**
 * What a file is, from its bytes (the name's extension only breaks ties): a PDF, an .xlsx or .xls workbook, or
 * something else that is named in the error (a Word document, a web page, a zip archive) rather than being
 * handed to a reader that would fail with a misleading reason.
 */
import path from 'node:path';
import { findPdfHeader } from './pdf.js';

export type Format = 'pdf' | 'xlsx' | 'xls';

export type Sniffed = { format: Format } | { format: null; what: string };

const has = (data: Uint8Array, s: string, enc: BufferEncoding = 'latin1') => Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(Buffer.from(s, enc));

/** A web page: markup from the first bytes on (a server's error page saved as .pdf, an HTML table saved as .xls). */
function isHtml(data: Uint8Array): boolean {
  const head = Buffer.from(data.subarray(0, 4096)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('<') && /<(!doctype\s+html|html|head|body|table|meta)\b/i.test(head);
}

export function sniff(name: string, data: Uint8Array): Sniffed {
  const head = Buffer.from(data.subarray(0, 8));
  const ext = path.extname(name).toLowerCase();
  if (head.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    // an OOXML or OpenDocument package: its part names say which
    if (has(data, 'xl/workbook')) return { format: 'xlsx' };
    if (has(data, 'word/document')) return { format: null, what: 'a Word document' };
    if (has(data, 'ppt/presentation')) return { format: null, what: 'a PowerPoint presentation' };
    if (has(data, 'application/vnd.oasis.opendocument.spreadsheet')) return { format: null, what: 'an OpenDocument spreadsheet (.ods); save it as .xlsx' };
    if (has(data, 'application/vnd.oasis.opendocument')) return { format: null, what: 'an OpenDocument file' };
    // a damaged package (part names garbled) is still the workbook it is named as; its reader says what is wrong
    if (ext === '.xlsx') return { format: 'xlsx' };
    return { format: null, what: 'a zip archive' };
  }
  if (head.toString('hex') === 'd0cf11e0a1b11ae1') {
    if (has(data, 'WordDocument', 'utf16le')) return { format: null, what: 'a Word document (.doc)' };
    if (has(data, 'PowerPoint Document', 'utf16le')) return { format: null, what: 'a PowerPoint presentation (.ppt)' };
    return { format: 'xls' };
  }
  if (isHtml(data)) {
    // some systems save an HTML table as .xls; SheetJS reads those
    if (ext === '.xls') return { format: 'xls' };
    return { format: null, what: 'a web page (HTML)' };
  }
  if (findPdfHeader(data) >= 0) return { format: 'pdf' };
  if (findPdfHeader(data, 1024 * 1024) >= 0) return { format: null, what: 'a %PDF- header only after the first 64 KiB: the bytes before it are not part of a PDF' };
  if (ext === '.xlsx' || ext === '.xls') return { format: ext.slice(1) as Format };
  return { format: null, what: 'unrecognised content' };
}
