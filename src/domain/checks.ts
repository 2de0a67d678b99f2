/**
 * Domain knowledge of validation as data: the rules (id, severity, family, what they check, in plain Chinese),
 * the arithmetic identities the standard tables obey, the links between tables, the 功能分类 类 names, and the
 * vocabulary of the 情况说明 narrative (which phrase names which fact). src/validate/ reads these; it holds no
 * lists of its own.
 *
 * Severity policy (one place, applied by src/validate/context.ts):
 *  - a difference of 0 raises nothing;
 *  - a difference within the rounding tolerance is at most `info`: each printed number is within half a unit of
 *    its last printed decimal (0.005 万元) of the true one, so an identity among n printed numbers — the total
 *    counted, a printed 0 without decimals and a blank cell not — may be off by n × half a unit (a 合计 of two
 *    parts: 3 × 0.005 = 0.015; two tables printing the same figure: 0.01);
 *  - beyond the tolerance: `error` for the document's table arithmetic (within a table, across tables, forms),
 *    `warning` for the narrative (情况说明 quoting or recomputing table figures, wording) and for completeness.
 */
import type { Severity } from '../model/schema.js';

export type RuleFamily = 'table' | 'cross' | 'narrative' | 'form' | 'completeness' | 'plausibility' | 'text';

export interface RuleSpec {
  id: string;
  family: RuleFamily;
  /** severity beyond the tolerance (within it a difference is `info`) */
  severity: Severity;
  /** what the rule checks, in plain Chinese */
  title: string;
}

const R = (id: string, family: RuleFamily, severity: Severity, title: string): RuleSpec => ({ id, family, severity, title });

/**
 * Soundness rules (single cells, units, 三公 execution, blank tables, placeholders, years and dates in the prose,
 * the narrative's own consistency, income against expenditure by code, table order and the 目录). Their data is
 * in the section "Soundness" at the end of this file; src/validate/plausibility.ts, execution.ts, structure.ts,
 * text.ts and contradiction.ts apply them.
 */
const SOUNDNESS_RULES = {
  // single cells and units
  cellPercent: R('cell.percent', 'plausibility', 'warning', '占比在 0–100% 之间，百分数不为负'),
  cellNegative: R('cell.negative', 'plausibility', 'warning', '不能为负的金额（收入、支出、经费）不为负'),
  cellMagnitude: R('cell.magnitude', 'plausibility', 'warning', '金额不比包含它的合计/上级数大一个数量级以上（万元表中的元数）'),
  unitMissing: R('unit.missing', 'plausibility', 'warning', '表注明金额单位'),
  unitTables: R('unit.tables', 'plausibility', 'warning', '各表金额单位一致：两表的同一数不相差 10⁴ 倍'),
  unitNarrative: R('unit.narrative', 'plausibility', 'warning', '情况说明与表的金额单位一致：所引金额不相差 10⁴ 倍'),
  // execution against the budget, income against expenditure
  threePublicOverspend: R('three_public.overspend', 'table', 'warning', '“三公”经费各项决算不超过预算'),
  crossIncomeExpenditure: R('cross.income_expenditure', 'cross', 'error', '无结转结余时，收入决算表与支出决算表同一功能分类科目的合计相等（只有年初或年末结转时为不等式）'),
  // the tables as printed
  tableBlank: R('table.blank', 'completeness', 'warning', '没有数字的表注明“本表无数据”'),
  tableNoDataNumbers: R('table.nodata_numbers', 'completeness', 'warning', '注明“本表无数据”的表中没有数字'),
  tableOrder: R('table.order', 'completeness', 'warning', '各表按标准顺序（公开0X表编号、目录顺序）排列'),
  tableContentsPage: R('table.contents_page', 'completeness', 'warning', '目录所注页码与表实际所在页一致'),
  // the text
  textPlaceholder: R('text.placeholder', 'text', 'warning', '文中没有占位符或模板示例文字（XX、xxx、待填写、(略)、增加(减少)…）'),
  textYear: R('text.year', 'text', 'warning', '标题和正文所称的本年度与文件年度一致（与上年比较的年份除外）'),
  textDate: R('text.date', 'text', 'warning', '截至日期、年末所指年份与文件年度一致'),
  // the narrative's own consistency
  narrativeZeroChange: R('narrative.zero_change', 'narrative', 'warning', '本年为 0 的项目不能比上年增加'),
  narrativeMixedDirection: R('narrative.mixed_direction', 'narrative', 'warning', '同一处的增减用语一致（增加 X 与下降 Y%、持平与增加 X 不并用）'),
  narrativeTotalsDirection: R('narrative.totals_direction', 'narrative', 'warning', '收入总计与支出总计相等，两者的增减方向和金额一致'),
} as const satisfies Record<string, RuleSpec>;

export const RULES = {
  // --- within a table
  sumTotal: R('sum.total', 'table', 'error', '合计 = 各类之和'),
  sumChildren: R('sum.children', 'table', 'error', '类 = 各款之和，款 = 各项之和'),
  sumColumns: R('sum.columns', 'table', 'error', '合计列 = 各组成列之和'),
  sumRows: R('sum.rows', 'table', 'error', '本年收入/支出合计 = 各收入/支出项目之和'),
  sumBalance: R('sum.balance', 'table', 'error', '总计 = 本年合计 + 结转结余等，收入总计 = 支出总计'),
  basicPersonnel: R('basic.personnel', 'table', 'error', '人员经费合计 = 工资福利支出 + 对个人和家庭的补助'),
  basicPublic: R('basic.public', 'table', 'error', '公用经费合计 = 商品和服务支出 + 资本性支出等'),
  fundBalance: R('fund.balance', 'table', 'error', '年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余'),
  // --- across tables
  crossTotals: R('cross.totals', 'cross', 'error', '各表的同一合计数一致'),
  crossCategory: R('cross.category', 'cross', 'error', '各表的类级数一致'),
  crossFiscalRows: R('cross.fiscal_rows', 'cross', 'error', '全部为财政拨款时，支出决算表与一般公共预算财政拨款支出决算表逐行一致'),
  crossSubset: R('cross.subset', 'cross', 'error', '一般公共预算财政拨款支出不超过全部支出'),
  crossBasic: R('cross.basic', 'cross', 'error', '基本支出明细表的人员经费 + 公用经费 = 一般公共预算财政拨款基本支出'),
  crossRunningCost: R('cross.running_cost', 'cross', 'warning', '机关运行经费（行政单位和参公单位财政拨款基本支出中的公用经费）不超过公用经费合计'),
  // --- narrative (情况说明) against the tables and its own arithmetic
  narrativeAmount: R('narrative.amount', 'narrative', 'warning', '情况说明引用的金额与表中数一致'),
  narrativeShare: R('narrative.share', 'narrative', 'warning', '情况说明的占比 = 部分 ÷ 整体'),
  narrativeChange: R('narrative.change', 'narrative', 'warning', '情况说明的增减幅度 = 增减额 ÷ 上年数'),
  narrativeCompletion: R('narrative.completion', 'narrative', 'warning', '情况说明的预算完成率 = 决算数 ÷ 预算数'),
  narrativeDirection: R('narrative.direction', 'narrative', 'warning', '大于/小于/持平/增加/减少等用语与所比较的两个数一致'),
  narrativeParts: R('narrative.parts', 'narrative', 'warning', '“其中/主要包括”所列各项之和不超过总数'),
  narrativeEmptyTable: R('narrative.empty_table', 'narrative', 'warning', '情况说明引用了一张空表中的数'),
  narrativePurchase: R('narrative.purchase', 'narrative', 'warning', '购置了公务用车，公务用车购置费却为 0'),
  narrativeForms: R('narrative.forms', 'narrative', 'warning', '情况说明所称的自评项目个数与所附自评表个数一致'),
  // --- evaluation forms (附件 项目支出绩效自评表)
  formExecutionRate: R('form.execution_rate', 'form', 'error', '执行率 = 全年执行数 ÷ 全年预算数'),
  formScoreTotal: R('form.score_total', 'form', 'error', '总分 = 各项得分之和'),
  formIndicatorScore: R('form.indicator_score', 'form', 'error', '指标得分不超过其分值'),
  formMoneyScore: R('form.money_score', 'form', 'warning', '预算执行得分 = 执行率 × 分值'),
  formBalance: R('form.balance', 'form', 'error', '资金结余 = 全年预算数 − 全年执行数'),
  formSources: R('form.sources', 'form', 'error', '资金总额 = 各资金来源之和（当年财政拨款、上年结转资金、其他资金…）'),
  formWeightTotal: R('form.weight_total', 'form', 'error', '总分的分值 = 各指标分值之和（或再加资金分值）'),
  // --- completeness and identity
  tableMissing: R('table.missing', 'completeness', 'warning', '标准公开表齐全（或注明无数据）'),
  tableContents: R('table.contents', 'completeness', 'warning', '目录所列的表都在文件中'),
  identityDepartment: R('identity.department', 'completeness', 'warning', '表头的部门名称与封面一致'),
  identityYear: R('identity.year', 'completeness', 'warning', '表头的年度与封面一致'),
  ...SOUNDNESS_RULES,
} as const satisfies Record<string, RuleSpec>;

export type RuleKey = keyof typeof RULES;

// ---------------------------------------------------------------------------------------------------------
// Names used in messages

/** Column keys → Chinese names for messages (the document's own header label is preferred where known). */
export const COLUMN_NAMES: Record<string, string> = {
  total: '合计', amount: '金额', fiscal: '财政拨款收入', general_budget: '一般公共预算财政拨款', gov_fund: '政府性基金预算财政拨款',
  state_capital: '国有资本经营预算财政拨款', fiscal_special: '财政专户管理资金', superior_subsidy: '上级补助收入',
  business: '事业收入', operating: '经营收入/支出', affiliated: '附属单位上缴收入', other: '其他收入', carryover: '上年结转',
  nonfiscal_balance: '使用非财政拨款结余', basic: '基本支出', project: '项目支出', remit_superior: '上缴上级支出',
  affiliated_subsidy: '对附属单位补助支出', personnel: '人员经费', public: '公用经费', carryover_begin: '年初结转和结余',
  income: '本年收入', expenditure_total: '本年支出合计', carryover_end: '年末结转和结余', overseas: '因公出国(境)费',
  vehicle_total: '公务用车购置及运行维护费', vehicle_purchase: '公务用车购置费', vehicle_operation: '公务用车运行维护费',
  reception: '公务接待费', budget_initial: '年初预算数', budget_full_year: '全年预算数', executed: '全年执行数',
  execution_rate: '执行率', score_total: '总分',
};

/** Named row keys → Chinese names. */
export const ROW_NAMES: Record<string, string> = {
  total: '合计', personnel_total: '人员经费合计', public_total: '公用经费合计', budget: '预算数', actual: '决算数',
  procurement_total: '政府采购合计', procurement_goods: '政府采购货物', procurement_works: '政府采购工程',
  procurement_services: '政府采购服务', running_cost_admin: '机关运行经费(行政单位)',
  running_cost_psml: '机关运行经费(参照公务员法管理事业单位)', vehicles_total: '车辆数合计',
  vehicles_ministerial: '副部(省)级及以上领导用车', vehicles_head: '主要负责人用车', vehicles_confidential: '机要通信用车',
  vehicles_emergency: '应急保障用车', vehicles_law_enforcement: '执法执勤用车', vehicles_special: '特种专业技术用车',
  vehicles_retired: '离退休干部服务用车', vehicles_other: '其他用车', equipment_over_1m: '单价100万元以上设备',
};

/** 政府收支分类 支出功能分类 类 codes and their names (used where a table names a 类 without its code). */
export const CLASS_NAMES: Record<string, string> = {
  '201': '一般公共服务支出', '202': '外交支出', '203': '国防支出', '204': '公共安全支出', '205': '教育支出',
  '206': '科学技术支出', '207': '文化旅游体育与传媒支出', '208': '社会保障和就业支出', '209': '社会保险基金支出',
  '210': '卫生健康支出', '211': '节能环保支出', '212': '城乡社区支出', '213': '农林水支出', '214': '交通运输支出',
  '215': '资源勘探工业信息等支出', '216': '商业服务业等支出', '217': '金融支出', '219': '援助其他地区支出',
  '220': '自然资源海洋气象等支出', '221': '住房保障支出', '222': '粮油物资储备支出', '223': '国有资本经营预算支出',
  '224': '灾害防治及应急管理支出', '227': '预备费', '229': '其他支出', '230': '转移性支出', '231': '债务还本支出',
  '232': '债务付息支出', '233': '债务发行费用支出', '234': '抗疫特别国债安排的支出',
};

// ---------------------------------------------------------------------------------------------------------
// Within a table

/** Tables whose rows are keyed by a classification code, and the code lengths of their levels. */
export const CODE_LEVELS: Record<string, number[]> = {
  function_code: [3, 5, 7],
  economic_code: [3, 5],
};

/**
 * Row-wise column identities: in every row, `total` = Σ `parts`. A part that is blank in a row counts 0. A part
 * written as an array is a group that stands in for the part before it where that part's column is absent
 * (财政拨款 split into its three kinds). Applies only when the table has `total` and at least one part column.
 */
export interface ColumnSum {
  kinds: string[];
  /** for three_public: the rows the identity holds in */
  total: string;
  parts: (string | string[])[];
}

export const COLUMN_SUMS: ColumnSum[] = [
  {
    kinds: ['income'],
    total: 'total',
    parts: ['fiscal', ['general_budget', 'gov_fund', 'state_capital'], 'fiscal_special', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other', 'carryover', 'nonfiscal_balance'],
  },
  { kinds: ['income'], total: 'fiscal', parts: ['general_budget', 'gov_fund', 'state_capital'] },
  {
    kinds: ['expenditure'],
    total: 'total',
    parts: ['basic', ['personnel', 'public'], 'project', 'reserve', 'remit_superior', 'operating', 'affiliated_subsidy', 'carryover_next'],
  },
  { kinds: ['expenditure', 'general_budget'], total: 'basic', parts: ['personnel', 'public'] },
  { kinds: ['general_budget'], total: 'total', parts: ['basic', ['personnel', 'public'], 'project'] },
  { kinds: ['general_budget_basic'], total: 'total', parts: ['personnel', 'public'] },
  { kinds: ['gov_fund', 'state_capital'], total: 'expenditure_total', parts: ['basic', 'project'] },
  { kinds: ['fiscal_summary'], total: 'total', parts: ['general_budget', 'gov_fund', 'state_capital'] },
  { kinds: ['three_public'], total: 'total', parts: ['overseas', 'vehicle_total', ['vehicle_purchase', 'vehicle_operation'], 'reception'] },
  { kinds: ['three_public'], total: 'vehicle_total', parts: ['vehicle_purchase', 'vehicle_operation'] },
];

/** general_budget_basic: 人员经费 and 公用经费 by 经济分类 类. */
export const PERSONNEL_CLASSES = ['301', '303'];
export const PUBLIC_CLASSES = ['302', '307', '309', '310', '311', '312', '313', '399'];

/** Row-wise sums of the 部门决算公开相关信息统计表 (fixed keys). */
export const STATS_SUMS: { total: string; parts: string[] }[] = [
  { total: 'procurement_total', parts: ['procurement_goods', 'procurement_works', 'procurement_services'] },
  {
    total: 'vehicles_total',
    parts: [
      'vehicles_ministerial', 'vehicles_head', 'vehicles_confidential', 'vehicles_emergency', 'vehicles_law_enforcement',
      'vehicles_special', 'vehicles_retired', 'vehicles_other',
    ],
  },
];

/**
 * Two-sided summaries (summary, fiscal_summary and their budget twins), by normalised row name (the part after
 * `income:` / `expenditure:`). 本年收入合计 = Σ income items; 本年支出合计 = Σ expenditure items (功能分类 类, or
 * 基本/项目 支出 where the sheet lists those instead); 总计 = 本年合计 + the rows below the line.
 */
export const SUMMARY_ROWS = {
  /** this year's total; 当年…小计 where the sheet's 收入合计 is the grand total */
  incomeYear: [/^(本年|当年)收入(合计|小计)$/, /^收入(合计|小计)$/],
  expenditureYear: [/^(本年|当年)支出(合计|小计)$/, /^支出(合计|小计)$/],
  /** the grand total; a 收入合计/支出合计 row is one where the sheet has a 本年/当年 row as well */
  total: /^(收入|支出)?总计$/,
  totalWhenYear: /^(收入|支出)(合计|总计)$/,
  /** income items of the year (a row names one fund source) */
  incomeItems: [
    /^一般公共预算(财政)?(拨款)?(收入)?$/, /^政府性基金预算(财政)?(拨款)?(收入)?$/, /^国有资本经营预算(财政)?(拨款)?(收入)?$/,
    /^财政专户管理资金(收入)?$/, /^上级补助收入$/, /^事业收入$/, /^事业单位经营收入$|^经营收入$/, /^附属单位上缴收入$/,
    /^其他收入$/, /^其他资金$/, /^单位资金(收入)?$/,
  ],
  /** an aggregate income row that the three fund rows split (counted only where they are absent) */
  incomeFiscalAggregate: /^财政拨款(收入)?$/,
  /** expenditure items by economic nature (used only where the sheet lists no 类) */
  expenditureNatureItems: [/^基本支出$/, /^项目支出$/, /^单位预留机动经费$/, /^上缴上级支出$/, /^经营支出$/, /^对附属单位补助支出$/],
  /** rows below the line: added to 本年合计 to give 总计 */
  incomeBelow: /^(使用非财政拨款结余|用事业基金弥补收支差额|年初结转和结余|上年结转(结余)?|年初财政拨款结转和结余|上年结转和结余|使用专用结余|上年结转结余)/,
  expenditureBelow: /^(结余分配|年末结转和结余|结转下年|年末财政拨款结转和结余|年末结转结余)/,
};

// ---------------------------------------------------------------------------------------------------------
// Across tables

export interface FactLink {
  /** one side: facts summed (usually one) */
  a: { table: string; row: string; column: string }[];
  b: { table: string; row: string; column: string }[];
  /** the rule this link belongs to */
  rule: 'crossTotals' | 'crossBasic';
}

const f = (table: string, row: string, column: string) => ({ table, row, column });

/** Totals that two tables both print. A link is checked only where both sides have at least one fact. */
export const FACT_LINKS: FactLink[] = [
  { rule: 'crossTotals', a: [f('summary', 'income:本年收入合计', 'amount')], b: [f('income', 'total', 'total')] },
  { rule: 'crossTotals', a: [f('summary', 'expenditure:本年支出合计', 'amount')], b: [f('expenditure', 'total', 'total')] },
  { rule: 'crossTotals', a: [f('summary', 'expenditure:基本支出', 'amount')], b: [f('expenditure', 'total', 'basic')] },
  { rule: 'crossTotals', a: [f('summary', 'expenditure:项目支出', 'amount')], b: [f('expenditure', 'total', 'project')] },
  { rule: 'crossTotals', a: [f('summary', 'income:财政拨款收入', 'amount')], b: [f('income', 'total', 'fiscal')] },
  { rule: 'crossTotals', a: [f('summary', 'income:上级补助收入', 'amount')], b: [f('income', 'total', 'superior_subsidy')] },
  { rule: 'crossTotals', a: [f('summary', 'income:事业收入', 'amount')], b: [f('income', 'total', 'business')] },
  { rule: 'crossTotals', a: [f('summary', 'income:经营收入', 'amount')], b: [f('income', 'total', 'operating')] },
  { rule: 'crossTotals', a: [f('summary', 'income:附属单位上缴收入', 'amount')], b: [f('income', 'total', 'affiliated')] },
  { rule: 'crossTotals', a: [f('summary', 'income:其他收入', 'amount')], b: [f('income', 'total', 'other')] },
  {
    rule: 'crossTotals',
    a: [
      f('summary', 'income:一般公共预算财政拨款收入', 'amount'), f('summary', 'income:政府性基金预算财政拨款收入', 'amount'),
      f('summary', 'income:国有资本经营预算财政拨款收入', 'amount'),
    ],
    b: [f('income', 'total', 'fiscal')],
  },
  { rule: 'crossTotals', a: [f('summary', 'income:一般公共预算财政拨款收入', 'amount')], b: [f('fiscal_summary', 'income:一般公共预算财政拨款', 'amount')] },
  { rule: 'crossTotals', a: [f('summary', 'income:政府性基金预算财政拨款收入', 'amount')], b: [f('fiscal_summary', 'income:政府性基金预算财政拨款', 'amount')] },
  { rule: 'crossTotals', a: [f('summary', 'income:国有资本经营预算财政拨款收入', 'amount')], b: [f('fiscal_summary', 'income:国有资本经营预算财政拨款', 'amount')] },
  { rule: 'crossTotals', a: [f('fiscal_summary', 'expenditure:本年支出合计', 'general_budget')], b: [f('general_budget', 'total', 'total')] },
  { rule: 'crossTotals', a: [f('fiscal_summary', 'expenditure:本年支出合计', 'gov_fund')], b: [f('gov_fund', 'total', 'expenditure_total')] },
  { rule: 'crossTotals', a: [f('fiscal_summary', 'expenditure:本年支出合计', 'state_capital')], b: [f('state_capital', 'total', 'expenditure_total')] },
  { rule: 'crossTotals', a: [f('general_budget', 'total', 'basic')], b: [f('general_budget_basic', 'total', 'amount')] },
  {
    rule: 'crossBasic',
    a: [f('general_budget_basic', 'personnel_total', 'amount'), f('general_budget_basic', 'public_total', 'amount')],
    b: [f('general_budget', 'total', 'basic')],
  },
];

/**
 * 类 rows that two tables both print: the summary sheets by 类 name, the code tables by code. `column` of a code
 * table; `side` and `column` of a two-sided one.
 */
export const CATEGORY_LINKS: { a: { table: string; column: string }; b: { table: string; column: string } }[] = [
  { a: { table: 'summary', column: 'amount' }, b: { table: 'expenditure', column: 'total' } },
  { a: { table: 'fiscal_summary', column: 'general_budget' }, b: { table: 'general_budget', column: 'total' } },
  { a: { table: 'fiscal_summary', column: 'gov_fund' }, b: { table: 'gov_fund', column: 'expenditure_total' } },
  { a: { table: 'fiscal_summary', column: 'state_capital' }, b: { table: 'state_capital', column: 'expenditure_total' } },
];

/** Part ≤ whole across tables: [part facts (summed), whole facts (summed), rule]. */
export const SUBSET_LINKS: { part: { table: string; row: string; column: string }[]; whole: { table: string; row: string; column: string }[]; rule: 'crossRunningCost' }[] = [
  {
    rule: 'crossRunningCost',
    part: [f('disclosure_stats', 'running_cost_admin', 'amount'), f('disclosure_stats', 'running_cost_psml', 'amount')],
    whole: [f('general_budget_basic', 'public_total', 'amount')],
  },
];

/** Rows of expenditure and general_budget compared cell by cell (all-fiscal documents) or as part ≤ whole. */
export const FISCAL_ROW_COLUMNS = ['total', 'basic', 'project'];

/** Income-side summary rows that, when non-zero, mean the document spends money other than this year's fiscal. */
export const NON_FISCAL_SUMMARY_ROWS = /^income:(使用非财政拨款结余|用事业基金弥补收支差额|年初结转和结余|上年结转)|^expenditure:(年末结转和结余|结余分配)/;

/** Standard tables of each document kind: missing ones are reported (a 目录 may list more). */
export const STANDARD_TABLES: Record<'final' | 'budget', string[]> = {
  final: ['summary', 'income', 'expenditure', 'fiscal_summary', 'general_budget', 'general_budget_basic', 'gov_fund', 'state_capital', 'three_public'],
  budget: ['budget_summary', 'budget_income', 'budget_expenditure', 'budget_fiscal_summary', 'budget_general'],
};

// ---------------------------------------------------------------------------------------------------------
// Narrative (情况说明)

export interface NRef {
  table: string;
  row: string;
  column: string;
}

/** What a phrase of the narrative names: the fact(s) that give its 决算 (actual) and 预算 (budget) amount. */
export interface NarrativeSubject {
  key: string;
  label: string;
  /** alternatives, first whose table the document has wins; the facts of one alternative are summed */
  actual?: NRef[][];
  budget?: NRef[][];
  /** a count (辆, 台) rather than money */
  count?: boolean;
}

export interface SubjectPattern {
  /** narrative contexts the pattern is valid in; absent = everywhere */
  contexts?: string[];
  re: RegExp;
  subject: NarrativeSubject;
}

/**
 * Narrative contexts by section heading, tried in order. A top-level heading (一、…) sets the context (or clears
 * it); a sub-heading ((一)…) sets it when it matches and otherwise inherits its parent's.
 */
export const NARRATIVE_CONTEXTS: { key: string; re: RegExp }[] = [
  { key: 'fiscal', re: /财政拨款收(入)?支(出)?(决算|预算)?总(体|表)|财政拨款收支/ },
  { key: 'basic', re: /基本支出/ },
  { key: 'three_public', re: /三公/ },
  { key: 'gov_fund', re: /政府性基金/ },
  { key: 'state_capital', re: /国有资本/ },
  { key: 'general', re: /一般公共预算/ },
  { key: 'running_cost', re: /机关运行经费/ },
  { key: 'procurement', re: /政府采购/ },
  { key: 'assets', re: /国有资产|资产占用|资产占有/ },
  { key: 'performance', re: /绩效/ },
  { key: 'income', re: /收入(决算|预算)(情况|总体)/ },
  { key: 'expenditure', re: /支出(决算|预算)(情况|总体)/ },
  { key: 'overall', re: /收(入)?支(出)?(决算|预算)?总体|收支总表|收入支出/ },
];

/** The whole a share (占X%) is of, where the sentence names none and no 其中 precedes it. */
export const DEFAULT_WHOLE: Record<string, string> = { three_public: 'three_public' };

const A = (...alts: NRef[][]) => alts;
const one = (table: string, row: string, column: string): NRef[] => [{ table, row, column }];

const S = (key: string, label: string, actual?: NRef[][], budget?: NRef[][], count?: boolean): NarrativeSubject => ({
  key, label, ...(actual ? { actual } : {}), ...(budget ? { budget } : {}), ...(count ? { count } : {}),
});

/**
 * Phrases → subjects. The phrase must end where the amount's lead-in begins (only role words such as 支出决算为,
 * 年初预算 may stand between it and the number), so a phrase in a longer clause does not claim a number it does
 * not name. The longest phrase closest to the number wins.
 */
export const SUBJECT_PATTERNS: SubjectPattern[] = [
  // everywhere
  { re: /本年收入合计|收入合计/, subject: S('income_year', '本年收入合计', A(one('summary', 'income:本年收入合计', 'amount'), one('income', 'total', 'total'))) },
  { re: /本年支出合计|支出合计/, subject: S('expenditure_year', '本年支出合计', A(one('summary', 'expenditure:本年支出合计', 'amount'), one('expenditure', 'total', 'total'))) },
  { contexts: ['overall', 'income', 'expenditure', ''], re: /收入支出总计|收支总计|收入总计/, subject: S('income_all', '收入总计', A(one('summary', 'income:总计', 'amount'))) },
  { contexts: ['overall', 'income', 'expenditure', ''], re: /支出总计/, subject: S('expenditure_all', '支出总计', A(one('summary', 'expenditure:总计', 'amount'))) },
  // income
  { contexts: ['income', 'overall'], re: /财政拨款收入/, subject: S('income_fiscal', '财政拨款收入', A(one('income', 'total', 'fiscal'))) },
  { contexts: ['income', 'overall'], re: /上级补助收入/, subject: S('income_superior', '上级补助收入', A(one('income', 'total', 'superior_subsidy'))) },
  { contexts: ['income', 'overall'], re: /事业收入/, subject: S('income_business', '事业收入', A(one('income', 'total', 'business'))) },
  { contexts: ['income', 'overall'], re: /(?<!事业单位)经营收入/, subject: S('income_operating', '经营收入', A(one('income', 'total', 'operating'))) },
  { contexts: ['income', 'overall'], re: /附属单位上缴收入/, subject: S('income_affiliated', '附属单位上缴收入', A(one('income', 'total', 'affiliated'))) },
  { contexts: ['income'], re: /其他收入/, subject: S('income_other', '其他收入', A(one('income', 'total', 'other'))) },
  // expenditure
  { contexts: ['expenditure'], re: /基本支出/, subject: S('expenditure_basic', '基本支出', A(one('expenditure', 'total', 'basic'))) },
  { contexts: ['expenditure'], re: /项目支出/, subject: S('expenditure_project', '项目支出', A(one('expenditure', 'total', 'project'))) },
  { contexts: ['expenditure'], re: /上缴上级支出/, subject: S('expenditure_remit', '上缴上级支出', A(one('expenditure', 'total', 'remit_superior'))) },
  { contexts: ['expenditure'], re: /经营支出/, subject: S('expenditure_operating', '经营支出', A(one('expenditure', 'total', 'operating'))) },
  { contexts: ['expenditure'], re: /对附属单位补助支出/, subject: S('expenditure_affiliated', '对附属单位补助支出', A(one('expenditure', 'total', 'affiliated_subsidy'))) },
  // 财政拨款收支总体
  { contexts: ['fiscal'], re: /财政拨款收入支出总计|财政拨款收支总计|财政拨款收入总计|收入支出总计|收入总计/, subject: S('fiscal_income_all', '财政拨款收入总计', A(one('fiscal_summary', 'income:总计', 'amount'))) },
  { contexts: ['fiscal'], re: /财政拨款支出总计|支出总计/, subject: S('fiscal_expenditure_all', '财政拨款支出总计', A(one('fiscal_summary', 'expenditure:总计', 'total'))) },
  // 一般公共预算财政拨款支出
  {
    contexts: ['general'],
    re: /一般公共预算财政拨款(决算)?支出|一般公共预算(决算)?支出/,
    subject: S('general_total', '一般公共预算财政拨款支出', A(one('general_budget', 'total', 'total')), A(one('general_budget', 'total', 'budget_initial'))),
  },
  { contexts: ['general'], re: /基本支出/, subject: S('general_basic', '一般公共预算财政拨款基本支出', A(one('general_budget', 'total', 'basic'))) },
  { contexts: ['general'], re: /项目支出/, subject: S('general_project', '一般公共预算财政拨款项目支出', A(one('general_budget', 'total', 'project'))) },
  // 基本支出
  {
    contexts: ['basic'],
    re: /(一般公共预算)?(财政拨款)?基本支出/,
    subject: S('general_basic', '一般公共预算财政拨款基本支出', A(one('general_budget', 'total', 'basic'), one('general_budget_basic', 'total', 'amount'))),
  },
  { contexts: ['basic'], re: /人员经费/, subject: S('basic_personnel', '人员经费', A(one('general_budget_basic', 'personnel_total', 'amount'))) },
  { contexts: ['basic'], re: /公用经费/, subject: S('basic_public', '公用经费', A(one('general_budget_basic', 'public_total', 'amount'))) },
  // 三公
  {
    contexts: ['three_public'],
    re: /三公经费(财政拨款)?(支出)?|三公/,
    subject: S('three_public', '“三公”经费', A(one('three_public', 'actual', 'total')), A(one('three_public', 'budget', 'total'))),
  },
  {
    contexts: ['three_public'],
    re: /因公出国\(境\)(费用?)?(支出)?|因公出国(费用?)?(支出)?/,
    subject: S('three_public_overseas', '因公出国(境)费', A(one('three_public', 'actual', 'overseas')), A(one('three_public', 'budget', 'overseas'))),
  },
  {
    contexts: ['three_public'],
    re: /公务用车购置及运行(维护|维修)?费?(支出)?/,
    subject: S('three_public_vehicle', '公务用车购置及运行维护费', A(one('three_public', 'actual', 'vehicle_total')), A(one('three_public', 'budget', 'vehicle_total'))),
  },
  {
    contexts: ['three_public'],
    re: /公务用车购置(费)?(支出)?/,
    subject: S('three_public_purchase', '公务用车购置费', A(one('three_public', 'actual', 'vehicle_purchase')), A(one('three_public', 'budget', 'vehicle_purchase'))),
  },
  {
    contexts: ['three_public'],
    re: /公务用车运行(维护|维修)?(费)?(支出)?/,
    subject: S('three_public_operation', '公务用车运行维护费', A(one('three_public', 'actual', 'vehicle_operation')), A(one('three_public', 'budget', 'vehicle_operation'))),
  },
  {
    contexts: ['three_public'],
    re: /(?<!国内|外宾|外事|国\(境\)外)公务接待(费)?(支出)?/,
    subject: S('three_public_reception', '公务接待费', A(one('three_public', 'actual', 'reception')), A(one('three_public', 'budget', 'reception'))),
  },
  { contexts: ['three_public'], re: /公务用车保有量/, subject: S('vehicles_total', '车辆数', A(one('disclosure_stats', 'vehicles_total', 'amount')), undefined, true) },
  // 机关运行经费
  {
    contexts: ['running_cost'],
    re: /机关运行经费(支出)?/,
    subject: S('running_cost', '机关运行经费', A([{ table: 'disclosure_stats', row: 'running_cost_admin', column: 'amount' }, { table: 'disclosure_stats', row: 'running_cost_psml', column: 'amount' }])),
  },
  // 政府采购
  { contexts: ['procurement'], re: /政府采购(支出|金额)?(总额)?/, subject: S('procurement_total', '政府采购支出', A(one('disclosure_stats', 'procurement_total', 'amount'))) },
  { contexts: ['procurement'], re: /货物(采购)?/, subject: S('procurement_goods', '政府采购货物支出', A(one('disclosure_stats', 'procurement_goods', 'amount'))) },
  { contexts: ['procurement'], re: /工程(采购)?/, subject: S('procurement_works', '政府采购工程支出', A(one('disclosure_stats', 'procurement_works', 'amount'))) },
  { contexts: ['procurement'], re: /服务(采购)?/, subject: S('procurement_services', '政府采购服务支出', A(one('disclosure_stats', 'procurement_services', 'amount'))) },
  // 国有资产占用 (counts)
  { contexts: ['assets'], re: /共有车辆|车辆(数)?(合计|总数)?|公务用车(总数|合计)/, subject: S('vehicles_total', '车辆数', A(one('disclosure_stats', 'vehicles_total', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /(副)?部\(省\)级(及以上)?领导(干部)?用车|部级领导干部用车/, subject: S('vehicles_ministerial', '副部(省)级及以上领导用车', A(one('disclosure_stats', 'vehicles_ministerial', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /主要(负责人|领导干部|领导)用车/, subject: S('vehicles_head', '主要负责人用车', A(one('disclosure_stats', 'vehicles_head', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /机要通信用车/, subject: S('vehicles_confidential', '机要通信用车', A(one('disclosure_stats', 'vehicles_confidential', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /应急保障用车/, subject: S('vehicles_emergency', '应急保障用车', A(one('disclosure_stats', 'vehicles_emergency', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /执法执勤用车/, subject: S('vehicles_law_enforcement', '执法执勤用车', A(one('disclosure_stats', 'vehicles_law_enforcement', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /特种专业技术用车/, subject: S('vehicles_special', '特种专业技术用车', A(one('disclosure_stats', 'vehicles_special', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /离退休干部(服务)?用车/, subject: S('vehicles_retired', '离退休干部服务用车', A(one('disclosure_stats', 'vehicles_retired', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /其他用车/, subject: S('vehicles_other', '其他用车', A(one('disclosure_stats', 'vehicles_other', 'amount')), undefined, true) },
  { contexts: ['assets'], re: /单价100万元\(含\)?以上(的)?(专用)?设备(\(不含车辆\))?/, subject: S('equipment_over_1m', '单价100万元以上设备', A(one('disclosure_stats', 'equipment_over_1m', 'amount')), undefined, true) },
];

/** Contexts whose 类/款/项 names (and economic item names) resolve against a code table's row labels. */
export const LABEL_CONTEXTS: Record<string, string> = { general: 'general_budget', basic: 'general_budget_basic' };

/** Words allowed between a subject phrase and its number (role and filler words), after the phrase. */
export const LEAD_IN = /^(?:年初|全年|本年|年度|财政拨款|支出|收入|决算|预算|执行|实际|金额|总额|合计|共计|共|为|是|达到|达|计|数|额|的|\(类\)|\([^)]{0,12}\))*$/;
/** A lead-in that says the number is a 预算 (budget) rather than a 决算 (actual). */
export const BUDGET_WORD = /预算/;
export const ACTUAL_WORD = /决算|执行|实际|完成|支出(?!预算)/;

/** Change lead-ins: the number is an increase or a decrease. */
export const CHANGE_UP = /(增加|增长|上升|提高|多支出|超支)了?$/;
export const CHANGE_DOWN = /(减少|下降|降低|节约|少支出|压减)了?$/;
/** A percentage is a change rate when its lead-in ends with one of these. */
export const RATE_UP = /(增长|增加|上升|提高)(了)?(率)?$/;
export const RATE_DOWN = /(下降|减少|降低|节约)(了)?(率)?$/;
/** A percentage is a share when its lead-in has 占 (占比, 占…的). */
export const SHARE = /占(?:比|比重)?$|占(?:本年|全年|年度)?(?<whole>.{1,16}?)的?(?:比重|比例)?$/;
/** A percentage is a completion rate when its lead-in ends like this. */
export const COMPLETION = /完成(了)?(年初|全年|调整)?预算(数)?的?$|预算完成率(为)?$|预算执行率(为)?$/;
/** Words that open a list of parts of the amount just named. */
export const PARTS_OPEN = /其中|主要包括|包括|具体情况如下|主要用于以下(几个)?方面/;
/** Direction sentences comparing 决算 with 预算: [pattern, relation of actual to budget]. */
export const DIRECTION_WORDS: { re: RegExp; rel: 'gt' | 'lt' | 'eq'; reversed?: boolean }[] = [
  { re: /(决算数?|决算支出|支出决算数?|执行数)(大于|高于|超过|多于|超出)(年初|全年|调整后)?预算/, rel: 'gt' },
  { re: /(决算数?|决算支出|支出决算数?|执行数)(小于|低于|少于)(年初|全年|调整后)?预算/, rel: 'lt' },
  { re: /(决算数?|决算支出|支出决算数?|执行数)(同|与|和|等于)(年初|全年|调整后)?预算数?(持平|相等|一致|相同)?/, rel: 'eq' },
  { re: /(年初|全年)?预算数?(大于|高于|超过|多于)(支出)?决算/, rel: 'lt' },
  { re: /(年初|全年)?预算数?(小于|低于|少于)(支出)?决算/, rel: 'gt' },
];
/** Words that say a number is last year's or another period's (a clause with these is not about this year). */
export const OTHER_PERIOD = /上年|去年|上一年|以前年度|历年|上年度|同期/;
/** A clause that counts vehicles bought this year with fiscal money. */
export const VEHICLES_BOUGHT = /购置(了)?(公务用)?车(辆)?(共)?$/;
/** The narrative's count of self-evaluated projects. */
export const FORMS_COUNT = /(绩效)?自评(的)?(项目)?(个数|数量)?(共)?(为)?$|自评(的)?(.{0,12})项目(共)?$/;

// ---------------------------------------------------------------------------------------------------------
// Soundness (rules in SOUNDNESS_RULES)

/** Row or column keys whose amounts may be negative (balances, carry-overs, 差额); every other amount may not. */
export const MAY_BE_NEGATIVE = /carryover|balance|结转|结余|差额|弥补|调整/;
/** A table's own cell saying it has no data (此表为空 printed inside the grid). */
export const NO_DATA_CELL = /无数据|(本|此)表为空|无发生额|无该项|本(部门|单位)无/;
/** A part printed this many times its whole (its 合计 row or column, its parent 类/款) is in the wrong unit. */
export const MAGNITUDE_FACTOR = 100;
/** Ratios of the money units (元 → 万元 → 亿元): two figures that should be one, this far apart, differ in unit. */
export const UNIT_RATIOS = [1e4, 1e8];
/** Rules whose a-vs-b issues compare one figure printed twice (tables, or the narrative and a table). */
export const UNIT_TABLE_RULES = ['cross.totals', 'cross.category', 'cross.fiscal_rows', 'cross.basic'];
export const UNIT_NARRATIVE_RULES = ['narrative.amount'];

/** Placeholders and template sample text left in a published document. Matched on normalised text (NFKC, no spaces). */
export const PLACEHOLDERS: { re: RegExp; what: string }[] = [
  { re: /(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])/g, what: '占位符 XX' },
  { re: /待填写|待补充|待完善|此处填写|请填写|请在此|在此填写|填入/g, what: '待填写' },
  { re: /\(略\)|\(此处略\)|\(内容略\)/g, what: '(略)' },
  { re: /(增加|减少|增长|下降|上升|降低|大于|小于|高于|低于)\((增加|减少|增长|下降|上升|降低|大于|小于|高于|低于|持平|等于)\)/g, what: '模板的备选用语' },
  { re: /(由|根据|按照)[^。;]{0,40}(相关规定|要求|实际情况)[^。;]{0,20}填写/g, what: '模板的填写说明' },
];

/** Text after a year that makes it the report's own year: 2024年度部门决算, 2024年度收入支出总计 … */
export const REPORT_YEAR_AFTER = /^年度?(?:部门|单位)?(?:决算|预算|收入|支出|收支|财政拨款|三公|政府采购|机关运行经费|预算绩效|绩效)/;
/** Text before a year that makes it another period (与2023年度相比, 比2023年, 较上年, 2021-2024年). */
export const OTHER_YEAR_BEFORE = /(与|比|较|同|对比|相比|比较|相较|上年|去年|上一年度?|自|从|至|到|和|及|、|-|—|~|至今)$/;
/** Text after a year that makes it another period. */
export const OTHER_YEAR_AFTER = /^年度?(?:相比|同期|比较|对比|以来|以前|之前|起|开始|至|到|-)/;
/** In a 预算: a year followed by these words is the previous year's 执行/决算, which a budget may quote. */
export const BUDGET_PRIOR_AFTER = /^年度?(?:部门)?(?:预算)?(?:执行|决算|实际|完成|预计)/;
/** A balance date (截至2024年12月31日) and a year's end (2024年末). */
export const AS_OF_DATE = /截(?:至|止)(?:到)?(20\d{2})年(\d{1,2})月(\d{1,2})日/g;
export const YEAR_END = /(20\d{2})年(?:末|底)/g;
/** A heading whose year is the report's (a 决算/预算 heading, 情况说明, a table title). */
export const YEAR_HEADING = /决算|预算|情况说明/;

/** Words saying a figure did not change. */
export const FLAT_WORD = /持平|无变化|没有变化|未发生变化/;
/** The 总计 of the two sides of the 收支总表, which the table prints equal: the narrative's change of one is the other's
 *  (a subject naming 财政拨款 is the 财政拨款收支总表's). */
export const TOTALS_SIDES: { fiscal: boolean; income: RegExp; expenditure: RegExp; both: RegExp; table: string }[] = [
  { fiscal: true, income: /收入总计$/, expenditure: /支出总计$/, both: /收(?:入)?支(?:出)?总计$/, table: 'fiscal_summary' },
  { fiscal: false, income: /收入总计$/, expenditure: /支出总计$/, both: /收(?:入)?支(?:出)?总计$/, table: 'summary' },
];

/**
 * The order of the standard tables: each chain must be printed in this order (where present). The 决算's first six
 * tables are in this order everywhere; 三公, 政府性基金 and 国有资本 follow in provincial orders. Budgets are checked
 * against their own 公开0X表 labels and 目录 only.
 */
export const TABLE_ORDER: Record<'final' | 'budget', string[][]> = {
  final: [
    ['summary', 'income', 'expenditure', 'fiscal_summary', 'general_budget', 'general_budget_basic'],
    ['general_budget_basic', 'gov_fund', 'state_capital'],
    ['general_budget_basic', 'three_public'],
  ],
  budget: [],
};
