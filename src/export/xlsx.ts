/**
 * XLSX export (exceljs): a `document` sheet, one sheet per table laid out like the original (printed labels,
 * canonical keys beside them, numbers as numbers with the unit stated), a long `facts` sheet, `issues`, and the
 * evaluation forms (`forms`, `indicators`).
 */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Extraction, TableRecord } from '../model/schema.js';
import { cellFor, displayColumns, type DisplayColumn } from './columns.js';
import { CODE_COLUMN_LABEL } from '../domain/cells.js';

const NUMFMT = '#,##0.00##';

function sheetName(t: TableRecord, used: Set<string>): string {
  let base = (t.label ? `${t.label} ` : '') + t.kind;
  base = base.replace(/[\\/*?:[\]]/g, '_').slice(0, 28);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)}_${i}`;
  used.add(name);
  return name;
}

function bold(row: ExcelJS.Row): void {
  row.font = { bold: true };
}


/** Display width of a text in Excel's character units (a CJK character is about two). */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 2.1 : 1.1;
  return w;
}

/**
 * The header block as printed: code and name columns first, the value columns under their header rows, equal
 * neighbouring header texts merged into one cell (a spanning 收入 / 本年支出, a 项目 printed over two rows).
 */
function headerMatrix(t: TableRecord, cols: DisplayColumn[]): string[][] {
  const valueCols = new Set(t.columns.map((c) => c.gridColumn));
  const width = Math.max(0, ...t.header.map((h) => h.length));
  const lead = [...Array(width).keys()].filter((i) => !valueCols.has(i));
  const codeCol = lead.find((i) => t.header.some((h) => CODE_COLUMN_LABEL.test(h[i] ?? '')));
  return t.header.map((h) => {
    const name = [...new Set(lead.filter((i) => i !== codeCol).map((i) => h[i] ?? '').filter(Boolean))].join(' / ');
    return [codeCol !== undefined ? h[codeCol] ?? '' : '', name, ...cols.map((c) => (c.gridColumn !== undefined ? h[c.gridColumn] ?? '' : c.label))];
  });
}

function mergeEqual(ws: ExcelJS.Worksheet, m: string[][], top: number): void {
  const taken = m.map((r) => r.map(() => false));
  for (let r = 0; r < m.length; r++) {
    for (let c = 0; c < m[r].length; c++) {
      const v = m[r][c];
      if (taken[r][c] || !v) continue;
      let w = 1;
      // across: only under one parent (金额 under 收入 and 金额 under 支出 stay two cells)
      const sameAbove = (k: number) => m.slice(0, r).every((row) => row[k] === row[c]);
      while (c + w < m[r].length && m[r][c + w] === v && !taken[r][c + w] && sameAbove(c + w)) w++;
      let h = 1;
      while (r + h < m.length && m[r + h].slice(c, c + w).every((x, k) => x === v && !taken[r + h][c + k])) h++;
      for (let i = r; i < r + h; i++) for (let k = c; k < c + w; k++) taken[i][k] = true;
      if (w > 1 || h > 1) ws.mergeCells(top + r, c + 1, top + r + h - 1, c + w);
    }
  }
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

/** One table laid out like the printed one: title, unit, merged header, frozen header and code/name columns. */
function tableSheet(ws: ExcelJS.Worksheet, t: TableRecord): void {
  const cols = displayColumns(t);
  const ncol = 2 + cols.length + 1;
  ws.addRow([t.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, ncol);
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.addRow([`${t.label ?? ''}${t.heading ? `  ${t.heading}` : ''}  单位：${t.unit}  页：${t.pages.join(',')}${t.empty ? '  （本表无数据）' : ''}`]);
  ws.mergeCells(2, 1, 2, ncol);
  const m = headerMatrix(t, cols);
  if (!m.length) m.push(['编码', '项目', ...cols.map((c) => c.label)]);
  const top = 3;
  for (const r of m) ws.addRow([...r, '']);
  mergeEqual(ws, m, top);
  const keyRow = ws.addRow(['code', 'row label / column key →', ...cols.map((c) => c.key), 'row key']);
  keyRow.font = { italic: true, size: 9, color: { argb: 'FF1F4E79' } };
  for (let r = top; r <= keyRow.number; r++) {
    const row = ws.getRow(r);
    if (r < keyRow.number) row.font = { bold: true };
    for (let c = 1; c <= ncol; c++) {
      const cell = row.getCell(c);
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = THIN;
      if (r < keyRow.number) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    }
  }
  const widths = [6, 12, ...cols.map((c) => Math.max(10, Math.min(22, textWidth(c.label.split('/').pop() ?? c.label) + 2))), 28];
  for (const r of t.rows) {
    const values = cols.map((c) => {
      // two-sided tables: a row belongs to the columns of its own side
      const cell = cellFor(r.key, r.cells, c);
      if (!cell) return null;
      return cell.value ?? (cell.text || null);
    });
    const row = ws.addRow([r.code ?? '', r.label, ...values, r.key]);
    row.eachCell({ includeEmpty: true }, (cell) => (cell.border = THIN));
    row.getCell(ncol).font = { size: 9, color: { argb: 'FF777777' } };
    values.forEach((v, i) => {
      if (typeof v === 'number') row.getCell(3 + i).numFmt = NUMFMT;
      widths[2 + i] = Math.max(widths[2 + i], Math.min(22, String(v ?? '').length + 3));
    });
    widths[0] = Math.max(widths[0], Math.min(14, (r.code ?? '').length + 2));
    widths[1] = Math.max(widths[1], Math.min(48, textWidth(r.label) + 2));
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.round(w)));
  // header rows and the code/name columns stay in view while scrolling
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: keyRow.number }];
}

export function buildWorkbook(doc: Extraction): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'yjsgk';
  // the same document gives the same file: no time of writing in it (the zip entries' times are fixed on write)
  wb.created = wb.modified = FIXED_TIME;
  const info = wb.addWorksheet('document');
  info.columns = [{ width: 22 }, { width: 60 }];
  const d = doc.document;
  const rows: [string, string | number | null | undefined][] = [
    ['department', d.department], ['year', d.year], ['kind', d.kind], ['source', d.source], ['format', d.format],
    ['pages', d.pages], ['sha256', d.sha256], ['ocr pages', d.ocrPages?.join(',') ?? ''], ['tables', doc.tables.length],
    ['facts', doc.facts.length], ['issues', doc.issues.length], ['forms', doc.forms.length],
    ['pipeline', `${doc.pipeline.name} ${doc.pipeline.version}`],
  ];
  for (const [k, v] of rows) info.addRow([k, v ?? '']);
  info.getColumn(1).font = { bold: true };

  const used = new Set(['document', 'facts', 'issues', 'forms', 'indicators', 'tables']);
  const list = wb.addWorksheet('tables');
  list.columns = [
    { header: 'kind', width: 22 }, { header: 'label', width: 12 }, { header: 'title', width: 40 },
    { header: 'pages', width: 10 }, { header: 'unit', width: 8 }, { header: 'empty', width: 8 }, { header: 'method', width: 10 },
    { header: 'sheet', width: 28 },
    // tables[].quality
    { header: 'amounts', width: 9 }, { header: 'matched', width: 9 }, { header: 'coverage', width: 9 },
    { header: 'unmatched (page:text)', width: 40 }, { header: 'orphans', width: 8 }, { header: 'cut runs', width: 8 },
    { header: 'unkeyed columns', width: 24 }, { header: 'conflicts', width: 9 }, { header: 'identities checked', width: 10 },
    { header: 'held', width: 8 }, { header: 'broken', width: 8 },
  ];
  bold(list.getRow(1));
  for (const t of doc.tables) {
    // a table with nothing of its own to lay out (the 附件 forms, listed so a dataset sees them) points at its sheet
    if (!t.rows.length && !t.columns.length) {
      list.addRow([t.kind, t.label ?? '', t.title, t.pages.join(','), t.unit, t.empty ? 'yes' : '', t.method ?? '', t.kind === 'performance_evaluation' ? 'forms' : '']);
      continue;
    }
    const name = sheetName(t, used);
    const q = t.quality;
    list.addRow([
      t.kind, t.label ?? '', t.title, t.pages.join(','), t.unit, t.empty ? 'yes' : '', t.method ?? '', name,
      ...(q
        ? [q.tokens, q.matched, q.coverage, q.unmatched.map((u) => `${u.page}:${u.text}`).join(' '), q.orphans.length, q.cutRuns.length,
          q.unkeyedColumns.map((c) => c.label || c.key).join(' | '), q.conflicts.length, q.identities?.checked ?? '',
          q.identities?.held ?? '', q.identities?.broken.length ?? '']
        : []),
    ]);
    tableSheet(wb.addWorksheet(name), t);
  }

  const facts = wb.addWorksheet('facts');
  facts.columns = [
    { header: 'table', key: 'table', width: 20 }, { header: 'row', key: 'row', width: 36 },
    { header: 'column', key: 'column', width: 18 }, { header: 'value', key: 'value', width: 16, style: { numFmt: NUMFMT } },
    { header: 'unit', key: 'unit', width: 6 }, { header: 'page', key: 'page', width: 6 },
    { header: 'row label', key: 'rowLabel', width: 36 }, { header: 'column label', key: 'columnLabel', width: 36 },
    { header: 'printed', key: 'printed', width: 14 }, { header: 'source', key: 'source', width: 8 },
    { header: 'flags', key: 'flags', width: 16 },
  ];
  bold(facts.getRow(1));
  for (const f of doc.facts) facts.addRow({ ...f, flags: f.flags?.join(',') ?? '' });
  facts.autoFilter = { from: 'A1', to: 'K1' };

  const issues = wb.addWorksheet('issues');
  issues.columns = [
    { header: 'severity', key: 'severity', width: 9 }, { header: 'rule', key: 'rule', width: 26 },
    { header: 'message', key: 'message', width: 80 }, { header: 'page', key: 'page', width: 6 },
    { header: 'where', key: 'where', width: 50 }, { header: 'expected', key: 'expected', width: 12 },
    { header: 'printed', key: 'printed', width: 12 }, { header: 'tolerance', key: 'tolerance', width: 10 },
    { header: 'suspect', key: 'suspect', width: 30 }, { header: 'sentence', key: 'sentence', width: 60 },
  ];
  bold(issues.getRow(1));
  const refText = (r: { table: string; row?: string; column?: string }) => [r.table, r.row, r.column].filter(Boolean).join(' / ');
  for (const i of doc.issues) {
    issues.addRow({ ...i, where: i.refs.map(refText).join('; '), suspect: i.suspect ? refText(i.suspect) : '' });
  }
  issues.autoFilter = { from: 'A1', to: 'J1' };

  // evaluation forms: one row per form (its money-total row and score), one row per indicator
  const forms = wb.addWorksheet('forms');
  forms.columns = [
    { header: '项目名称', key: 'project', width: 40 }, { header: '页', key: 'pages', width: 8 },
    { header: '版式', key: 'layout', width: 5 }, { header: '主管部门', key: 'department', width: 20 }, { header: '代码', key: 'departmentCode', width: 8 },
    { header: '实施/预算单位', key: 'unit', width: 24 }, { header: '单位代码', key: 'unitCode', width: 10 },
    { header: '金额单位', key: 'moneyUnit', width: 8 }, { header: '目标申报数', key: 'declared', width: 12 },
    { header: '年初预算数', key: 'budgetInitial', width: 12 }, { header: '全年预算数', key: 'budgetFullYear', width: 12 },
    { header: '全年执行数', key: 'executed', width: 12 }, { header: '资金结(转)余', key: 'balance', width: 12 },
    { header: '执行率%', key: 'executionRate', width: 9 }, { header: '资金分值', key: 'moneyWeight', width: 8 },
    { header: '资金得分', key: 'moneyScore', width: 8 }, { header: '总分分值', key: 'weightTotal', width: 8 },
    { header: '总分', key: 'scoreTotal', width: 7 }, { header: '评价等级', key: 'grade', width: 8 },
    { header: '指标数', key: 'nIndicators', width: 7 }, { header: '年度目标', key: 'goal', width: 60 },
    { header: '实际完成情况', key: 'achieved', width: 60 }, { header: '表内核对', key: 'checks', width: 60 },
    { header: 'row key', key: 'key', width: 36 },
  ];
  bold(forms.getRow(1));
  // one readable line per form: the project stays in view, long texts wrap
  forms.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
  forms.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: forms.columns.length } };
  for (const k of ['goal', 'achieved', 'checks', 'project']) forms.getColumn(k).alignment = { wrapText: true, vertical: 'top' };
  const ind = wb.addWorksheet('indicators');
  ind.columns = [
    { header: 'row key', key: 'key', width: 36 }, { header: 'project', key: 'project', width: 40 },
    { header: '一级指标', key: 'level1', width: 12 }, { header: '一级权重', key: 'level1Weight', width: 8 },
    { header: '二级指标', key: 'level2', width: 14 }, { header: '三级指标', key: 'level3', width: 30 },
    { header: '年初/年度指标值', key: 'target', width: 16 }, { header: '调整后指标值', key: 'targetAdjusted', width: 16 },
    { header: '实际完成值', key: 'actual', width: 16 }, { header: '指标 运算', key: 'op', width: 8 },
    { header: '指标 数值', key: 'targetNumber', width: 10 }, { header: '实际 数值', key: 'actualNumber', width: 10 },
    { header: '计量单位', key: 'valueUnit', width: 10 }, { header: '分值', key: 'weight', width: 7 },
    { header: '得分', key: 'score', width: 7 }, { header: '偏差原因', key: 'deviation', width: 30 },
    { header: 'page', key: 'page', width: 6 },
  ];
  bold(ind.getRow(1));
  for (const f of doc.forms) {
    const total = f.money[0];
    forms.addRow({
      ...f, pages: f.pages.join(','), declared: total?.declared, budgetInitial: total?.budgetInitial,
      budgetFullYear: total?.budgetFullYear, executed: total?.executed, balance: total?.balance,
      executionRate: total?.executionRate, moneyWeight: total?.weight, moneyScore: total?.score,
      nIndicators: f.indicators.length, checks: (f.checks ?? []).map((c) => c.message).join('; '),
    });
    for (const i of f.indicators) {
      // the adjusted value is the one the year was measured against, where the form has one
      const goal = i.targetAdjusted ?? i.target;
      ind.addRow({
        ...i, key: f.key, project: f.project, target: i.target?.text, targetAdjusted: i.targetAdjusted?.text,
        actual: i.actual?.text, op: goal?.op, targetNumber: goal?.number, actualNumber: i.actual?.number,
        valueUnit: goal?.unit ?? i.actual?.unit,
      });
    }
  }
  return wb;
}

export async function writeXlsx(doc: Extraction, file: string): Promise<void> {
  const buf = Buffer.from(await buildWorkbook(doc).xlsx.writeBuffer());
  await writeFile(file, fixZipTimes(buf));
}

const FIXED_TIME = new Date(Date.UTC(2000, 0, 1));

/**
 * Sets every entry's modification time in a zip (local headers and central directory) to 2000-01-01 00:00, so a
 * workbook written twice is the same bytes (the zip writer stamps the time of writing).
 */
export function fixZipTimes(buf: Buffer): Buffer {
  const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return buf;
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries && buf.readUInt32LE(at) === 0x02014b50; i++) {
    buf.writeUInt16LE(0, at + 12);
    buf.writeUInt16LE(DOS_DATE, at + 14);
    const local = buf.readUInt32LE(at + 42);
    if (buf.readUInt32LE(local) === 0x04034b50) {
      buf.writeUInt16LE(0, local + 10);
      buf.writeUInt16LE(DOS_DATE, local + 12);
    }
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return buf;
}
