/**
 * The safety net of segmentation: a page that prints a table (src/domain/amounts.ts TABLE_PAGE: lines of amounts
 * side by side, or a money-unit line over amounts) on which the reader made no table still yields one, so that no
 * amount printed on a table page vanishes. Its grids that no table took become tables; where the page has no grid
 * (a table the builders could not lay out), its lines of amounts are laid out as a grid here, one row per line,
 * one column per band of aligned words. Such a table is named by the title the page prints (a builder's grid
 * takes its standard kind where that kind is not in the document yet; otherwise `other:<title core>`) or
 * `other:<heading>` (`other:第N页表格` where the page prints none), and marked `unlisted`: its facts are flagged
 * `unclassified` (normalize/table.ts), and its quality report counts it like any other table.
 */
import type { DocKind } from '../model/schema.js';
import type { TextItem } from '../model/page.js';
import type { Grid, GridCell } from '../tables/grid.js';
import type { PageLayout } from '../tables/page.js';
import { groupLines, type TextLine } from '../layout/lines.js';
import { AMOUNT_CELL, AMOUNT_TOKEN, NUMBER_WORD, TABLE_PAGE } from '../domain/amounts.js';
import { OTHER_KIND_PREFIX, normTitle, unitFromText } from '../domain/kinds.js';
import { findLabel, isTocLine, matchTitle } from '../domain/titles.js';
import { CAPTION_CELL, EMPTY_MARK, HEADING_LINE, NARRATIVE_HEADING, NOTE_LINE, PROSE_PUNCTUATION, SENTENCE_PUNCTUATION, UNIT_WORD } from '../domain/labels.js';
import type { FormSpan, TableSpan } from './segment.js';
import { SETTINGS } from '../model/settings.js';

/** Tolerances of the safety net (src/model/settings.ts). */
export const UNLISTED_SETTINGS = SETTINGS.unlisted;

interface Word {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** A line's words: its runs, each split where it prints two or more spaces (positions shared by characters). */
function wordsOf(items: TextItem[]): Word[] {
  const out: Word[] = [];
  for (const it of [...items].sort((a, b) => a.x0 - b.x0)) {
    const w = (it.x1 - it.x0) / Math.max(1, it.str.length);
    for (const m of it.str.matchAll(/\S+(?: \S+)*/g)) {
      out.push({ text: m[0], x0: it.x0 + w * m.index, x1: it.x0 + w * (m.index + m[0].length), y0: it.y0, y1: it.y1 });
    }
  }
  return out;
}

const isAmount = (s: string) => AMOUNT_CELL.test(s.replace(/\s+/g, ''));
const amountsIn = (s: string) => (s.match(AMOUNT_TOKEN) ?? []).length;

/** A line holding an amount followed, across a gap, by another number (two cells of a row). */
function holdsPair(words: Word[], size: number): boolean {
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i].text.split(' ').pop()!;
    const b = words[i + 1].text.split(' ')[0];
    if (isAmount(a) && NUMBER_WORD.test(b) && words[i + 1].x0 - words[i].x1 >= size * UNLISTED_SETTINGS.pairGap) return true;
  }
  // one run holding both, spaced (`3,256.78   200.00`)
  return words.some((w) => /\d[\d,]*\.\d+ +-?\d/.test(w.text) && w.text.split(' ').filter(isAmount).length >= 2);
}

/** The page's text as lines of runs: its runs where the layout keeps them, else its prose lines and grid rows. */
function pageLines(p: PageLayout): { words: Word[]; size: number; text: string }[] {
  if (p.items?.length) return groupLines(p.items).map((l) => ({ words: wordsOf(l.items), size: l.size, text: l.text }));
  const lines = p.lines.map((l) => ({ words: wordsOf(l.items), size: l.size, text: l.text }));
  for (const g of p.grids) {
    for (let r = 0; r < g.nRows; r++) {
      const cells = g.cells.filter((c) => c.row === r).sort((a, b) => a.col - b.col);
      // cells are apart by construction
      const words = cells.map((c, i) => ({ text: c.text.replace(/\s+/g, ' ').trim(), x0: i * 1000, x1: i * 1000 + 1, y0: 0, y1: 0 })).filter((w) => w.text);
      lines.push({ words, size: 1, text: cells.map((c) => c.text).join(' ') });
    }
  }
  return lines;
}

/** A sentence: text (outside its amounts) longer than a row name, or with a sentence's commas and stops. */
function isProse(text: string): boolean {
  const t = normTitle(text).replace(AMOUNT_TOKEN, '');
  return t.length > UNLISTED_SETTINGS.rowTextMax || (t.length > 12 && PROSE_PUNCTUATION.test(t));
}

/**
 * Whether the page prints a table (TABLE_PAGE), as the text on it says; amounts in sentences do not count (a
 * narrative page that prints 单位：万元 in a heading stays prose).
 */
export function looksLikeTablePage(p: PageLayout): boolean {
  const lines = pageLines(p).filter((l) => !isProse(l.text));
  const pairs = lines.filter((l) => holdsPair(l.words, l.size)).length;
  if (pairs >= TABLE_PAGE.pairLines) return true;
  const amounts = lines.reduce((n, l) => n + amountsIn(l.text), 0);
  return amounts >= TABLE_PAGE.unitAmounts && pageLines(p).some((l) => unitFromText(l.text) !== undefined);
}

const overlaps = (a: { x0: number; x1: number }, b: { x0: number; x1: number }) =>
  Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > UNLISTED_SETTINGS.columnOverlap * Math.min(a.x1 - a.x0, b.x1 - b.x0);

/** A line of a table (not prose, a title, a unit or department line, a note). */
function isRowLine(l: TextLine): boolean {
  const t = normTitle(l.text);
  if (!t || NOTE_LINE.test(t) || isTocLine(l.text) || matchTitle(l.text)) return false;
  if (unitFromText(l.text) && !amountsIn(l.text)) return false;
  return !isProse(l.text);
}

/**
 * The page's lines of amounts laid out as a grid: the rows are the lines from the header above the first line of
 * amounts to the last one; the columns, the bands where words of different lines overlap (at least `minBands`: a
 * single column is a table only as the right-hand columns of another, see segment.ts, whose header words go to the
 * column of amounts under them: `bodyBands`).
 */
export function lineGrid(p: PageLayout, minBands = 2, bodyBands = false): Grid | null {
  const lines = [...p.lines].sort((a, b) => a.y0 - b.y0);
  const withAmounts = lines.map((l, i) => (amountsIn(l.text) > 0 && isRowLine(l) ? i : -1)).filter((i) => i >= 0);
  if (!withAmounts.length) return null;
  let first = withAmounts[0];
  const last = withAmounts[withAmounts.length - 1];
  for (let k = 0; k < UNLISTED_SETTINGS.headerLines && first > 0 && isRowLine(lines[first - 1]) && !CAPTION_CELL.test(normTitle(lines[first - 1].text)); k++) first--;
  const kept = lines.slice(first, last + 1).filter(isRowLine);
  const rows = kept.map((l) => wordsOf(l.items));
  const banded = bodyBands ? rows.filter((_, i) => amountsIn(kept[i].text) > 0) : rows;
  // bands: word extents merged where they overlap, left to right
  const bands: { x0: number; x1: number }[] = [];
  for (const w of banded.flat().sort((a, b) => a.x0 - b.x0)) {
    const hit = bands.filter((b) => overlaps(b, w));
    if (!hit.length) bands.push({ x0: w.x0, x1: w.x1 });
    else {
      const merged = { x0: Math.min(w.x0, ...hit.map((b) => b.x0)), x1: Math.max(w.x1, ...hit.map((b) => b.x1)) };
      for (const b of hit) bands.splice(bands.indexOf(b), 1);
      bands.push(merged);
    }
    bands.sort((a, b) => a.x0 - b.x0);
  }
  if (bands.length < minBands) return null;
  const colX = [bands[0].x0 - 1, ...bands.slice(1).map((b, i) => (bands[i].x1 + b.x0) / 2), bands[bands.length - 1].x1 + 1];
  const colOf = (w: Word) => {
    const cx = (w.x0 + w.x1) / 2;
    const k = colX.findIndex((x, i) => i > 0 && cx < x);
    return k < 0 ? bands.length - 1 : k - 1;
  };
  const cells: GridCell[] = [];
  rows.forEach((words, r) => {
    const byCol = new Map<number, Word[]>();
    for (const w of words) byCol.set(colOf(w), [...(byCol.get(colOf(w)) ?? []), w]);
    for (const [col, ws] of [...byCol].sort((a, b) => a[0] - b[0])) {
      const box = { x0: Math.min(...ws.map((w) => w.x0)), y0: Math.min(...ws.map((w) => w.y0)), x1: Math.max(...ws.map((w) => w.x1)), y1: Math.max(...ws.map((w) => w.y1)) };
      cells.push({ row: r, col, rowSpan: 1, colSpan: 1, text: ws.map((w) => w.text).join(' '), box });
    }
  });
  const boxes = cells.map((c) => c.box!);
  const box = { x0: colX[0], y0: Math.min(...boxes.map((b) => b.y0)), x1: colX[colX.length - 1], y1: Math.max(...boxes.map((b) => b.y1)) };
  return { page: p.page, box, nRows: rows.length, nCols: bands.length, cells, colX, method: 'stream' };
}

/** The name a table the page prints goes by: its title (a standard kind not met yet, or its core), else the page's heading. */
function nameOf(p: PageLayout, above: number, taken: Set<string>, doc: DocKind | null, fromLines: boolean): { kind: string; title: string; label: string | null; named: boolean } {
  const lines = [...p.lines].sort((a, b) => b.y0 - a.y0).filter((l) => l.y1 <= above + 1);
  for (const l of lines) {
    const m = matchTitle(l.text, doc);
    if (!m) continue;
    // (a standard kind only for a builder's grid, whose header the kind's columns can read, and once)
    const kind = m.kind.startsWith(OTHER_KIND_PREFIX) || (!fromLines && !taken.has(m.kind)) ? m.kind : `${OTHER_KIND_PREFIX}${normTitle(m.title)}`;
    return { kind, title: m.title, label: m.label ?? lines.map((x) => findLabel(normTitle(x.text))).find(Boolean) ?? null, named: true };
  }
  // a heading: a short line that is no sentence, unit, department, label or note
  const heading = lines.find((l) => {
    const t = normTitle(l.text);
    return t.length >= 4 && t.length <= 40 && !amountsIn(t) && !SENTENCE_PUNCTUATION.test(t) && !UNIT_WORD.test(t) && !HEADING_LINE.test(t) &&
      !NOTE_LINE.test(t) && !EMPTY_MARK.test(t) && !findLabel(t);
  });
  const name = heading ? normTitle(heading.text).replace(NARRATIVE_HEADING, '') : `第${p.page}页表格`;
  return { kind: `${OTHER_KIND_PREFIX}${name}`, title: heading?.text.trim() ?? '', label: null, named: !!heading };
}

const boxOverlap = (a: Grid, b: Grid) => a.page === b.page && Math.min(a.box.x1, b.box.x1) > Math.max(a.box.x0, b.box.x0) && Math.min(a.box.y1, b.box.y1) > Math.max(a.box.y0, b.box.y0);

/**
 * The tables segmentation did not make on the pages that print them: on a table page without a table, its grids
 * holding amounts (or its lines of amounts laid out as one); on a page with a table, its grids of amounts that no
 * table took.
 */
export function unlistedTables(pages: PageLayout[], tables: TableSpan[], forms: FormSpan[], doc: DocKind | null): TableSpan[] {
  const listed = new Set(tables.flatMap((t) => t.pages));
  const formPages = new Set(forms.flatMap((f) => f.pages));
  const taken = new Set(tables.map((t) => t.kind));
  const spanGrids = tables.flatMap((t) => t.grids);
  const out: TableSpan[] = [];
  for (const p of pages) {
    if (formPages.has(p.page) || p.source === 'sheet') continue;
    const tablePage = listed.has(p.page) || looksLikeTablePage(p);
    if (!tablePage) continue;
    const free = p.grids.filter((g) => !spanGrids.some((s) => boxOverlap(s, g)) && g.cells.some((c) => isAmount(c.text)));
    const grids: Grid[] = listed.has(p.page) ? free.filter((g) => g.cells.filter((c) => isAmount(c.text)).length >= 2) : free;
    let laidOut: Grid | null = null;
    if (!listed.has(p.page) && !grids.length) {
      laidOut = lineGrid(p);
      if (laidOut) grids.push(laidOut);
    }
    for (const g of grids) {
      const name = nameOf(p, g.box.y0, taken, doc, g === laidOut);
      const prev = out[out.length - 1];
      // a page of the same table (its title again, or none: a continuation) goes with the one before it
      if (prev && prev.pages[prev.pages.length - 1] >= p.page - 1 && prev.pages[prev.pages.length - 1] !== p.page &&
        (name.named ? prev.title === name.title : prev.grids[prev.grids.length - 1].nCols === g.nCols)) {
        prev.pages.push(p.page);
        prev.grids.push(g);
        continue;
      }
      // two tables of one name stay two (a kind's second table would only add the keys the first lacks)
      const kind = taken.has(name.kind) ? `${name.kind}(第${p.page}页)` : name.kind;
      taken.add(kind);
      const unit = p.lines.filter((l) => l.y1 <= g.box.y0 + 1).map((l) => unitFromText(l.text)).filter(Boolean).pop() ?? p.lines.map((l) => unitFromText(l.text)).find(Boolean);
      out.push({ kind, title: name.title, label: name.label, ...(unit ? { unit } : {}), pages: [p.page], grids: [g], declaredEmpty: false, unlisted: true });
    }
  }
  return out;
}
