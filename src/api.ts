/**
 * The library API: `extract(file or bytes, options) → Extraction`. One typed document flows through the
 * stages: source (pdf | sheet) → ocr → layout → tables → segment → normalize → validate.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, describeError, libraryDetail } from './model/errors.js';
import type { PageContent, PageSource, TextItem } from './model/page.js';
import { Extraction, type PageInfo, type PrintedAmount } from './model/schema.js';
import type { PdfSource } from './sources/pdf.js';
import { sniff, type Format } from './sources/sniff.js';
import { LIMITS, overLimit } from './model/limits.js';
import type { PageLayout } from './tables/page.js';
import type { Segmented } from './segment/segment.js';
import { VERSION } from './version.js';
import { stages } from './stages.js';
import { PE_KIND } from './normalize/forms.js';
export { coverageSummary } from './normalize/quality.js';

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
  /** password of an encrypted PDF */
  password?: string;
  /** the PDF pages to read (1-based); default all */
  pages?: number[];
  /** largest image pdf.js decodes, in pixels (a bound on image memory) */
  maxImageSize?: number;
  /** build other readings of pages whose amounts the first one leaves without a fact, and keep the better
   *  (default true; false reads each page once, as the benchmark's baseline does) */
  hypotheses?: boolean;
  /** called after each page */
  onPage?: (page: number, total: number) => void;
  signal?: AbortSignal;
}

/** A file path, the bytes of a file (a Buffer is a Uint8Array; named by `options.name`), or both named. */
export type Input = string | Uint8Array | { name: string; data: Uint8Array };

/** the largest input accepted by default (ExtractOptions.maxBytes), from a path or a stream */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;
/** pages read ahead of the one being laid out (OCR pages overlap each other's image work and recognition) */
const LOOKAHEAD = 2;

async function readInput(input: Input, opts: ExtractOptions): Promise<{ name: string; data: Uint8Array }> {
  if (input instanceof Uint8Array) return { name: opts.name ?? 'input', data: input };
  if (typeof input !== 'string') {
    const named = typeof input?.name === 'string' ? input.name : (opts.name ?? 'input');
    if (!input || !(input.data instanceof Uint8Array)) throw new InputError(named, 'not_found', 'input must be a path, bytes (Uint8Array/Buffer) or { name, data }');
    return { name: input.name ?? opts.name ?? 'input', data: input.data };
  }
  const name = input;
  let size: number;
  try {
    size = (await stat(name)).size;
  } catch {
    throw new InputError(name, 'not_found', 'file not found or not readable');
  }
  if (size > (opts.maxBytes ?? MAX_INPUT_BYTES)) {
    throw new InputError(name, 'too_large', `file is ${(size / 1048576).toFixed(0)} MiB, over the ${((opts.maxBytes ?? MAX_INPUT_BYTES) / 1048576).toFixed(0)} MiB limit`);
  }
  return { name, data: new Uint8Array(await readFile(name)) };
}

export type { Format } from './sources/sniff.js';

export function sniffFormat(name: string, data: Uint8Array): Format | null {
  return sniff(name, data).format;
}

/** Builds the typed document from the segmented pages (the normalize stage): tables, facts, forms, narrative. */
export function assemble(
  seg: Segmented,
  pages: PageInfo[],
  meta: { name: string; sha256: string; format: Format; ms?: number; warnings?: string[] },
  runsOf?: (page: number) => TextItem[] | undefined,
): Extraction {
  const { tables, facts, forms } = stages.normalize(seg, runsOf);
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

/** the resolution pages are rendered at for OCR (the OCR stage's default) */
const OCR_DPI = 200;

function withWarning(page: PageContent, w: string): PageContent {
  return { ...page, warnings: [...(page.warnings ?? []), w] };
}

/** A page whose text layer is not the printed text gives no facts (its digits are garbled too), and says so. */
function withoutGarble(page: PageContent, why: string): PageContent {
  const garbled = stages.textLayerGarbled(page);
  return garbled ? withWarning({ ...page, items: [] }, `page ${page.page}: ${garbled}; ${why}`) : page;
}

/** Why OCR failed on a page, in words, with the library's message as the detail. */
function ocrFault(err: unknown): string {
  const msg = libraryDetail(err);
  if (/CString|glyph|font/i.test(msg)) return `a glyph of the page cannot be drawn: ${msg}`;
  if (/skia surface|canvas/i.test(msg)) return `the page cannot be drawn at OCR resolution: ${msg}`;
  return `the recogniser stopped: ${msg}`;
}

/** The source stage: the document's pages (a PDF's; a workbook's sheets), and the PDF itself where OCR may draw them. */
async function openSource(name: string, data: Uint8Array, format: Format, opts: ExtractOptions): Promise<{ src: PageSource; pdf: PdfSource | null }> {
  if (format !== 'pdf') return { src: await stages.openWorkbook(name, data, format), pdf: null };
  try {
    const pdf = await stages.openPdf(name, data, {
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      ...(opts.maxImageSize !== undefined ? { maxImageSize: opts.maxImageSize } : {}),
    });
    return { src: pdf, pdf };
  } catch (err) {
    if (opts.password !== undefined && err instanceof InputError && err.code === 'encrypted') {
      throw new InputError(name, 'encrypted', 'encrypted PDF: the password given does not open it');
    }
    throw err;
  }
}

/** The pages asked for (a PDF's `pages` option; a workbook's sheets are all read). */
function wantedPages(name: string, src: PageSource, pdf: PdfSource | null, opts: ExtractOptions): number[] {
  if (!pdf || !opts.pages) return Array.from({ length: src.numPages }, (_, i) => i + 1);
  const wanted = [...new Set(opts.pages)].sort((a, b) => a - b);
  const beyond = wanted.filter((n) => n < 1 || n > src.numPages);
  if (beyond.length) throw new InputError(name, 'unsupported', `the PDF has ${src.numPages} pages; page ${beyond.join(', ')} was asked for`);
  return wanted;
}

type Read = { page: PageContent } | { unreadable: unknown } | { failed: unknown };

/** Source and OCR stages of one page: the page as its source reads it, OCR'd where its text layer is not usable. */
async function readPage(n: number, src: PageSource, pdf: PdfSource | null, name: string, opts: ExtractOptions): Promise<Read> {
  const ocr = opts.ocr ?? 'auto';
  let page: PageContent;
  try {
    page = await src.page(n, { keepImages: !!pdf && ocr !== 'never' });
  } catch (err) {
    return { unreadable: err };
  }
  // only a PDF's pages can be drawn for OCR
  if (pdf && ocr === 'never') return { page: withoutGarble(page, 'not read by OCR (--ocr never)') };
  if (!pdf || !stages.needsOcr(page, ocr)) return { page };
  // the canvas a page is rendered on for OCR is capped: a page declaring a huge size would take gigabytes
  const px = page.width * page.height * (OCR_DPI / 72) ** 2;
  if (px > LIMITS.canvasPixels.value) {
    return { page: withWarning(page, `page ${n}: not read by OCR, its ${Math.round(page.width)}×${Math.round(page.height)} pt size at ${OCR_DPI} dpi is ${overLimit('canvasPixels')}`) };
  }
  try {
    return { page: await stages.ocrPage(pdf, page, ocrOptions(name, opts)) };
  } catch (err) {
    // missing OCR data fails the document (with the install hint); anything else fails only this page's OCR:
    // the page keeps what its text layer has, with a warning
    if (err instanceof InputError && (err.code === 'ocr_data_missing' || err.code === 'timeout')) return { failed: err };
    if (opts.signal?.aborted) return { failed: err };
    const garbled = stages.textLayerGarbled(page);
    if (garbled) return { page: withWarning({ ...page, items: [] }, `page ${n}: OCR failed (${ocrFault(err)}) and ${garbled}: nothing of it is read`) };
    return { page: withWarning(page, `page ${n}: OCR failed, the page's text layer is used (${ocrFault(err)})`) };
  }
}

function ocrOptions(name: string, opts: ExtractOptions) {
  return { tessdata: opts.tessdata, file: name, ...(opts.ocrWorkers ? { workers: opts.ocrWorkers } : {}) };
}

function pageInfo(page: PageContent): PageInfo {
  return {
    page: page.page, width: page.width, height: page.height, source: page.source,
    ...(page.ocrConfidence !== undefined ? { ocrConfidence: page.ocrConfidence } : {}),
    ...(page.turn ? { turn: page.turn } : {}),
    ...(page.skew ? { skew: page.skew } : {}),
    ...(page.ocrPictures ? { ocrPictures: page.ocrPictures } : {}),
  };
}

/** The page stages over the pages asked for, in page order: source → OCR → tables. */
async function readPages(name: string, src: PageSource, pdf: PdfSource | null, opts: ExtractOptions): Promise<{ layouts: PageLayout[]; infos: PageInfo[]; warnings: string[]; contents: Map<number, PageContent> }> {
  const wanted = wantedPages(name, src, pdf, opts);
  const layouts: PageLayout[] = [];
  // what the tables stage read each page from (runs and rules, no images): other hypotheses are built from it
  const contents = new Map<number, PageContent>();
  const infos: PageInfo[] = [];
  const warnings: string[] = [...(src.warnings ?? [])];
  const ahead = new Map<number, Promise<Read>>();
  try {
    // the next pages are read (decoded, for OCR) while page n is still being recognised: the image work of
    // one page overlaps the recognition of another; results are taken in page order
    for (let i = 0; i < wanted.length; i++) {
      const n = wanted[i];
      opts.signal?.throwIfAborted();
      for (const k of wanted.slice(i, i + LOOKAHEAD + 1)) if (!ahead.has(k)) ahead.set(k, readPage(k, src, pdf, name, opts));
      const r = await ahead.get(n)!;
      ahead.delete(n);
      if ('failed' in r) throw r.failed;
      if ('unreadable' in r) {
        warnings.push(describeError(name, r.unreadable).reason);
        continue;
      }
      const page = r.page;
      if (page.warnings) warnings.push(...page.warnings);
      try {
        layouts.push(stages.tables(page));
        if (!page.grids) contents.set(n, { page: n, width: page.width, height: page.height, items: page.items, rules: page.rules, source: page.source });
      } catch (err) {
        // one page's layout failing (an absurd number of runs) loses that page, not the document
        warnings.push(`page ${n}: its layout cannot be built (${libraryDetail(err)})`);
        continue;
      }
      infos.push(pageInfo(page));
      opts.onPage?.(n, src.numPages);
    }
  } finally {
    // pages read ahead finish before the document closes (they never reject)
    await Promise.all(ahead.values());
  }
  // a document fails only when none of its pages could be read (a page-tree loop gives no page at all)
  if (!infos.length) throw new InputError(name, 'corrupt', `corrupt PDF: none of its ${src.numPages} pages can be read (${warnings[0] ?? 'no page'})`);
  return { layouts, infos, warnings, contents };
}

/**
 * The identities validation checked on each page's tables (attached to tables[].quality by validation): how many
 * held and how many were broken by numbers read (errors). A table's count goes to each of its pages.
 */
function identitiesByPage(doc: Extraction): Map<number, { held: number; broken: number }> {
  stages.validate(doc);
  const out = new Map<number, { held: number; broken: number }>();
  for (const t of doc.tables) {
    const ids = t.quality?.identities;
    if (!ids) continue;
    const broken = ids.broken.filter((b) => b.severity === 'error').length;
    for (const p of t.pages) {
      const o = out.get(p) ?? { held: 0, broken: 0 };
      out.set(p, { held: o.held + ids.held, broken: o.broken + broken });
    }
  }
  return out;
}

/**
 * Builder hypotheses (issue 9): the pages whose printed amounts the first reading leaves without a fact, or
 * with a fact of no standard key (a table split in two, its amounts in an `other:` one), are
 * read again by each other hypothesis that applies to them (tables/page.ts HYPOTHESES), the document stages run
 * on that reading, and a page keeps the other reading where it makes more of its amounts (keyed) facts and the identities
 * it newly breaks are outnumbered by those it newly satisfies (a reading that pairs numbers with the wrong rows or
 * columns breaks the sums; a right reading of a document with a misprint breaks a few and satisfies the rest);
 * the mixed reading is kept only if, over the document, it reads more under the same test. Pages read
 * completely are never read twice, so a document read well costs one amount count per page.
 */
function chooseReading(layouts: PageLayout[], contents: Map<number, PageContent>, read: (ls: PageLayout[]) => Extraction): Extraction {
  const first = read(layouts);
  // a page's printed amounts are the same under every hypothesis (its runs): counted once
  const printed = new Map<number, PrintedAmount[]>();
  const tokensOf = (l: PageLayout) => printed.get(l.page) ?? printed.set(l.page, stages.amountTokens(l.items ?? [], l.page)).get(l.page)!;
  const amounts = (doc: Extraction, l: PageLayout) => stages.pageAmountsRead(tokensOf(l), doc.facts, l.page);
  // the 附件 forms' pages are read by the form reader, whatever the grids (and coverage leaves them out too)
  const formPages = new Set(first.tables.filter((t) => t.kind === PE_KIND).flatMap((t) => t.pages));
  const short = layouts.filter((l) => {
    if (formPages.has(l.page)) return false;
    const a = amounts(first, l);
    return a.matched < a.tokens || a.keyed < a.matched;
  });
  if (!short.length) return first;
  let best = first;
  let bestLayouts = layouts;
  let bestIds: Map<number, { held: number; broken: number }> | undefined;
  // a printed amount read counts, and again where it is keyed; a fact printed nowhere (a code read as a value)
  // costs twice what an amount gains: a wrong number is worse than a missing one
  const worth = (a: { matched: number; keyed: number; extra: number }) => a.matched + a.keyed - 2 * a.extra;
  const total = (doc: Extraction) => bestLayouts.reduce((n, l) => n + worth(amounts(doc, l)), 0);
  const sum = (m: Map<number, { held: number; broken: number }>, k: 'held' | 'broken') => [...m.values()].reduce((a, b) => a + b[k], 0);
  const none = { held: 0, broken: 0 };
  for (const h of stages.hypotheses) {
    const tried = new Map<number, PageLayout>();
    for (const l of short) {
      const c = contents.get(l.page);
      if (c && h.applies(c, l)) tried.set(l.page, stages.tables(c, h.builders));
    }
    if (!tried.size) continue;
    const alt = read(bestLayouts.map((l) => tried.get(l.page) ?? l));
    bestIds ??= identitiesByPage(best);
    const altIds = identitiesByPage(alt);
    const keep = new Map<number, PageLayout>();
    for (const [p, l] of tried) {
      const was = bestLayouts.find((x) => x.page === p)!;
      const [a, b] = [altIds.get(p) ?? none, bestIds.get(p) ?? none];
      const [x, y] = [amounts(alt, l), amounts(best, was)];
      const reads = x.matched >= y.matched && worth(x) > worth(y);
      if (reads && a.broken - b.broken < Math.max(1, a.held - b.held)) keep.set(p, l);
    }
    if (!keep.size) continue;
    const mixedLayouts = bestLayouts.map((l) => keep.get(l.page) ?? l);
    const mixed = keep.size === tried.size ? alt : read(mixedLayouts);
    const mixedIds = keep.size === tried.size ? altIds : identitiesByPage(mixed);
    const newlyBroken = sum(mixedIds, 'broken') - sum(bestIds, 'broken');
    if (total(mixed) <= total(best) || newlyBroken >= Math.max(1, sum(mixedIds, 'held') - sum(bestIds, 'held'))) continue;
    for (const t of mixed.tables) {
      const pages = t.pages.filter((p) => keep.has(p));
      if (pages.length) t.notes = [...(t.notes ?? []), `page ${pages.join(', ')} read by ${h.name}: it makes more of the printed amounts facts than the ruled grid`];
    }
    best = mixed;
    bestLayouts = mixedLayouts;
    bestIds = mixedIds;
  }
  return best;
}

/** The page stages, then the document stages: segment → normalize → OCR's second opinion (validation in extract). */
async function runStages(name: string, data: Uint8Array, format: Format, opts: ExtractOptions, sha256: string, t0: number): Promise<Extraction> {
  const { src, pdf } = await openSource(name, data, format, opts);
  try {
    const { layouts, infos, warnings, contents } = await readPages(name, src, pdf, opts);
    const read = (ls: PageLayout[]) => {
      const runs = new Map(ls.map((l) => [l.page, l.items]));
      return assemble(stages.segment(ls), infos, { name, sha256, format, ms: Date.now() - t0, warnings: [...warnings] }, (n) => runs.get(n));
    };
    const doc = opts.hypotheses === false ? read(layouts) : chooseReading(layouts, contents, read);
    // OCR numbers that break an identity of their table (validation's) are read again in other modes; what
    // still breaks one carries the sum_mismatch flag (values stay as read)
    if (pdf && infos.some((p) => p.source === 'ocr' || p.ocrPictures)) await stages.ocrReread(pdf, doc, stages.validate, ocrOptions(name, opts));
    return doc;
  } finally {
    await src.close();
    if (pdf) await stages.ocrDone?.();
  }
}

/** Reads one disclosure (PDF, .xlsx or .xls) into the typed, validated document. */
export async function extract(input: Input, opts: ExtractOptions = {}): Promise<Extraction> {
  const t0 = Date.now();
  const { name, data } = await readInput(input, opts);
  try {
    if (data.length === 0) throw new InputError(name, 'empty', 'empty file (0 bytes)');
    const sha256 = createHash('sha256').update(data).digest('hex');
    const sniffed = sniff(name, data);
    const format = sniffed.format;
    if (format !== 'pdf' && format !== 'xlsx' && format !== 'xls') {
      throw new InputError(name, 'not_pdf', `not a PDF or workbook (${'what' in sniffed ? sniffed.what : 'unrecognised content'})`);
    }
    const doc = await runStages(name, data, format, opts, sha256, t0);
    if (opts.validate !== false) doc.issues = stages.validate(doc);
    doc.pipeline.ms = Date.now() - t0;
    return Extraction.parse(doc);
  } catch (err) {
    throw describeError(name, err);
  }
}
