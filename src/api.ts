/**
 * The library API: `extract(file or bytes, options) → Extraction`. One typed document flows through the
 * stages: source (pdf | sheet) → ocr → layout → tables → segment → normalize → validate.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, describeError } from './model/errors.js';
import type { PageContent } from './model/page.js';
import { Extraction, type Fact, type PageInfo, type TableRecord } from './model/schema.js';
import { openPdf } from './sources/pdf.js';
import { layoutPage } from './layout/page.js';
import { segment, type PageLayout, type Segmented } from './segment/segment.js';
import { normalizeTable } from './normalize/table.js';
import { VERSION } from './version.js';
import { stages } from './stages.js';

export type OcrMode = 'auto' | 'always' | 'never';

export interface ExtractOptions {
  /** name used in messages and `document.source` when bytes are given */
  name?: string;
  ocr?: OcrMode;
  /** directory holding chi_sim.traineddata (else TESSDATA_PREFIX, else the system's tessdata) */
  tessdata?: string;
  /** recogniser threads for OCR (default: the cores, at most 4) */
  ocrWorkers?: number;
  /** skip validation */
  validate?: boolean;
  /** largest input accepted, in bytes (default 512 MiB) */
  maxBytes?: number;
  /** called after each page */
  onPage?: (page: number, total: number) => void;
  signal?: AbortSignal;
}

export type Input = string | { name: string; data: Uint8Array };

const MAX_BYTES = 512 * 1024 * 1024;
/** pages read ahead of the one being laid out (OCR pages overlap each other's image work and recognition) */
const LOOKAHEAD = 2;

async function readInput(input: Input, opts: ExtractOptions): Promise<{ name: string; data: Uint8Array }> {
  if (typeof input !== 'string') return input;
  const name = input;
  let size: number;
  try {
    size = (await stat(name)).size;
  } catch {
    throw new InputError(name, 'not_found', 'file not found or not readable');
  }
  if (size > (opts.maxBytes ?? MAX_BYTES)) {
    throw new InputError(name, 'too_large', `file is ${(size / 1048576).toFixed(0)} MiB, over the ${((opts.maxBytes ?? MAX_BYTES) / 1048576).toFixed(0)} MiB limit`);
  }
  return { name, data: new Uint8Array(await readFile(name)) };
}

export type Format = 'pdf' | 'xlsx' | 'xls';

export function sniffFormat(name: string, data: Uint8Array): Format | null {
  const head = Buffer.from(data.subarray(0, 8));
  if (head.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') return 'xlsx';
  if (head.toString('hex') === 'd0cf11e0a1b11ae1') return 'xls';
  if (Buffer.from(data.subarray(0, 1024)).toString('latin1').includes('%PDF-')) return 'pdf';
  const ext = path.extname(name).toLowerCase();
  if (ext === '.xlsx' || ext === '.xls') return ext.slice(1) as Format;
  return null;
}

/** Builds the typed document from the segmented pages: tables, facts, forms, narrative. */
export function assemble(
  seg: Segmented,
  pages: PageInfo[],
  meta: { name: string; sha256: string; format: Format; ms?: number; warnings?: string[] },
): Extraction {
  const tables: TableRecord[] = [];
  const facts: Fact[] = [];
  const seenKinds = new Map<string, TableRecord>();
  for (const span of seg.tables) {
    const { table, facts: f } = normalizeTable(span, { docKind: seg.kind, docUnit: seg.unit });
    const prev = seenKinds.get(table.kind);
    if (prev) {
      // a table printed twice (a 续表 title, a repeated page): merge facts that are not there yet
      const have = new Set(facts.filter((x) => x.table === table.kind).map((x) => `${x.row}|${x.column}`));
      const extra = f.filter((x) => !have.has(`${x.row}|${x.column}`));
      facts.push(...extra);
      prev.pages = [...new Set([...prev.pages, ...table.pages])];
      prev.rows.push(...table.rows);
      prev.empty = prev.empty && extra.length === 0;
      continue;
    }
    seenKinds.set(table.kind, table);
    tables.push(table);
    facts.push(...f);
  }
  const { forms, facts: formFacts } = stages.forms(seg);
  facts.push(...formFacts);
  if (forms.length && !tables.some((t) => t.kind === 'performance_evaluation')) {
    // the 附件 forms are listed as one table kind, so a dataset can see the document has them
    tables.push({
      kind: 'performance_evaluation', label: '附件', title: '项目支出绩效自评表',
      pages: [...new Set(forms.flatMap((f) => f.pages))].sort((a, b) => a - b),
      unit: '万元', empty: formFacts.length === 0, columns: [], header: [], rows: [], notes: [`${forms.length} forms`],
    });
  }
  const ocrPages = pages.filter((p) => p.source === 'ocr' || p.ocrPictures).map((p) => p.page);
  const doc: Extraction = {
    document: {
      department: seg.department,
      year: seg.year,
      kind: seg.kind,
      source: path.basename(meta.name),
      sha256: meta.sha256,
      format: meta.format,
      pages: pages.length,
      ...(ocrPages.length ? { ocrPages } : {}),
      ...(seg.title ? { title: seg.title } : {}),
    },
    tables,
    facts,
    issues: [],
    forms,
    narrative: seg.narrative,
    pages,
    contents: seg.contents,
    warnings: meta.warnings ?? [],
    pipeline: { name: 'yjsgk', version: VERSION, ...(meta.ms !== undefined ? { ms: meta.ms } : {}) },
  };
  return doc;
}

async function extractPdf(name: string, data: Uint8Array, opts: ExtractOptions, sha256: string, t0: number): Promise<Extraction> {
  const src = await openPdf(name, data);
  const layouts: PageLayout[] = [];
  const infos: PageInfo[] = [];
  const warnings: string[] = [];
  type Read = { page: PageContent } | { unreadable: unknown } | { failed: unknown };
  const ahead = new Map<number, Promise<Read>>();
  try {
    const ocr = opts.ocr ?? 'auto';
    // the next pages are read (decoded, for OCR) while page n is still being recognised: the image work of
    // one page overlaps the recognition of another; results are taken in page order
    const read = async (n: number): Promise<Read> => {
      let page: PageContent;
      try {
        page = await src.page(n, { keepImages: ocr !== 'never' });
      } catch (err) {
        return { unreadable: err };
      }
      try {
        if (ocr !== 'never' && stages.needsOcr(page, ocr)) page = await stages.ocrPage(src, page, { tessdata: opts.tessdata, file: name, ...(opts.ocrWorkers ? { workers: opts.ocrWorkers } : {}) });
        return { page };
      } catch (err) {
        return { failed: err };
      }
    };
    for (let n = 1; n <= src.numPages; n++) {
      opts.signal?.throwIfAborted();
      for (let k = n; k <= Math.min(src.numPages, n + LOOKAHEAD); k++) if (!ahead.has(k)) ahead.set(k, read(k));
      const r = await ahead.get(n)!;
      ahead.delete(n);
      if ('failed' in r) throw r.failed;
      if ('unreadable' in r) {
        warnings.push(describeError(name, r.unreadable).reason);
        continue;
      }
      const page = r.page;
      infos.push({ page: n, width: page.width, height: page.height, source: page.source, ...(page.ocrConfidence !== undefined ? { ocrConfidence: page.ocrConfidence } : {}), ...(page.ocrPictures ? { ocrPictures: page.ocrPictures } : {}) });
      layouts.push(layoutPage(page));
      opts.onPage?.(n, src.numPages);
    }
    const seg = segment(layouts);
    const doc = assemble(seg, infos, { name, sha256, format: 'pdf', ms: Date.now() - t0, warnings });
    // OCR numbers that break an identity of their table (validation's) are read again in other modes; what
    // still breaks one carries the sum_mismatch flag (values stay as read)
    if (infos.some((p) => p.source === 'ocr' || p.ocrPictures)) {
      await stages.ocrReread(src, doc, stages.validate, { tessdata: opts.tessdata, file: name, ...(opts.ocrWorkers ? { workers: opts.ocrWorkers } : {}) });
    }
    return doc;
  } finally {
    // pages read ahead finish before the document closes (they never reject)
    await Promise.all(ahead.values());
    await src.close();
    await stages.ocrDone?.();
  }
}

/** Reads one disclosure (PDF, .xlsx or .xls) into the typed, validated document. */
export async function extract(input: Input, opts: ExtractOptions = {}): Promise<Extraction> {
  const t0 = Date.now();
  const { name, data } = await readInput(input, opts);
  try {
    if (data.length === 0) throw new InputError(name, 'empty', 'empty file (0 bytes)');
    const sha256 = createHash('sha256').update(data).digest('hex');
    const format = sniffFormat(name, data);
    let doc: Extraction;
    if (format === 'pdf') doc = await extractPdf(name, data, opts, sha256, t0);
    else if (format === 'xlsx' || format === 'xls') {
      const seg = await stages.readWorkbook(name, data, format);
      doc = assemble(seg.segmented, seg.pages, { name, sha256, format, ms: Date.now() - t0 });
    } else throw new InputError(name, 'not_pdf', 'not a PDF or Excel workbook (unrecognised content)');
    if (opts.validate !== false) doc.issues = stages.validate(doc);
    doc.pipeline.ms = Date.now() - t0;
    return Extraction.parse(doc);
  } catch (err) {
    throw describeError(name, err);
  }
}
