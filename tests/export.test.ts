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
    const income = s.find((r) => r[0] === 'income:一般公共预算财政拨款收入')!;
    const outgo = s.find((r) => r[0] === 'expenditure:公共安全支出')!;
    expect(income.slice(3)).toEqual([13759.26]);
    expect(outgo.slice(3)).toEqual([undefined, 11300.91]);
  });

  it('puts the printed header labels above their own columns, with the canonical keys below them', () => {
    const s = rows('公开02表 income');
    const keys = s.find((r) => r[2] === 'column key →')!;
    const labels = s[s.indexOf(keys) - 1];
    const i = keys.indexOf('fiscal');
    expect(labels[i]).toContain('财政拨款收入');
    const row = s.find((r) => r[0] === '2040201')!;
    expect(row[2]).toBe('行政运行');
    expect(row[i]).toBe(4305.21);
  });

  it('writes long-format CSV facts with the keys a researcher joins on', () => {
    const lines = factsCsv(doc).trim().split('\n');
    expect(lines[0]).toBe('department,year,doc_kind,table,row,column,value,unit,page,row_label,column_label,source');
    expect(lines).toContain('汾阳市公安局,2024,final,income,2040201,total,4305.21,万元,6,行政运行,本年收入合计,text');
    expect(lines.length - 1).toBe(doc.facts.length);
  });
});
