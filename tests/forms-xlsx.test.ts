/**
 * The XLSX export of evaluation forms: a `forms` sheet with one row per form and an `indicators` sheet with one
 * row per indicator, keyed like the performance_evaluation facts.
 */
import { describe, expect, it } from 'vitest';
import { buildWorkbook } from '../src/export/xlsx.js';
import { assemble } from '../src/api.js';
import { formSpan, gridFrom, segmentedWith } from './helpers/formGrid.js';

const c = (text: string, colSpan = 1, rowSpan = 1) => ({ text, colSpan, rowSpan });
const rows = [
  ['项目名称', c('培训经费', 5)],
  ['主管部门及代码', c('011-某局', 2), '预算单位', c('011001-某中心', 2)],
  [c('项目资金(万元)', 1, 2), '', '全年预算数', '全年执行数', '执行率', '得分'],
  ['资金总额', '20', '19', '95%', '9.5'],
  [c('绩效指标', 1, 3), '一级指标', '二级指标', '三级指标', '年初指标值', '得分'],
  [c('产出指标', 1, 2), '数量指标', '培训人次', '≥80人', '40'],
  ['质量指标', '合格率', '≥95%', '45'],
  [c('总分', 5), '94.5'],
];

describe('forms in the XLSX export', () => {
  const seg = segmentedWith([formSpan('培训经费项目支出绩效自评表', [gridFrom(rows, [70, 60, 60, 70, 60, 40], 9)])]);
  const doc = assemble(seg, [{ page: 9, width: 595, height: 842, source: 'text' }], { name: 'x.pdf', sha256: '0', format: 'pdf' });
  const wb = buildWorkbook(doc);
  const sheetRows = (name: string) => {
    const ws = wb.getWorksheet(name)!;
    const head = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const out: Record<string, unknown>[] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const v = (ws.getRow(r).values as unknown[]).slice(1);
      out.push(Object.fromEntries(head.map((h, i) => [h, v[i] ?? null])));
    }
    return out;
  };

  it('has one row per form with its money total, score and row key', () => {
    expect(sheetRows('forms')).toEqual([
      expect.objectContaining({
        'row key': '培训经费', 项目名称: '培训经费', 页: '9', 主管部门: '某局', 代码: '011', '实施/预算单位': '某中心',
        全年预算数: 20, 全年执行数: 19, '执行率%': 95, 资金得分: 9.5, 总分: 94.5, 指标数: 2,
      }),
    ]);
  });

  it('has one row per indicator with the printed values and their parsed numbers', () => {
    expect(sheetRows('indicators').map((r) => [r['row key'], r['一级指标'], r['二级指标'], r['三级指标'], r['年初/年度指标值'], r['指标 运算'], r['指标 数值'], r['计量单位'], r['得分'], r.page])).toEqual([
      ['培训经费', '产出指标', '数量指标', '培训人次', '≥80人', '≥', 80, '人', 40, 9],
      ['培训经费', '产出指标', '质量指标', '合格率', '≥95%', '≥', 95, '%', 45, 9],
    ]);
  });
});
