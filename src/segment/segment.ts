/**
 * Segmentation: the document's pages (prose lines and table grids, in reading order) → its standard tables
 * (continuing across pages), the 附件 evaluation forms, the narrative sections, the 目录, and the
 * department / year / kind of the document.
 */
import type { DocKind, NarrativeSection } from '../model/schema.js';
import type { TextLine } from '../layout/lines.js';
import type { TextItem } from '../model/page.js';
import type { Grid } from '../tables/grid.js';
import type { PageLayout } from '../tables/page.js';

export type { PageLayout };
import { boundariesWithin, regrid, rowBands, tieRows, toMatrix } from '../tables/grid.js';
import { AMOUNT_CELL } from '../domain/amounts.js';
import { EXPENDITURE_SIDE, INCOME_SIDE } from '../domain/cells.js';
import { captionTexts } from './captions.js';
import { SETTINGS } from '../model/settings.js';
import { lineGrid, unlistedTables } from './unlisted.js';
import { HEADER_SIGNATURES, OTHER_KIND_PREFIX, normTitle, unitFromText } from '../domain/kinds.js';
import { findLabel, isTocLine, matchTitle, type TitleMatch } from '../domain/titles.js';
import { FORM_GRID_MARK_RE, HEAD_FIELDS, formLabel, isFormTitle } from '../domain/forms.js';
import {
  APPENDIX_HEADING, APPENDIX_LINE, BEFORE_CONTENTS, BUDGET_COLUMN, BUDGET_WORDS, CONTENTS_HEADING, COVER_TITLE, COVER_TITLE_YEAR_FIRST, DEPARTMENT_FIELD,
  EMPTY_CONDITIONAL, EMPTY_MARK, EXPLAINING, FINAL_WORDS, HEADING_LINE, LABEL_SEPARATORS, NARRATIVE_HEADING, NOTE_INTRO, NOTE_LINE,
  ORG_BEFORE_KIND, PART_HEADING, SENTENCE_BEFORE_ORG, SENTENCE_PUNCTUATION, TITLE_THEN_NOTE, UNIT_NOT_DEPARTMENT, YEAR,
} from '../domain/labels.js';


/** The organisation the document's prose names most often before 部门决算/预算 (the first of equals), if seen
 * at least minCount times. */
function departmentFromProse(pages: PageLayout[], minCount: number): string | null {
  const counts = new Map<string, number>();
  for (const p of pages) {
    const text = normTitle(p.lines.map((l) => l.text).join(''));
    for (const m of text.matchAll(ORG_BEFORE_KIND)) {
      // the shortest tail that is an organisation: strip leading words of the sentence (纳入, 从…看，)
      const name = m[1].replace(SENTENCE_BEFORE_ORG, '');
      if (name.length < 3) continue;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  // Map keeps first-seen order and the sort is stable: among equal counts the earliest wins
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= minCount ? best[0] : null;
}

export interface TableSpan {
  kind: string;
  title: string;
  label: string | null;
  unit?: string;
  pages: number[];
  grids: Grid[];
  /** the page says 本表无数据 (or similar) */
  declaredEmpty: boolean;
  /** where it says so, and whether only as a condition (此表如无数字则表示…) */
  emptyNote?: { page: number; conditional?: boolean };
  /** the department / year line printed with the table (部门名称：…, a running heading), as printed */
  heading?: string;
  /** made by the safety net (unlisted.ts) on a table page segmentation found no table on */
  unlisted?: boolean;
  /**
   * grids holding the right-hand columns of a sheet printed wider than the page (a spreadsheet printed without
   * fit-to-width puts the columns that do not fit on pages of their own, after the left-hand pages or after each):
   * `grid` the index of such a grid in `grids`, `of` the index of the grid holding the same rows' left-hand
   * columns, `rows` for each of its rows the row of that grid it is printed level with (null: none)
   */
  sides?: SideGrid[];
}

export interface SideGrid {
  grid: number;
  of: number;
  rows: (number | null)[];
}

/** Tolerances of joining a page of right-hand columns to its left-hand page (src/model/settings.ts). */
export const SIDE_SETTINGS = SETTINGS.sidePage;

export interface FormSpan {
  title: string;
  pages: number[];
  /** blocks in reading order: prose lines and grids */
  blocks: ({ type: 'line'; line: TextLine; page: number } | { type: 'grid'; grid: Grid })[];
  /** per page, the text runs in the form's area (where the page layout keeps its runs) */
  runs?: { page: number; items: TextItem[] }[];
}

export interface Segmented {
  department: string | null;
  year: number | null;
  kind: DocKind | null;
  title?: string;
  tables: TableSpan[];
  forms: FormSpan[];
  narrative: NarrativeSection[];
  contents: string[];
  unit?: string;
}

type Block = { type: 'line'; line: TextLine; y: number } | { type: 'grid'; grid: Grid; y: number };

const emptyNote = (nt: string, page: number) => (EMPTY_CONDITIONAL.test(nt) ? { page, conditional: true } : { page });

/** A grid that is an evaluation form by its labels: 项目名称 and a label of the money, goal or indicator block. */
function isFormGrid(g: Grid): boolean {
  const labels = g.cells.map((c) => formLabel(c.text));
  return labels.some((l) => HEAD_FIELDS.project.test(l)) && labels.some((l) => FORM_GRID_MARK_RE.test(l));
}

/** A page's lines and grids in reading order (top to bottom). */
function blocksOf(p: PageLayout): Block[] {
  const blocks: Block[] = [
    ...p.lines.map((line) => ({ type: 'line' as const, line, y: line.y0 })),
    ...p.grids.map((grid) => ({ type: 'grid' as const, grid, y: grid.box.y0 })),
  ];
  return blocks.sort((a, c) => a.y - c.y);
}

/** The kind whose header signature the grid's first rows carry (all its words, none of its exclusions). */
function classifyByHeader(g: Grid, doc: DocKind | null): string | null {
  const head = normTitle(toMatrix(g).slice(0, 6).flat().map((c) => c?.text ?? '').join('|'));
  for (const sig of HEADER_SIGNATURES) {
    const kind = doc === 'budget' ? sig.budget : sig.final;
    if (!kind) continue;
    if (sig.all.every((w) => head.includes(w)) && !(sig.none ?? []).some((w) => head.includes(w))) return kind;
  }
  return null;
}

/** A grid that is a table of amounts, not prose laid out in columns: ruled with two rows holding amounts, or
 * aligned in three columns with three such rows. */
function holdsAmounts(g: Grid): boolean {
  const rows = new Set(g.cells.filter((c) => AMOUNT_CELL.test(c.text.replace(/\s+/g, ''))).map((c) => c.row));
  return g.method === 'lattice' ? rows.size >= 2 : rows.size >= 3 && g.nCols >= 3;
}

/** A grid continues the previous one when it has the same columns (by count, and by position where known). */
function continues(prev: Grid, g: Grid): boolean {
  if (prev.nCols !== g.nCols) return false;
  if (!prev.colX || !g.colX || prev.method !== g.method || prev.method !== 'lattice') return true;
  const w = prev.box.x1 - prev.box.x0;
  return prev.colX.every((x, i) => Math.abs(x - g.colX![i]) <= Math.max(6, w * 0.03));
}

/** The row of a grid holding its first amount (the rows above it are its header), or its row count. */
function firstAmountRow(g: Grid): number {
  return Math.min(g.nRows, ...g.cells.filter((c) => AMOUNT_CELL.test(c.text.replace(/\s+/g, ''))).map((c) => c.row));
}

/** The header's cell texts (the rows above the first amount). */
function headerTexts(g: Grid): string[] {
  const first = firstAmountRow(g);
  return g.cells.filter((c) => c.row < first).sort((a, b) => a.row - b.row || a.col - b.col).map((c) => normTitle(c.text)).filter(Boolean);
}

/** Row names or classification codes in a grid's first column below its header: most of its texts there (not
 * a label printed again between its amounts); or names before the first amount of most rows holding amounts. */
function namesFirst(g: Grid): boolean {
  const first = firstAmountRow(g);
  const texts = g.cells.filter((c) => c.col === 0 && c.row >= first && c.text.trim());
  const names = texts.filter((c) => /[\u4e00-\u9fff]/.test(c.text) || /^\d{3,9}$/.test(c.text.replace(/\s+/g, '')));
  if (names.length > 0 && names.length * 2 >= texts.length) return true;
  // (a page further down whose first column holds 款 / 项 codes only: names before the amounts of most rows)
  const rows = [...new Set(g.cells.filter((c) => c.row >= first && isAmountText(c.text)).map((c) => c.row))];
  const named = rows.filter((r) => {
    const cells = g.cells.filter((c) => c.row === r);
    const at = Math.min(...cells.filter((c) => isAmountText(c.text)).map((c) => c.col));
    return cells.some((c) => c.col < at && /[\u4e00-\u9fff]/.test(c.text));
  });
  return named.length * 2 > rows.length;
}

const isAmountText = (t: string) => AMOUNT_CELL.test(t.replace(/\s+/g, ''));

/**
 * Whether a grid may hold the right-hand columns of the rows of another (a sheet too wide for its page): not the
 * same header printed again (a page further down), and either no row names before its amounts (the names are on
 * the left-hand page) or the expenditure half of a two-sided table whose income half the other holds (pages
 * printed without the header rows: by the headers of the table's first page and of its first side).
 */
function mayBeSide(left: Grid, g: Grid, leftHeader: string[], sideHeader: string[]): boolean {
  const [lh, gh] = [headerTexts(left), headerTexts(g)];
  if (gh.length && lh.join('|') === gh.join('|')) return false;
  if (!namesFirst(g)) return true;
  // (a page further down printed without the header: the headers of the table's first page and first side)
  const sided = (h: string[]) => h.some((t) => INCOME_SIDE.test(t) || EXPENDITURE_SIDE.test(t));
  const [ls, gs] = [sided(lh) ? lh : leftHeader, sided(gh) ? gh : sideHeader];
  return ls.some((t) => INCOME_SIDE.test(t)) && !ls.some((t) => EXPENDITURE_SIDE.test(t)) && gs.some((t) => EXPENDITURE_SIDE.test(t)) && !gs.some((t) => INCOME_SIDE.test(t));
}

const holdsAmount = (g: Grid, r: number) => g.cells.some((c) => c.row === r && AMOUNT_CELL.test(c.text.replace(/\s+/g, '')));

/**
 * The rows of a page of right-hand columns tied to the rows of their left-hand grid (tables/grid.ts tieRows), or
 * null where it is not that grid's: a row with text level with no row, or fewer than SIDE_SETTINGS.minRows tied.
 * Where the first amounts of both are level, its header rows level with none (labels wrapped over other lines than
 * the left-hand page's) go to the nearest header row of the left-hand grid, in order.
 */
function sideRows(left: Grid, g: Grid): (number | null)[] | null {
  const rows = tieRows(left, g, SIDE_SETTINGS.rowTie);
  if (rows.filter((r) => r !== null).length < SIDE_SETTINGS.minRows) return null;
  const [leftHead, head] = [firstAmountRow(left), firstAmountRow(g)];
  const [lb, gb] = [rowBands(left), rowBands(g)];
  const mid = (b: { y0: number; y1: number } | null) => (b ? (b.y0 + b.y1) / 2 : NaN);
  const withText = (r: number) => g.cells.some((c) => c.row === r && c.rowSpan === 1 && c.text.trim());
  for (let r = head - 1; r >= 0 && head < g.nRows && rows[head] === leftHead; r--) {
    if (rows[r] !== null || !gb[r] || !withText(r)) continue;
    const below = rows.slice(r + 1).find((x) => x !== null) ?? leftHead;
    const above = rows.slice(0, r).reverse().find((x) => x !== null) ?? -1;
    let pick = -1;
    for (let i = above + 1; i < below; i++) {
      if (lb[i] && (pick < 0 || Math.abs(mid(lb[i]) - mid(gb[r])) < Math.abs(mid(lb[pick]) - mid(gb[r])))) pick = i;
    }
    if (pick >= 0) rows[r] = pick;
  }
  for (let r = 0; r < g.nRows; r++) if (rows[r] === null && withText(r)) return null;
  return rows;
}

export function docIdentity(pages: PageLayout[]): { department: string | null; year: number | null; kind: DocKind | null; title?: string } {
  let department: string | null = null;
  let year: number | null = null;
  let kind: DocKind | null = null;
  let title: string | undefined;
  // the cover: the first page with text
  const cover = pages.find((p) => p.lines.length > 0);
  if (cover) {
    const text = normTitle(cover.lines.slice(0, 12).map((l) => l.text).join(''));
    const m = text.match(COVER_TITLE);
    if (m) {
      department = m[1].replace(BEFORE_CONTENTS, '') || null;
      year = Number(m[2]);
      kind = m[3] === '决算' ? 'final' : 'budget';
      title = m[0];
    } else {
      const m2 = text.match(COVER_TITLE_YEAR_FIRST);
      if (m2) {
        year = Number(m2[1]);
        kind = m2[3] === '决算' ? 'final' : 'budget';
        if (m2[2] && m2[2].length >= 3 && m2[2].length <= 30) department = m2[2];
      }
    }
  }
  // 部门名称：… lines above the tables
  if (!department) {
    for (const p of pages) {
      for (const l of p.lines) {
        const m = normTitle(l.text).match(DEPARTMENT_FIELD);
        // (not 单位：万元, the money unit)
        if (m && !UNIT_NOT_DEPARTMENT.test(m[1])) {
          department = m[1];
          break;
        }
      }
      if (department) break;
    }
  }
  // a cover read by OCR (large title fonts are its weak spot) or without a name: the name the prose repeats
  // (no name at all: the prose's first; an OCR'd cover's name: only one the prose repeats)
  const fromProse = !department ? departmentFromProse(pages, 1) : cover?.source === 'ocr' ? departmentFromProse(pages, 2) : null;
  if (fromProse) department = fromProse;
  if (!year || !kind) {
    // the first pages' lines, and the titles printed inside their grids (a tables-only file has no cover)
    const gridTops = (p: PageLayout) => p.grids.flatMap((g) => g.cells.filter((c) => c.row < 3).map((c) => normTitle(c.text)));
    const all = pages.slice(0, 6).flatMap((p) => [...p.lines.map((l) => normTitle(l.text)), ...gridTops(p)]).join('\n');
    if (!year) {
      const y = all.match(YEAR) ?? pages.flatMap((p) => p.lines.map((l) => normTitle(l.text))).join('\n').match(YEAR);
      if (y) year = Number(y[1]);
    }
    if (!kind) {
      const fin = (all.match(FINAL_WORDS) ?? []).length;
      const bud = (all.match(BUDGET_WORDS) ?? []).length;
      if (fin || bud) kind = fin >= bud ? 'final' : 'budget';
      // a tables-only file (or a few pages of one) whose titles say neither (部门收支总体情况表): its columns do
      else if (BUDGET_COLUMN.test(all)) kind = 'budget';
    }
  }
  return { department, year, kind, title };
}

/** A sheet whose rows and grids name no table is titled by its tab (laid out above its first row). */
function withTabTitle(p: PageLayout): PageLayout {
  const tab = p.tabName;
  if (!tab || !p.grids.length) return p;
  const named = p.lines.some((l) => matchTitle(l.text)) || p.grids.some((g) => g.cells.some((c) => c.row === 0 && matchTitle(c.text)));
  if (named || !matchTitle(tab.str)) return p;
  return { ...p, lines: [{ text: tab.str, x0: tab.x0, y0: tab.y0, x1: tab.x1, y1: tab.y1, size: tab.size, items: [tab] }, ...p.lines] };
}

/** A table title waiting for its grid (on its own page or the next one). */
interface PendingTitle {
  kind: string;
  title: string;
  label: string | null;
  unit?: string;
  page: number;
}

/** What one page's lines carry to the blocks after them. */
interface PageState {
  page: PageLayout;
  blocks: Block[];
  /** a 目录 page: headed 目录, or several table titles and no table on it */
  isToc: boolean;
  /** the first money unit printed on the page */
  unit?: string;
  /** the second line of a title read joined with the one before it */
  skipLine: TextLine | null;
  /** the department / year line printed above the tables */
  heading?: string;
  /** a label printed alone above the title (公开01表 / 收支预算总表) */
  labelAbove: string | null;
}

/**
 * Segmentation as it reads the document, block by block in reading order: lines are 目录 entries, form titles
 * and form lines, table titles, the lines between a title and its grid, notes after a table, or narrative; grids
 * are forms, titled tables, continuations, or tables known by their header or their amounts.
 */
class Segmenter {
  readonly tables: TableSpan[] = [];
  readonly forms: FormSpan[] = [];
  readonly narrative: NarrativeSection[] = [];
  readonly contents: string[] = [];
  docUnit: string | undefined;
  /** the table a grid on this or the next page continues */
  current: TableSpan | null = null;
  pendingTitle: PendingTitle | null = null;
  form: FormSpan | null = null;
  section: NarrativeSection | null = null;
  inAppendix = false;

  constructor(readonly doc: DocKind | null) {}

  closeSection(): void {
    if (this.section && this.section.text.trim()) this.narrative.push(this.section);
    this.section = null;
  }

  readPage(page: PageLayout): void {
    const pageText = page.lines.map((l) => normTitle(l.text)).join('');
    const titleLines = page.lines.filter((l) => matchTitle(l.text, this.doc)).length;
    // (not a page of empty tables printed without rulings: each title with its unit line and 本部门无… note)
    const emptyTables = page.lines.some((l) => unitFromText(l.text) || EMPTY_MARK.test(normTitle(l.text)));
    const isToc = CONTENTS_HEADING.test(normTitle(page.lines[0]?.text ?? '')) || pageText.slice(0, 40).includes('目录') ||
      (titleLines >= 3 && page.grids.length === 0 && !emptyTables);
    // a title waits for its grid on its own page or the next one only
    if (this.pendingTitle && this.pendingTitle.page < page.page - 1) this.pendingTitle = null;
    let unit: string | undefined;
    for (const l of page.lines) unit ??= unitFromText(l.text);
    this.docUnit ??= unit;
    // a page of the current table's right-hand columns: its lines are the cut-off tails of the title, label and unit
    if (!isToc && this.sidePage(page)) return;
    const state: PageState = { page, blocks: blocksOf(page), isToc, unit, skipLine: null, labelAbove: null };
    for (const block of state.blocks) {
      if (block.type === 'line') this.readLine(block, state);
      else this.readGrid(block.grid, state);
    }
    // a title at the bottom of a page with no grid yet waits for the next page
  }

  /**
   * A page printing the right-hand columns of the current table's rows (a sheet wider than its page, printed
   * without fit-to-width: Calc, Excel and WPS put the columns that do not fit on pages of their own, after all the
   * left-hand pages or after each): no title of another table on it (a title starting left of the page is the
   * tail of the table's own, centred over the whole sheet, whatever it reads like), and each grid on it level, row for row, with a
   * left-hand grid of the table that has the fewest such pages so far (the first of equals: both page orders). The
   * grids are added to the table as its sides; whether a page is one is decided before its lines are read. A page
   * that prints the cut-off tail of the table's title but is level with none of its grids is still its side, with
   * no row tied (normalize keeps its amounts, unkeyed).
   */
  sidePage(page: PageLayout): boolean {
    const t = this.current;
    // (a workbook's sheet is never cut: its grid is the whole sheet)
    if (!t || this.form || this.pendingTitle || page.source === 'sheet' || !t.grids.length || !t.pages.includes(page.page - 1)) return false;
    if (page.lines.some((l) => l.x0 >= 0 && (matchTitle(l.text, this.doc)?.kind ?? t.kind) !== t.kind)) return false;
    // (nor inside a grid: a workbook printed to PDF carries each table's title in the merged first rows of its grid)
    if (page.grids.some((g) => captionTexts(g, this.doc).some((c) => (matchTitle(c, this.doc)?.kind ?? t.kind) !== t.kind))) return false;
    const sides = t.sides ?? [];
    const isSide = new Set(sides.map((s) => s.grid));
    const count = (i: number) => sides.filter((s) => s.of === i).length;
    const found: { grid: Grid; of: number; rows: (number | null)[] }[] = [];
    // (a page whose columns the builders made no grid of: its lines of amounts, one column of them at least)
    const laid = page.grids.length ? page.grids : [lineGrid(page, 1, true)].filter((g): g is Grid => !!g);
    if (!laid.length) return false;
    const firstSide = sides.length ? t.grids[sides[0].grid] : null;
    const [leftHeader, sideHeader] = [headerTexts(t.grids[0]), firstSide ? headerTexts(firstSide) : []];
    // the tail of the table's own title cut by the page's left edge: the page is the table's, tied or not
    const own = normTitle(t.title);
    const cutTitle = page.lines.some((l) => l.x0 < 0 && own.length > 0 && own.endsWith(normTitle(l.text)) && normTitle(l.text).length >= 2);
    for (const g of laid) {
      let best: { of: number; rows: (number | null)[] } | null = null;
      let loose: number | null = null;
      t.grids.forEach((left, i) => {
        if (isSide.has(i) || left.page >= page.page || !mayBeSide(left, g, leftHeader, sideHeader)) return;
        if (loose === null || count(i) < count(loose)) loose = i;
        const rows = sideRows(left, g);
        if (rows && (!best || count(i) < count(best.of))) best = { of: i, rows };
      });
      // (level with no grid of the table: its amounts are kept below the rows, unkeyed, not guessed into a row)
      if (!best && cutTitle && loose !== null) best = { of: loose, rows: new Array<number | null>(g.nRows).fill(null) };
      if (!best) return false;
      found.push({ grid: g, ...(best as { of: number; rows: (number | null)[] }) });
    }
    t.sides = sides;
    for (const f of found) {
      t.grids.push(f.grid);
      t.sides.push({ grid: t.grids.length - 1, of: f.of, rows: f.rows });
    }
    if (!t.pages.includes(page.page)) t.pages.push(page.page);
    return true;
  }

  // --- lines

  readLine(block: Extract<Block, { type: 'line' }>, st: PageState): void {
    if (block.line === st.skipLine) return;
    const text = block.line.text.trim();
    const normalized = normTitle(text);
    if (!normalized) return;
    if (st.isToc || isTocLine(text)) {
      if (st.isToc && normalized !== '目录') this.contents.push(text);
      return;
    }
    if (isFormTitle(normalized)) return this.startForm(text, st.page.page);
    if (APPENDIX_HEADING.test(normalized)) this.inAppendix = true;
    if (this.form) return this.formLine(block.line, normalized, st.page.page);
    if (HEADING_LINE.test(normalized) && normalized.length <= 60 && !st.isToc) st.heading = text;
    const ownLabel = normalized.length <= 10 ? findLabel(normalized) : null;
    if (ownLabel && normalized.replace(LABEL_SEPARATORS, '').length <= ownLabel.length + 1 && !this.pendingTitle) {
      st.labelAbove = ownLabel;
      return;
    }
    const titleMatch = this.titleOf(block, text, normalized, st);
    if (titleMatch) return this.titleLine(titleMatch, text, st);
    if (this.pendingTitle) return this.lineUnderTitle(this.pendingTitle, text, normalized, st);
    // a heading of the narrative ends the table before it (the lines after a table are its notes otherwise)
    // (not a section row of the table that the grid left outside, like 二、机关运行经费 in 公开10)
    if (this.current && normalized.length <= 40 && (PART_HEADING.test(normalized) || (NARRATIVE_HEADING.test(normalized) && EXPLAINING.test(normalized)))) this.current = null;
    if (this.current) return this.lineAfterTable(this.current, text, normalized, st.page.page);
    if (this.inAppendix) return;
    this.narrativeLine(text, normalized, st.page.page);
  }

  /** A form in the 附件 starts at its title. */
  startForm(title: string, page: number): void {
    this.closeSection();
    this.inAppendix = true;
    this.pendingTitle = null;
    this.current = null;
    this.form = { title, pages: [page], blocks: [] };
    this.forms.push(this.form);
  }

  formLine(line: TextLine, normalized: string, page: number): void {
    const form = this.form!;
    if (APPENDIX_LINE.test(normalized)) return;
    if (!form.pages.includes(page)) form.pages.push(page);
    form.blocks.push({ type: 'line', line, page });
  }

  /** The table the line titles; a title broken over two short lines (…基本支出 / 决算表) is read joined. */
  titleOf(block: Extract<Block, { type: 'line' }>, text: string, normalized: string, st: PageState): TitleMatch | null {
    const titleMatch = matchTitle(text, this.doc);
    if (titleMatch) return titleMatch;
    // a title and the note that its table is empty on one line (…支出表：本部门无…)
    const withNote = normalized.match(TITLE_THEN_NOTE);
    if (withNote && EMPTY_MARK.test(withNote[2])) return matchTitle(withNote[1], this.doc);
    const nextBlock = st.blocks[st.blocks.indexOf(block) + 1];
    if (normalized.length <= 50 && nextBlock?.type === 'line' && normTitle(nextBlock.line.text).length <= 16 &&
      nextBlock.line.y0 - block.line.y1 < block.line.size * 1.2) {
      const joined = matchTitle(text + nextBlock.line.text, this.doc);
      if (joined && !matchTitle(nextBlock.line.text, this.doc)) {
        st.skipLine = nextBlock.line;
        return joined;
      }
    }
    return null;
  }

  titleLine(titleMatch: TitleMatch, text: string, st: PageState): void {
    this.closeSection();
    if (titleMatch.continued && this.current && this.current.kind === titleMatch.kind) {
      this.pendingTitle = null;
      return;
    }
    this.pendingTitle = {
      kind: titleMatch.kind, title: st.skipLine ? text + st.skipLine.text.trim() : text, label: titleMatch.label ?? st.labelAbove, unit: st.unit, page: st.page.page,
    };
    st.labelAbove = null;
    this.current = null;
    // the title line itself may carry the unit or the note that the table is empty (…支出表（本部门无…，此表为空）)
    this.lineUnderTitle(this.pendingTitle, text, normTitle(text), st);
  }

  /** Lines between a title and its grid: label, department, unit, empty mark (an empty table has no grid). */
  lineUnderTitle(pending: PendingTitle, text: string, normalized: string, st: PageState): void {
    const label = findLabel(normalized);
    if (label && !pending.label && normalized.length < 12) pending.label = label;
    const u = unitFromText(text);
    if (u) pending.unit = u;
    if (EMPTY_MARK.test(normalized) && normalized.length < 60) {
      this.tables.push({
        kind: pending.kind, title: pending.title, label: pending.label, unit: pending.unit,
        pages: [pending.page], grids: [], declaredEmpty: true, emptyNote: emptyNote(normalized, st.page.page), ...(st.heading ? { heading: st.heading } : {}),
      });
      this.current = this.tables[this.tables.length - 1];
      this.pendingTitle = null;
    }
  }

  /** Lines after a table: its empty mark, notes, labels and unit lines; prose ends it. */
  lineAfterTable(current: TableSpan, text: string, normalized: string, page: number): void {
    if (EMPTY_MARK.test(normalized) && normalized.length < 60 && current.pages.includes(page)) {
      current.declaredEmpty = true;
      if (!current.emptyNote || current.emptyNote.conditional) current.emptyNote = emptyNote(normalized, page);
    }
    if (NOTE_LINE.test(normalized)) return;
    const label = findLabel(normalized);
    if (label && normalized.length < 12) return;
    if (unitFromText(text) && normalized.length < 40) return;
    // prose after a table ends it
    // (not a line that introduces the table's note: …并在本表下方作下述说明：)
    if (normalized.length > 30 && !NOTE_INTRO.test(normalized)) this.current = null;
  }

  narrativeLine(text: string, normalized: string, page: number): void {
    if (NARRATIVE_HEADING.test(normalized) && normalized.length <= 40) {
      this.closeSection();
      this.section = { heading: normalized, text: '', page };
    } else if (this.section) {
      this.section.text += text.replace(/\s+/g, '');
    } else if (normalized.length > 20) {
      this.section = { heading: '', text: text.replace(/\s+/g, ''), page };
    }
  }

  // --- grids

  readGrid(grid: Grid, st: PageState): void {
    if (st.isToc) return;
    // (budget documents print 绩效目标表 with the same labels: those are tables of their own kind)
    if (this.doc !== 'budget' && isFormGrid(grid) && (!this.form || this.form.blocks.some((x) => x.type === 'grid'))) {
      // a form printed without a title line (or with its title inside the grid)
      this.startForm('', st.page.page);
    }
    if (this.form) {
      if (!this.form.pages.includes(st.page.page)) this.form.pages.push(st.page.page);
      this.form.blocks.push({ type: 'grid', grid });
      return;
    }
    const captions = captionTexts(grid, this.doc);
    let captionTitle: TitleMatch | null = null;
    for (const c of captions) {
      captionTitle ??= matchTitle(c, this.doc);
      const u = unitFromText(c);
      if (u && this.pendingTitle) this.pendingTitle.unit = u;
    }
    if (captionTitle && !this.pendingTitle) {
      this.pendingTitle = { kind: captionTitle.kind, title: captionTitle.title, label: captionTitle.label, unit: st.unit, page: st.page.page };
    }
    if (this.pendingTitle) return this.titledGrid(this.pendingTitle, grid, captions, st);
    if (this.continuesCurrent(grid, st.page.page)) return;
    this.untitledGrid(grid, st);
  }

  /** A grid under a title: a new table, or the same table titled again on the next page. */
  titledGrid(pending: PendingTitle, grid: Grid, captions: string[], st: PageState): void {
    const page = st.page.page;
    // the same table titled again on the next page (a title repeated over each page) continues it
    const last = this.tables[this.tables.length - 1];
    // (not another table of the same kind: 表7 and 表8, or the same words with another qualifier)
    const sameTable = last && last.kind === pending.kind && normTitle(last.title) === normTitle(pending.title) &&
      (!last.label || !pending.label || last.label === pending.label);
    if (last && sameTable && last.grids.length && (last.pages.includes(page) || last.pages.includes(page - 1))) {
      if (!last.pages.includes(page)) last.pages.push(page);
      last.grids.push(grid);
      this.current = last;
      this.pendingTitle = null;
      return;
    }
    const span: TableSpan = {
      kind: pending.kind, title: pending.title, label: pending.label,
      unit: pending.unit ?? captions.map(unitFromText).find(Boolean) ?? st.unit,
      pages: [page], grids: [grid], declaredEmpty: false, ...(st.heading ? { heading: st.heading } : {}),
    };
    this.tables.push(span);
    this.current = span;
    this.pendingTitle = null;
  }

  /** Whether the grid continues the current table (same table on this page or the next one); it is added. */
  continuesCurrent(grid: Grid, page: number): boolean {
    const current = this.current;
    // (the last grid of its left-hand columns, not a page of its right-hand ones)
    const prevGrid = current?.grids.filter((_, i) => !current.sides?.some((s) => s.grid === i)).pop();
    if (!current || !prevGrid || !(current.pages.includes(page) || current.pages.includes(page - 1))) return false;
    // (a table printed with pages of right-hand columns: a page without row names that is none of them is not its
    // left-hand columns either)
    if (current.sides?.length && !namesFirst(grid)) return false;
    let next: Grid | null = continues(prevGrid, grid) ? grid : null;
    if (!next && grid.method === 'stream' && prevGrid.method === 'stream' && prevGrid.colX) next = regrid(grid, prevGrid.colX);
    // a ruled page holding only some of the columns (the 合计 row alone, its name over the code columns)
    if (!next && grid.method === 'lattice' && prevGrid.method === 'lattice' && prevGrid.colX && grid.nCols < prevGrid.nCols &&
      boundariesWithin(grid, prevGrid.colX, Math.max(6, (prevGrid.box.x1 - prevGrid.box.x0) * 0.03))) next = regrid(grid, prevGrid.colX);
    if (!next) return false;
    if (!current.pages.includes(page)) current.pages.push(page);
    current.grids.push(next);
    return true;
  }

  /** An untitled grid: a standard table by its header labels, or a table of amounts named from the line above. */
  untitledGrid(grid: Grid, st: PageState): void {
    const byHeader = classifyByHeader(grid, this.doc);
    if (byHeader && !this.tables.some((t) => t.kind === byHeader)) {
      const span: TableSpan = { kind: byHeader, title: '', label: null, unit: st.unit, pages: [st.page.page], grids: [grid], declaredEmpty: false };
      this.tables.push(span);
      this.current = span;
    } else if (!this.inAppendix && holdsAmounts(grid)) {
      // a table of amounts whose title the reader did not recognise is still read, named from the line above it
      const above = [...st.page.lines].reverse().filter((l) => l.y1 <= grid.box.y0 + 1 && normTitle(l.text).length >= 4).slice(0, 3)
        .find((l) => normTitle(l.text).length <= 40 && !SENTENCE_PUNCTUATION.test(l.text));
      const name = above ? normTitle(above.text).replace(NARRATIVE_HEADING, '').replace(PART_HEADING, '') : '未命名表格';
      const span: TableSpan = { kind: `${OTHER_KIND_PREFIX}${name}`, title: above?.text.trim() ?? '', label: null, unit: st.unit, pages: [st.page.page], grids: [grid], declaredEmpty: false };
      this.tables.push(span);
      this.current = span;
    }
  }
}

/**
 * The document's pages → its identity (department, year, kind), table spans, forms, narrative and 目录: a sheet
 * titled by its tab where its rows name no table, then every block of every page read in order (Segmenter).
 */
export function segment(layouts: PageLayout[]): Segmented {
  const pages = layouts.map(withTabTitle);
  const ident = docIdentity(pages);
  const seg = new Segmenter(ident.kind);
  for (const page of pages) seg.readPage(page);
  seg.closeSection();
  for (const f of seg.forms) attachRuns(f, pages);
  // no table page without its table: the pages segmentation made no table on still give theirs
  seg.tables.push(...unlistedTables(pages, seg.tables, seg.forms, ident.kind));
  return { ...ident, tables: seg.tables, forms: seg.forms, narrative: seg.narrative, contents: seg.contents, unit: seg.docUnit };
}

/** The runs of each page of a form inside the area its blocks cover there. */
function attachRuns(f: FormSpan, pages: PageLayout[]): void {
  const runs: { page: number; items: TextItem[] }[] = [];
  for (const n of f.pages) {
    const p = pages.find((x) => x.page === n);
    if (!p?.items) continue;
    const ys = f.blocks.flatMap((b) =>
      b.type === 'line' ? (b.page === n ? [b.line.y0, b.line.y1] : []) : b.grid.page === n ? [b.grid.box.y0, b.grid.box.y1] : [],
    );
    if (!ys.length) continue;
    const y0 = Math.min(...ys) - 1;
    const y1 = Math.max(...ys) + 1;
    runs.push({ page: n, items: p.items.filter((it) => (it.y0 + it.y1) / 2 >= y0 && (it.y0 + it.y1) / 2 <= y1) });
  }
  if (runs.length) f.runs = runs;
}
