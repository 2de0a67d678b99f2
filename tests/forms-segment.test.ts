/**
 * Where the 附件 forms start: their title lines in the wordings Shanxi prints, a form without a title line, and
 * the narrative sentences about 绩效自评 that are not forms.
 */
import { describe, expect, it } from 'vitest';
import { segment, type PageLayout } from '../src/segment/segment.js';
import type { TextLine } from '../src/layout/lines.js';
import type { Grid } from '../src/tables/grid.js';
import { parseForms } from '../src/normalize/forms.js';
import { gridFrom } from './helpers/formGrid.js';

function line(text: string, y: number): TextLine {
  return { text, x0: 50, x1: 50 + text.length * 10, y0: y, y1: y + 10, size: 10, items: [] };
}

function page(n: number, lines: string[], grids: Grid[] = []): PageLayout {
  return { page: n, width: 595, height: 842, lines: lines.map((t, i) => line(t, 40 + i * 12)), grids };
}

const formRows = (project: string) => [
  ['项目名称', { text: project, colSpan: 3 }],
  ['主管部门', '汾阳市公安局', '实施单位', '汾阳市公安局'],
  [{ text: '项目资金(万元)', rowSpan: 2 }, '全年预算数', '全年执行数', '执行率'],
  ['10', '9', '90%'],
  [{ text: '绩效指标', rowSpan: 2 }, '一级指标', '二级指标', '三级指标'],
  ['产出指标', '数量指标', '人数'],
  [{ text: '总分', colSpan: 3 }, '90'],
];
const W = [80, 80, 80, 80];

describe('the 附件 forms are found by their titles, or by their labels where no title is printed', () => {
  const pages = [
    page(1, ['汾阳市公安局2024年度部门决算']),
    page(2, [
      '（四）预算绩效情况说明',
      '1、预算绩效管理工作开展情况',
      '2024年二级项目绩效自评个数52个，涉及资金4659.63万元，52个项目自评等级为“优”',
      '2、其他需要说明的事项',
      '无',
      '第四部分 名词解释',
      '一、财政拨款收入：指本级财政当年拨付的资金。',
    ]),
    page(3, ['第五部分 附件', '2024年10个派出所和警犬基地BOT取暖费项目支出绩效', '(2024年度)'], [gridFrom(formRows('取暖费'), W, 3, 50, 120)]),
    page(4, ['2024年辰北派出所办公场所租赁费项目支出绩效自评 (2024年度)'], [gridFrom(formRows('租赁费'), W, 4, 50, 80)]),
    page(5, ['附件 1', '项目支出绩效自评表'], [gridFrom(formRows('飞机航测专项经费'), W, 5, 50, 80)]),
    // no title line: the grid says what it is
    page(6, [], [gridFrom(formRows('破获命案积案奖金'), W, 6, 50, 80)]),
  ];
  const seg = segment(pages);

  it('opens one form per title and per untitled form grid', () => {
    expect(seg.forms.map((f) => [f.title, f.pages])).toEqual([
      ['2024年10个派出所和警犬基地BOT取暖费项目支出绩效', [3]],
      ['2024年辰北派出所办公场所租赁费项目支出绩效自评 (2024年度)', [4]],
      ['项目支出绩效自评表', [5]],
      ['', [6]],
    ]);
    expect(parseForms(seg).forms.map((f) => f.project)).toEqual(['取暖费', '租赁费', '飞机航测专项经费', '破获命案积案奖金']);
  });

  it('leaves a narrative sentence about 绩效自评 in the narrative', () => {
    const text = seg.narrative.map((s) => s.heading + s.text).join('');
    expect(text).toContain('2024年二级项目绩效自评个数52个');
    expect(text).toContain('2、其他需要说明的事项无');
  });
});
