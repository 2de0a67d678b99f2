/**
 * Excel source: .xlsx (exceljs) and legacy .xls (BIFF8, through the SheetJS 0.20 republish @e965/xlsx) →
 * pages like the PDF source's (PageContent), so the same stages run after it: titles, kinds, units and
 * continuation are found by `segment` exactly as for PDFs.
 *
 * Each visible sheet becomes one page. Its rows are read top to bottom: the title, 公开0X表 label and
 * 部门名称/年度/金额单位 rows become text runs (synthetic text boxes laid out as the cells are), the cell range
 * between them becomes a ready-made Grid (method 'sheet') with its merged cells as spans, which the tables stage
 * passes through, and notes under the table (注：…, 说明：本表无数据) become text runs again. A sheet may hold several tables one under another: an empty
 * row, a title row or a unit row ends a grid.
 */
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import type { PageContent, PageSource, TextItem } from '../model/page.js';
import type { Grid, GridCell } from '../model/grid.js';
import { InputError, libraryDetail } from '../model/errors.js';
import { LIMITS, overLimit } from '../model/limits.js';
import { findLabel, matchTitle } from '../domain/titles.js';
import { unitFromText } from '../domain/kinds.js';
import { INFO_CELL, ORDINAL_HEADING, SHEET_NOTE, UNIT_WORD } from '../domain/labels.js';
import { readZip } from './zip.js';

const ROW_H = 18;
const FONT = 10;
/** points per character of Excel column width */
const PT_PER_CHAR = 6;
const DEFAULT_COL_CHARS = 10;

interface Range {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** One sheet as read, before layout: texts as displayed (numbers formatted), merges, hidden rows/columns. */
export interface RawSheet {
  name: string;
  /** texts[r][c], 0-based; '' or undefined for an empty cell */
  texts: (string | undefined)[][];
  /** true where the cell holds a number */
  numeric: Set<string>;
  merges: Range[];
  hiddenRows: Set<number>;
  hiddenCols: Set<number>;
  /** column widths in characters, where the sheet sets them */
  colWidths: (number | undefined)[];
}

// ---------------------------------------------------------------------------------------------------------
// Number formats: the text a cell shows

function decimalsOf(fmt: string): number {
  const m = fmt.match(/\.([0#?]+)/);
  return m ? m[1].length : 0;
}

/** The number as Excel displays it under a simple number format (0.00, #,##0.00, 0.00%, General). */
export function formatNumber(v: number, fmt: string | undefined): string {
  const sections = (fmt ?? '').split(';');
  let f = sections[0] ?? '';
  let neg = false;
  if (v < 0 && sections.length > 1 && sections[1]) {
    f = sections[1];
    neg = true;
  }
  const general = !f || /^general$/i.test(f) || !/[0#?]/.test(f);
  if (general) return String(Number(v.toPrecision(15)));
  const percent = f.includes('%');
  const x = percent ? v * 100 : v;
  const d = decimalsOf(f);
  let s = Math.abs(neg ? x : x).toFixed(d);
  if (/[0#],[0#]/.test(f)) {
    const [int, frac] = s.split('.');
    s = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
  }
  if (percent) s += '%';
  if (neg) return /\(/.test(f) ? `(${s})` : `-${s}`;
  return x < 0 && Number(s.replace(/[,%]/g, '')) !== 0 ? `-${s}` : s;
}

// ---------------------------------------------------------------------------------------------------------
// .xlsx through exceljs

function a1(ref: string): { r: number; c: number } {
  const m = ref.replace(/\$/g, '').match(/^([A-Z]+)(\d+)$/i);
  if (!m) throw new Error(`bad cell reference ${ref}`);
  let c = 0;
  for (const ch of m[1].toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: Number(m[2]) - 1, c: c - 1 };
}

function xlsxCellText(cell: ExcelJS.Cell): { text: string; numeric: boolean } {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { text: '', numeric: false };
  if (typeof v === 'number') return { text: formatNumber(v, cell.numFmt), numeric: true };
  if (typeof v === 'string') return { text: v, numeric: false };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE', numeric: false };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10), numeric: false };
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if (o.richText) return { text: o.richText.map((t) => t.text).join(''), numeric: false };
    if ('result' in o || o.formula || o.sharedFormula) {
      const r = o.result;
      if (typeof r === 'number') return { text: formatNumber(r, cell.numFmt), numeric: true };
      if (typeof r === 'string') return { text: r, numeric: false };
      if (r && typeof r === 'object' && 'error' in r) return { text: '', numeric: false };
      return { text: r === undefined || r === null ? '' : String(r), numeric: false };
    }
    if (typeof o.text === 'string') return { text: o.text, numeric: false };
    if (o.text && typeof o.text === 'object' && 'richText' in (o.text as object)) {
      return { text: ((o.text as { richText: { text: string }[] }).richText).map((t) => t.text).join(''), numeric: false };
    }
    if (o.error) return { text: '', numeric: false };
  }
  return { text: String(v), numeric: false };
}

/** Cells in an A1:B2 range. */
function refArea(ref: string): number {
  const [a, b] = ref.split(':');
  try {
    const s = a1(a);
    const e = a1(b ?? a);
    return (Math.abs(e.r - s.r) + 1) * (Math.abs(e.c - s.c) + 1);
  } catch {
    return 0;
  }
}

/**
 * The package is checked (readZip: SheetJS's zip reader spins on damaged deflate data) and its sheets looked
 * at before exceljs loads them: exceljs makes an object for every cell of a merged range, so one merge to the end
 * of the sheet (A1:XFD1048576) would take it past any memory, and a 200 000-row sheet took it half a minute and
 * 600 MB before the cell limit refused it.
 */
function checkXlsxParts(name: string, data: Uint8Array): void {
  for (const e of readZip(name, data)) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const xml = e.data.toString('latin1');
    // the cells written in the sheet: more than the limit would be refused after a long load anyway
    let cells = 0;
    for (let i = xml.indexOf('<c '); i >= 0; i = xml.indexOf('<c ', i + 3)) cells++;
    if (cells > LIMITS.sheetCells.value) throw new InputError(name, 'too_large', `a sheet with ${cells} cells, ${overLimit('sheetCells')}`);
    for (const m of xml.matchAll(/<mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/gi)) {
      if (refArea(m[1]) > LIMITS.sheetCells.value) {
        throw new InputError(name, 'too_large', `a merged range ${m[1]} of ${refArea(m[1])} cells, ${overLimit('sheetCells')}`);
      }
    }
  }
}

async function readXlsx(name: string, data: Uint8Array): Promise<RawSheet[]> {
  checkXlsxParts(name, data);
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs' typings want its own Buffer type; a Node Buffer over the same bytes is what it reads
    await wb.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    // exceljs gives up on some producers' packages (odd drawings, pivot caches); SheetJS reads those too
    try {
      return readSheetJs(name, data, 'xlsx');
    } catch {
      throw new InputError(name, 'corrupt', `not a readable .xlsx workbook (${libraryDetail(err)})`);
    }
  }
  const sheets: RawSheet[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
    const texts: (string | undefined)[][] = [];
    const numeric = new Set<string>();
    const hiddenRows = new Set<number>();
    const hiddenCols = new Set<number>();
    const colWidths: (number | undefined)[] = [];
    let maxCol = 0;
    ws.eachRow({ includeEmpty: false }, (row, rn) => {
      const r = rn - 1;
      if (row.hidden) hiddenRows.add(r);
      const out: (string | undefined)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, cn) => {
        // merged slaves repeat the master's value in exceljs: only the master keeps it
        if (cell.isMerged && cell.master !== cell) return;
        const { text, numeric: isNum } = xlsxCellText(cell);
        if (!text) return;
        out[cn - 1] = text;
        if (isNum) numeric.add(`${r},${cn - 1}`);
        maxCol = Math.max(maxCol, cn);
      });
      texts[r] = out;
    });
    for (let c = 1; c <= Math.max(maxCol, ws.columnCount); c++) {
      const col = ws.getColumn(c);
      if (col.hidden) hiddenCols.add(c - 1);
      colWidths[c - 1] = col.width;
    }
    const merges: Range[] = [];
    for (const ref of ((ws.model as { merges?: string[] }).merges ?? [])) {
      const [a, b] = ref.split(':');
      const s = a1(a);
      const e = a1(b ?? a);
      merges.push({ r0: s.r, c0: s.c, r1: e.r, c1: e.c });
    }
    sheets.push({ name: ws.name, texts, numeric, merges, hiddenRows, hiddenCols, colWidths });
  }
  return sheets;
}

// ---------------------------------------------------------------------------------------------------------
// .xls (BIFF8, and the HTML tables some systems save as .xls) through SheetJS

function readSheetJs(name: string, data: Uint8Array, format: 'xlsx' | 'xls'): RawSheet[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(data, { type: 'array', cellStyles: true, cellDates: false, dense: false });
  } catch (err) {
    const msg = libraryDetail(err);
    if (/password|encrypt/i.test(msg)) throw new InputError(name, 'encrypted', `the workbook is password-protected (${msg})`);
    // a TypeError or RangeError is SheetJS tripping over damaged records (a deleted or cut range), not a message
    // of its own about the file: said as damage, with SheetJS's words as the detail
    if (err instanceof TypeError || err instanceof RangeError) {
      throw new InputError(name, 'corrupt', `not a readable .${format} workbook: its content is damaged (SheetJS failed inside it: ${msg})`);
    }
    throw new InputError(name, 'corrupt', `not a readable .${format} workbook (${msg})`);
  }
  const sheets: RawSheet[] = [];
  wb.SheetNames.forEach((sn, i) => {
    const hidden = wb.Workbook?.Sheets?.[i]?.Hidden;
    if (hidden) return;
    const ws = wb.Sheets[sn];
    if (!ws) return;
    const texts: (string | undefined)[][] = [];
    const numeric = new Set<string>();
    for (const addr of Object.keys(ws)) {
      if (addr.startsWith('!')) continue;
      const cell = ws[addr] as XLSX.CellObject;
      const { r, c } = XLSX.utils.decode_cell(addr);
      let text = '';
      let isNum = false;
      if (cell.t === 'n' && typeof cell.v === 'number') {
        text = cell.w ?? formatNumber(cell.v, typeof cell.z === 'string' ? cell.z : undefined);
        isNum = true;
      } else if (cell.t === 's') text = String(cell.v ?? '');
      else if (cell.t === 'b') text = cell.v ? 'TRUE' : 'FALSE';
      else if (cell.t === 'd') text = cell.w ?? String(cell.v);
      if (!text) continue;
      (texts[r] ??= [])[c] = text;
      if (isNum) numeric.add(`${r},${c}`);
    }
    const hiddenRows = new Set<number>();
    const hiddenCols = new Set<number>();
    const colWidths: (number | undefined)[] = [];
    (ws['!rows'] ?? []).forEach((row, r) => {
      if (row?.hidden) hiddenRows.add(r);
    });
    (ws['!cols'] ?? []).forEach((col, c) => {
      if (col?.hidden) hiddenCols.add(c);
      colWidths[c] = col?.wch ?? col?.width;
    });
    const merges = (ws['!merges'] ?? []).map((m) => ({ r0: m.s.r, c0: m.s.c, r1: m.e.r, c1: m.e.c }));
    sheets.push({ name: sn, texts, numeric, merges, hiddenRows, hiddenCols, colWidths });
  });
  return sheets;
}

// ---------------------------------------------------------------------------------------------------------
// Sheet → page layout

/** A rectangle of the visible sheet holding one text: a merged range or a single cell. */
interface Region extends Range {
  text: string;
  numeric: boolean;
}


/** The visible, used part of a sheet as regions, with the row and column geometry of the page. */
function visibleRegions(raw: RawSheet): { regions: Region[]; nRows: number; nCols: number; colX: number[] } {
  const rowsUsed: number[] = [];
  const colsUsed = new Set<number>();
  for (let r = 0; r < raw.texts.length; r++) {
    const row = raw.texts[r];
    if (!row || raw.hiddenRows.has(r)) continue;
    let any = false;
    row.forEach((t, c) => {
      if (t && t.trim() && !raw.hiddenCols.has(c)) {
        any = true;
        colsUsed.add(c);
      }
    });
    if (any) rowsUsed.push(r);
  }
  // rows and columns covered by a merge whose master has text are used too
  for (const m of raw.merges) {
    const t = raw.texts[m.r0]?.[m.c0];
    if (!t || !t.trim()) continue;
    for (let c = m.c0; c <= m.c1; c++) if (!raw.hiddenCols.has(c)) colsUsed.add(c);
  }
  if (!rowsUsed.length) return { regions: [], nRows: 0, nCols: 0, colX: [0] };
  // rowsUsed is ascending; a loop, not Math.max(...list): spreading 200 000 rows overflows the call stack
  let lastRow = rowsUsed[rowsUsed.length - 1];
  for (const m of raw.merges) if (raw.texts[m.r0]?.[m.c0] && m.r1 > lastRow) lastRow = m.r1;
  const firstRow = rowsUsed[0];
  // visible rows between the first and the last used one (empty rows kept: they separate tables)
  const rowMap = new Map<number, number>();
  for (let r = firstRow, v = 0; r <= lastRow; r++) if (!raw.hiddenRows.has(r)) rowMap.set(r, v++);
  const cols = [...colsUsed].sort((a, b) => a - b);
  const minC = cols[0];
  const maxC = cols[cols.length - 1];
  const colMap = new Map<number, number>();
  const colX = [0];
  for (let c = minC, v = 0; c <= maxC; c++) {
    if (raw.hiddenCols.has(c)) continue;
    colMap.set(c, v++);
    colX.push(colX[colX.length - 1] + (raw.colWidths[c] ?? DEFAULT_COL_CHARS) * PT_PER_CHAR);
  }
  const nRows = rowMap.size;
  const nCols = colMap.size;
  // a guard against a range formatted to the end of the sheet
  if (nRows * nCols > LIMITS.sheetCells.value) throw new InputError('', 'too_large', `sheet ${raw.name} has ${nRows}×${nCols} cells, ${overLimit('sheetCells')}`);

  const mapRange = (m: Range): Range | null => {
    let r0 = -1, r1 = -1, c0 = -1, c1 = -1;
    for (let r = m.r0; r <= m.r1; r++) {
      const v = rowMap.get(r);
      if (v === undefined) continue;
      if (r0 < 0) r0 = v;
      r1 = v;
    }
    for (let c = m.c0; c <= m.c1; c++) {
      const v = colMap.get(c);
      if (v === undefined) continue;
      if (c0 < 0) c0 = v;
      c1 = v;
    }
    return r0 < 0 || c0 < 0 ? null : { r0, r1, c0, c1 };
  };

  const regions: Region[] = [];
  const covered = new Set<string>();
  for (const m of raw.merges) {
    const vr = mapRange(m);
    if (!vr) continue;
    for (let r = m.r0; r <= m.r1; r++) for (let c = m.c0; c <= m.c1; c++) covered.add(`${r},${c}`);
    const text = (raw.texts[m.r0]?.[m.c0] ?? '').trim();
    if (!text) continue;
    regions.push({ ...vr, text, numeric: raw.numeric.has(`${m.r0},${m.c0}`) });
  }
  raw.texts.forEach((row, r) => {
    const vr = rowMap.get(r);
    if (!row || vr === undefined) return;
    row.forEach((t, c) => {
      const vc = colMap.get(c);
      if (vc === undefined || !t || !t.trim() || covered.has(`${r},${c}`)) return;
      regions.push({ r0: vr, r1: vr, c0: vc, c1: vc, text: t.trim(), numeric: raw.numeric.has(`${r},${c}`) });
    });
  });
  return { regions, nRows, nCols, colX };
}

function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? FONT : FONT * 0.55;
  return w;
}

/** The page of one sheet: text runs for the rows around its tables, ready-made grids for the tables. */
export function sheetPage(raw: RawSheet, page: number): PageContent {
  const { regions, nRows, nCols, colX } = visibleRegions(raw);
  const width = Math.max(colX[colX.length - 1], 100);
  const height = Math.max(nRows * ROW_H, 100);
  const y = (r: number) => r * ROW_H;
  const boxOf = (g: Range) => ({ x0: colX[g.c0], y0: y(g.r0), x1: colX[g.c1 + 1], y1: y(g.r1 + 1) });

  // the regions present in each row (a merge spanning rows is present in each)
  const byRow: Region[][] = Array.from({ length: nRows }, () => []);
  for (const g of regions) for (let r = g.r0; r <= g.r1; r++) byRow[r].push(g);
  for (const row of byRow) row.sort((a, b) => a.c0 - b.c0);

  const single = (r: number) => byRow[r].length === 1 && byRow[r][0].r0 === r && byRow[r][0].r1 === r && !byRow[r][0].numeric;
  const info = (r: number) =>
    byRow[r].length > 0 &&
    byRow[r].every((g) => g.r0 === r && !g.numeric) &&
    byRow[r].some((g) => INFO_CELL.test(g.text) || !!unitFromText(g.text) || (!!findLabel(g.text) && g.text.length < 12));
  const unitRow = (r: number) => byRow[r].some((g) => !!unitFromText(g.text) && UNIT_WORD.test(g.text));
  const titleish = (t: string) => !!matchTitle(t) || SHEET_NOTE.test(t) || (!!findLabel(t) && t.length < 12);

  const proseRows: number[] = [];
  const blocks: [number, number][] = [];
  let start = -1;
  const close = (end: number) => {
    if (start >= 0) blocks.push([start, end]);
    start = -1;
  };
  for (let r = 0; r < nRows; r++) {
    if (!byRow[r].length) {
      close(r - 1);
      continue;
    }
    if (start < 0) {
      // before a table: the title, label and 部门/年度/单位 rows; a numbered section heading merged across the
      // table (一、政府采购情况) belongs to the table
      const sectionHead = single(r) && ORDINAL_HEADING.test(byRow[r][0].text) && byRow[r][0].c1 - byRow[r][0].c0 + 1 === nCols && !matchTitle(byRow[r][0].text);
      if ((single(r) && !sectionHead) || info(r)) {
        proseRows.push(r);
        continue;
      }
      start = r;
      continue;
    }
    // inside a table: a title, a note or a unit line ends it
    if ((single(r) && titleish(byRow[r][0].text)) || (info(r) && unitRow(r))) {
      close(r - 1);
      proseRows.push(r);
      continue;
    }
  }
  close(nRows - 1);

  const items: TextItem[] = [];
  for (const r of proseRows) {
    for (const g of byRow[r]) {
      const b = boxOf(g);
      const w = Math.min(textWidth(g.text), b.x1 - b.x0 - 2);
      // centred text in a wide merged cell (a title), left-aligned otherwise
      const x0 = g.c1 > g.c0 ? Math.max(b.x0 + 1, (b.x0 + b.x1 - w) / 2) : b.x0 + 1;
      items.push({ str: g.text, x0, y0: y(r) + 3, x1: x0 + w, y1: y(r) + 3 + FONT, size: FONT });
    }
  }

  const grids: Grid[] = blocks.map(([r0, r1]) => {
    const inBlock = regions.filter((g) => g.r1 >= r0 && g.r0 <= r1);
    const cells: GridCell[] = [];
    let c0 = nCols;
    let c1 = -1;
    for (const g of inBlock) {
      c0 = Math.min(c0, g.c0);
      c1 = Math.max(c1, g.c1);
    }
    for (const g of inBlock) {
      const gr0 = Math.max(g.r0, r0);
      const gr1 = Math.min(g.r1, r1);
      cells.push({
        row: gr0 - r0,
        col: g.c0 - c0,
        rowSpan: gr1 - gr0 + 1,
        colSpan: g.c1 - g.c0 + 1,
        text: g.text,
        box: boxOf({ r0: gr0, r1: gr1, c0: g.c0, c1: g.c1 }),
      });
    }
    cells.sort((a, b) => a.row - b.row || a.col - b.col);
    return {
      page,
      box: { x0: colX[c0], y0: y(r0), x1: colX[c1 + 1], y1: y(r1 + 1) },
      nRows: r1 - r0 + 1,
      nCols: c1 - c0 + 1,
      cells,
      colX: colX.slice(c0, c1 + 2),
      method: 'sheet',
    };
  });

  // the tab, laid out above the first row: segmentation takes it for the title of a sheet whose rows name no
  // table (收入决算表, 公开02表 收入决算表)
  const w = textWidth(raw.name);
  const tabName: TextItem = { str: raw.name, x0: 0, y0: -ROW_H, x1: w, y1: -ROW_H + FONT, size: FONT };
  return { page, width, height, items, rules: [], source: 'sheet', grids, tabName };
}

export async function readSheets(name: string, data: Uint8Array, format: 'xlsx' | 'xls'): Promise<RawSheet[]> {
  return format === 'xlsx' ? readXlsx(name, data) : readSheetJs(name, data, 'xls');
}

/** Opens a workbook as a page source: each visible sheet is laid out (a sheet that cannot be fails the file). */
export async function openWorkbook(name: string, data: Uint8Array, format: 'xlsx' | 'xls'): Promise<PageSource> {
  let sheets: RawSheet[];
  try {
    sheets = await readSheets(name, data, format);
  } catch (err) {
    if (err instanceof InputError) throw err;
    // the readers fail inside a damaged package or record with their own TypeErrors
    throw new InputError(name, 'corrupt', `not a readable .${format} workbook: its cells cannot be read (${libraryDetail(err)})`);
  }
  if (!sheets.length) throw new InputError(name, 'empty', 'the workbook has no visible sheet');
  const pages = sheets.map((s, i) => {
    try {
      return sheetPage(s, i + 1);
    } catch (err) {
      if (err instanceof InputError) throw new InputError(name, err.code, err.reason);
      throw new InputError(name, 'corrupt', `sheet ${s.name} cannot be laid out (${libraryDetail(err)})`);
    }
  });
  if (pages.every((p) => !p.items.length && !p.grids?.length)) throw new InputError(name, 'empty', 'the workbook has no cell with text');
  return {
    numPages: pages.length,
    page: async (n) => pages[n - 1],
    close: async () => undefined,
  };
}
