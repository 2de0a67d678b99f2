/**
 * The ten tables as a department-style workbook: one sheet per table named by its label, a merged
 * title row, the 公开NN表 label, the 部门名称/年度/单位 line, merged multi-row headers, data rows
 * (numbers as numbers), the 注 line. Built from the same GridSpecs as the PDF.
 */
import ExcelJS from 'exceljs';
import { type GridSpec, placeCells } from './grid.js';
import { parseValue } from './text.js';
import type { SeedTable } from './types.js';

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function colName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

const ref = (r: number, c: number): string => `${colName(c)}${r}`;

export function addTableSheet(wb: ExcelJS.Workbook, t: SeedTable, grid: GridSpec, department: string, year: number, borders = true): void {
  const ws = wb.addWorksheet(t.label, {
    pageSetup: { paperSize: 9, orientation: grid.columns.length > 9 ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const n = grid.columns.length;
  ws.columns = grid.columns.map((w) => ({ width: Math.max(6, Math.round((w / 5.2) * 10) / 10) }));

  const mergeRow = (r: number, c1: number, c2: number): void => {
    if (c2 > c1) ws.mergeCells(ref(r, c1), ref(r, c2));
  };

  ws.getCell(ref(1, 1)).value = t.title;
  ws.getCell(ref(1, 1)).font = { bold: true, size: 16 };
  ws.getCell(ref(1, 1)).alignment = { horizontal: 'center', vertical: 'middle' };
  mergeRow(1, 1, n);
  ws.getRow(1).height = 28;

  ws.getCell(ref(2, 1)).value = t.label;
  ws.getCell(ref(2, 1)).alignment = { horizontal: 'right' };
  mergeRow(2, 1, n);

  const third = Math.max(1, Math.floor(n / 3));
  ws.getCell(ref(3, 1)).value = `${t.nameLabel}：${department}`;
  mergeRow(3, 1, third);
  if (n >= 3) {
    ws.getCell(ref(3, third + 1)).value = `${year}年度`;
    ws.getCell(ref(3, third + 1)).alignment = { horizontal: 'center' };
    mergeRow(3, third + 1, n - third);
    ws.getCell(ref(3, n - third + 1)).value = `${t.unitLabel}：${t.unit}`;
    ws.getCell(ref(3, n - third + 1)).alignment = { horizontal: 'right' };
    mergeRow(3, n - third + 1, n);
  }

  const rows = [...grid.header, ...grid.body];
  const placed = placeCells(rows, n);
  const top = 4;
  for (let r = 0; r < rows.length; r++) {
    if (borders) for (let c = 1; c <= n; c++) ws.getCell(ref(top + r, c)).border = THIN;
  }
  placed.forEach((row, r) => {
    const isHeader = r < grid.header.length;
    for (const p of row) {
      const cell = ws.getCell(ref(top + r, p.col + 1));
      const v = p.cell.fact ? parseValue(p.cell.text) : null;
      if (v !== null) {
        cell.value = v;
        cell.numFmt = p.cell.numFmt ?? '0.00';
      } else if (p.cell.text !== '') {
        cell.value = p.cell.text;
      }
      cell.alignment = {
        horizontal: p.cell.align ?? 'left',
        vertical: 'middle',
        wrapText: true,
        ...(p.cell.indent ? { indent: Math.round(p.cell.indent / 6) } : {}),
      };
      if (isHeader) cell.font = { bold: true };
      if (p.rowSpan > 1 || p.colSpan > 1) ws.mergeCells(ref(top + r, p.col + 1), ref(top + r + p.rowSpan - 1, p.col + p.colSpan));
    }
  });

  let r = top + rows.length;
  for (const line of [t.note, t.emptyNote].filter((x): x is string => !!x)) {
    ws.getCell(ref(r, 1)).value = line;
    ws.getCell(ref(r, 1)).alignment = { wrapText: true, vertical: 'top' };
    mergeRow(r, 1, n);
    r++;
  }
}

/** Make the zip byte-stable: every entry gets the same DOS timestamp. */
export function fixZipTimes(buf: Buffer, date: Date): Buffer {
  const out = Buffer.from(buf);
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let eocd = -1;
  for (let i = out.length - 22; i >= 0; i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('xlsx: no end of central directory');
  const count = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('xlsx: bad central directory entry');
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error('xlsx: bad local header');
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
