/**
 * The seed's ten tables re-printed through REAL producers (Chromium's print to PDF from HTML, LibreOffice Calc from
 * an XLSX written with exceljs) in the layouts real offices produce, with the truth derived from the same cells.
 *
 * A layout is a point of a few independent axes (rulings, font size, column widths, orientation, scaling, page
 * splits with or without repeated header rows, 元 with thousands separators or 万元, how an empty amount is printed,
 * 类/款/项 in three columns or one code column). The tables and their fact keys come from scripts/samples/lib/tables.ts
 * (the GridSpecs of samples/), the printing routes from scripts/samples/producers.ts; only the styling is new here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromiumPdf, fitRowHeights, loadSeed, printHtml, sofficePdf } from '../samples/producers.js';
import type { Fact } from '../samples/lib/checks.js';
import { type Cell, type GridSpec, placeCells, type Row } from '../samples/lib/grid.js';
import { gridFacts, type TableLayout, tableLayout } from '../samples/lib/tables.js';
import { parseValue } from '../samples/lib/text.js';
import type { SeedData, SeedTable } from '../samples/lib/types.js';
import { splitCodeColumns, wanToYuan } from '../samples/lib/variants.js';
import { addTableSheet } from '../samples/lib/xlsx.js';

export type Rules = 'all' | 'none' | 'outer' | 'hrules' | 'header' | 'vrules';

export interface Layout {
  name: string;
  /** Chromium's print to PDF of an HTML page; LibreOffice Calc of a workbook; LibreOffice Writer of the same HTML
   * page (HTML → DOCX → PDF, a document typed in a word processor). */
  producer: 'chromium' | 'calc' | 'writer';
  rules: Rules;
  /** Body font size in pt. */
  fontSize: number;
  /** Text columns (names, codes) at this fraction of their width, the rest going to the amounts: names wrap. */
  narrow: number;
  orientation: 'auto' | 'portrait' | 'landscape';
  /** Calc: scale the sheet to the page width (fitToWidth 1); otherwise printed at 100 %. */
  fit: boolean;
  /** Calc, not fitted to the width: the pages of the right-hand columns after all the left-hand pages ('down',
   * Calc's and Excel's default) or after each ('over'). */
  pageOrder?: 'down' | 'over';
  /** Extra vertical padding per row in pt, so the longer tables run over two or more pages. */
  tall: number;
  /** Header rows printed again at the top of every continuation page. */
  repeatHeader: boolean;
  unit: 'wan' | 'yuan';
  empty: 'blank' | 'dash' | 'zero';
  codes: 'one' | 'three';
}

export const BASE: Layout = {
  name: 'base',
  producer: 'chromium',
  rules: 'all',
  fontSize: 9,
  narrow: 1,
  orientation: 'auto',
  fit: true,
  tall: 0,
  repeatHeader: true,
  unit: 'wan',
  empty: 'blank',
  codes: 'one',
};

// ---------------------------------------------------------------------------------------------
// The grid: the seed's cells, with the unit, empty-cell and code-column choices applied

const isFactRow = (row: Row): boolean => row.cells.some((c) => c.fact);

/**
 * Empty amount cells printed as '-' or as a zero. A zero is a fact: its row key is the one key the row's other
 * amounts share and its column key the one key its column's amounts share (rows with facts of several keys — the
 * two sides of a 总表, the groups of 公开06 — are left blank, their keys being ambiguous).
 */
function fillEmpty(grid: GridSpec, how: Layout['empty'], unitOf: (u: string) => string): GridSpec {
  if (how === 'blank') return grid;
  const n = grid.columns.length;
  const placed = placeCells(grid.body, n);
  const colKey = new Map<number, Set<string>>();
  const tableOf = new Set<string>();
  let unit = '';
  for (const row of placed) {
    for (const p of row) {
      if (!p.cell.fact || p.colSpan !== 1) continue;
      if (!colKey.has(p.col)) colKey.set(p.col, new Set());
      colKey.get(p.col)!.add(p.cell.fact.column);
      tableOf.add(p.cell.fact.table);
      unit = p.cell.fact.unit;
    }
  }
  if (tableOf.size !== 1 || !['元', '万元'].includes(unit)) return grid;
  // two columns of one key (the groups of 公开06, the two sides of a 总表) or a row of two keys: keys ambiguous
  const keysOfCols = [...colKey.values()].map((k) => [...k].join('|'));
  if (new Set(keysOfCols).size !== keysOfCols.length) return grid;
  if (grid.body.some((row) => new Set(row.cells.filter((c) => c.fact).map((c) => c.fact!.row)).size > 1)) return grid;
  const table = [...tableOf][0];
  const body = grid.body.map((row, r) => {
    const rowKeys = new Set(row.cells.filter((c) => c.fact).map((c) => c.fact!.row));
    if (rowKeys.size !== 1) return row;
    const rowKey = [...rowKeys][0];
    return {
      ...row,
      cells: row.cells.map((cell, i): Cell => {
        const p = placed[r][i];
        const keys = colKey.get(p.col);
        if (cell.text !== '' || p.colSpan !== 1 || !keys || keys.size !== 1) return cell;
        if (how === 'dash') return { ...cell, text: '-', align: 'center' };
        return { ...cell, text: '0.00', align: 'right', numFmt: unit === '元' ? '#,##0.00' : '0.00', fact: { table, row: rowKey, column: [...keys][0], unit: unitOf(unit) } };
      }),
    };
  });
  return { ...grid, body };
}

function toYuan(grid: GridSpec): GridSpec {
  const map = (rows: Row[]): Row[] =>
    rows.map((r) => ({
      ...r,
      cells: r.cells.map((cell) =>
        cell.fact && cell.fact.unit === '万元' ? { ...cell, text: wanToYuan(cell.text), numFmt: '#,##0.00', fact: { ...cell.fact, unit: '元' } } : cell,
      ),
    }));
  return { ...grid, header: map(grid.header), body: map(grid.body) };
}

/** A column whose body cells hold no amount (codes, names, 行次 …). */
function textColumns(grid: GridSpec): boolean[] {
  const n = grid.columns.length;
  const amounts = new Array<boolean>(n).fill(false);
  for (const row of placeCells(grid.body, n)) for (const p of row) if (p.colSpan === 1 && parseValue(p.cell.text) !== null && p.cell.align === 'right') amounts[p.col] = true;
  return amounts.map((a) => !a);
}

function narrowed(grid: GridSpec, f: number): GridSpec {
  if (f === 1) return grid;
  const text = textColumns(grid);
  const total = grid.columns.reduce((a, b) => a + b, 0);
  const cut = grid.columns.reduce((a, w, i) => a + (text[i] ? w * (1 - f) : 0), 0);
  const amountTotal = grid.columns.reduce((a, w, i) => a + (text[i] ? 0 : w), 0);
  if (amountTotal === 0) return grid;
  const columns = grid.columns.map((w, i) => (text[i] ? w * f : w + (cut * w) / amountTotal));
  void total;
  return { ...grid, columns };
}

export interface PrintedTable {
  t: SeedTable;
  landscape: boolean;
  grid: GridSpec;
}

export function printedTables(data: SeedData, l: Layout): PrintedTable[] {
  return data.tables.map((t0) => {
    const t = l.unit === 'yuan' ? { ...t0, unit: '元' } : t0;
    let tl: TableLayout = tableLayout(t0);
    if (l.codes === 'three') tl = splitCodeColumns(t0, tl);
    let grid = tl.grid;
    if (l.unit === 'yuan') grid = toYuan(grid);
    grid = fillEmpty(grid, l.empty, (u) => u);
    grid = narrowed(grid, l.narrow);
    const landscape = l.orientation === 'auto' ? tl.landscape || (l.unit === 'yuan' && grid.columns.length > 6) : l.orientation === 'landscape';
    return { t, landscape, grid };
  });
}

export function truthFacts(tables: PrintedTable[]): Fact[] {
  return tables.flatMap(({ grid }) => gridFacts(grid).map(({ fact, printed }) => ({ ...fact, value: parseValue(printed)!, printed })));
}

// ---------------------------------------------------------------------------------------------
// Chromium: one HTML page

const esc = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
const RULE = '0.75pt solid #000';

function cellBorder(rules: Rules, r: number, rowSpan: number, col: number, colSpan: number, nrows: number, nhead: number, ncols: number): string {
  const top = r === 0;
  const bottom = r + rowSpan === nrows;
  const left = col === 0;
  const right = col + colSpan === ncols;
  const sides: string[] = [];
  const on = (side: string): void => void sides.push(`border-${side}:${RULE};`);
  if (rules === 'all') return `border:${RULE};`;
  if (rules === 'none') return '';
  if (rules === 'outer') {
    if (top) on('top');
    if (bottom) on('bottom');
    if (left) on('left');
    if (right) on('right');
  } else if (rules === 'hrules') {
    on('top');
    on('bottom');
  } else if (rules === 'vrules') {
    // column rules only, in a frame (a sheet bordered by columns)
    on('left');
    on('right');
    if (top) on('top');
    if (bottom) on('bottom');
  } else {
    // 三线表: a rule above the header, one under it, one under the table
    if (top) on('top');
    if (r + rowSpan === nhead) on('bottom');
    if (bottom) on('bottom');
  }
  return sides.join('');
}

function htmlTable(p: PrintedTable, l: Layout): string {
  const { grid } = p;
  const rows = [...grid.header, ...grid.body];
  const n = grid.columns.length;
  const placed = placeCells(rows, n);
  const total = grid.columns.reduce((a, b) => a + b, 0);
  // Writer's HTML import takes a column's width from its attribute, Chromium from its style
  const cols = grid.columns
    .map((w) => ((100 * w) / total).toFixed(2))
    .map((pc) => (l.producer === 'writer' ? `<col width="${pc}%">` : `<col style="width:${pc}%">`))
    .join('');
  const nh = grid.header.length;
  const tr = (r: number): string =>
    `<tr>${placed[r]
      .map((c) => {
        const span = `${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}`;
        const pad = 2 + (c.cell.indent ?? 0);
        const style = `${cellBorder(l.rules, r, c.rowSpan, c.col, c.colSpan, rows.length, nh, n)}text-align:${c.cell.align ?? 'left'};padding:${1 + l.tall}pt 2pt ${1 + l.tall}pt ${pad}pt;${r < nh || c.cell.bold ? 'font-weight:bold;' : ''}`;
        return `<td${span} style="${style}">${esc(c.cell.text)}</td>`;
      })
      .join('')}</tr>`;
  const head = Array.from({ length: nh }, (_, r) => tr(r)).join('\n');
  const body = Array.from({ length: rows.length - nh }, (_, r) => tr(nh + r)).join('\n');
  const thead = l.repeatHeader ? `<thead>${head}</thead>` : '';
  const tbody = l.repeatHeader ? body : `${head}\n${body}`;
  const attrs = l.producer === 'writer' ? ` width="100%" border="0"` : '';
  return `<table${attrs} cellspacing="0" style="border-collapse:collapse;table-layout:fixed;width:100%;font-size:${l.fontSize}pt"><colgroup>${cols}</colgroup>\n${thead}<tbody>${tbody}</tbody>\n</table>`;
}

export function documentHtml(data: SeedData, tables: PrintedTable[], l: Layout): string {
  const doc = data.document;
  const parts: string[] = [];
  parts.push(`<p style="text-align:center;font-size:22pt;font-weight:bold;margin-top:200pt">${esc(doc.department)}</p>`);
  parts.push(`<p style="text-align:center;font-size:18pt;font-weight:bold">${esc(doc.title)}</p>`);
  for (const p of tables) {
    parts.push(`<div class="${p.landscape ? 'wide' : 'tall'}">`);
    // Writer's HTML import breaks pages at a paragraph's page-break-before, not at a div's break-before
    if (l.producer === 'writer') parts.push('<p style="page-break-before:always;margin:0"></p>');
    parts.push(`<p style="text-align:center;font-size:15pt;font-weight:bold;margin:0 0 4pt 0">${esc(p.t.title)}</p>`);
    parts.push(`<p style="text-align:right;font-size:9pt;margin:0">${esc(p.t.label)}</p>`);
    parts.push(
      `<table style="width:100%;font-size:9pt"><tr><td style="text-align:left">${esc(p.t.nameLabel)}：${esc(doc.department)}</td><td style="text-align:center">${doc.year}年度</td><td style="text-align:right">${esc(p.t.unitLabel)}：${esc(p.t.unit)}</td></tr></table>`,
    );
    parts.push(htmlTable(p, l));
    parts.push(`<p style="font-size:8.5pt;margin:3pt 0">${esc(p.t.note)}</p>`);
    if (p.t.emptyNote) parts.push(`<p style="font-size:9pt">${esc(p.t.emptyNote)}</p>`);
    parts.push('</div>');
  }
  // Writer's HTML import has one page style for the whole document (no named pages): A4 upright, or on its side
  // for the landscape axis
  const page = l.producer === 'writer' && l.orientation === 'landscape' ? '@page { size: A4 landscape; margin: 15mm 15mm; }' : '@page { size: A4; margin: 18mm 15mm; }';
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.department)}${esc(doc.title)}</title>
<style>
${page}
@page wide { size: A4 landscape; margin: 15mm 15mm; }
.wide { page: wide; break-before: page; }
.tall { break-before: page; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; }
td { vertical-align: middle; }
</style></head><body>
${parts.join('\n')}
</body></html>
`;
}

// ---------------------------------------------------------------------------------------------
// Calc: one sheet per table

const THIN = { style: 'thin' as const };

function sheetBorders(ws: ExcelJS.Worksheet, rules: Rules, top: number, nrows: number, nhead: number, ncols: number): void {
  for (let r = 0; r < nrows; r++) {
    for (let c = 0; c < ncols; c++) {
      const b: Partial<ExcelJS.Borders> = {};
      if (rules === 'all') Object.assign(b, { top: THIN, bottom: THIN, left: THIN, right: THIN });
      else if (rules === 'outer') {
        if (r === 0) b.top = THIN;
        if (r === nrows - 1) b.bottom = THIN;
        if (c === 0) b.left = THIN;
        if (c === ncols - 1) b.right = THIN;
      } else if (rules === 'hrules') Object.assign(b, { top: THIN, bottom: THIN });
      else if (rules === 'vrules') {
        Object.assign(b, { left: THIN, right: THIN });
        if (r === 0) b.top = THIN;
        if (r === nrows - 1) b.bottom = THIN;
      } else if (rules === 'header') {
        if (r === 0) b.top = THIN;
        if (r === nhead - 1 || r === nrows - 1) b.bottom = THIN;
      }
      if (Object.keys(b).length) ws.getCell(top + r, c + 1).border = b;
    }
  }
}

export async function workbook(data: SeedData, tables: PrintedTable[], l: Layout): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = data.document.department;
  for (const p of tables) {
    const { grid } = p;
    addTableSheet(wb, p.t, grid, data.document.department, data.document.year, false);
    const ws = wb.worksheets[wb.worksheets.length - 1];
    const top = 4;
    const nrows = grid.header.length + grid.body.length;
    sheetBorders(ws, l.rules, top, nrows, grid.header.length, grid.columns.length);
    const size = l.fontSize + 1; // Calc's sheets are printed smaller than an HTML page (fit to width)
    for (let r = top; r < top + nrows; r++) {
      for (let c = 1; c <= grid.columns.length; c++) {
        const cell = ws.getCell(r, c);
        cell.font = { ...(cell.font ?? {}), size };
      }
    }
    // amount columns wide enough for their longest number at this size (Calc prints ### where one does not fit)
    for (const row of placeCells(grid.body, grid.columns.length)) {
      for (const c of row) {
        if (c.colSpan !== 1 || !c.cell.fact) continue;
        const need = (c.cell.text.length * 1.15 * size) / 11 + 2;
        const col = ws.getColumn(c.col + 1);
        if ((col.width ?? 9) < need) col.width = Math.ceil(need * 10) / 10;
      }
    }
    fitRowHeights(ws, grid, size);
    if (l.tall) for (let r = top; r < top + nrows; r++) ws.getRow(r).height = (ws.getRow(r).height ?? 15) + 2 * l.tall;
    ws.pageSetup = {
      ...ws.pageSetup,
      orientation: p.landscape ? 'landscape' : 'portrait',
      fitToPage: l.fit,
      fitToWidth: 1,
      fitToHeight: 0,
      ...(l.fit ? {} : { scale: 100 }),
      ...(l.pageOrder === 'over' ? { pageOrder: 'overThenDown' as const } : {}),
      ...(l.repeatHeader && grid.header.length ? { printTitlesRow: `${top}:${top + grid.header.length - 1}` } : {}),
    };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------

export interface Rendered {
  pdf: string;
  truth: string;
}

/** Writes `<name>.pdf` and `<name>.truth.json` into `dir`. */
export async function renderLayout(l: Layout, dir: string, data: SeedData = loadSeed()): Promise<Rendered> {
  fs.mkdirSync(dir, { recursive: true });
  const tables = printedTables(data, l);
  const pdf = path.join(dir, `${l.name}.pdf`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'yjsgk-var-'));
  try {
    if (l.producer === 'chromium') {
      const html = path.join(dir, `${l.name}.html`);
      fs.writeFileSync(html, documentHtml(data, tables, l));
      chromiumPdf(profile, html, pdf);
    } else if (l.producer === 'writer') {
      printHtml(documentHtml(data, tables, l), 'writer', dir, l.name);
    } else {
      const xlsx = path.join(dir, `${l.name}.xlsx`);
      fs.writeFileSync(xlsx, await workbook(data, tables, l));
      sofficePdf(profile, xlsx, dir);
    }
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (!fs.existsSync(pdf)) throw new Error(`${l.producer} wrote no ${pdf}`);
  const truth = path.join(dir, `${l.name}.truth.json`);
  const { name: _n, ...axes } = l;
  fs.writeFileSync(
    truth,
    `${JSON.stringify(
      {
        file: `${l.name}.pdf`,
        document: { department: data.document.department, year: data.document.year, kind: data.document.kind },
        tables: data.tables.map((t) => t.kind),
        facts: truthFacts(tables),
        notes: [`layout ${JSON.stringify(axes)}`, 'Generated by scripts/variants/layouts.ts from scripts/samples/seed-data.json.'],
      },
      null,
      1,
    )}\n`,
  );
  return { pdf, truth };
}
