/**
 * The PDF pipeline run stage by stage (as src/api.ts runs it), so a test can change what one stage hands to the
 * next — take a cell out of a grid, as a builder that missed it would — and see what the later stages make of it.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { assemble } from '../../src/api.js';
import { openPdf } from '../../src/sources/pdf.js';
import { pageTables } from '../../src/tables/page.js';
import { segment, type PageLayout, type Segmented } from '../../src/segment/segment.js';
import type { Extraction, PageInfo } from '../../src/model/schema.js';
import { validate } from '../../src/validate/index.js';

export interface Staged {
  layouts: PageLayout[];
  infos: PageInfo[];
  seg: Segmented;
  file: string;
  sha256: string;
}

/** Source → layout → segment of a text-layer PDF. */
export async function stagePdf(file: string): Promise<Staged> {
  const data = new Uint8Array(readFileSync(file));
  const src = await openPdf(file, data);
  const layouts: PageLayout[] = [];
  const infos: PageInfo[] = [];
  try {
    for (let n = 1; n <= src.numPages; n++) {
      const page = await src.page(n);
      infos.push({ page: n, width: page.width, height: page.height, source: page.source });
      layouts.push(pageTables(page));
    }
  } finally {
    await src.close();
  }
  return { layouts, infos, seg: segment(layouts), file, sha256: createHash('sha256').update(data).digest('hex') };
}

/** Normalize → quality → validate, from the (possibly changed) segmented pages. */
export function finish(s: Staged): Extraction {
  const runs = new Map(s.layouts.map((l) => [l.page, l.items]));
  const doc = assemble(s.seg, s.infos, { name: s.file, sha256: s.sha256, format: 'pdf' }, (n) => runs.get(n));
  doc.issues = validate(doc);
  return doc;
}
