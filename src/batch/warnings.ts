/**
 * What a read document lacks that a user must hear about although nothing failed: a line on stderr, and with
 * --strict a non-zero exit.
 */
import type { Extraction } from '../model/schema.js';
import { OTHER_KIND_PREFIX } from '../domain/kinds.js';

export interface DocumentWarning {
  code: 'no_tables';
  message: string;
}

export function documentWarnings(doc: Extraction): DocumentWarning[] {
  const out: DocumentWarning[] = [];
  // a table outside the standard kinds (other:…, a grid of amounts in any document) is no disclosure table
  if (!doc.tables.some((t) => !t.kind.startsWith(OTHER_KIND_PREFIX))) {
    const unread = doc.pages.filter((p) => p.source !== 'ocr').length === doc.pages.length && doc.document.format === 'pdf';
    out.push({
      code: 'no_tables',
      message:
        `no disclosure table found in ${doc.document.pages ?? 0} pages (not a 预决算公开 document` +
        (unread ? ', or a scan read without OCR' : '') + ')',
    });
  }
  return out;
}
