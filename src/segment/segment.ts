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
import { boundariesWithin, regrid, toMatrix } from '../tables/grid.js';
import { AMOUNT_CELL } from '../domain/amounts.js';
import { captionTexts } from './captions.js';
import { HEADER_SIGNATURES, OTHER_KIND_PREFIX, normTitle, unitFromText } from '../domain/kinds.js';
import { findLabel, isTocLine, matchTitle } from '../domain/titles.js';
import { FORM_GRID_MARK_RE, HEAD_FIELDS, formLabel, isFormTitle } from '../domain/forms.js';
import {
  APPENDIX_HEADING, APPENDIX_LINE, BEFORE_CONTENTS, BUDGET_WORDS, CONTENTS_HEADING, COVER_TITLE, COVER_TITLE_YEAR_FIRST, DEPARTMENT_FIELD,
  EMPTY_CONDITIONAL, EMPTY_MARK, EXPLAINING, FINAL_WORDS, HEADING_LINE, LABEL_SEPARATORS, NARRATIVE_HEADING, NOTE_INTRO, NOTE_LINE,
  ORG_BEFORE_KIND, PART_HEADING, SENTENCE_BEFORE_ORG, SENTENCE_PUNCTUATION, UNIT_NOT_DEPARTMENT, YEAR,
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
}

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

function blocksOf(p: PageLayout): Block[] {
  const b: Block[] = [
    ...p.lines.map((line) => ({ type: 'line' as const, line, y: line.y0 })),
    ...p.grids.map((grid) => ({ type: 'grid' as const, grid, y: grid.box.y0 })),
  ];
  return b.sort((a, c) => a.y - c.y);
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

export function segment(layouts: PageLayout[]): Segmented {
  const pages = layouts.map(withTabTitle);
  const ident = docIdentity(pages);
  const tables: TableSpan[] = [];
  const forms: FormSpan[] = [];
  const narrative: NarrativeSection[] = [];
  const contents: string[] = [];
  let docUnit: string | undefined;

  let current: TableSpan | null = null; // the table a grid on this or the next page continues
  let pendingTitle: { kind: string; title: string; label: string | null; unit?: string; page: number } | null = null;
  let form: FormSpan | null = null;
  let section: NarrativeSection | null = null;
  let inAppendix = false;

  const closeSection = () => {
    if (section && section.text.trim()) narrative.push(section);
    section = null;
  };

  for (const p of pages) {
    const blocks = blocksOf(p);
    const pageText = p.lines.map((l) => normTitle(l.text)).join('');
    // a 目录 page: headed 目录, or several table titles and no table on it
    const titleLines = p.lines.filter((l) => matchTitle(l.text, ident.kind)).length;
    const isToc = CONTENTS_HEADING.test(normTitle(p.lines[0]?.text ?? '')) || pageText.slice(0, 40).includes('目录') ||
      (titleLines >= 3 && p.grids.length === 0);
    // a title waits for its grid on its own page or the next one only
    if (pendingTitle && pendingTitle.page < p.page - 1) pendingTitle = null;
    let pageUnit: string | undefined;
    for (const l of p.lines) pageUnit ??= unitFromText(l.text);
    docUnit ??= pageUnit;
    let skipLine: TextLine | null = null;
    let pageHeading: string | undefined;
    let labelAbove: string | null = null;

    for (const b of blocks) {
      if (b.type === 'line') {
        if (b.line === skipLine) continue;
        const text = b.line.text.trim();
        const nt = normTitle(text);
        if (!nt) continue;
        if (isToc || isTocLine(text)) {
          if (isToc && nt !== '目录') contents.push(text);
          continue;
        }
        // forms in the 附件
        if (isFormTitle(nt)) {
          closeSection();
          inAppendix = true;
          pendingTitle = null;
          current = null;
          form = { title: text, pages: [p.page], blocks: [] };
          forms.push(form);
          continue;
        }
        if (APPENDIX_HEADING.test(nt)) inAppendix = true;
        if (form) {
          if (APPENDIX_LINE.test(nt)) continue;
          if (!form.pages.includes(p.page)) form.pages.push(p.page);
          form.blocks.push({ type: 'line', line: b.line, page: p.page });
          continue;
        }
        if (HEADING_LINE.test(nt) && nt.length <= 60 && !isToc) pageHeading = text;
        // a label printed alone above the title (公开01表 / 收支预算总表)
        const ownLabel = nt.length <= 10 ? findLabel(nt) : null;
        if (ownLabel && nt.replace(LABEL_SEPARATORS, '').length <= ownLabel.length + 1 && !pendingTitle) {
          labelAbove = ownLabel;
          continue;
        }
        // a title broken over two short lines (…基本支出 / 决算表) is read joined
        let tm = matchTitle(text, ident.kind);
        const nextBlock = blocks[blocks.indexOf(b) + 1];
        if (!tm && nt.length <= 50 && nextBlock?.type === 'line' && normTitle(nextBlock.line.text).length <= 16 &&
          nextBlock.line.y0 - b.line.y1 < b.line.size * 1.2) {
          const joined = matchTitle(text + nextBlock.line.text, ident.kind);
          if (joined && !matchTitle(nextBlock.line.text, ident.kind)) {
            tm = joined;
            skipLine = nextBlock.line;
          }
        }
        if (tm) {
          closeSection();
          if (tm.continued && current && current.kind === tm.kind) {
            pendingTitle = null;
            continue;
          }
          pendingTitle = { kind: tm.kind, title: skipLine ? text + skipLine.text.trim() : text, label: tm.label ?? labelAbove, unit: pageUnit, page: p.page };
          labelAbove = null;
          current = null;
          continue;
        }
        if (pendingTitle) {
          // lines between a title and its grid: label, department, unit, empty mark
          const label = findLabel(nt);
          if (label && !pendingTitle.label && nt.length < 12) pendingTitle.label = label;
          const u = unitFromText(text);
          if (u) pendingTitle.unit = u;
          if (EMPTY_MARK.test(nt) && nt.length < 60) {
            tables.push({
              kind: pendingTitle.kind, title: pendingTitle.title, label: pendingTitle.label, unit: pendingTitle.unit,
              pages: [pendingTitle.page], grids: [], declaredEmpty: true, emptyNote: emptyNote(nt, p.page), ...(pageHeading ? { heading: pageHeading } : {}),
            });
            current = tables[tables.length - 1];
            pendingTitle = null;
          }
          continue;
        }
        // a heading of the narrative ends the table before it (the lines after a table are its notes otherwise)
        // (not a section row of the table that the grid left outside, like 二、机关运行经费 in 公开10)
        if (current && nt.length <= 40 && (PART_HEADING.test(nt) || (NARRATIVE_HEADING.test(nt) && EXPLAINING.test(nt)))) current = null;
        if (current) {
          if (EMPTY_MARK.test(nt) && nt.length < 60 && current.pages.includes(p.page)) {
            current.declaredEmpty = true;
            if (!current.emptyNote || current.emptyNote.conditional) current.emptyNote = emptyNote(nt, p.page);
          }
          if (NOTE_LINE.test(nt)) continue;
          const label = findLabel(nt);
          if (label && nt.length < 12) continue;
          if (unitFromText(text) && nt.length < 40) continue;
          // prose after a table ends it
          // (not a line that introduces the table's note: …并在本表下方作下述说明：)
          if (nt.length > 30 && !NOTE_INTRO.test(nt)) current = null;
          continue;
        }
        if (inAppendix) continue;
        // narrative
        if (NARRATIVE_HEADING.test(nt) && nt.length <= 40) {
          closeSection();
          section = { heading: nt, text: '', page: p.page };
        } else if (section) {
          section.text += text.replace(/\s+/g, '');
        } else if (nt.length > 20) {
          section = { heading: '', text: text.replace(/\s+/g, ''), page: p.page };
        }
        continue;
      }
      // a grid
      const g = b.grid;
      if (isToc) continue;
      // (budget documents print 绩效目标表 with the same labels: those are tables of their own kind)
      if (ident.kind !== 'budget' && isFormGrid(g) && (!form || form.blocks.some((x) => x.type === 'grid'))) {
        // a form printed without a title line (or with its title inside the grid)
        closeSection();
        inAppendix = true;
        pendingTitle = null;
        current = null;
        form = { title: '', pages: [p.page], blocks: [] };
        forms.push(form);
      }
      if (form) {
        if (!form.pages.includes(p.page)) form.pages.push(p.page);
        form.blocks.push({ type: 'grid', grid: g });
        continue;
      }
      const captions = captionTexts(g, ident.kind);
      let captionTitle: ReturnType<typeof matchTitle> = null;
      for (const c of captions) {
        captionTitle ??= matchTitle(c, ident.kind);
        const u = unitFromText(c);
        if (u && pendingTitle) pendingTitle.unit = u;
      }
      if (captionTitle && !pendingTitle) {
        pendingTitle = { kind: captionTitle.kind, title: captionTitle.title, label: captionTitle.label, unit: pageUnit, page: p.page };
      }
      if (pendingTitle) {
        // the same table titled again on the next page (a title repeated over each page) continues it
        const last = tables[tables.length - 1];
        // (not another table of the same kind: 表7 and 表8, or the same words with another qualifier)
        const sameTable = last && last.kind === pendingTitle.kind && normTitle(last.title) === normTitle(pendingTitle.title) &&
          (!last.label || !pendingTitle.label || last.label === pendingTitle.label);
        if (last && sameTable && last.grids.length && (last.pages.includes(p.page) || last.pages.includes(p.page - 1))) {
          if (!last.pages.includes(p.page)) last.pages.push(p.page);
          last.grids.push(g);
          current = last;
          pendingTitle = null;
          continue;
        }
        const span: TableSpan = {
          kind: pendingTitle.kind, title: pendingTitle.title, label: pendingTitle.label,
          unit: pendingTitle.unit ?? captions.map(unitFromText).find(Boolean) ?? pageUnit,
          pages: [p.page], grids: [g], declaredEmpty: false, ...(pageHeading ? { heading: pageHeading } : {}),
        };
        tables.push(span);
        current = span;
        pendingTitle = null;
        continue;
      }
      const prevGrid = current?.grids[current.grids.length - 1];
      if (current && prevGrid && (current.pages.includes(p.page) || current.pages.includes(p.page - 1))) {
        // a continuation: same table on this page or the next one
        let next: Grid | null = continues(prevGrid, g) ? g : null;
        if (!next && g.method === 'stream' && prevGrid.method === 'stream' && prevGrid.colX) next = regrid(g, prevGrid.colX);
        // a ruled page holding only some of the columns (the 合计 row alone, its name over the code columns)
        if (!next && g.method === 'lattice' && prevGrid.method === 'lattice' && prevGrid.colX && g.nCols < prevGrid.nCols &&
          boundariesWithin(g, prevGrid.colX, Math.max(6, (prevGrid.box.x1 - prevGrid.box.x0) * 0.03))) next = regrid(g, prevGrid.colX);
        if (next) {
          if (!current.pages.includes(p.page)) current.pages.push(p.page);
          current.grids.push(next);
          continue;
        }
      }
      // an untitled table: its header labels may still say which standard table it is
      const byHeader = classifyByHeader(g, ident.kind);
      if (byHeader && !tables.some((t) => t.kind === byHeader)) {
        const span: TableSpan = { kind: byHeader, title: '', label: null, unit: pageUnit, pages: [p.page], grids: [g], declaredEmpty: false };
        tables.push(span);
        current = span;
      } else if (!inAppendix && holdsAmounts(g)) {
        // a table of amounts whose title the reader did not recognise is still read, named from the line above it
        const above = [...p.lines].reverse().filter((l) => l.y1 <= g.box.y0 + 1 && normTitle(l.text).length >= 4).slice(0, 3)
          .find((l) => normTitle(l.text).length <= 40 && !SENTENCE_PUNCTUATION.test(l.text));
        const name = above ? normTitle(above.text).replace(NARRATIVE_HEADING, '').replace(PART_HEADING, '') : '未命名表格';
        const span: TableSpan = { kind: `${OTHER_KIND_PREFIX}${name}`, title: above?.text.trim() ?? '', label: null, unit: pageUnit, pages: [p.page], grids: [g], declaredEmpty: false };
        tables.push(span);
        current = span;
      }
    }
    // a title at the bottom of a page with no grid yet waits for the next page
  }
  closeSection();
  for (const f of forms) attachRuns(f, pages);
  return { ...ident, tables, forms, narrative, contents, unit: docUnit };
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
