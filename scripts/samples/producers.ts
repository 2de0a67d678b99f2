/**
 * The seed sample printed by real producers instead of the project's own PDF writer:
 *
 *   chromium-ruled.pdf        HTML page (ruled tables, forms) → Chromium's print to PDF
 *   chromium-borderless.pdf   the same page, the ten tables without any border (forms keep theirs)
 *   writer-ruled.pdf          HTML → DOCX (LibreOffice Writer) → PDF (Writer); the forms print 项目名称,
 *                             主管部门 and 实施单位 side by side on one row, so names wrap over 2–3 lines
 *   writer-borderless.pdf     the same DOCX route, the ten tables without borders
 *   calc-ruled.pdf            XLSX (exceljs, one sheet per table) → PDF (LibreOffice Calc)
 *   calc-borderless.pdf       the same workbook without cell borders
 *
 * Each comes with its truth (`<name>.truth.json`, no page numbers: the producer paginates), built from the same
 * GridSpecs as samples/ (lib/tables.ts, lib/forms.ts), so the facts are those of samples/fenyang-2024-final.truth.json
 * (tables + forms) or, for the workbook, of samples/fenyang-2024-tables.truth.json.
 *
 * These PDFs are not committed: LibreOffice and Chromium embed dates, ids and their own version, and their layout
 * changes with the producer's version, so a committed copy would neither be byte-reproducible on another machine nor
 * test the producer that is installed. The tests render them into a temporary directory (tests/producers.test.ts);
 * the sources (HTML, DOCX, XLSX) are written by this script, so the route is the same every time.
 *
 *   node --import tsx scripts/samples/producers.ts OUT_DIR [name…]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Fact } from './lib/checks.js';
import { type GridSpec, placeCells, type Row } from './lib/grid.js';
import { formGrid, PE } from './lib/forms.js';
import { gridFacts, tableLayout } from './lib/tables.js';
import { normalizeName, parseValue } from './lib/text.js';
import type { SeedData, SeedForm } from './lib/types.js';
import { addTableSheet, fixZipTimes } from './lib/xlsx.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATE = new Date('2025-06-30T09:00:00+08:00');

export type Producer = 'chromium' | 'writer' | 'calc';
export interface Rendition {
  name: string;
  producer: Producer;
  borderless: boolean;
  summary: string;
}

export const RENDITIONS: Rendition[] = [
  { name: 'chromium-ruled', producer: 'chromium', borderless: false, summary: 'HTML page printed by Chromium (print to PDF), ruled tables and forms' },
  { name: 'chromium-borderless', producer: 'chromium', borderless: true, summary: 'HTML page printed by Chromium, the ten tables without borders' },
  { name: 'writer-ruled', producer: 'writer', borderless: false, summary: 'DOCX printed by LibreOffice Writer, ruled; forms with 项目名称/主管部门/实施单位 on one row' },
  { name: 'writer-borderless', producer: 'writer', borderless: true, summary: 'DOCX printed by LibreOffice Writer, the ten tables without borders' },
  { name: 'calc-ruled', producer: 'calc', borderless: false, summary: 'XLSX printed by LibreOffice Calc, cell borders' },
  { name: 'calc-borderless', producer: 'calc', borderless: true, summary: 'XLSX printed by LibreOffice Calc, no cell borders' },
];

export function loadSeed(): SeedData {
  return JSON.parse(fs.readFileSync(path.join(here, 'seed-data.json'), 'utf8')) as SeedData;
}

/** Row keys of the forms, as layoutDocument gives them (a "#n" suffix for a repeated project name). */
function formKeys(forms: SeedForm[]): string[] {
  const seen = new Map<string, number>();
  return forms.map((f) => {
    const key = normalizeName(f.project);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n > 1 ? `${key}#${n}` : key;
  });
}

/**
 * The word-processor form: 项目名称, 主管部门 and 实施单位 with their answers on one row (labels beside answers),
 * in place of the two identity rows; the narrow answer cells make long names wrap.
 */
function sideBySideIdentity(grid: GridSpec): GridSpec {
  const [nameRow, deptRow, ...rest] = grid.body;
  const name = nameRow.cells[nameRow.cells.length - 1].text;
  const d = deptRow.cells;
  const one: Row = {
    cells: [
      { text: '项目名称', align: 'center' },
      { text: name, align: 'left', colSpan: 2 },
      { text: d[0].text, align: 'center' },
      { text: d[1].text, align: 'left', colSpan: 2 },
      { text: d[2].text, align: 'center' },
      { text: d[3].text, align: 'left', colSpan: 3 },
    ],
  };
  return { ...grid, body: [one, ...rest] };
}

const esc = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

function htmlGrid(grid: GridSpec, ruled: boolean, fontSize: number): string {
  const rows = [...grid.header, ...grid.body];
  const placed = placeCells(rows, grid.columns.length);
  const total = grid.columns.reduce((a, b) => a + b, 0);
  const cols = grid.columns.map((w) => `<col width="${((100 * w) / total).toFixed(1)}%">`).join('');
  const border = ruled ? 'border:0.75pt solid #000;' : '';
  const body = placed
    .map((row, r) => {
      const cells = row
        .map((p) => {
          const span = `${p.colSpan > 1 ? ` colspan="${p.colSpan}"` : ''}${p.rowSpan > 1 ? ` rowspan="${p.rowSpan}"` : ''}`;
          const pad = 2 + (p.cell.indent ?? 0);
          const style = `${border}text-align:${p.cell.align ?? 'left'};padding:1pt 2pt 1pt ${pad}pt;font-size:${p.cell.size ?? fontSize}pt;${p.cell.bold || r < grid.header.length ? 'font-weight:bold;' : ''}`;
          return `<td${span} style="${style}">${esc(p.cell.text)}</td>`;
        })
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('\n');
  const tb = ruled ? ' border="1" cellspacing="0"' : ' border="0" cellspacing="0"';
  return `<table${tb} width="100%" style="border-collapse:collapse;table-layout:fixed;width:100%"><colgroup>${cols}</colgroup>\n${body}\n</table>`;
}

/** The disclosure as one HTML page: cover, the ten tables (one per page), 第五部分 附件 with the forms. */
export function documentHtml(data: SeedData, r: Rendition): string {
  const doc = data.document;
  const parts: string[] = [];
  const brk = '<p style="page-break-before:always;margin:0"></p>';
  parts.push(`<p style="text-align:center;font-size:24pt;font-weight:bold;margin-top:200pt">${esc(doc.department)}</p>`);
  parts.push(`<p style="text-align:center;font-size:20pt;font-weight:bold">${esc(doc.title)}</p>`);
  const tableFont = r.producer === 'writer' ? 8 : 8.5;
  for (const t of data.tables) {
    const { landscape, grid } = tableLayout(t);
    const cls = landscape && r.producer === 'chromium' ? ' class="landscape"' : '';
    parts.push(`<div${cls}>${brk}`);
    parts.push(`<p style="text-align:center;font-size:15pt;font-weight:bold;margin:0 0 4pt 0">${esc(t.title)}</p>`);
    parts.push(`<p style="text-align:right;font-size:9pt;margin:0">${esc(t.label)}</p>`);
    parts.push(
      `<table border="0" width="100%" style="width:100%;font-size:9pt"><tr><td style="text-align:left">${esc(t.nameLabel)}：${esc(doc.department)}</td><td style="text-align:center">${doc.year}年度</td><td style="text-align:right">${esc(t.unitLabel)}：${esc(t.unit)}</td></tr></table>`,
    );
    parts.push(htmlGrid(grid, !r.borderless, tableFont));
    parts.push(`<p style="font-size:8.5pt;margin:3pt 0">${esc(t.note)}</p>`);
    if (t.emptyNote) parts.push(`<p style="font-size:9pt">${esc(t.emptyNote)}</p>`);
    parts.push('</div>');
  }
  parts.push(brk);
  parts.push('<p style="text-align:center;font-size:16pt;font-weight:bold">第五部分 附件</p>');
  const keys = formKeys(data.forms);
  data.forms.forEach((f, i) => {
    if (i > 0) parts.push(brk);
    if (f.layout === 'a') {
      parts.push(`<p style="text-align:center;font-size:12pt;font-weight:bold;margin:0">${esc(f.title)}</p>`);
      parts.push(`<p style="text-align:center;font-size:9pt;margin:0 0 4pt 0">${esc(f.yearLine)}</p>`);
    } else {
      parts.push(`<p style="font-size:10pt;margin:0">${esc(f.heading[0])}</p>`);
      for (const h of f.heading.slice(1)) parts.push(`<p style="text-align:center;font-size:12pt;font-weight:bold;margin:0 0 4pt 0">${esc(h)}</p>`);
    }
    const grid = formGrid(f, keys[i]);
    parts.push(htmlGrid(r.producer === 'writer' ? sideBySideIdentity(grid) : grid, true, r.producer === 'writer' ? 8 : 8.5));
    if (f.layout === 'a') for (const rm of f.remarks) parts.push(`<p style="font-size:7.5pt;margin:1pt 0">${esc(rm)}</p>`);
  });
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.department)}${esc(doc.title)}</title>
<style>
@page { size: A4; margin: 18mm 15mm; }
@page wide { size: A4 landscape; margin: 15mm 15mm; }
.landscape { page: wide; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; }
td { vertical-align: middle; word-break: break-all; }
</style></head><body>
${parts.join('\n')}
</body></html>
`;
}

/** The ten tables as a workbook, with or without cell borders. */
export async function workbook(data: SeedData, borders: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = data.document.department;
  wb.created = DATE;
  wb.modified = DATE;
  for (const t of data.tables) {
    const grid = tableLayout(t).grid;
    addTableSheet(wb, t, grid, data.document.department, data.document.year, borders);
    fitRowHeights(wb.worksheets[wb.worksheets.length - 1], grid);
  }
  return fixZipTimes(Buffer.from(await wb.xlsx.writeBuffer()), DATE);
}

/**
 * Row heights that hold the wrapped text, as a person preparing the sheet sets them: Calc keeps the default height
 * of a row written without one and prints the second line of a wrapped cell over the next row.
 */
export function fitRowHeights(ws: ExcelJS.Worksheet, grid: GridSpec, fontSize = 11): void {
  const lineHeight = (15 * fontSize) / 11;
  const top = 4; // the grid's first row (addTableSheet: title, label, 部门名称 line above)
  const widths = grid.columns.map((_, k) => ws.getColumn(k + 1).width ?? 9);
  const units = (s: string): number => [...s].reduce((a, ch) => a + (/[\u2e80-\uffef]/u.test(ch) ? 2.2 : 1.1) * (fontSize / 11), 0);
  placeCells([...grid.header, ...grid.body], grid.columns.length).forEach((row, r) => {
    let lines = 1;
    for (const p of row) {
      if (p.rowSpan > 1 || !p.cell.text) continue;
      const w = widths.slice(p.col, p.col + p.colSpan).reduce((a, b) => a + b, 0) - 1;
      lines = Math.max(lines, Math.ceil(units(p.cell.text) / Math.max(1, w)));
    }
    ws.getRow(top + r).height = Math.max(lineHeight + 1, lineHeight * lines + 2);
  });
}

/** Facts of the ten tables, and of the forms unless `tablesOnly`, from the same GridSpecs the sources are made of. */
export function truthFacts(data: SeedData, tablesOnly: boolean): Fact[] {
  const grids = data.tables.map((t) => tableLayout(t).grid);
  if (!tablesOnly) {
    const keys = formKeys(data.forms);
    data.forms.forEach((f, i) => grids.push(formGrid(f, keys[i])));
  }
  return grids.flatMap((g) => gridFacts(g).map(({ fact, printed }) => ({ ...fact, value: parseValue(printed)!, printed })));
}

export function truthOf(data: SeedData, r: Rendition): Record<string, unknown> {
  const tablesOnly = r.producer === 'calc';
  const kinds = data.tables.map((t) => t.kind);
  return {
    file: `${r.name}.pdf`,
    document: { department: data.document.department, year: data.document.year, kind: data.document.kind },
    tables: tablesOnly ? kinds : [...kinds, PE],
    facts: truthFacts(data, tablesOnly),
    notes: [r.summary, 'Generated by scripts/samples/producers.ts from scripts/samples/seed-data.json; same facts as samples/.'],
  };
}

function soffice(profile: string, args: string[], cwd: string): void {
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', ...args], {
    cwd,
    stdio: 'pipe',
    timeout: 300_000,
  });
}

/** Chromium's print to PDF of an HTML file (its own @page rules give paper and orientation). */
export function chromiumPdf(profile: string, html: string, pdf: string): void {
  execFileSync(
    'chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${html}`],
    { stdio: 'pipe', timeout: 300_000 },
  );
}

/** LibreOffice's PDF export of a document or workbook into `dir` (same stem, .pdf). */
export function sofficePdf(profile: string, src: string, dir: string): void {
  soffice(profile, ['--convert-to', 'pdf', '--outdir', dir, src], dir);
}

/**
 * An HTML page printed to `<dir>/<name>.pdf` by a real producer: Chromium's print to PDF, or LibreOffice Writer
 * (HTML → DOCX → PDF, the route of a document prepared in a word processor). Returns the PDF path.
 */
export function printHtml(html: string, producer: 'chromium' | 'writer', dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const pdf = path.join(dir, `${name}.pdf`);
  const src = path.join(dir, `${name}.html`);
  fs.writeFileSync(src, html);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'yjsgk-lo-'));
  try {
    if (producer === 'chromium') chromiumPdf(profile, src, pdf);
    else {
      soffice(profile, ['--infilter=HTML (StarWriter)', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', dir, src], dir);
      sofficePdf(profile, path.join(dir, `${name}.docx`), dir);
    }
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (!fs.existsSync(pdf)) throw new Error(`${producer} wrote no ${pdf}`);
  return pdf;
}

/** Writes `<name>.pdf` and `<name>.truth.json` (and the source) into `dir`; returns the PDF path. */
export async function render(r: Rendition, dir: string, data = loadSeed()): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  let pdf = path.join(dir, `${r.name}.pdf`);
  if (r.producer === 'calc') {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'yjsgk-lo-'));
    try {
      const xlsx = path.join(dir, `${r.name}.xlsx`);
      fs.writeFileSync(xlsx, await workbook(data, !r.borderless));
      sofficePdf(profile, xlsx, dir);
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
    if (!fs.existsSync(pdf)) throw new Error(`${r.producer} wrote no ${pdf}`);
  } else {
    pdf = printHtml(documentHtml(data, r), r.producer, dir, r.name);
  }
  fs.writeFileSync(path.join(dir, `${r.name}.truth.json`), `${JSON.stringify(truthOf(data, r), null, 1)}\n`);
  return pdf;
}

async function main(): Promise<void> {
  const [dir, ...names] = process.argv.slice(2);
  if (!dir) throw new Error('usage: producers.ts OUT_DIR [name…]');
  const data = loadSeed();
  for (const r of RENDITIONS.filter((x) => names.length === 0 || names.includes(x.name))) {
    console.log(`wrote ${await render(r, dir, data)}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
