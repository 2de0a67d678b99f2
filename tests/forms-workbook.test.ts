/**
 * A 项目支出绩效自评表 delivered as an Excel sheet (merged cells, numbers as numbers) gives the same record and
 * performance_evaluation facts as the printed form.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';

/** Rows of the sheet; a cell `[text, colSpan, rowSpan]` is merged over its span. */
type XCell = string | number | [string | number, number, number];

async function formWorkbook(rows: XCell[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('附件1');
  ws.addRow(['附件1']);
  ws.addRow(['飞机航测专项经费项目支出绩效自评表']);
  ws.addRow(['（2024年度）']);
  const taken = new Set<string>();
  rows.forEach((row, i) => {
    const r = i + 4;
    let c = 1;
    for (const cell of row) {
      while (taken.has(`${r}:${c}`)) c++;
      const [v, cs, rs] = Array.isArray(cell) ? cell : [cell, 1, 1];
      ws.getCell(r, c).value = v;
      for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) taken.add(`${r + dr}:${c + dc}`);
      if (cs > 1 || rs > 1) ws.mergeCells(r, c, r + rs - 1, c + cs - 1);
      c += cs;
    }
  });
  for (let c = 1; c <= 10; c++) ws.getColumn(c).width = 12;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('an evaluation form in a workbook', () => {
  it('gives the typed record and the performance_evaluation facts', async () => {
    const data = await formWorkbook([
      ['项目名称', ['飞机航测专项经费', 9, 1]],
      ['主管部门', ['汾阳市公安局', 4, 1], '实施单位', ['汾阳市公安局', 4, 1]],
      [['项目资金（万元）', 1, 3], '权重', ['', 2, 1], '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
      [[10, 1, 2], ['年度资金总额', 2, 1], 10, 10, 9.83, 10, '98.3%', 9.8],
      [['其中：当年财政拨款', 2, 1], 10, 10, 9.83, '—', '', '—'],
      [['年度总体目标', 1, 2], ['预期目标', 4, 1], ['实际完成情况', 5, 1]],
      [['最大限度铲除非法种植的罂粟', 4, 1], ['圆满完成预期目标', 5, 1]],
      [['绩效指标', 1, 3], '一级指标', '权重', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
      [['产出指标', 1, 2], [50, 1, 2], '数量指标', '指标 1 航测面积', '273 平方公里', '273 平方公里', 20, 20, ''],
      ['成本指标', '指标 1:航测费用', 10, 9.83, 10, 9.8, ''],
      [['总分', 7, 1], 100, 29.8, ''],
    ]);
    const doc = await extract({ name: 'form.xlsx', data });
    expect(doc.forms).toHaveLength(1);
    expect(doc.forms[0]).toMatchObject({
      layout: 'b', project: '飞机航测专项经费', unit: '汾阳市公安局', scoreTotal: 29.8, goal: '最大限度铲除非法种植的罂粟',
      indicators: [
        { level1: '产出指标', level1Weight: 50, level2: '数量指标', level3: '指标 1 航测面积', weight: 20, score: 20 },
        { level1: '产出指标', level1Weight: 50, level2: '成本指标', level3: '指标 1:航测费用', weight: 10, score: 9.8 },
      ],
    });
    expect(doc.facts.filter((f) => f.table === 'performance_evaluation').map((f) => [f.column, f.value, f.unit])).toEqual([
      ['budget_initial', 10, '万元'],
      ['budget_full_year', 10, '万元'],
      ['executed', 9.83, '万元'],
      ['execution_rate', 98.3, '%'],
      ['score_total', 29.8, '分'],
    ]);
  });
});
