/**
 * 项目支出绩效自评表: the records and performance_evaluation facts a researcher gets from the two Shanxi layouts
 * (grids as the lattice builder gives them, values taken from the 汾阳市公安局 2024 决算 附件).
 */
import { describe, expect, it } from 'vitest';
import { parseForms, parseIndicatorValue } from '../src/normalize/forms.js';
import { EvaluationForm, type Fact } from '../src/model/schema.js';
import type { Segmented } from '../src/segment/segment.js';
import { assemble } from '../src/api.js';
import { validate } from '../src/validate/index.js';
import { formSpan, gridFrom, segmentedWith, splitGrid, type SpecRow } from './helpers/formGrid.js';

/** The forms and their facts as the pipeline gives them: read, then checked by validation (which fills `checks`). */
function checkedForms(seg: Segmented): { forms: EvaluationForm[]; facts: Fact[] } {
  const doc = assemble(seg, [{ page: 1, width: 595, height: 842, source: 'text' }], { name: 't.pdf', sha256: '0', format: 'pdf' });
  doc.issues = validate(doc);
  return { forms: doc.forms, facts: doc.facts.filter((f) => f.table === 'performance_evaluation') };
}

const c = (text: string, colSpan = 1, rowSpan = 1) => ({ text, colSpan, rowSpan });

interface IndA { l1: string; l2: string; l3: string; initial: string; adjusted: string; actual: string; points: string; score: string }

/** Layout (a): 目标申报数/预算编制数 under 年初预算数, a 市县区财政资金 row, 年初/调整后指标值, 总分 with the grade. */
function layoutA(p: {
  project: string; funds: string[][]; goal: string; actual: string; inds: IndA[]; total: string; grade: string;
  analysis: [string, string][];
}): SpecRow[] {
  const rows: SpecRow[] = [
    [c('项目名称', 2), c(p.project, 8)],
    [c('主管部门及代码', 2), c('011-汾阳市公安局', 3), '预算单位', c('011001-汾阳市公安局', 4)],
    [c('项目资金预算安排及执行进度(万元)', 1, 2 + p.funds.length), c('', 1, 2), c('年初预算数', 2), c('全年预算数', 1, 2),
      c('全年执行数', 1, 2), c('资金结(转)余', 1, 2), c('执行率', 1, 2), c('得分', 1, 2), c('偏差原因分析及改进措施', 1, 2)],
    ['目标申报数', '预算编制数'],
    ...p.funds.map((f) => f),
    [c('项目年度绩效目标', 1, 2), c('年度目标', 4), c('实际完成情况', 5)],
    [c(p.goal, 4), c(p.actual, 5)],
    [c('绩效指标', 1, 1 + p.inds.length), '一级指标', '二级指标', '三级指标', '年初指标值', '调整后指标值', '实际完成值', '分值', '得分',
      '偏差原因分析及改进措施'],
  ];
  p.inds.forEach((r, i) => {
    const row: SpecRow = [];
    const run = (same: (x: IndA) => boolean) => {
      const n = p.inds.slice(i).findIndex((x) => !same(x));
      return n < 0 ? p.inds.length - i : n;
    };
    if (i === 0 || p.inds[i - 1].l1 !== r.l1) row.push(c(r.l1, 1, run((x) => x.l1 === r.l1)));
    const same2 = (x: IndA) => x.l1 === r.l1 && x.l2 === r.l2;
    if (i === 0 || !same2(p.inds[i - 1])) row.push(c(r.l2, 1, run(same2)));
    row.push(r.l3, r.initial, r.adjusted, r.actual, r.points, r.score, '');
    rows.push(row);
  });
  rows.push([c('总分', 7), '', p.total, p.grade]);
  const nSub = p.analysis.filter(([l]) => /情况/.test(l)).length;
  p.analysis.forEach(([label, text], i) => {
    const row: SpecRow = [];
    if (i === 0) row.push(c('项目绩效分析', 1, p.analysis.length));
    if (i < nSub) {
      if (i === 0) row.push(c('自评结果分析', 1, nSub));
      row.push(c(label, 2));
    } else row.push(c(label, 3));
    row.push(c(text, 6));
    rows.push(row);
  });
  return rows;
}

const WIDTHS_A = [46, 46, 50, 80, 52, 56, 56, 31, 31, 57];

const BOT = layoutA({
  project: '2019-2023年BOT取暖服务费',
  funds: [
    ['资金总额:', '114.463', '114.463', '114.463', '114.463', '0', '100', '10', ''],
    ['市县区财政资金', '114.463', '114.463', '114.463', '114.463', '0', '100.00', '10.00', ''],
  ],
  goal: '为坚持和发展新时代枫桥经验,强化基层治理,保障我局下属10个派出所冬季采暖',
  actual: '全年完成供暖面积120万平方米,目标完成率100%',
  inds: [
    { l1: '产出指标', l2: '数量指标', l3: '涉及取暖部门', initial: '=个', adjusted: '=10个', actual: '=10个', points: '20', score: '20' },
    { l1: '产出指标', l2: '质量指标', l3: '供暖质量', initial: '', adjusted: '符合国家标准', actual: '达成预期指标', points: '10', score: '10' },
    { l1: '产出指标', l2: '时效指标', l3: '供暖时效', initial: '', adjusted: '20、2021、2022', actual: '达成预期指标', points: '10', score: '10' },
    { l1: '产出指标', l2: '成本指标', l3: '合计采暖费', initial: '=元', adjusted: '1144629.25', actual: '1144629.25', points: '10', score: '10' },
    { l1: '效益指标', l2: '社会效益', l3: '基层单位工作效率', initial: '', adjusted: '提高', actual: '达成预期指标', points: '30', score: '30' },
    { l1: '满意度指标', l2: '服务对象满意度', l3: '涉及部门职工满意度', initial: '≥%', adjusted: '≥96%', actual: '≥96%', points: '10', score: '10' },
  ],
  total: '100',
  grade: '优',
  analysis: [
    ['项目实施和预算执行情况', '预算执行率100%'],
    ['产出情况及分析', '累计保障供暖期150天'],
    ['效益情况及分析', '单位面积能耗同比下降18%'],
    ['满意度情况及分析', '民警满意度达89%'],
    ['主要经验做法', '实施“智慧热网+用户端温控”联调模式'],
    ['项目管理中存在的主要问题及原因分析', '无'],
    ['下一步改进措施及管理建议', '优化BOT合同弹性条款'],
  ],
});

interface IndB { l1: string; w: string; l2: string; l3: string; target: string; actual: string; points: string; score: string }

/** Layout (b), 附件1: 权重 beside the money block and the 一级指标, 年度资金总额 / 当年财政拨款 / 上年结转资金 / 其他资金. */
function layoutB(p: { project: string; funds: string[][]; goal: string; actual: string; inds: IndB[]; total: [string, string] }): SpecRow[] {
  const rows: SpecRow[] = [
    ['项目名称', c(p.project, 9)],
    ['主管部门', c('汾阳市公安局', 4), '实施单位', c('汾阳市公安局', 4)],
    [c('项目资金 (万元)', 1, 1 + p.funds.length), '权重', c('', 2), '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    ...p.funds.map((f, i) => (i === 0 ? [c('10', 1, p.funds.length), c(f[0], 2), ...f.slice(1)] : [c(f[0], 2), ...f.slice(1)])),
    [c('年度总体目标', 1, 2), c('预期目标', 4), c('实际完成情况', 5)],
    [c(p.goal, 4), c(p.actual, 5)],
    [c('绩效指标', 1, 1 + p.inds.length), '一级指标', '权重', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分',
      '偏差原因分析及改进措施'],
  ];
  p.inds.forEach((r, i) => {
    const row: SpecRow = [];
    const run = (same: (x: IndB) => boolean) => {
      const n = p.inds.slice(i).findIndex((x) => !same(x));
      return n < 0 ? p.inds.length - i : n;
    };
    if (i === 0 || p.inds[i - 1].l1 !== r.l1) {
      const n = run((x) => x.l1 === r.l1);
      row.push(c(r.l1, 1, n), c(r.w, 1, n));
    }
    if (i === 0 || p.inds[i - 1].l1 !== r.l1 || p.inds[i - 1].l2 !== r.l2) row.push(c(r.l2, 1, run((x) => x.l1 === r.l1 && x.l2 === r.l2)));
    row.push(r.l3, r.target, r.actual, r.points, r.score, '');
    rows.push(row);
  });
  rows.push([c('总分', 7), p.total[0], p.total[1], '']);
  return rows;
}

const WIDTHS_B = [48, 46, 28, 56, 105, 62, 62, 31, 31, 36];

const b = (l1: string, w: string, l2: string, l3: string, target = '', actual = '', points = '', score = ''): IndB =>
  ({ l1, w, l2, l3, target, actual, points, score });

const FLIGHT = layoutB({
  project: '飞机航测专项经费',
  funds: [
    ['年度资金总额', '10', '10', '9.83', '10', '98.3%', '9.8'],
    ['其中：当年财政拨款', '10', '10', '9.83', '—', '', '—'],
    ['上年结转资金', '', '', '', '', '', '—'],
    ['其他资金', '', '', '', '', '', ''],
  ],
  goal: '为提高检测发现和查处打击能力，最大限度铲除非法种植的罂粟。',
  actual: '圆满完成预期目标',
  inds: [
    b('产出指标', '50', '数量指标', '指标 1 航测面积', '273 平方公里', '273 平方公里', '20', '20'),
    b('产出指标', '50', '数量指标', '指标 2:'),
    b('产出指标', '50', '质量指标', '指标 1:航测效果', '重点区域全覆盖、零种植、零产量', '重点区域全覆盖、零种植、零产量', '20', '20'),
    b('产出指标', '50', '时效指标', '指标 1:航测时间选择', '罂粟开花、结果生长之际', '罂粟开花、结果生长之际', '10', '10'),
    b('产出指标', '50', '成本指标', '指标 1:航测费用', '10', '9.83', '10', '9.8'),
    b('效益指标', '30', '经济效益指标', '指标 1:'),
    b('效益指标', '30', '社会效益指标', '指标 1:社会治安稳定性', '提高', '提高', '30', '30'),
    b('满意度指标', '10', '服务对象满意度指标', '指标 1: 人民群众满意度', '96%', '97%', '10', '10'),
  ],
  total: ['100', '99.8'],
});

const factsOf = (facts: Fact[]) => Object.fromEntries(facts.map((f) => [`${f.row}|${f.column}`, [f.value, f.unit]]));

describe('layout (a): 目标申报数 / 预算编制数 and a 市县区财政资金 row', () => {
  const { forms, facts } = checkedForms(segmentedWith([formSpan('2019-2023年BOT取暖服务费项目支出绩效自评表', [gridFrom(BOT, WIDTHS_A, 40)])]));
  const f = forms[0];

  it('gives one typed record with the header, money block, goals, indicators, score and grade', () => {
    expect(forms).toHaveLength(1);
    expect(() => EvaluationForm.parse(f)).not.toThrow();
    expect(f).toMatchObject({
      layout: 'a', project: '2019-2023年BOT取暖服务费', department: '汾阳市公安局', departmentCode: '011',
      unit: '汾阳市公安局', unitCode: '011001', pages: [40], scoreTotal: 100, grade: '优', moneyUnit: '万元',
      goal: '为坚持和发展新时代枫桥经验,强化基层治理,保障我局下属10个派出所冬季采暖',
      achieved: '全年完成供暖面积120万平方米,目标完成率100%',
    });
    expect(f.money).toEqual([
      { label: '资金总额:', declared: 114.463, budgetInitial: 114.463, budgetFullYear: 114.463, executed: 114.463, balance: 0, executionRate: 100, executionRatePrinted: '100', score: 10 },
      { label: '市县区财政资金', declared: 114.463, budgetInitial: 114.463, budgetFullYear: 114.463, executed: 114.463, balance: 0, executionRate: 100, executionRatePrinted: '100.00', score: 10 },
    ]);
    expect(f.checks).toBeUndefined();
    expect(Object.keys(f.analysis)).toHaveLength(7);
    expect(f.analysis['项目管理中存在的主要问题及原因分析']).toBe('无');
    expect(f.analysis['下一步改进措施及管理建议']).toBe('优化BOT合同弹性条款');
  });

  it('reads every indicator row with its levels and values as printed, parsed where they are comparisons', () => {
    expect(f.indicators.map((i) => [i.level1, i.level2, i.level3, i.weight, i.score])).toEqual([
      ['产出指标', '数量指标', '涉及取暖部门', 20, 20],
      ['产出指标', '质量指标', '供暖质量', 10, 10],
      ['产出指标', '时效指标', '供暖时效', 10, 10],
      ['产出指标', '成本指标', '合计采暖费', 10, 10],
      ['效益指标', '社会效益', '基层单位工作效率', 30, 30],
      ['满意度指标', '服务对象满意度', '涉及部门职工满意度', 10, 10],
    ]);
    expect(f.indicators[0].target).toEqual({ text: '=个', op: '=', unit: '个' });
    expect(f.indicators[0].targetAdjusted).toEqual({ text: '=10个', op: '=', number: 10, unit: '个' });
    expect(f.indicators[1].target).toBeUndefined();
    expect(f.indicators[1].actual).toEqual({ text: '达成预期指标' });
    expect(f.indicators[5].actual).toEqual({ text: '≥96%', op: '≥', number: 96, unit: '%' });
  });

  it('gives the performance_evaluation facts: 预算编制数 as budget_initial, 执行率 in %, 总分', () => {
    expect(factsOf(facts)).toEqual({
      '2019-2023年BOT取暖服务费|budget_initial': [114.463, '万元'],
      '2019-2023年BOT取暖服务费|budget_full_year': [114.463, '万元'],
      '2019-2023年BOT取暖服务费|executed': [114.463, '万元'],
      '2019-2023年BOT取暖服务费|execution_rate': [100, '%'],
      '2019-2023年BOT取暖服务费|score_total': [100, '分'],
    });
    expect(facts.every((x) => x.table === 'performance_evaluation' && x.page === 40)).toBe(true);
  });
});

describe('layout (b): 附件1 with 权重, 分值 and 当年财政拨款 / 上年结转资金 / 其他资金 rows', () => {
  const { forms, facts } = parseForms(segmentedWith([formSpan('项目支出绩效自评表', [gridFrom(FLIGHT, WIDTHS_B, 45)])]));
  const f = forms[0];

  it('gives one typed record with the money rows, weights and score', () => {
    expect(forms).toHaveLength(1);
    expect(() => EvaluationForm.parse(f)).not.toThrow();
    expect(f).toMatchObject({
      layout: 'b', project: '飞机航测专项经费', department: '汾阳市公安局', unit: '汾阳市公安局', scoreTotal: 99.8,
      weightTotal: 100, goal: '为提高检测发现和查处打击能力，最大限度铲除非法种植的罂粟。', achieved: '圆满完成预期目标',
    });
    expect(f.departmentCode).toBeUndefined();
    expect(f.grade).toBeUndefined();
    expect(f.money.map((m) => m.label)).toEqual(['年度资金总额', '其中：当年财政拨款', '上年结转资金', '其他资金']);
    expect(f.money[0]).toEqual({
      label: '年度资金总额', budgetInitial: 10, budgetFullYear: 10, executed: 9.83, weight: 10, executionRate: 98.3,
      executionRatePrinted: '98.3%', score: 9.8,
    });
    expect(f.money[1]).toEqual({ label: '其中：当年财政拨款', budgetInitial: 10, budgetFullYear: 10, executed: 9.83 });
  });

  it('reads the indicator rows as printed, with the 权重 of their 一级指标', () => {
    expect(f.indicators).toHaveLength(8);
    expect(f.indicators.map((i) => [i.level1, i.level1Weight, i.level2, i.level3])).toEqual([
      ['产出指标', 50, '数量指标', '指标 1 航测面积'],
      ['产出指标', 50, '数量指标', '指标 2:'],
      ['产出指标', 50, '质量指标', '指标 1:航测效果'],
      ['产出指标', 50, '时效指标', '指标 1:航测时间选择'],
      ['产出指标', 50, '成本指标', '指标 1:航测费用'],
      ['效益指标', 30, '经济效益指标', '指标 1:'],
      ['效益指标', 30, '社会效益指标', '指标 1:社会治安稳定性'],
      ['满意度指标', 10, '服务对象满意度指标', '指标 1: 人民群众满意度'],
    ]);
    expect(f.indicators[0].target).toEqual({ text: '273 平方公里', number: 273, unit: '平方公里' });
    expect(f.indicators[4]).toMatchObject({ weight: 10, score: 9.8, actual: { text: '9.83', number: 9.83 } });
    expect(f.indicators[1].score).toBeUndefined();
  });

  it('gives the performance_evaluation facts from the 年度资金总额 row and the 总分 row', () => {
    expect(factsOf(facts)).toEqual({
      '飞机航测专项经费|budget_initial': [10, '万元'],
      '飞机航测专项经费|budget_full_year': [10, '万元'],
      '飞机航测专项经费|executed': [9.83, '万元'],
      '飞机航测专项经费|execution_rate': [98.3, '%'],
      '飞机航测专项经费|score_total': [99.8, '分'],
    });
  });
});

describe('a form printed over a page break', () => {
  const whole = gridFrom(BOT, WIDTHS_A, 12);
  // the break falls inside the indicators: 产出指标 spans rows on both pages
  const cut = BOT.findIndex((r) => r.some((x) => typeof x !== 'string' && x.text === '产出指标')) + 2;

  for (const textIn of ['first', 'second'] as const) {
    it(`reads all indicators with their levels when the cut 一级指标 prints its text on the ${textIn} page`, () => {
      const [g1, g2] = splitGrid(whole, cut, textIn);
      const { forms, facts } = parseForms(segmentedWith([formSpan('2019-2023年BOT取暖服务费项目支出绩效自评表', [g1, g2])]));
      expect(forms).toHaveLength(1);
      const f = forms[0];
      expect(f.pages).toEqual([12, 13]);
      expect(f.indicators.map((i) => `${i.level1}/${i.level2}/${i.level3}@${i.page}`)).toEqual([
        '产出指标/数量指标/涉及取暖部门@12',
        '产出指标/质量指标/供暖质量@12',
        '产出指标/时效指标/供暖时效@13',
        '产出指标/成本指标/合计采暖费@13',
        '效益指标/社会效益/基层单位工作效率@13',
        '满意度指标/服务对象满意度/涉及部门职工满意度@13',
      ]);
      expect(f.scoreTotal).toBe(100);
      expect(Object.keys(f.analysis)).toHaveLength(7);
      expect(facts.find((x) => x.column === 'score_total')?.page).toBe(13);
      expect(facts.find((x) => x.column === 'executed')?.page).toBe(12);
    });
  }

  it('joins the two halves of an analysis row that the page break cut', () => {
    const at = BOT.findIndex((r) => r.some((x) => typeof x !== 'string' && x.text === '主要经验做法'));
    const [g1, g2] = splitGrid(whole, at + 1, 'first');
    // the text of 主要经验做法 runs on at the top of the next page, in the text column only
    const text = g1.cells.find((x) => x.text.startsWith('实施“智慧热网'))!;
    text.text = '实施“智慧热网+用户';
    const cont = { ...text, row: 0, rowSpan: 1, text: '端温控”联调模式', box: { ...text.box!, y0: 25, y1: 40 } };
    const g2b = { ...g2, nRows: g2.nRows + 1, cells: [cont, ...g2.cells.map((x) => ({ ...x, row: x.row + 1 }))] };
    const { forms } = parseForms(segmentedWith([formSpan('x', [g1, g2b])]));
    expect(forms[0].analysis['主要经验做法']).toBe('实施“智慧热网+用户端温控”联调模式');
    expect(Object.keys(forms[0].analysis)).toHaveLength(7);
  });

  it('reads the money block when the break falls between its rows', () => {
    const at = BOT.findIndex((r) => r[0] === '市县区财政资金' || (typeof r[0] !== 'string' && r[0].text === '市县区财政资金'));
    const [g1, g2] = splitGrid(whole, at, 'first');
    const { forms } = parseForms(segmentedWith([formSpan('x', [g1, g2])]));
    expect(forms[0].money.map((m) => [m.label, m.executed, m.executionRate])).toEqual([
      ['资金总额:', 114.463, 100],
      ['市县区财政资金', 114.463, 100],
    ]);
    expect(forms[0].indicators).toHaveLength(6);
  });
});

describe("the form's own arithmetic", () => {
  it('reports a 总分 that is not 资金得分 + Σ 指标得分, keeping the printed value', () => {
    // 机关民警食堂、库房改造项目 prints 总分 100 while 10 + 84 = 94
    const rows = layoutA({
      project: '机关民警食堂、库房改造项目',
      funds: [['资金总额:', '47.362', '47.362', '44.202', '44.202', '0', '100', '10', '']],
      goal: 'g', actual: 'a',
      inds: [
        { l1: '产出指标', l2: '数量指标', l3: '改造面积', initial: '', adjusted: '=1项', actual: '=1项', points: '20', score: '20' },
        { l1: '产出指标', l2: '质量指标', l3: '验收合格率', initial: '', adjusted: '=100%', actual: '=100%', points: '24', score: '24' },
        { l1: '效益指标', l2: '社会效益', l3: '保障水平', initial: '', adjusted: '提高', actual: '提高', points: '30', score: '30' },
        { l1: '满意度指标', l2: '服务对象满意度', l3: '民警满意度', initial: '', adjusted: '≥95%', actual: '≥95%', points: '10', score: '10' },
      ],
      total: '100', grade: '优', analysis: [],
    });
    const { forms, facts } = checkedForms(segmentedWith([formSpan('t', [gridFrom(rows, WIDTHS_A)])]));
    expect(forms[0].scoreTotal).toBe(100);
    expect(forms[0].checks).toEqual([expect.objectContaining({ rule: 'form.score_total', expected: 94, printed: 100 })]);
    const total = facts.find((x) => x.column === 'score_total');
    expect(total).toMatchObject({ value: 100, flags: ['sum_mismatch'] });
  });

  it('reports an 执行率 that is not 全年执行数 / 全年预算数, an 得分 over its 分值 and a 总分 分值 that is not Σ 分值; a 得分 truncated from 执行率 × 分值 is none', () => {
    const rows = layoutB({
      project: '汾阳市公安局辰北派出所业务技术用房建设其他费用（前期费用）',
      funds: [['年度资金总额', '257.3', '257.3', '52.8', '10', '25.52%', '2.5']],
      goal: 'g', actual: 'a',
      inds: [b('产出指标', '50', '成本指标', '指标 1: 成本', '257.3', '52.8', '1', '2.5')],
      total: ['100', '2.5'],
    });
    const { forms, facts } = checkedForms(segmentedWith([formSpan('t', [gridFrom(rows, WIDTHS_B)])]));
    const rules = forms[0].checks?.map((x) => [x.rule, x.printed, x.expected]);
    expect(rules).toContainEqual(['form.execution_rate', 25.52, 20.5208]);
    expect(rules).toContainEqual(['form.indicator_score', 2.5, 1]);
    expect(rules).toContainEqual(['form.weight_total', 100, 1]);
    // 25.52% × 10 = 2.552, printed 2.5: truncated to the printed decimal, as validation accepts (one verdict)
    expect(rules?.map((r) => r[0])).not.toContain('form.money_score');
    expect(facts.find((x) => x.column === 'execution_rate')).toMatchObject({ value: 25.52, flags: ['sum_mismatch'] });
    expect(facts.find((x) => x.row === '汾阳市公安局辰北派出所业务技术用房建设其他费用(前期费用)' && x.column === 'executed')?.value).toBe(52.8);
  });

  it('accepts 执行率 rounded as printed', () => {
    const rows = layoutB({
      project: 'p', funds: [['年度资金总额', '42', '42', '36.83', '10', '87.69%', '8.8']], goal: 'g', actual: 'a',
      inds: [b('产出指标', '50', '数量指标', 'x', '1', '1', '100', '98.8')], total: ['100', '98.8'],
    });
    expect(checkedForms(segmentedWith([formSpan('t', [gridFrom(rows, WIDTHS_B)])])).forms[0].checks).toBeUndefined();
  });
});

describe('fields are found by their labels, not their places', () => {
  it('reads a variant with the money columns in another order and other widths', () => {
    const rows: SpecRow[] = [
      ['项目名称', c('某项目', 5)],
      ['主管部门', c('某局', 2), '实施单位', c('某中心', 2)],
      [c('项目资金(元)', 1, 3), '', '全年预算数', '年初预算数', '全年执行数', '执行率'],
      ['年度资金总额', '1,000', '1,200', '500', '50%'],
      ['其中：财政拨款', '1,000', '1,200', '500', ''],
      [c('绩效指标', 1, 2), '一级指标', '二级指标', '三级指标', '指标值', '实际完成值'],
      ['产出指标', '数量指标', '培训人次', '=80人', '=80人'],
      [c('总分', 5), '95'],
    ];
    const { forms, facts } = parseForms(segmentedWith([formSpan('t', [gridFrom(rows, [60, 70, 50, 50, 90, 40])])]));
    expect(forms[0].money[0]).toMatchObject({ budgetFullYear: 1000, budgetInitial: 1200, executed: 500, executionRate: 50 });
    expect(forms[0].indicators[0]).toMatchObject({ level3: '培训人次', target: { text: '=80人', op: '=', number: 80, unit: '人' } });
    expect(factsOf(facts)).toEqual({
      '某项目|budget_initial': [1200, '元'],
      '某项目|budget_full_year': [1000, '元'],
      '某项目|executed': [500, '元'],
      '某项目|execution_rate': [50, '%'],
      '某项目|score_total': [95, '分'],
    });
  });

  it('reads two forms that share one span (no title between them)', () => {
    const { forms } = parseForms(segmentedWith([formSpan('t', [gridFrom(BOT, WIDTHS_A, 3), gridFrom(FLIGHT, WIDTHS_B, 4)])]));
    expect(forms.map((f) => [f.project, f.layout])).toEqual([['2019-2023年BOT取暖服务费', 'a'], ['飞机航测专项经费', 'b']]);
  });
});

describe('a form read from a grid without rulings', () => {
  it('takes no money from a percentage that landed in a money column, and flags its facts as low confidence', () => {
    const rows: SpecRow[] = [
      ['项目名称', c('某项目', 4)],
      [c('项目资金(万元)', 1, 2), '全年预算数', '全年执行数', '执行率', '得分'],
      ['59', '100%', '', '9.5'],
      [c('总分', 4), '99.5'],
    ];
    const g = { ...gridFrom(rows, [80, 60, 60, 60, 40]), method: 'stream' as const };
    const { forms, facts } = parseForms(segmentedWith([formSpan('t', [g])]));
    expect(forms[0].money[0].executed).toBeUndefined();
    expect(facts.map((f) => [f.column, f.value, f.flags])).toEqual([
      ['budget_full_year', 59, ['low_confidence']],
      ['score_total', 99.5, ['low_confidence']],
    ]);
  });
});

describe('indicator values', () => {
  it('keep the printed text and add operator, number and unit where they have them', () => {
    expect(parseIndicatorValue('=80人')).toEqual({ text: '=80人', op: '=', number: 80, unit: '人' });
    expect(parseIndicatorValue('≥96%')).toEqual({ text: '≥96%', op: '≥', number: 96, unit: '%' });
    expect(parseIndicatorValue('不低于 90%')).toEqual({ text: '不低于 90%', op: '≥', number: 90, unit: '%' });
    expect(parseIndicatorValue('≤1,500元')).toEqual({ text: '≤1,500元', op: '≤', number: 1500, unit: '元' });
    expect(parseIndicatorValue('及时')).toEqual({ text: '及时' });
    expect(parseIndicatorValue('提高 98%')).toEqual({ text: '提高 98%' });
    expect(parseIndicatorValue('20、2021、2022')).toEqual({ text: '20、2021、2022' });
    expect(parseIndicatorValue('')).toBeUndefined();
  });
});
