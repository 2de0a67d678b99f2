/**
 * Validation rules, one family at a time, on small documents built by hand: a consistent document raises
 * nothing; a document with one wrong number raises the rule's issue, located at that number.
 */
import { describe, expect, it } from 'vitest';
import type { EvaluationForm, Issue } from '../src/model/schema.js';
import { validate } from '../src/validate/index.js';
import { readNumbers, normText } from '../src/validate/narrative.js';
import { RULES } from '../src/domain/checks.js';
import { buildDoc, consistentTables, type TableSpec } from './helpers/docBuilder.js';

type Tables = Record<string, TableSpec>;

function tablesWith(edit: (t: Tables) => void): Tables {
  const t = structuredClone(consistentTables());
  edit(t);
  return t;
}

const names = (i: Issue, table: string, row: string, column?: string) =>
  i.refs.some((r) => r.table === table && r.row === row && (column === undefined || r.column === column));

function only(issues: Issue[], rule: string): Issue[] {
  return issues.filter((i) => i.rule === rule);
}

describe('the consistent document', () => {
  it('raises no issue', () => {
    expect(validate(buildDoc({ tables: consistentTables() }))).toEqual([]);
  });

  it('every rule has an id, a severity and a plain-Chinese title', () => {
    for (const r of Object.values(RULES)) {
      expect(r.id).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect(r.title).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('within a table', () => {
  it('款 = Σ 项: a 项 printed 1511.11 instead of 151.11 breaks its 款 (error, located)', () => {
    const t = tablesWith((t) => {
      t.expenditure.rows['2040220'] = { total: 1501.11, basic: '', project: 1501.11 };
    });
    const issues = only(validate(buildDoc({ tables: t })), 'sum.children');
    const total = issues.find((i) => i.refs[0].row === '20402' && i.refs[0].column === 'total')!;
    expect(total.severity).toBe('error');
    expect(names(total, 'expenditure', '2040220', 'total')).toBe(true);
    expect(total.printed).toBe(200);
    expect(total.expected).toBeCloseTo(1551, 6);
    expect(total.message).toContain('20402 公安');
    expect(total.message).toContain('1551.00');
    expect(total.page).toBeGreaterThan(0);
  });

  it('合计 = Σ 类 (sum.total)', () => {
    const t = tablesWith((t) => {
      t.income.rows.total = { total: 310, fiscal: 300 };
    });
    const issues = validate(buildDoc({ tables: t }));
    const i = only(issues, 'sum.total').find((x) => x.refs[0].column === 'total')!;
    expect(i.severity).toBe('error');
    expect(i.refs[0]).toEqual({ table: 'income', row: 'total', column: 'total' });
  });

  it('a 0.01 gap in a sum of rounded numbers is info with the tolerance stated', () => {
    const t = tablesWith((t) => {
      t.expenditure.rows['20402'] = { total: 200.01, basic: 49.89, project: 150.11 };
      t.expenditure.rows['204'] = { total: 200.01, basic: 49.89, project: 150.11 };
    });
    const issues = validate(buildDoc({ tables: t })).filter((i) => i.refs[0].table === 'expenditure' && i.refs[0].row === '20402');
    const kids = issues.find((i) => i.rule === 'sum.children')!;
    expect(kids.severity).toBe('info');
    expect(kids.tolerance).toBeCloseTo(0.015, 6);
    expect(kids.message).toContain('在舍入容差');
  });

  it('合计 column = Σ component columns (sum.columns), also in the 三公 table', () => {
    const t = tablesWith((t) => {
      t.general_budget.rows['2010101'] = { total: 100, basic: 90, project: '' };
      t.three_public.rows.actual.total = 16;
    });
    const issues = only(validate(buildDoc({ tables: t })), 'sum.columns');
    expect(issues.some((i) => names(i, 'general_budget', '2010101', 'basic') && i.severity === 'error')).toBe(true);
    const tp = issues.find((i) => i.refs[0].table === 'three_public')!;
    expect(tp.refs[0]).toEqual({ table: 'three_public', row: 'actual', column: 'total' });
    expect(tp.expected).toBe(15);
  });

  it('a 三公 row that leaves the 公务用车 小计 blank and prints its two items is checked against the items (北京)', () => {
    const blank = (total: number) =>
      only(validate(buildDoc({ tables: tablesWith((t) => {
        t.three_public.rows.budget = { total, overseas: 10, vehicle_total: '', vehicle_purchase: 2, vehicle_operation: 4, reception: 4 };
      }) })), 'sum.columns').filter((i) => i.refs[0].table === 'three_public');
    expect(blank(20)).toEqual([]);
    const [wrong] = blank(21);
    expect(wrong.severity).toBe('error');
    expect(wrong.expected).toBe(20);
  });

  it('summary: 本年收入合计 = Σ income rows and 收入总计 = 支出总计', () => {
    const t = tablesWith((t) => {
      t.summary.rows['income:本年收入合计'] = { amount: 320 };
      t.summary.rows['income:总计'] = { amount: 320 };
    });
    const issues = validate(buildDoc({ tables: t }));
    expect(only(issues, 'sum.rows').some((i) => names(i, 'summary', 'income:本年收入合计'))).toBe(true);
    expect(only(issues, 'sum.balance').some((i) => names(i, 'summary', 'income:总计') && names(i, 'summary', 'expenditure:总计'))).toBe(true);
  });

  it('basic-expenditure table: 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 310, 301 = Σ 301xx', () => {
    const t = tablesWith((t) => {
      t.general_budget_basic.rows.personnel_total = { amount: 125 };
      t.general_budget_basic.rows['30201'] = { amount: 25 };
    });
    const issues = validate(buildDoc({ tables: t }));
    expect(only(issues, 'basic.personnel')[0].refs[0]).toEqual({ table: 'general_budget_basic', row: 'personnel_total', column: 'amount' });
    expect(only(issues, 'sum.children').some((i) => i.refs[0].row === '302' && names(i, 'general_budget_basic', '30201'))).toBe(true);
    expect(only(issues, 'basic.public')).toEqual([]);
  });

  it('fund tables: 年初 + 本年收入 − 本年支出 = 年末', () => {
    const t = tablesWith((t) => {
      t.gov_fund = { rows: { total: { carryover_begin: 10, income: 50, expenditure_total: 40, basic: 0, project: 40, carryover_end: 25 } } };
    });
    const i = only(validate(buildDoc({ tables: t })), 'fund.balance')[0];
    expect(i.refs[0]).toEqual({ table: 'gov_fund', row: 'total', column: 'carryover_end' });
    expect(i.expected).toBe(20);
  });

  it('statistics table: 车辆数合计 = Σ vehicle kinds', () => {
    const t = tablesWith((t) => {
      t.disclosure_stats.rows.vehicles_total = { amount: 8 };
    });
    const i = only(validate(buildDoc({ tables: t })), 'sum.rows').find((x) => x.refs[0].row === 'vehicles_total')!;
    expect(i.severity).toBe('error');
    expect(i.tolerance).toBe(0);
  });
});

describe('across tables', () => {
  it('the summary 类 row and the expenditure table agree (cross.category)', () => {
    const t = tablesWith((t) => {
      t.summary.rows['expenditure:公共安全支出'] = { amount: 210 };
    });
    const i = only(validate(buildDoc({ tables: t })), 'cross.category')[0];
    expect(names(i, 'summary', 'expenditure:公共安全支出')).toBe(true);
    expect(names(i, 'expenditure', '204', 'total')).toBe(true);
  });

  it('totals printed twice agree (cross.totals)', () => {
    const t = tablesWith((t) => {
      t.fiscal_summary.rows['expenditure:本年支出合计'] = { total: 300, general_budget: 299, gov_fund: '' };
    });
    const issues = only(validate(buildDoc({ tables: t })), 'cross.totals');
    expect(issues.some((i) => names(i, 'fiscal_summary', 'expenditure:本年支出合计', 'general_budget') && names(i, 'general_budget', 'total', 'total'))).toBe(true);
  });

  it('all-fiscal document: expenditure and 一般公共预算 tables agree row by row, and income matches expenditure', () => {
    const t = tablesWith((t) => {
      t.general_budget.rows['2040220'] = { total: 151.11, basic: '', project: 151.11 };
    });
    const issues = only(validate(buildDoc({ tables: t })), 'cross.fiscal_rows');
    expect(issues.some((i) => names(i, 'expenditure', '2040220', 'total') && names(i, 'general_budget', '2040220', 'total'))).toBe(true);
  });

  it('the number several issues share is their suspect', () => {
    const t = tablesWith((t) => {
      t.expenditure.rows['2040220'] = { total: 1501.11, basic: '', project: 1501.11 };
    });
    const issues = validate(buildDoc({ tables: t })).filter((i) => i.severity === 'error');
    const kids = issues.find((i) => i.rule === 'sum.children' && i.refs[0].row === '20402' && i.refs[0].column === 'total')!;
    expect(kids.suspect).toEqual({ table: 'expenditure', row: '2040220', column: 'total' });
  });

  it('with other money, the 一般公共预算 row may not exceed the whole row (cross.subset)', () => {
    const t = tablesWith((t) => {
      t.summary.rows['income:年初结转和结余'] = { amount: 10 };
      t.general_budget.rows['2010101'] = { total: 110, basic: 110, project: '' };
    });
    const issues = validate(buildDoc({ tables: t }));
    expect(only(issues, 'cross.fiscal_rows')).toEqual([]);
    const i = only(issues, 'cross.subset').find((x) => x.refs[0].row === '2010101')!;
    expect(i.severity).toBe('error');
    expect(i.printed).toBe(110);
    expect(i.expected).toBe(100);
  });

  it('机关运行经费 may not exceed 公用经费合计 (cross.running_cost)', () => {
    const t = tablesWith((t) => {
      t.disclosure_stats.rows.running_cost_admin = { amount: 35 };
    });
    const i = only(validate(buildDoc({ tables: t })), 'cross.running_cost')[0];
    expect(i.severity).toBe('warning');
    expect(names(i, 'disclosure_stats', 'running_cost_admin')).toBe(true);
    expect(names(i, 'general_budget_basic', 'public_total')).toBe(true);
  });

  it('人员经费 + 公用经费 of the basic table = 基本支出 of the 一般公共预算 table (cross.basic)', () => {
    const t = tablesWith((t) => {
      t.general_budget_basic.rows.public_total = { amount: 39.89 };
      t.general_budget_basic.rows['302'] = { amount: 39.89 };
      t.general_budget_basic.rows['30299'] = { amount: 19.89 };
    });
    const i = only(validate(buildDoc({ tables: t })), 'cross.basic')[0];
    expect(names(i, 'general_budget_basic', 'public_total')).toBe(true);
    expect(names(i, 'general_budget', 'total', 'basic')).toBe(true);
  });
});

describe('the narrative against the tables', () => {
  const run = (heading: string, text: string, edit: (t: Tables) => void = () => {}) =>
    validate(buildDoc({ tables: tablesWith(edit), narrative: [{ heading, text }] }));

  it('reads amounts, percentages and counts', () => {
    const toks = readNumbers(normText('收入总计13,759.26万元，占比182.37%，共有车辆74辆，单价100万元（含）以上设备0台（套），0.39 万（含'));
    expect(toks.map((t) => [t.type, t.value, t.unit])).toEqual([
      ['amount', 13759.26, '万元'], ['percent', 182.37, '%'], ['count', 74, '辆'], ['count', 0, '台'], ['amount', 0.39, '万元'],
    ]);
  });

  it('an amount quoted differently from its table is a warning naming the fact', () => {
    const ok = run('三、支出决算情况说明', '2024年度支出合计300.00万元，其中：基本支出149.89万元，占比49.96%；项目支出150.11万元，占比50.04%。');
    expect(ok).toEqual([]);
    const bad = run('三、支出决算情况说明', '2024年度支出合计300.00万元，其中：基本支出159.89万元，占比53.30%；项目支出150.11万元，占比50.04%。');
    const i = only(bad, 'narrative.amount')[0];
    expect(i.severity).toBe('warning');
    expect(i.refs).toEqual([{ table: 'expenditure', row: 'total', column: 'basic' }]);
    expect(i.sentence).toContain('159.89');
    expect(i.page).toBe(20);
  });

  it('a share recomputed from the numbers quoted (182.37 % of the whole is 100 %)', () => {
    const bad = run('(一)一般公共预算财政拨款支出决算总体情况', '2024年一般公共预算财政拨款决算支出300.00万元，占本年支出合计的182.37%。');
    const i = only(bad, 'narrative.share')[0];
    expect(i.severity).toBe('warning');
    expect(i.expected).toBeCloseTo(100, 6);
    expect(i.printed).toBe(182.37);
    expect(run('(一)一般公共预算财政拨款支出决算总体情况', '2024年一般公共预算财政拨款决算支出300.00万元，占本年支出合计的100%。')).toEqual([]);
  });

  it('增长 % recomputed from the change and this year\'s figure; 增加 with 下降 is contradictory', () => {
    expect(run('一、收入支出决算总体情况说明', '2024年度收入总计300.00万元。与上年相比，收入总计增加20.00万元，增长7.14%。')).toEqual([]);
    const bad = run('一、收入支出决算总体情况说明', '2024年度收入总计300.00万元。与上年相比，收入总计增加20.00万元，增长6.67%。');
    expect(only(bad, 'narrative.change')[0].expected).toBeCloseTo(7.142857, 4);
    const dir = run('一、收入支出决算总体情况说明', '2024年度收入总计300.00万元。与上年相比，收入总计增加20.00万元，下降7.14%。');
    expect(only(dir, 'narrative.direction')).toHaveLength(1);
  });

  it('完成预算 % = 决算 ÷ 预算, with the 预算 from the sentence or from the table', () => {
    const bad = run('(一)“三公”经费财政拨款支出决算总体情况说明', '“三公”经费财政拨款支出全年预算20.00万元，支出决算15.00万元，完成全年预算的6.87%。其中：因公出国(境)费支出8.00万元，完成全年预算的50.00%。');
    const c = only(bad, 'narrative.completion');
    expect(c.map((i) => round(i.expected!))).toEqual([75, 80]);
    expect(names(c[1], 'three_public', 'budget', 'overseas')).toBe(true);
    expect(run('(一)“三公”经费财政拨款支出决算总体情况说明', '“三公”经费财政拨款支出全年预算20.00万元，支出决算15.00万元，完成全年预算的75.00%。')).toEqual([]);
  });

  it('大于/小于/持平 agree with the two numbers compared', () => {
    const bad = run('(三)一般公共预算财政拨款支出决算具体情况', '一般公共服务支出年初预算0万元，支出决算100.00万元，所以支出决算小于年初预算。');
    const i = only(bad, 'narrative.direction')[0];
    expect(i.severity).toBe('warning');
    expect(names(i, 'general_budget', '201', 'total')).toBe(true);
    expect(run('(三)一般公共预算财政拨款支出决算具体情况', '一般公共服务支出年初预算120.00万元，支出决算100.00万元，完成年初预算的83.33%，决算数小于预算数。')).toEqual([]);
  });

  it('items listed after 主要包括 may not add up to more than their whole, and quote the basic table', () => {
    const bad = run('六、一般公共预算财政拨款基本支出决算情况说明', '公用经费29.89万元，主要包括办公费20万元，委托业务费6万元，其他商品和服务支出9.89万元。');
    expect(only(bad, 'narrative.parts')[0].printed).toBeCloseTo(35.89, 6);
    const q = only(bad, 'narrative.amount').find((i) => names(i, 'general_budget_basic', '30227'))!;
    expect(q.printed).toBe(6);
    expect(q.expected).toBe(0);
    expect(run('六、一般公共预算财政拨款基本支出决算情况说明', '公用经费29.89万元，主要包括办公费20万元，其他商品和服务支出9.89万元。')).toEqual([]);
  });

  it('counts of vehicles against the statistics table; vehicles bought with no purchase cost', () => {
    const bad = run('(三)国有资产占用情况说明', '共有车辆7辆。其中：执法执勤用车4辆、特种专业技术用车2辆，其他用车1辆。');
    const a = only(bad, 'narrative.amount');
    expect(a.map((i) => i.refs[0].row).sort()).toEqual(['vehicles_law_enforcement', 'vehicles_other']);
    expect(run('(三)国有资产占用情况说明', '共有车辆7辆。其中：执法执勤用车5辆、特种专业技术用车2辆，其他用车0辆。')).toEqual([]);
    const p = run('(二)三公经费财政拨款支出决算具体情况说明', '2、公务用车购置支出0万元，使用财政拨款共购置公务用车10辆。');
    expect(only(p, 'narrative.purchase')).toHaveLength(1);
  });

  it('figures quoted for a table printed empty', () => {
    const bad = run('七、政府性基金预算财政拨款收支决算情况说明', '本年度无此项收支。');
    expect(bad).toEqual([]);
    const withAmount = validate(buildDoc({
      tables: tablesWith((t) => { t.general_budget_basic = { rows: {}, empty: true }; }),
      narrative: [{ heading: '六、一般公共预算财政拨款基本支出决算情况说明', text: '人员经费120.00万元。' }],
    }));
    expect(only(withAmount, 'narrative.empty_table')[0].refs).toEqual([{ table: 'general_budget_basic' }]);
  });

  it('the count of self-evaluated projects against the forms attached', () => {
    const form = (key: string): EvaluationForm => ({ key, layout: 'a', project: key, pages: [30], money: [], indicators: [], analysis: {} });
    const doc = buildDoc({ tables: consistentTables(), forms: [form('甲'), form('乙')], narrative: [{ heading: '(四)预算绩效情况说明', text: '2024年二级项目绩效自评个数3个，涉及资金10万元。' }] });
    const i = only(validate(doc), 'narrative.forms')[0];
    expect(i.expected).toBe(2);
    expect(i.printed).toBe(3);
  });
});

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

describe('evaluation forms', () => {
  const form = (over: Partial<EvaluationForm> = {}): EvaluationForm => ({
    key: '项目甲', layout: 'a', project: '项目甲', pages: [30],
    money: [
      { label: '资金总额:', budgetInitial: 50, budgetFullYear: 40, executed: 30, balance: 10, executionRate: 75, score: 7.5, executionRatePrinted: '75.00' },
      { label: '市县区财政资金', budgetInitial: 50, budgetFullYear: 40, executed: 30, balance: 10, executionRate: 75, score: 7.5 },
    ],
    indicators: [
      { level1: '产出指标', level2: '数量指标', level3: '甲', weight: 50, score: 50 },
      { level1: '满意度指标', level2: '满意度', level3: '乙', weight: 40, score: 30 },
    ],
    scoreTotal: 87.5, analysis: {}, ...over,
  });
  const facts = (f: EvaluationForm, rate = 75, total = f.scoreTotal) => [
    { table: 'performance_evaluation', row: f.key, column: 'budget_full_year', value: 40, unit: '万元', printed: '40' },
    { table: 'performance_evaluation', row: f.key, column: 'executed', value: 30, unit: '万元', printed: '30' },
    { table: 'performance_evaluation', row: f.key, column: 'execution_rate', value: rate, unit: '%', printed: String(rate) },
    ...(total !== undefined ? [{ table: 'performance_evaluation', row: f.key, column: 'score_total', value: total, unit: '分', printed: String(total) }] : []),
  ];
  const run = (f: EvaluationForm, rate?: number, total?: number) =>
    validate(buildDoc({ tables: consistentTables(), forms: [f], facts: facts(f, rate, total) }));

  it('a consistent form raises nothing', () => {
    expect(run(form())).toEqual([]);
  });

  it('执行率 = 执行数 ÷ 全年预算数 (error, naming the rate fact)', () => {
    const i = only(run(form(), 80), 'form.execution_rate')[0];
    expect(i.severity).toBe('error');
    expect(i.refs[0]).toEqual({ table: 'performance_evaluation', row: '项目甲', column: 'execution_rate' });
    expect(i.expected).toBe(75);
  });

  it('总分 = Σ 得分', () => {
    const i = only(run(form(), 75, 100), 'form.score_total')[0];
    expect(i.expected).toBe(87.5);
    expect(i.printed).toBe(100);
  });

  it('an indicator 得分 above its 分值, and the money 得分 against 执行率 × 分值', () => {
    const f = form({ layout: 'b', scoreTotal: 90.5 });
    f.indicators[1].score = 42.5;
    f.money[0].weight = 10;
    f.money[0].score = 9;
    f.scoreTotal = 91.5;
    const issues = run(f, 75, 91.5);
    expect(only(issues, 'form.indicator_score')).toHaveLength(1);
    const m = only(issues, 'form.money_score')[0];
    expect(m.severity).toBe('warning');
    expect(m.expected).toBe(7.5);
  });

  it('资金总额 = Σ sources and 结余 = 预算 − 执行', () => {
    const f = form();
    f.money[1].budgetInitial = 45;
    f.money[0].balance = 12;
    const issues = run(f);
    expect(only(issues, 'form.sources')[0].refs[0]).toEqual({ table: 'performance_evaluation', row: '项目甲' });
    expect(only(issues, 'form.balance')).toHaveLength(1);
  });
});

describe('completeness and identity', () => {
  it('a standard table neither printed nor declared empty', () => {
    const t = tablesWith((t) => { delete t.three_public; });
    const i = only(validate(buildDoc({ tables: t })), 'table.missing');
    expect(i.map((x) => x.refs[0].table)).toEqual(['three_public']);
    expect(i[0].severity).toBe('warning');
  });

  it('a table the 目录 lists but the document does not have', () => {
    const t = tablesWith((t) => { delete t.disclosure_stats; });
    const contents = ['收入支出决算总表（公开01表）........ 5', '部门决算公开相关信息统计表（公开10表） ............ 17'];
    const i = only(validate(buildDoc({ tables: t, contents })), 'table.contents');
    expect(i.map((x) => x.refs[0].table)).toEqual(['disclosure_stats']);
    expect(only(validate(buildDoc({ tables: consistentTables(), contents })), 'table.contents')).toEqual([]);
  });

  it('headings name the cover\'s department and year', () => {
    const t = tablesWith((t) => {
      t.income.heading = '部门名称：测试局 2023年度';
      t.expenditure.heading = '上海市规划局2024年度部门决算表';
      t.summary.heading = '部门名称：测试局';
      t.general_budget.heading = '编制单位：测试局 2024年度 单位：万元';
    });
    const issues = validate(buildDoc({ tables: t }));
    expect(only(issues, 'identity.year').map((i) => i.refs[0].table)).toEqual(['income']);
    expect(only(issues, 'identity.department').map((i) => i.refs[0].table)).toEqual(['expenditure']);
  });
});

describe('a table with an amount the reader could not key', () => {
  // an OCR'd 收入决算表 one of whose codes was misread: that row's amounts are kept unkeyed (x:), so the sums down
  // the rows cannot be seen whole, but 本年收入合计 = 财政拨款收入 + … across each other row still can
  const withUnkeyed = (wrong: boolean) => {
    const doc = buildDoc({ tables: consistentTables() });
    const f = doc.facts.find((x) => x.table === 'income' && x.row === '201' && x.column === 'total')!;
    if (wrong) {
      f.value = 140;
      f.printed = '140.00';
    }
    doc.facts.push({ table: 'income', row: 'name:某科目', column: 'x:total', value: 5, unit: '万元', page: 2, printed: '5.00', rowLabel: '某科目', flags: ['unkeyed'] });
    return validate(doc);
  };

  it('a row whose 合计 is not the sum of its sources is still an error, located there', () => {
    const issues = only(withUnkeyed(true), 'sum.columns');
    expect(issues.length).toBe(1);
    expect(issues[0].severity).toBe('error');
    expect(names(issues[0], 'income', '201', 'total')).toBe(true);
  });

  it('no sum down the rows is charged to the document', () => {
    expect(withUnkeyed(false).filter((i) => i.severity === 'error')).toEqual([]);
  });
});
