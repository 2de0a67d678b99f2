/**
 * The seed's ten tables printed the way OTHER producers print them, one small PDF per layout feature
 * (samples/variants/*.pdf), so that an extraction failure points at one feature. Every variant starts
 * from the same GridSpecs as the Shanxi sample (tables.ts: the seed numbers with their fact keys) and
 * changes only how they are printed; the facts (and so the truth) follow the cells that carry them.
 */
import { type Cell, flowGrid, type GridSpec, placeCells, type Row } from './grid.js';
import { baselineIn, DocBuilder, type LineOp, type Measure, type PageModel } from './layout.js';
import { type TableLayout, tableLayout } from './tables.js';
import { isNumeric } from './text.js';
import type { SeedData, SeedTable } from './types.js';

export interface VariantTable {
  kind: string;
  /** The document's own label (公开01表), null where the variant prints none. */
  label: string | null;
  title: string;
  unit: string;
  pages: number[];
  empty: boolean;
}

export interface VariantLayout {
  pages: PageModel[];
  tables: VariantTable[];
}

export interface Variant {
  name: string;
  /** What is printed differently from the Shanxi sample (goes into the truth notes). */
  summary: string;
  borders?: 'stroke' | 'rect';
  layout(data: SeedData, measure: Measure): VariantLayout;
}

type Edge = NonNullable<LineOp['edge']>;

// ---------------------------------------------------------------------------------------------
// Grid transforms

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

function withSpan(cell: Cell, colSpan: number): Cell {
  const { colSpan: _c, ...rest } = cell;
  return colSpan > 1 ? { ...rest, colSpan } : rest;
}

/** Applies fn to every cell (header and body). */
function mapCells(spec: GridSpec, fn: (cell: Cell, header: boolean) => Cell): GridSpec {
  const map = (rows: Row[], header: boolean): Row[] => rows.map((r) => ({ ...r, cells: r.cells.map((cell) => fn(cell, header)) }));
  return { ...spec, header: map(spec.header, true), body: map(spec.body, false) };
}

/** Removes columns; a cell spanning a removed column gets narrower, a cell only in removed columns goes. */
function dropColumns(spec: GridSpec, drop: number[], columns: number[]): GridSpec {
  const n = spec.columns.length;
  const fix = (rows: Row[]): Row[] =>
    placeCells(rows, n).map((placed, r) => ({
      ...rows[r],
      cells: placed.flatMap((p) => {
        const kept = range(p.col, p.col + p.colSpan).filter((c) => !drop.includes(c)).length;
        return kept ? [withSpan(p.cell, kept)] : [];
      }),
    }));
  return { ...spec, columns, header: fix(spec.header), body: fix(spec.body) };
}

/**
 * Joins column a and a + 1 into one: a cell spanning both gets one column narrower, two single cells become one
 * whose text is join(left, right) and whose other properties are the right cell's.
 */
function joinColumns(spec: GridSpec, a: number, width: number, join: (l: Cell, r: Cell, header: boolean) => string): GridSpec {
  const n = spec.columns.length;
  const fix = (rows: Row[], header: boolean): Row[] =>
    placeCells(rows, n).map((placed, r) => {
      const cells: Cell[] = [];
      for (let i = 0; i < placed.length; i++) {
        const p = placed[i];
        const covers = p.col <= a && p.col + p.colSpan > a + 1;
        if (covers) cells.push(withSpan(p.cell, p.colSpan - 1));
        else if (p.col === a && placed[i + 1]?.col === a + 1) {
          const q = placed[++i];
          if (q.colSpan > 1) cells.push(p.cell, withSpan(q.cell, q.colSpan - 1));
          else cells.push({ ...q.cell, text: join(p.cell, q.cell, header) });
        } else cells.push(p.cell);
      }
      return { ...rows[r], cells };
    });
  const columns = [...spec.columns.slice(0, a), width, ...spec.columns.slice(a + 2)];
  return { ...spec, columns, header: fix(spec.header, true), body: fix(spec.body, false) };
}

/** Header rows that are column counters (栏次 / 1 2 3 …) left out. */
function withoutCounterRows(spec: GridSpec): GridSpec {
  const counter = (r: Row): boolean => r.cells[0]?.text === '栏次' || r.cells.every((cell) => /^\d+$/u.test(cell.text));
  return { ...spec, header: spec.header.filter((r) => !counter(r)) };
}

function rename(spec: GridSpec, names: Record<string, string>): GridSpec {
  return mapCells(spec, (cell, header) => (header && names[cell.text] ? { ...cell, text: names[cell.text] } : cell));
}

const scaled = (columns: number[], total: number): number[] => {
  const sum = columns.reduce((a, w) => a + w, 0);
  return columns.map((w) => Math.round(((w * total) / sum) * 100) / 100);
};

/**
 * Column widths that fill `total`, in the proportions of the given widths, but never narrower than the
 * widest number printed alone in a column (numbers do not wrap).
 */
function fitColumns(spec: GridSpec, measure: Measure, total: number): number[] {
  const n = spec.columns.length;
  const padX = spec.padX ?? 3;
  const min = new Array<number>(n).fill(0);
  for (const rows of [spec.header, spec.body]) {
    for (const placed of placeCells(rows, n)) {
      for (const p of placed) {
        if (p.colSpan !== 1 || !isNumeric(p.cell.text)) continue;
        min[p.col] = Math.max(min[p.col], measure.width(p.cell.text, p.cell.size ?? spec.fontSize, p.cell.bold) + 2 * padX + 2);
      }
    }
  }
  let w = scaled(spec.columns, total);
  for (let round = 0; round < 8; round++) {
    const short = w.map((x, i) => x < min[i]);
    if (!short.some(Boolean)) break;
    const need = w.reduce((a, x, i) => a + (short[i] ? min[i] - x : 0), 0);
    const slack = w.reduce((a, x, i) => a + (short[i] ? 0 : x - min[i]), 0);
    if (slack < need) throw new Error(`fitColumns: ${total}pt cannot hold the numbers of a ${n}-column table`);
    w = w.map((x, i) => (short[i] ? min[i] : x - ((x - min[i]) * need) / slack));
  }
  return w.map((x) => Math.round(x * 100) / 100);
}

const CODED = new Set(['income', 'expenditure', 'general_budget', 'gov_fund', 'state_capital']);

// ---------------------------------------------------------------------------------------------
// Page building blocks

const PORTRAIT_WIDTH = 595.28 - 90;
const LANDSCAPE_WIDTH = 841.89 - 90;

interface Printed {
  t: SeedTable;
  tl: TableLayout;
  /** Label as printed (null: none). */
  label: string | null;
  title: string;
  unit: string;
}

function printed(t: SeedTable, tl: TableLayout = tableLayout(t), more: Partial<Printed> = {}): Printed {
  return { t, tl, label: t.label, title: t.title, unit: t.unit, ...more };
}

const hasFacts = (spec: GridSpec): boolean => [...spec.header, ...spec.body].some((r) => r.cells.some((cell) => cell.fact));

/** Heading line on the first page that names the department and year (the document has no other cover). */
function coverLine(b: DocBuilder, text: string): void {
  b.paragraph(text, { size: 16, bold: true, align: 'center', leading: 1.6, spaceAfter: 10 });
}

/** Shanxi caption: title, label at the right, 部门名称 / 年度 / 单位 line. */
function shanxiCaption(b: DocBuilder, data: SeedData, p: Printed): void {
  b.paragraph(p.title, { size: 15, bold: true, align: 'center', leading: 1.5 });
  if (p.label) b.paragraph(p.label, { size: 9, align: 'right', leading: 1.4 });
  const base = baselineIn(b.y, 14, 9);
  b.placed(`${p.t.nameLabel}：${data.document.department}`, b.left, b.right, base, 9, 'left');
  b.placed(`${data.document.year}年度`, b.left, b.right, base, 9, 'center');
  b.placed(`${p.t.unitLabel}：${p.unit}`, b.left, b.right, base, 9, 'right');
  b.y += 18;
}

const SHANXI_CAPTION_HEIGHT = 15 * 1.5 + 9 * 1.4 + 18;

function notes(b: DocBuilder, p: Printed): void {
  b.y += 4;
  b.paragraph(p.t.note, { size: 8.5, leading: 1.5 });
  if (p.t.emptyNote) b.paragraph(p.t.emptyNote, { size: 9, leading: 1.6, spaceBefore: 4 });
}

interface PlaceOptions {
  caption?: (b: DocBuilder) => void;
  /** Drop these outer-frame borders of the grid. */
  dropEdges?: Edge[];
  /** Start on a new page (default true). */
  newPage?: boolean;
  /** Space above when not starting a new page. */
  gap?: number;
  /** Print the 注 lines under the grid (default true). */
  withNotes?: boolean;
  /** Turn the pages of this table: stored portrait with /Rotate 90. */
  rotate?: boolean;
}

function place(b: DocBuilder, data: SeedData, p: Printed, opts: PlaceOptions = {}): VariantTable {
  if (opts.newPage ?? true) b.newPage(p.tl.landscape);
  else b.y += opts.gap ?? 0;
  const before = b.pages.map((pg) => pg.ops.length);
  const first = b.pageNumber;
  (opts.caption ?? ((bb: DocBuilder) => shanxiCaption(bb, data, p)))(b);
  const res = flowGrid(b, p.tl.grid);
  if (opts.withNotes ?? true) notes(b, p);
  const pages = [...new Set([first, ...res.pages, b.pageNumber])];
  if (opts.dropEdges?.length) {
    const drop = new Set<Edge>(opts.dropEdges);
    b.pages.forEach((pg, i) => {
      const from = before[i] ?? 0;
      pg.ops = [...pg.ops.slice(0, from), ...pg.ops.slice(from).filter((op) => op.kind !== 'line' || !op.edge || !drop.has(op.edge))];
    });
  }
  if (opts.rotate) for (const n of pages) b.pages[n - 1].rotate = 90;
  return { kind: p.t.kind, label: p.label, title: p.title, unit: p.unit, pages, empty: !hasFacts(p.tl.grid) };
}

function folios(b: DocBuilder): void {
  b.pages.forEach((p, i) => {
    const folio = `- ${i + 1} -`;
    p.folio = folio;
    p.ops.push({ kind: 'text', x: (p.width - b.measure.width(folio, 9)) / 2, y: p.height - 28, text: folio, size: 9, bold: false });
  });
}

const coverText = (data: SeedData): string => `${data.document.department}${data.document.year}年度部门决算`;

/** The ten tables one per page (first one under the cover line), each laid out by `tl`. */
function simpleDocument(data: SeedData, measure: Measure, each: (t: SeedTable) => Printed, opts: (p: Printed) => PlaceOptions = () => ({})): VariantLayout {
  const b = new DocBuilder(measure);
  const tables: VariantTable[] = [];
  data.tables.forEach((t, i) => {
    const p = each(t);
    if (i === 0) {
      b.newPage(p.tl.landscape);
      coverLine(b, coverText(data));
    }
    tables.push(place(b, data, p, { ...opts(p), newPage: i > 0 }));
  });
  folios(b);
  return { pages: b.pages, tables };
}

const byKind = (data: SeedData, kind: string): SeedTable => {
  const t = data.tables.find((x) => x.kind === kind);
  if (!t) throw new Error(`seed has no ${kind} table`);
  return t;
};

// ---------------------------------------------------------------------------------------------
// 1. shanghai-style

function shanghaiTable(t: SeedTable): Printed {
  const tl = tableLayout(t);
  let g = tl.grid;
  const names = { 科目代码: '功能分类科目编码', 金额: '决算数' };
  switch (t.kind) {
    case 'summary':
      g = dropColumns(withoutCounterRows(g), [1, 4], [190, 62.5, 190, 62.5]);
      break;
    case 'fiscal_summary':
      g = dropColumns(withoutCounterRows(g), [1, 4], [112.5, 52, 112.5, 52, 58.67, 58.67, 58.66]);
      break;
    case 'general_budget_basic':
      g = rename(g, { 科目代码: '经济分类科目编码' });
      break;
    case 'general_budget':
    case 'state_capital': {
      g = withoutCounterRows(g);
      // Shanghai prints the 合计 of these tables as the last row
      const [total, ...rest] = g.body;
      g = { ...g, body: [...rest, total] };
      break;
    }
    default:
      g = withoutCounterRows(g);
  }
  return printed(t, { ...tl, grid: rename(g, names) }, { label: null, title: t.kind === 'general_budget_basic' ? '一般公共预算财政拨款基本支出决算表' : t.title });
}

const SHANGHAI_ORDER = ['summary', 'income', 'expenditure', 'fiscal_summary', 'general_budget', 'general_budget_basic', 'three_public', 'gov_fund', 'state_capital', 'disclosure_stats'];

function shanghaiStyle(data: SeedData, measure: Measure): VariantLayout {
  const b = new DocBuilder(measure);
  const tables: VariantTable[] = [];
  SHANGHAI_ORDER.forEach((kind, i) => {
    const p = shanghaiTable(byKind(data, kind));
    const caption = (bb: DocBuilder): void => {
      if (i === 0) bb.paragraph(`${data.document.department}${data.document.year}年度部门决算表`, { size: 16, bold: true, align: 'center', leading: 1.8, spaceAfter: 6 });
      bb.paragraph(p.title, { size: 10.5, align: 'center', leading: 1.6 });
      bb.paragraph(`单位：${p.unit}`, { size: 9, align: 'right', leading: 1.6 });
    };
    tables.push(place(b, data, p, { caption }));
  });
  folios(b);
  return { pages: b.pages, tables };
}

// ---------------------------------------------------------------------------------------------
// 2. split-codes

function splitCodes(t: SeedTable): Printed {
  return printed(t, splitCodeColumns(t, tableLayout(t)));
}

/** The code column of a coded table as three columns 类 / 款 / 项 under one 科目编码 heading (other tables unchanged). */
export function splitCodeColumns(t: SeedTable, tl: TableLayout): TableLayout {
  if (!CODED.has(t.kind)) return tl;
  const g = tl.grid;
  const [codeW, nameW, ...rest] = g.columns;
  const part = 22;
  const c = (text: string, more: Partial<Cell> = {}): Cell => ({ text, align: 'center', ...more });
  // base header: [项目 (2 columns), …] / [科目代码, 科目名称, …] / [栏次 (2 columns), 1, 2, …]
  const header = g.header.map((r, i) => {
    const cells = r.cells;
    if (i === 0) return { ...r, cells: [c('科目编码', { colSpan: 3 }), c('科目名称', { rowSpan: 2 }), ...cells.slice(1)] };
    if (i === 1) return { ...r, cells: [c('类'), c('款'), c('项'), ...cells.slice(2)] };
    return { ...r, cells: [withSpan(cells[0], 4), ...cells.slice(1)] };
  });
  const body = g.body.map((r) => {
    const [codeCell, nameCell, ...vals] = r.cells;
    if (codeCell.text === '合计') return { ...r, cells: [withSpan(codeCell, 4), ...r.cells.slice(1)] };
    const code = codeCell.text.replace(/\s+/gu, '');
    const parts = code.length === 3 ? [code, '', ''] : code.length === 5 ? ['', code.slice(3), ''] : ['', '', code.slice(5)];
    const codeCells = parts.map((s) => ({ text: s, align: 'center' as const }));
    return { ...r, cells: [...codeCells, { ...nameCell, indent: 0 }, ...vals] };
  });
  const columns = [part, part, part, codeW + nameW - 3 * part, ...rest];
  return { ...tl, grid: { ...g, columns, header, body } };
}

// ---------------------------------------------------------------------------------------------
// 3. yuan-thousands

/** A 万元 amount as 元 with thousands separators: "13759.26" → "137,592,600.00". */
export function wanToYuan(printedWan: string): string {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/u.exec(printedWan.trim());
  if (!m) throw new Error(`not a 万元 amount: "${printedWan}"`);
  const cents = (BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'))) * 10000n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
  return `${m[1]}${whole}.${(cents % 100n).toString().padStart(2, '0')}`;
}

const YUAN_LANDSCAPE = new Set(['income', 'expenditure', 'fiscal_summary', 'gov_fund', 'general_budget_basic', 'three_public']);

function yuanTable(t: SeedTable, measure: Measure): Printed {
  const tl = tableLayout(t);
  let g = mapCells(tl.grid, (cell) =>
    cell.fact && cell.fact.unit === '万元' ? { ...cell, text: wanToYuan(cell.text), numFmt: '#,##0.00', fact: { ...cell.fact, unit: '元' } } : cell,
  );
  const landscape = YUAN_LANDSCAPE.has(t.kind);
  g = { ...g, columns: fitColumns(g, measure, landscape ? LANDSCAPE_WIDTH : PORTRAIT_WIDTH) };
  return printed(t, { landscape, grid: g }, { unit: '元' });
}

// ---------------------------------------------------------------------------------------------
// 4. excel-caption

function excelCaption(t: SeedTable, data: SeedData): Printed {
  const tl = tableLayout(t);
  const g = tl.grid;
  const n = g.columns.length;
  const a = Math.ceil(n / 3);
  const bspan = Math.max(1, Math.floor((n - a) / 2));
  const caption: Row[] = [
    { cells: [{ text: t.title, colSpan: n, align: 'center', bold: true, size: 14 }], minHeight: 30 },
    { cells: [{ text: t.label, colSpan: n, align: 'right', size: 9 }] },
    {
      cells: [
        { text: `${t.nameLabel}：${data.document.department}`, colSpan: a, align: 'left', size: 9 },
        { text: `${data.document.year}年度`, colSpan: bspan, align: 'center', size: 9 },
        { text: `${t.unitLabel}：${t.unit}`, colSpan: n - a - bspan, align: 'right', size: 9 },
      ],
    },
  ];
  const tail: Row[] = [t.note, t.emptyNote ?? ''].filter(Boolean).map((text) => ({ cells: [{ text, colSpan: n, align: 'left' as const, size: 8.5 }] }));
  return printed(t, { ...tl, grid: { ...g, header: [...caption, ...g.header], body: [...g.body, ...tail] } });
}

function excelCaptionDocument(data: SeedData, measure: Measure): VariantLayout {
  return simpleDocument(
    data,
    measure,
    (t) => excelCaption(t, data),
    () => ({ caption: () => undefined, withNotes: false }),
  );
}

// ---------------------------------------------------------------------------------------------
// 5. wrapped-rows

const WRAPPED: Record<string, { columns: number[]; fontSize: number }> = {
  summary: { columns: [110, 30, 112.5, 110, 30, 112.5], fontSize: 10 },
  income: { columns: [40, 64, ...Array<number>(7).fill(57.29)], fontSize: 9 },
  expenditure: { columns: [40, 70, ...Array<number>(6).fill(65.83)], fontSize: 9 },
  fiscal_summary: { columns: [78, 24, 50, 78, 24, 62.75, 62.75, 62.75, 62.75], fontSize: 9 },
  general_budget: { columns: [50, 80, 125, 125, 125], fontSize: 9.5 },
  general_budget_basic: { columns: [38, 70, 80, 38, 70, 80, 38, 70, 80, 38, 70, 80], fontSize: 8 },
  gov_fund: { columns: [44, 70, ...Array<number>(6).fill(65.17)], fontSize: 9 },
  state_capital: { columns: [50, 80, 125, 125, 125], fontSize: 9.5 },
  three_public: { columns: Array<number>(12).fill(505 / 12), fontSize: 9 },
  disclosure_stats: { columns: [150, 40, 315], fontSize: 9.5 },
};

function wrappedRows(t: SeedTable): Printed {
  const tl = tableLayout(t);
  const w = WRAPPED[t.kind];
  return printed(t, { ...tl, grid: { ...tl.grid, columns: w.columns, fontSize: w.fontSize, minRowHeight: 24, padY: 3 } });
}

// ---------------------------------------------------------------------------------------------
// 6. two-per-page

function twoPerPage(data: SeedData, measure: Measure): VariantLayout {
  const b = new DocBuilder(measure);
  const tables: VariantTable[] = [];
  const p = (kind: string): Printed => {
    const t = byKind(data, kind);
    const tl = tableLayout(t);
    // a little tighter so that 公开09 and 公开10 share a page
    return kind === 'disclosure_stats' ? printed(t, { ...tl, grid: { ...tl.grid, minRowHeight: 18 } }) : printed(t, tl);
  };
  b.newPage();
  coverLine(b, coverText(data));
  tables.push(place(b, data, p('summary'), { newPage: false }));
  tables.push(place(b, data, p('income')));
  tables.push(place(b, data, p('expenditure')));
  // the next title at the very foot of this page, its grid on the next
  if (b.remaining < SHANXI_CAPTION_HEIGHT + 4) throw new Error('two-per-page: no room for the title at the foot of the page');
  b.y = b.bottom - SHANXI_CAPTION_HEIGHT - 1;
  tables.push(place(b, data, p('fiscal_summary'), { newPage: false }));
  tables.push(place(b, data, p('general_budget')));
  tables.push(place(b, data, p('general_budget_basic')));
  tables.push(place(b, data, p('gov_fund')));
  tables.push(place(b, data, p('state_capital'), { newPage: false, gap: 24 }));
  tables.push(place(b, data, p('three_public')));
  tables.push(place(b, data, p('disclosure_stats'), { newPage: false, gap: 20 }));
  const shared = (a: VariantTable, c: VariantTable): boolean => a.pages.length === 1 && c.pages.length === 1 && a.pages[0] === c.pages[0];
  const k = (kind: string): VariantTable => tables.find((x) => x.kind === kind)!;
  if (!shared(k('gov_fund'), k('state_capital')) || !shared(k('three_public'), k('disclosure_stats'))) throw new Error('two-per-page: tables do not share their page');
  folios(b);
  return { pages: b.pages, tables };
}

// ---------------------------------------------------------------------------------------------
// 7. rotated

const ROTATED = new Set(['income', 'fiscal_summary', 'general_budget_basic', 'three_public']);

function rotatedDocument(data: SeedData, measure: Measure): VariantLayout {
  return simpleDocument(
    data,
    measure,
    (t) => {
      const tl = tableLayout(t);
      if (!ROTATED.has(t.kind)) return printed(t, tl);
      return printed(t, { landscape: true, grid: { ...tl.grid, columns: scaled(tl.grid.columns, LANDSCAPE_WIDTH) } });
    },
    (p) => ({ rotate: ROTATED.has(p.t.kind) }),
  );
}

// ---------------------------------------------------------------------------------------------
// 8. thin-rect-borders

const MISSING_EDGES: Record<string, Edge[]> = {
  summary: ['left', 'right'],
  income: ['bottom'],
  expenditure: ['left', 'right'],
  fiscal_summary: ['top'],
  general_budget: ['right', 'bottom'],
  general_budget_basic: ['left', 'right'],
  gov_fund: [],
  state_capital: ['left'],
  three_public: ['top', 'bottom'],
  disclosure_stats: ['left', 'right'],
};

// ---------------------------------------------------------------------------------------------
// 9. code-in-name

function codeInName(t: SeedTable): Printed {
  const tl = tableLayout(t);
  const join = (l: Cell, r: Cell, header: boolean): string => (header ? r.text : [l.text, r.text].filter(Boolean).join(' '));
  let g = tl.grid;
  if (CODED.has(t.kind)) g = joinColumns(g, 0, g.columns[0] + g.columns[1], join);
  else if (t.kind === 'general_budget_basic') for (const a of [9, 6, 3, 0]) g = joinColumns(g, a, g.columns[a] + g.columns[a + 1], join);
  else return printed(t, tl);
  return printed(t, { ...tl, grid: g });
}

// ---------------------------------------------------------------------------------------------

export const VARIANTS: Variant[] = [
  {
    name: 'shanghai-style',
    summary:
      'Shanghai-style printing: no 公开0X表 labels and no 部门名称 line; one heading "…2024年度部门决算表" above the first table, each table titled in small type with 单位：万元 at the right; the two-sided tables have only 项目/决算数 columns (no 行次, no 栏次 row); code header 功能分类科目编码; 合计 as the last row of 公开05/08; Shanghai table order (三公 before 政府性基金) and the title 一般公共预算财政拨款基本支出决算表.',
    layout: shanghaiStyle,
  },
  {
    name: 'split-codes',
    summary:
      'Function codes split over 类 / 款 / 项 columns under a merged 科目编码 header (the Excel-export layout): a 类 row prints its 3 digits under 类, a 款 row only its 2 款 digits, a 项 row only its 2 项 digits; the higher levels are blank and carried from the rows above.',
    layout: (data, measure) => simpleDocument(data, measure, splitCodes),
  },
  {
    name: 'yuan-thousands',
    summary:
      'Amounts in 元 (the seed 万元 × 10000) with thousands separators (137,592,600.00), 金额单位：元; counts (辆, 台) unchanged. Wide tables on landscape pages so the longer numbers fit.',
    layout: (data, measure) => simpleDocument(data, measure, (t) => yuanTable(t, measure)),
  },
  {
    name: 'excel-caption',
    summary:
      'A workbook printed to PDF: each table\'s title, 公开0X表 label and 部门名称/年度/单位 line are merged cells inside the bordered grid (its first rows, spanning all columns, repeated on continuation pages); the 注 and 本表无数据 lines are merged rows at the bottom of the grid; no text outside the grids but the cover line and folios.',
    layout: excelCaptionDocument,
  },
  {
    name: 'wrapped-rows',
    summary:
      'Narrow name columns: long row names wrap over 2–3 lines in tall cells (min 24pt) with the numbers vertically centred; header labels wrap over 2 lines too.',
    layout: (data, measure) => simpleDocument(data, measure, wrappedRows),
  },
  {
    name: 'two-per-page',
    summary:
      'Tables flow one after another: 公开04\'s title, label and 部门名称 line at the very foot of the page where 公开03 ends, its grid on the next page; 公开07 and 公开08 on one page; 公开09 and 公开10 on one page.',
    layout: twoPerPage,
  },
  {
    name: 'rotated',
    summary:
      'The wide tables (公开02, 04, 06, 09) on pages stored portrait with /Rotate 90, their content drawn turned so that a viewer shows them landscape; the other tables on plain portrait pages.',
    layout: rotatedDocument,
  },
  {
    name: 'thin-rect-borders',
    summary:
      'Cell borders drawn as thin filled rectangles (0.6pt, one per cell side, not merged) as Excel and WPS print them, instead of stroked lines; parts of the outer frame are not drawn (left/right sides of 公开01, 03, 06, 10; bottom of 02; top of 04; right and bottom of 05; left of 08; top and bottom of 09).',
    borders: 'rect',
    layout: (data, measure) =>
      simpleDocument(
        data,
        measure,
        (t) => {
          const tl = tableLayout(t);
          return printed(t, tl);
        },
        (p) => ({ dropEdges: MISSING_EDGES[p.t.kind] ?? [] }),
      ),
  },
  {
    name: 'code-in-name',
    summary:
      'No separate code column: the code and the name share one cell ("2040201 行政运行", in 公开06 "30101 基本工资"), indented by level; the header names the column 科目名称.',
    layout: (data, measure) => simpleDocument(data, measure, codeInName),
  },
];
