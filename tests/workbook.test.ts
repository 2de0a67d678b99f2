/**
 * Excel disclosures: a department's workbook gives the same tables and facts as its PDF would, for .xlsx and
 * legacy .xls alike.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { InputError } from '../src/model/errors.js';
import type { Extraction } from '../src/model/schema.js';
import { formatNumber } from '../src/sources/workbook.js';
import { score, type Truth } from './helpers/score.js';
import { HAS_SHARED, corpus, sample } from './helpers/shared.js';

const factKeys = (d: Extraction) => d.facts.map((f) => `${f.table}|${f.row}|${f.column}|${f.value}|${f.unit}`).sort();

async function xlsxBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('the sample workbook (汾阳市公安局 2024 决算, ten tables)', () => {
  it('gives every fact of its truth and no wrong one', async () => {
    const doc = await extract(sample('fenyang-2024-tables.xlsx'));
    expect(doc.document).toMatchObject({ department: '汾阳市公安局', year: 2024, kind: 'final', format: 'xlsx', pages: 10 });
    const truth = JSON.parse(readFileSync(sample('fenyang-2024-tables.truth.json'), 'utf8')) as Truth;
    const s = score(doc, truth);
    expect(s.misses).toEqual([]);
    expect(s.wrong).toEqual([]);
    expect(s.recall).toBe(1);
    expect(s.precision).toBe(1);
    expect(doc.tables.map((t) => t.kind)).toEqual(truth.tables);
  });

  it('reads titles, labels, units and the 本表无数据 tables from the rows around the cells', async () => {
    const doc = await extract(sample('fenyang-2024-tables.xlsx'));
    const income = doc.tables.find((t) => t.kind === 'income')!;
    expect(income).toMatchObject({ label: '公开02表', title: '收入决算表', unit: '万元', method: 'sheet', empty: false });
    expect(doc.tables.find((t) => t.kind === 'gov_fund')).toMatchObject({ empty: true, label: '公开07表' });
    const f = doc.facts.find((x) => x.table === 'income' && x.row === '2040201' && x.column === 'total')!;
    expect(f).toMatchObject({ value: 4305.21, unit: '万元', printed: '4305.21', source: 'sheet', page: 2 });
  });
});

describe.skipIf(!HAS_SHARED)('the corpus workbook as .xlsx and as legacy .xls', () => {
  it('both give recall and precision 1.0 and the same facts as each other', async () => {
    const x = await extract(corpus('excel', 'shanxi-fenyang-2024-tables.xlsx'));
    const b = await extract(corpus('excel', 'shanxi-fenyang-2024-tables.xls'));
    for (const [doc, truthFile] of [
      [x, 'shanxi-fenyang-2024-tables.truth.json'],
      [b, 'shanxi-fenyang-2024-tables.xls.truth.json'],
    ] as const) {
      const s = score(doc, JSON.parse(readFileSync(corpus('excel', truthFile), 'utf8')) as Truth);
      expect(s.misses).toEqual([]);
      expect(s.recall).toBe(1);
      expect(s.precision).toBe(1);
    }
    expect(b.document.format).toBe('xls');
    expect(factKeys(b)).toEqual(factKeys(x));
  });
});

describe('workbooks in other layouts', () => {
  it('takes the title from the sheet tab when the rows have none, and skips hidden rows and columns', async () => {
    const data = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('公开05表 一般公共预算财政拨款支出决算表');
      ws.addRow(['部门名称：某某局', '', '2023年度', '金额单位：元']);
      ws.addRow(['科目代码', '科目名称', '合计', '基本支出', '内部备注', '项目支出']);
      ws.addRow(['合计', '', 300, 100, 'x', 200]);
      ws.addRow(['201', '一般公共服务支出', 300, 100, 'y', 200]);
      ws.addRow(['2010101', '行政运行（草稿，隐藏）', 999, 999, 'z', 0]);
      ws.getRow(5).hidden = true;
      ws.getColumn(5).hidden = true;
    });
    const doc = await extract({ name: 'mou-2023.xlsx', data });
    expect(doc.document).toMatchObject({ department: '某某局', year: 2023, kind: 'final' });
    const t = doc.tables.find((x) => x.kind === 'general_budget')!;
    expect(t.unit).toBe('元');
    const facts = doc.facts.filter((f) => f.table === 'general_budget').map((f) => `${f.row}|${f.column}|${f.value}`);
    expect(facts.sort()).toEqual(['201|basic|100', '201|project|200', '201|total|300', 'total|basic|100', 'total|project|200', 'total|total|300'].sort());
  });

  it('finds two tables stacked on one sheet', async () => {
    const data = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['2024年度某某中心部门决算']);
      ws.addRow(['收入决算表']);
      ws.addRow(['单位：万元']);
      ws.addRow(['科目编码', '科目名称', '本年收入合计', '财政拨款收入']);
      ws.addRow(['合计', '', 12.5, 12.5]);
      ws.addRow(['2080501', '行政单位离退休', 12.5, 12.5]);
      ws.addRow([]);
      ws.addRow(['支出决算表']);
      ws.addRow(['单位：万元']);
      ws.addRow(['科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出']);
      ws.addRow(['合计', '', 10, 4, 6]);
      ws.addRow(['2080501', '行政单位离退休', 10, 4, 6]);
      ws.mergeCells('A1:E1');
    });
    const doc = await extract({ name: 'stacked.xlsx', data });
    expect(doc.document).toMatchObject({ department: '某某中心', year: 2024, kind: 'final' });
    expect(doc.tables.map((t) => t.kind)).toEqual(['income', 'expenditure']);
    const get = (table: string, row: string, column: string) => doc.facts.find((f) => f.table === table && f.row === row && f.column === column)?.value;
    expect(get('income', '2080501', 'fiscal')).toBe(12.5);
    expect(get('expenditure', '2080501', 'project')).toBe(6);
    expect(get('expenditure', 'total', 'basic')).toBe(4);
    expect(doc.facts.filter((f) => f.table === 'income').length).toBe(4);
  });

  it('reads a legacy .xls (BIFF8) the same as the .xlsx it was saved from', async () => {
    // the seed's layout: 预算数 and 决算数 side by side, each 合计 / 因公出国（境）费 / 公务用车 (小计, 购置, 运行) / 公务接待费
    const items = ['合计', '因公出国（境）费', '公务用车购置及运行维护费', '', '', '公务接待费'];
    const subs = ['', '', '小计', '公务用车购置费', '公务用车运行维护费', ''];
    const rows = [
      ['财政拨款“三公”经费支出决算表'],
      ['部门名称：某某局', '', '', '2022年度', '', '', '', '', '', '', '金额单位：万元'],
      ['预算数', '', '', '', '', '', '决算数'],
      [...items, ...items],
      [...subs, ...subs],
      [4, 0, 3.2, 0, 3.2, 0.8, 3.5, 0, 3, 0, 3, 0.5],
    ];
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    const m = (r0: number, c0: number, r1: number, c1: number) => ({ s: { r: r0, c: c0 }, e: { r: r1, c: c1 } });
    sheet['!merges'] = [m(0, 0, 0, 11), m(2, 0, 2, 5), m(2, 6, 2, 11)];
    for (const off of [0, 6]) sheet['!merges'].push(m(3, off, 4, off), m(3, off + 1, 4, off + 1), m(3, off + 2, 3, off + 4), m(3, off + 5, 4, off + 5));
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, '三公');
    const xls = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const xlsx = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const a = await extract({ name: 'sg.xls', data: xls });
    const b = await extract({ name: 'sg.xlsx', data: xlsx });
    expect(a.document.format).toBe('xls');
    expect(factKeys(a)).toEqual(factKeys(b));
    const get = (row: string, column: string) => a.facts.find((f) => f.table === 'three_public' && f.row === row && f.column === column)?.value;
    expect(get('actual', 'total')).toBe(3.5);
    expect(get('actual', 'vehicle_operation')).toBe(3);
    expect(get('actual', 'reception')).toBe(0.5);
    expect(get('budget', 'vehicle_total')).toBe(3.2);
  });

  it('reads an HTML table saved as .xls (as some finance systems export), merges included', async () => {
    const html = `<html><head><meta charset="utf-8"></head><body><table>
      <tr><td colspan="5">一般公共预算财政拨款支出决算表</td></tr>
      <tr><td colspan="2">部门名称：某某局</td><td>2023年度</td><td colspan="2">金额单位：万元</td></tr>
      <tr><td>科目代码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>
      <tr><td colspan="2">合计</td><td>7.50</td><td>5.00</td><td>2.50</td></tr>
      <tr><td>2010101</td><td>行政运行</td><td>7.50</td><td>5.00</td><td>2.50</td></tr>
      </table></body></html>`;
    const doc = await extract({ name: 'export.xls', data: new TextEncoder().encode(html) });
    expect(doc.document).toMatchObject({ department: '某某局', year: 2023, kind: 'final', format: 'xls' });
    expect(doc.facts.map((f) => `${f.table}|${f.row}|${f.column}|${f.value}|${f.unit}`).sort()).toEqual(
      ['total|total|7.5', 'total|basic|5', 'total|project|2.5', '2010101|total|7.5', '2010101|basic|5', '2010101|project|2.5'].map((x) => `general_budget|${x}|万元`).sort(),
    );
  });

  it('says which file is not a workbook', async () => {
    const data = new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(extract({ name: 'broken.xlsx', data })).rejects.toThrow(InputError);
    await expect(extract({ name: 'broken.xlsx', data })).rejects.toThrow(/^broken\.xlsx: /);
  });
});

describe('numbers as a sheet shows them', () => {
  it('formats values by the cell number format', () => {
    expect(formatNumber(217.7, '0.00')).toBe('217.70');
    expect(formatNumber(1234567.891, '#,##0.00')).toBe('1,234,567.89');
    expect(formatNumber(0.2052, '0.00%')).toBe('20.52%');
    expect(formatNumber(-12.3, '0.00;(0.00)')).toBe('(12.30)');
    expect(formatNumber(-12.3, '0.00')).toBe('-12.30');
    expect(formatNumber(0.1 + 0.2, 'General')).toBe('0.3');
    expect(formatNumber(74, '0')).toBe('74');
  });
});
