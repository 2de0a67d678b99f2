/**
 * A second opinion where the numbers disagree. After the document is assembled, the identities of its tables
 * (computed once, in validation, and handed in as `check`) say which OCR'd numbers break a sum; those, and the
 * numbers read with a low confidence, are read again from the page image in other modes — another page
 * segmentation, enlarged, a hard binarisation. A reading is kept only where it makes the identities the number
 * takes part in hold (fewer errors naming it), and the fact is flagged `reread`. Nothing is invented: every value
 * kept is one the engine read; a number that still breaks an identity keeps its value and is flagged
 * `sum_mismatch`, its issue stays.
 */
import type { Extraction, Fact, Issue, MoneyRow } from '../model/schema.js';
import type { PdfSource } from '../sources/pdf.js';
import type { OcrPool } from './engine.js';
import { binarize, otsu, resize, type Binary, type Grey, type PxBox } from './image.js';
import { pageWorkImage } from './page.js';
import { cutout, inkBox } from './regions.js';

/** How many numbers one document may have read again (each costs a few recognitions and a validation). */
export const REREAD = { maxFacts: 60, lowConfidence: 0.8 };

const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$/;
/** Identity rules whose breaking marks a number as misread (a form's 执行率 = 全年执行数 ÷ 全年预算数 among them). */
const IDENTITY = /^(sum|basic|fund|cross)\.|^form\.execution_rate$/;
/** A printed number's value as read (a percentage's sign dropped). */
const numberOf = (text: string) => Number(text.replace(/[,%]/g, ''));

const key = (f: { table: string; row?: string; column?: string }) => `${f.table}|${f.row ?? ''}|${f.column ?? ''}`;

/** The identity errors naming each fact. */
function errorsByFact(issues: Issue[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const i of issues) {
    if (i.severity !== 'error' || !IDENTITY.test(i.rule)) continue;
    for (const k of new Set(i.refs.map(key))) n.set(k, (n.get(k) ?? 0) + 1);
  }
  return n;
}

function gray(bin: Binary): Grey {
  const data = new Uint8Array(bin.data.length);
  for (let i = 0; i < data.length; i++) data[i] = bin.data[i] ? 0 : 255;
  return { w: bin.w, h: bin.h, data };
}

/** The other readings of one cell: each a number as printed, with the engine's confidence. */
export async function cellReadings(grey: Grey, bin: Binary, dpi: number, f: Fact, pool: OcrPool, plain?: Grey): Promise<{ text: string; conf: number }[]> {
  const px = dpi / 72;
  const b = f.box!;
  const clip: PxBox = { x0: b.x0 * px + 3, y0: b.y0 * px + 3, x1: b.x1 * px - 3, y1: b.y1 * px - 3 };
  const box = inkBox(bin, clip);
  if (!box) return [];
  const img = cutout(grey, box, 10, clip);
  const big = resize(img, 2);
  const hard = gray(binarize(img, otsu(img)));
  const tries: [Grey, 'digits' | 'line', number, number][] = [
    [img, 'digits', dpi, 8],
    [big, 'digits', dpi * 2, 7],
    [hard, 'digits', dpi, 7],
    [big, 'line', dpi * 2, 7],
  ];
  if (plain) {
    // the page with its colour kept: where taking a seal out took a mark of the print with it
    const p = cutout(plain, box, 10, clip);
    tries.push([p, 'digits', dpi, 7], [resize(p, 2), 'digits', dpi * 2, 8]);
  }
  const out: { text: string; conf: number }[] = [];
  for (const [im, mode, d, psm] of tries) {
    const lines = await pool.read(im, mode, d, psm);
    const words = lines.flatMap((l) => l.words);
    const text = words.map((w) => w.text).join('').replace(/\s+/g, '').replace(/[:：]/g, '.');
    if (NUMBER.test(text)) out.push({ text, conf: words.length ? Math.min(...words.map((w) => w.conf)) : 0 });
  }
  return out;
}

/** A cell an identity needs and the reader did not get a number from (validation's `extraction.*` gap). */
interface GapCell {
  table: string;
  row: string;
  column: string;
  page: number;
}

function gapCells(issues: Issue[]): GapCell[] {
  const seen = new Set<string>();
  const out: GapCell[] = [];
  for (const i of issues) {
    const g = i.gap;
    if (!i.rule.startsWith('extraction.') || !g?.row || !g.column || g.page === undefined) continue;
    const k = key(g);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ table: g.table, row: g.row, column: g.column, page: g.page });
  }
  return out;
}

const sameCell = (a: { table: string; row?: string; column?: string }, b: { table: string; row?: string; column?: string }) =>
  a.table === b.table && a.row === b.row && a.column === b.column;

/**
 * A gap cell read again: its box is where its row (the row's other facts) crosses its column (the column's
 * other facts). A reading is kept only if, with it, every identity the cell is in can be judged and holds — no
 * gap left on the cell and no identity error naming it; the new fact is flagged `reread`.
 */
async function fillGap(doc: Extraction, g: GapCell, work: { grey: Grey; bin: Binary; dpi: number; plain?: Grey }, pool: OcrPool, check: (doc: Extraction) => Issue[]): Promise<boolean> {
  if (doc.facts.some((f) => sameCell(f, g))) return false;
  const ocr = (f: Fact) => f.source === 'ocr' && f.box && f.page === g.page && f.table === g.table;
  const rowFact = doc.facts.find((f) => ocr(f) && f.row === g.row && f.unit !== '%');
  const colFact = doc.facts.find((f) => ocr(f) && f.column === g.column && f.unit !== '%');
  if (!rowFact || !colFact) return false;
  const box = { x0: colFact.box!.x0, x1: colFact.box!.x1, y0: rowFact.box!.y0, y1: rowFact.box!.y1 };
  const scale = rowFact.printed && rowFact.value ? rowFact.value / numberOf(rowFact.printed) : 1;
  const fact: Fact = { ...rowFact, column: g.column, ...(colFact.columnLabel ? { columnLabel: colFact.columnLabel } : {}), box, flags: ['ocr', 'reread'] };
  // after the row's last fact, so the facts keep the table's order
  let at = -1;
  doc.facts.forEach((f, i) => (f.table === g.table && f.row === g.row && f.page === g.page ? (at = i) : undefined));
  const readings = await cellReadings(work.grey, work.bin, work.dpi, fact, pool, work.plain);
  // the surest reading first; the first one the identities confirm is kept: none names it broken, and fewer
  // identities are left broken or unjudged than without it (a wrong reading only moves a gap to another blank)
  const problems = (issues: Issue[]) => issues.filter((i) => (i.severity === 'error' && IDENTITY.test(i.rule)) || (i.rule.startsWith('extraction.') && i.gap)).length;
  const before = problems(check(doc));
  const tried = new Set<string>();
  for (const r of [...readings].sort((p, q) => q.conf - p.conf)) {
    if (tried.has(r.text)) continue;
    tried.add(r.text);
    if (r.text.endsWith('%') !== (fact.unit === '%')) continue;
    const candidate: Fact = { ...fact, value: numberOf(r.text) * scale, printed: r.text, confidence: r.conf };
    doc.facts.splice(at + 1, 0, candidate);
    const issues = check(doc);
    const broken = issues.some((i) => i.severity === 'error' && IDENTITY.test(i.rule) && i.refs.some((x) => sameCell(x, g)));
    const gap = issues.some((i) => i.rule.startsWith('extraction.') && i.gap && sameCell(i.gap, g));
    if (!gap && !broken && problems(issues) < before) {
      setCell(doc, candidate);
      return true;
    }
    doc.facts.splice(at + 1, 1);
  }
  return false;
}

/**
 * A form's money row shows what a second reading of its fact found: the rows of the form (a fact's row is its
 * form's key) that printed the old number in the fact's column (the column is the field, in snake case).
 */
function setFormValue(doc: Extraction, f: Fact, printed0: string | undefined): void {
  const form = doc.forms.find((x) => x.key === f.row);
  if (!form || printed0 === undefined || !f.printed) return;
  const field = (f.column ?? '').replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) as keyof MoneyRow;
  for (const m of form.money) {
    if (typeof m[field] !== 'number' || Math.abs((m[field] as number) - numberOf(printed0)) > 1e-9) continue;
    (m as unknown as Record<string, unknown>)[field] = numberOf(f.printed);
    if (field === 'executionRate' && m.executionRatePrinted !== undefined) m.executionRatePrinted = f.printed;
  }
}

/** The table's row cell of a fact found by a second reading shows what was read. */
function setCell(doc: Extraction, f: Fact): void {
  const t = doc.tables.find((x) => x.kind === f.table);
  const row = t?.rows?.find((r) => r.key === f.row && (r.page === undefined || r.page === f.page));
  const cell = row?.cells.find((c) => c.column === f.column);
  if (cell) {
    cell.text = f.printed ?? cell.text;
    cell.value = f.value;
  }
}

/**
 * Reads again the OCR'd numbers that break an identity or were read with a low confidence, keeps a reading
 * where it makes the identities hold, and flags what still breaks one; then the cells an identity needs that
 * gave no number (validation's `extraction.*` gaps) are read again the same way. Returns how many facts were
 * changed or found.
 */
export async function rereadFacts(src: PdfSource, doc: Extraction, pool: OcrPool, check: (doc: Extraction) => Issue[]): Promise<number> {
  const wholePages = new Set(doc.pages.filter((p) => p.source === 'ocr' && !p.ocrPictures).map((p) => p.page));
  const first = check(doc);
  let errors = errorsByFact(first);
  const suspects = doc.facts
    .filter((f) => f.source === 'ocr' && f.box && f.page !== undefined && wholePages.has(f.page))
    // a percentage only where an identity names it (a low confidence alone is no reason: no sum checks it)
    .filter((f) => (errors.get(key(f)) ?? 0) > 0 || (f.unit !== '%' && (f.confidence ?? 1) < REREAD.lowConfidence))
    .sort((a, b) => (errors.get(key(b)) ?? 0) - (errors.get(key(a)) ?? 0))
    .slice(0, REREAD.maxFacts);
  let changed = 0;
  const byPage = new Map<number, Fact[]>();
  for (const f of suspects) byPage.set(f.page!, [...(byPage.get(f.page!) ?? []), f]);
  const gapPages = new Set(gapCells(first).map((g) => g.page).filter((n) => wholePages.has(n)));
  const pages = [...new Set([...byPage.keys(), ...gapPages])].sort((a, b) => a - b);
  let budget = REREAD.maxFacts;
  for (const n of pages) {
    const proxy = await src.proxy(n);
    try {
      const work = await pageWorkImage(proxy, false);
      const { grey, bin, dpi, plain } = work;
      for (const f of byPage.get(n) ?? []) {
        const before = errors.get(key(f)) ?? 0;
        const scale = f.printed && f.value ? f.value / numberOf(f.printed) : 1;
        let best: { text: string; conf: number; errs: number } | undefined;
        const value0 = f.value;
        const printed0 = f.printed;
        for (const r of await cellReadings(grey, bin, dpi, f, pool, plain)) {
          // a percentage stays one; an amount read with a percent sign is not this cell's reading
          if (r.text.endsWith('%') && f.unit !== '%') continue;
          if (f.unit === '%' && !r.text.endsWith('%')) r.text += '%';
          const v = numberOf(r.text) * scale;
          if (Math.abs(v - value0) < 1e-9) continue;
          f.value = v;
          f.printed = r.text;
          const errs = errorsByFact(check(doc)).get(key(f)) ?? 0;
          if (errs < (best?.errs ?? before)) best = { ...r, errs };
        }
        f.value = value0;
        f.printed = printed0;
        if (best) {
          f.value = numberOf(best.text) * scale;
          f.printed = best.text;
          f.confidence = Math.min(f.confidence ?? 1, best.conf);
          f.flags = [...new Set([...(f.flags ?? []), 'reread' as const])];
          setFormValue(doc, f, printed0);
          errors = errorsByFact(check(doc));
          changed++;
        }
      }
      // the gaps as they stand now (a number put right may have settled one), in the order validation gives
      for (const g of gapCells(check(doc)).filter((x) => x.page === n)) {
        if (budget-- <= 0) break;
        if (await fillGap(doc, g, work, pool, check)) changed++;
      }
    } finally {
      proxy.cleanup();
    }
  }
  // a form read again is judged again: its 执行率's flag from the first reading is the final validation's to give
  const reread = new Set(doc.facts.filter((f) => f.flags?.includes('reread') && doc.forms.some((x) => x.key === f.row)).map((f) => f.row));
  for (const f of doc.facts) {
    if (!reread.has(f.row) || !f.flags?.includes('sum_mismatch')) continue;
    const rest = f.flags.filter((x) => x !== 'sum_mismatch');
    if (rest.length) f.flags = rest;
    else delete f.flags;
  }
  flagIdentities(doc.facts, check(doc));
  return changed;
}

/** OCR'd facts named by an identity error are flagged `sum_mismatch` (their values stay as read). */
export function flagIdentities(facts: Fact[], issues: Issue[]): number {
  const errors = errorsByFact(issues);
  let n = 0;
  for (const f of facts) {
    if (f.source !== 'ocr' || !errors.get(key(f))) continue;
    if (!f.flags?.includes('sum_mismatch')) n++;
    f.flags = [...new Set([...(f.flags ?? []), 'sum_mismatch' as const])];
  }
  return n;
}
