/**
 * What a user sees in the exported workbook and CSV of the sample.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { extract } from '../src/api.js';
import { buildWorkbook } from '../src/export/xlsx.js';
import { factsCsv } from '../src/export/index.js';
import { sample } from './helpers/shared.js';

describe('exports of samples/fenyang-2024-final.pdf', async () => {
  const doc = await extract(sample('fenyang-2024-final.pdf'));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await buildWorkbook(doc).xlsx.writeBuffer());
  const rows = (name: string) => {
    const out: unknown[][] = [];
    wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
    return out;
  };

  it('has a document sheet, a sheet per table, a long facts sheet, issues, forms and indicators', () => {
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['document', 'facts', 'issues', 'forms', 'indicators', '公开01表 summary', '公开02表 income']));
    expect(rows('facts').length - 1).toBe(doc.facts.length);
    expect(rows('forms').length - 1).toBe(doc.forms.length);
  });

  it('lays the two-sided 收入支出决算总表 out like the original: each row fills only its own side', () => {
    const s = rows('公开01表 summary');
    const income = s.find((r) => r.at(-1) === 'income:一般公共预算财政拨款收入')!;
    const outgo = s.find((r) => r.at(-1) === 'expenditure:公共安全支出')!;
    expect(income.slice(2, -1)).toEqual([13759.26, undefined]);
    expect(outgo.slice(2, -1)).toEqual([undefined, 11300.91]);
  });

  it('puts the printed header labels above their own columns, with the canonical keys below them', () => {
    const s = rows('公开02表 income');
    const keys = s.find((r) => r[1] === 'row label / column key →')!;
    const labels = s[s.indexOf(keys) - 2];
    const i = keys.indexOf('fiscal');
    expect(labels[i]).toContain('财政拨款收入');
    const row = s.find((r) => r[0] === '2040201')!;
    expect(row[1]).toBe('行政运行');
    expect(row[i]).toBe(4305.21);
    expect(row.at(-1)).toBe('2040201');
  });

  it('merges the spanning header cells, freezes the header rows and the code/name columns, sizes the columns', () => {
    const ws = wb.getWorksheet('公开01表 summary')!;
    const merges = (w: ExcelJS.Worksheet) => (w.model as unknown as { merges: string[] }).merges;
    // the title spans the sheet; the two 金额 columns (under 收入 and under 支出) stay apart
    expect(merges(ws)).toEqual(expect.arrayContaining(['A1:E1']));
    expect(merges(ws).some((m) => m.startsWith('C4:'))).toBe(false);
    // 公开02表: 项目 spans 科目代码 and 科目名称; 本年收入合计 is printed over two header rows
    const inc = wb.getWorksheet('公开02表 income')!;
    expect(merges(inc)).toEqual(expect.arrayContaining(['A3:B3', 'C3:C4']));
    const keysRow = rows('公开01表 summary').findIndex((r) => r[1] === 'row label / column key →') + 1;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: keysRow });
    const basic = wb.getWorksheet('公开06表 general_budget_basic') ?? wb.worksheets.find((w) => w.name.endsWith('general_budget_basic'))!;
    expect(basic.getColumn(2).width).toBeGreaterThan(20);
  });

  it('has no empty sheet for the 附件 forms: the tables list points at the forms sheet', () => {
    expect(wb.worksheets.some((w) => w.name.includes('performance_evaluation'))).toBe(false);
    const list = rows('tables');
    expect(list.find((r) => r[0] === 'performance_evaluation')?.[7]).toBe('forms');
    expect(wb.getWorksheet('forms')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('writes long-format CSV facts with a BOM and the dataset columns, confidence and flags included', () => {
    const csv = factsCsv(doc);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).trim().split('\n');
    expect(lines[0]).toBe('department,year,doc_kind,table_kind,row_key,column_key,value,unit,value_yuan,page,printed,row_label,column_label,source,confidence,flags');
    expect(lines).toContain('汾阳市公安局,2024,final,income,2040201,total,4305.21,万元,43052100,6,4305.21,行政运行,本年收入合计,text,,');
    expect(lines.length - 1).toBe(doc.facts.length);
  });
});
