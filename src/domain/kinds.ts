/**
 * Domain knowledge as data: the standard table kinds of 部门决算/预算公开, their titles and aliases, how their
 * columns are labelled, and the named rows. Every stage reads these tables; no stage has its own list.
 */
import type { DocKind } from '../model/schema.js';
import { ORDINAL_HEADING } from './labels.js';

/** How rows are keyed (facts.md "Row keys"). */
export type RowScheme = 'function_code' | 'economic_code' | 'two_sided' | 'three_public' | 'stats' | 'generic';

export interface ColumnSpec {
  key: string;
  /** tested against one header segment (normalised, see normLabel) */
  re: RegExp;
  /** for two-sided tables: the column only exists on this side */
  side?: 'income' | 'expenditure';
}

export interface KindSpec {
  kind: string;
  doc: DocKind;
  /** the 决算 kind this budget kind twins, for shared rules */
  twin?: string;
  titles: string[];
  /** label used by Shanxi-style documents (公开0X表) */
  label?: string;
  rows: RowScheme;
  columns: ColumnSpec[];
}

// ---------------------------------------------------------------------------------------------------------
// Column vocabularies (matched against the most specific header segment first)

const INCOME_COLS: ColumnSpec[] = [
  { key: 'total', re: /^(本年)?收入合计$|^合计$|^总计$|^收入总计$/ },
  { key: 'fiscal', re: /^财政拨款(收入)?$|^财政拨款$/ },
  { key: 'general_budget', re: /一般公共预算/ },
  { key: 'gov_fund', re: /政府性基金/ },
  { key: 'state_capital', re: /国有资本/ },
  { key: 'fiscal_special', re: /财政专户/ },
  { key: 'superior_subsidy', re: /上级补助/ },
  { key: 'business', re: /^事业收入/ },
  { key: 'operating', re: /经营收入/ },
  { key: 'affiliated', re: /附属单位/ },
  { key: 'other', re: /^其他收入$|^其他$/ },
  // (使用非财政拨款结余 is no carry-over: it comes before the 结余 of the carry-over's words)
  { key: 'nonfiscal_balance', re: /用事业基金弥补收支差额|使用非财政拨款结余/ },
  { key: 'carryover', re: /上年结转|结转结余|结转和结余|结余/ },
  // 本年收入 / 小计 where a 合计 over this year's income and the carry-over stands before it (北京 收入总表)
  { key: 'current_total', re: /^本年收入小计$/ },
];

/**
 * The sources of money a table of another kind splits its amounts by (基本支出预算情况表: 合计 | 财政拨款 (小计 |
 * 一般公共预算 | 政府性基金预算 …) | 财政专户管理资金 | 单位资金 | 上年结转): stable keys where the kind's own
 * columns name none, in every document of the layout.
 */
export const SOURCE_COLS: ColumnSpec[] = [
  ...INCOME_COLS.filter((c) => c.key !== 'total' && c.key !== 'current_total'),
  { key: 'unit_funds', re: /^单位资金$/ },
];

const EXPENDITURE_COLS: ColumnSpec[] = [
  { key: 'total', re: /^(本年)?支出合计$|^合计$|^总计$|^支出总计$/ },
  { key: 'basic', re: /^基本支出$/ },
  { key: 'project', re: /^项目支出$/ },
  { key: 'remit_superior', re: /上缴上级/ },
  { key: 'operating', re: /经营支出/ },
  { key: 'affiliated_subsidy', re: /对附属单位补助/ },
  { key: 'personnel', re: /人员经费|^人员(支出|类)$|^工资福利支出$/ },
  { key: 'public', re: /公用经费|^(日常)?公用(支出|类|经费支出)?$/ },
  { key: 'reserve', re: /^(单位)?(预留|机动|预备费)/ },
  { key: 'carryover_next', re: /结转下年/ },
];

/**
 * The budget figures a 决算 table prints beside its 决算数 (年初预算数 | 调整预算数 | 决算数, a central or provincial
 * 决算 layout): under stable keys, so a dataset across counties finds them in one column.
 */
const BUDGET_BESIDE_FINAL: ColumnSpec[] = [
  { key: 'budget_adjusted', re: /^调整(后)?(的)?预算(数)?$/ },
  { key: 'budget_full_year', re: /^全年预算(数)?$/ },
];

const GENERAL_BUDGET_COLS: ColumnSpec[] = [
  { key: 'total', re: /^合计$|^小计$|^总计$|^支出合计$|^本年支出$|^决算数$|^预算数$|^支出总计$/ },
  { key: 'basic', re: /^基本支出$/ },
  { key: 'project', re: /^项目支出$|^专项业务经费(支出)?$/ },
  { key: 'personnel', re: /人员经费|^人员(支出|类)$|^工资福利支出$/ },
  { key: 'public', re: /公用经费|^(日常)?公用(支出|类|经费支出)?$/ },
  { key: 'budget_initial', re: /年初预算/ },
  ...BUDGET_BESIDE_FINAL,
];

const BASIC_COLS: ColumnSpec[] = [
  { key: 'amount', re: /^决算数$|^预算数$|^金额$|^数额$|^本年支出$|^机关运行经费(支出)?$/ },
  { key: 'total', re: /^合计$|^小计$|^总计$/ },
  { key: 'personnel', re: /人员经费|^人员(支出|类)$|^工资福利支出$/ },
  { key: 'public', re: /公用经费|^(日常)?公用(支出|类|经费支出)?$/ },
];

const FUND_COLS: ColumnSpec[] = [
  { key: 'carryover_begin', re: /^年初.*结[转余]/ },
  { key: 'income', re: /^本年收入/ },
  { key: 'expenditure_total', re: /^本年支出$|^本年支出合计$|^支出合计$/ },
  { key: 'basic', re: /^基本支出$/ },
  { key: 'project', re: /^项目支出$/ },
  { key: 'carryover_end', re: /^年末.*结[转余]/ },
  { key: 'total', re: /^合计$|^小计$|^总计$|^支出总计$|^决算数$|^预算数$|^金额$/ },
];

const THREE_PUBLIC_COLS: ColumnSpec[] = [
  { key: 'total', re: /^合计$|^总计$|^三公经费(支出)?$|^三公经费.*(合计|总额|总计)$/ },
  { key: 'overseas', re: /出国/ },
  { key: 'vehicle_total', re: /购置及运行/ },
  { key: 'vehicle_purchase', re: /购置(经)?费$|^公务用车购置$/ },
  { key: 'vehicle_operation', re: /运行(维护|维修)?(经)?费$|^公务用车运行/ },
  { key: 'reception', re: /接待/ },
];

const SUMMARY_COLS: ColumnSpec[] = [
  { key: 'amount', re: /^金额$|^决算数$|^预算数$|^预算$|^数额$|^本年决算数$|^全年决算数$|^预算金额$|^本年预算数$/ },
  { key: 'budget_initial', re: /年初预算/ },
  ...BUDGET_BESIDE_FINAL,
];

const FISCAL_SUMMARY_COLS: ColumnSpec[] = [
  { key: 'amount', re: /^金额$|^决算数$|^预算数$|^预算$|^数额$/, side: 'income' },
  { key: 'general_budget', re: /一般公共预算/, side: 'expenditure' },
  { key: 'gov_fund', re: /政府性基金/, side: 'expenditure' },
  { key: 'state_capital', re: /国有资本/, side: 'expenditure' },
  { key: 'total', re: /^合计$|^小计$|^总计$|^金额$|^决算数$|^预算数$/, side: 'expenditure' },
];

const STATS_COLS: ColumnSpec[] = [{ key: 'amount', re: /统计数|^金额$|^数量$|^决算数$|^数额$|^数$/ }];

/** A generic 小计/合计 under one of these parents takes the parent's key. */
export const SUBTOTAL_PARENTS: { re: RegExp; key: string }[] = [
  { re: /^本年支出$/, key: 'expenditure_total' },
  { re: /^本年收入$/, key: 'current_total' },
  { re: /^财政拨款(资金|收入)?$/, key: 'fiscal' },
  { re: /购置及运行/, key: 'vehicle_total' },
  { re: /^基本支出$/, key: 'basic' },
  { re: /^项目支出$/, key: 'project' },
];

export const GENERIC_SUBTOTAL = /^(小计|合计)$/;
/** 其中： before a column label (一般公共预算支出 / 其中：基本支出): the part it names */
export const OF_WHICH = /^其中[:：]?/;
/**
 * The source of money a column splits its parent by (深圳's 三公 table: 因公出国(境)费 / 一般公共预算 | 政府性基金预算 |
 * 国有资本经营预算), where the kind has no column of that name: the parent's key, with the source after it but for
 * the general budget, the table's own figures.
 */
export const FUND_QUALIFIERS: { re: RegExp; key: string; main?: true }[] = [
  { re: /^一般公共预算(财政)?(拨款)?(资金)?$/, key: 'general_budget', main: true },
  { re: /^政府性基金(预算)?(财政)?(拨款)?(资金)?$/, key: 'gov_fund' },
  { re: /^国有资本经营(预算)?(财政)?(拨款)?(资金)?$/, key: 'state_capital' },
];
/** A parent's label with a total word after it (项目支出总数, 基本支出合计): the parent's own column. */
export const PARENT_TOTAL_SUFFIX = /^(.{2,}?)(总数|总额|合计|小计)$/;
/** A row label that names a total (合计, 人员经费合计, 本年支出合计, 总计): printed centred in a cell over empty columns. */
export const TOTAL_ROW_LABEL = /(合计|总计|小计)$/;

// ---------------------------------------------------------------------------------------------------------
// Table kinds. Titles are normalised (see normTitle) before matching; the longest matching title wins.

export const KINDS: KindSpec[] = [
  {
    kind: 'summary', doc: 'final', label: '公开01表', rows: 'two_sided', columns: SUMMARY_COLS,
    titles: ['收入支出决算总表', '收支决算总表', '部门收支决算总表'],
  },
  {
    kind: 'income', doc: 'final', label: '公开02表', rows: 'function_code', columns: INCOME_COLS,
    titles: ['收入决算表', '部门收入决算表'],
  },
  {
    kind: 'expenditure', doc: 'final', label: '公开03表', rows: 'function_code', columns: EXPENDITURE_COLS,
    titles: ['支出决算表', '部门支出决算表'],
  },
  {
    kind: 'fiscal_summary', doc: 'final', label: '公开04表', rows: 'two_sided', columns: FISCAL_SUMMARY_COLS,
    titles: ['财政拨款收入支出决算总表', '财政拨款收支决算总表'],
  },
  {
    kind: 'general_budget', doc: 'final', label: '公开05表', rows: 'function_code', columns: GENERAL_BUDGET_COLS,
    titles: ['一般公共预算财政拨款支出决算表', '一般公共预算支出决算表', '一般公共预算财政拨款收入支出决算表'],
  },
  {
    kind: 'general_budget_basic', doc: 'final', label: '公开06表', rows: 'economic_code', columns: BASIC_COLS,
    titles: [
      '一般公共预算财政拨款基本支出决算表', '一般公共预算财政拨款基本支出决算明细表', '一般公共预算基本支出决算表',
      '一般公共预算基本支出决算明细表',
    ],
  },
  {
    kind: 'gov_fund', doc: 'final', label: '公开07表', rows: 'function_code', columns: FUND_COLS,
    titles: ['政府性基金预算财政拨款收入支出决算表', '政府性基金预算财政拨款支出决算表', '政府性基金预算支出决算表'],
  },
  {
    kind: 'state_capital', doc: 'final', label: '公开08表', rows: 'function_code', columns: FUND_COLS,
    titles: [
      '国有资本经营预算财政拨款收入支出决算表', '国有资本经营预算财政拨款支出决算表', '国有资本经营预算支出决算表',
    ],
  },
  {
    kind: 'three_public', doc: 'final', label: '公开09表', rows: 'three_public', columns: THREE_PUBLIC_COLS,
    titles: [
      '财政拨款三公经费支出决算表', '一般公共预算财政拨款三公经费支出决算表', '三公经费支出决算表',
      '财政拨款三公经费支出预决算表',
    ],
  },
  {
    kind: 'disclosure_stats', doc: 'final', label: '公开10表', rows: 'stats', columns: STATS_COLS,
    titles: ['部门决算公开相关信息统计表', '决算公开相关信息统计表', '相关信息统计表'],
  },
  // --- 预算 ---
  {
    kind: 'budget_summary', doc: 'budget', twin: 'summary', rows: 'two_sided', columns: SUMMARY_COLS,
    titles: ['收支预算总表', '部门收支预算总表', '财务收支预算总表', '收支总表', '部门收支总表', '部门财务收支预算总表'],
  },
  {
    kind: 'budget_income', doc: 'budget', twin: 'income', rows: 'function_code', columns: INCOME_COLS,
    titles: ['收入预算表', '部门收入预算表', '收入预算总表', '收入总表', '部门收入总表'],
  },
  {
    kind: 'budget_expenditure', doc: 'budget', twin: 'expenditure', rows: 'function_code', columns: EXPENDITURE_COLS,
    titles: ['支出预算表', '部门支出预算表', '支出预算总表', '支出总表', '部门支出总表'],
  },
  {
    kind: 'budget_fiscal_summary', doc: 'budget', twin: 'fiscal_summary', rows: 'two_sided', columns: FISCAL_SUMMARY_COLS,
    titles: ['财政拨款收支预算总表', '财政拨款收支总表', '部门财政拨款收支预算总表', '财政拨款收支总体情况表'],
  },
  {
    kind: 'budget_general', doc: 'budget', twin: 'general_budget', rows: 'function_code', columns: GENERAL_BUDGET_COLS,
    titles: [
      '一般公共预算支出预算表', '一般公共预算财政拨款支出预算表', '一般公共预算支出表', '一般公共预算拨款支出预算表',
      '一般公共预算支出情况表', '一般公共预算支出功能分类预算表', '一般公共预算财政拨款支出功能分类预算表',
    ],
  },
  {
    kind: 'budget_general_basic', doc: 'budget', twin: 'general_budget_basic', rows: 'economic_code', columns: BASIC_COLS,
    titles: [
      '一般公共预算基本支出预算表', '一般公共预算财政拨款基本支出预算表', '一般公共预算基本支出表',
      '一般公共预算基本支出情况表', '一般公共预算基本支出部门预算经济分类预算表', '一般公共预算基本支出经济分类预算表',
      '一般公共预算基本支出政府预算经济分类预算表',
    ],
  },
  {
    kind: 'budget_gov_fund', doc: 'budget', twin: 'gov_fund', rows: 'function_code', columns: FUND_COLS,
    titles: [
      '政府性基金预算支出预算表', '政府性基金预算支出表', '政府性基金支出预算表', '政府性基金预算财政拨款支出预算表',
      '政府性基金预算支出情况表', '财政拨款政府性基金支出预算表', '政府性基金预算支出功能分类预算表',
    ],
  },
  {
    kind: 'budget_state_capital', doc: 'budget', twin: 'state_capital', rows: 'function_code', columns: FUND_COLS,
    titles: ['国有资本经营预算支出预算表', '国有资本经营预算支出表', '国有资本经营预算财政拨款支出预算表', '国有资本经营预算支出功能分类预算表'],
  },
  {
    kind: 'budget_three_public', doc: 'budget', twin: 'three_public', rows: 'three_public', columns: THREE_PUBLIC_COLS,
    titles: [
      '三公经费支出预算表', '一般公共预算三公经费支出预算表', '一般公共预算三公经费支出表', '财政拨款三公经费支出预算表',
      '三公经费预算表', '一般公共预算三公经费支出情况表', '三公经费、会议费、培训费支出预算表',
      '一般公共预算三公经费、会议费、培训费支出预算表', '三公经费及会议费培训费支出预算表', '三公经费和机关运行经费预算表',
      '三公经费及机关运行经费预算表',
    ],
  },
  {
    kind: 'budget_fiscal', doc: 'budget', rows: 'function_code', columns: GENERAL_BUDGET_COLS,
    titles: ['财政拨款支出预算表', '部门财政拨款支出预算表'],
  },
  {
    kind: 'budget_fiscal_basic', doc: 'budget', rows: 'economic_code', columns: BASIC_COLS,
    titles: ['财政拨款基本支出预算表', '部门财政拨款基本支出预算表'],
  },
  {
    kind: 'budget_running_cost', doc: 'budget', rows: 'economic_code', columns: BASIC_COLS,
    titles: ['一般公共预算机关运行经费支出预算表', '机关运行经费支出预算表', '机关运行经费预算表'],
  },
  {
    kind: 'budget_project', doc: 'budget', rows: 'function_code', columns: GENERAL_BUDGET_COLS,
    titles: ['项目支出预算表', '部门项目支出预算表', '项目支出表'],
  },
  {
    // rows: category / project / economic subject / item, keyed by their path (subtotals kept)
    kind: 'budget_procurement', doc: 'budget', rows: 'generic', columns: GENERAL_BUDGET_COLS,
    titles: ['政府采购预算表', '政府采购支出预算表', '政府采购预算明细表'],
  },
  {
    kind: 'budget_general_economic', doc: 'budget', rows: 'economic_code', columns: GENERAL_BUDGET_COLS,
    titles: ['一般公共预算支出经济分类预算表', '一般公共预算支出表(按经济分类)', '一般公共预算支出情况表(按经济分类科目)'],
  },
  {
    kind: 'budget_basic', doc: 'budget', rows: 'economic_code', columns: BASIC_COLS,
    titles: ['基本支出预算表', '基本支出总表', '部门基本支出预算表', '基本支出预算情况表'],
  },
  {
    kind: 'budget_purchase_service', doc: 'budget', rows: 'generic', columns: [],
    titles: ['政府购买服务预算表', '财政拨款政府购买服务明细表', '政府购买服务预算明细表'],
  },
  {
    kind: 'budget_performance_target', doc: 'budget', rows: 'generic', columns: [],
    titles: ['项目支出绩效目标表', '部门整体支出绩效目标表', '绩效目标表', '项目绩效目标表'],
  },
];

export const KIND_BY_NAME = new Map(KINDS.map((k) => [k.kind, k]));

/** Kinds of tables outside the standard ones are named from their title: `other:项目支出绩效表`. */
export const OTHER_KIND_PREFIX = 'other:';

/** The spec of a kind; a table outside the standard kinds has a generic one (rows by code or name, columns by
 * their printed labels). */
export function kindSpec(kind: string): KindSpec | undefined {
  const k = KIND_BY_NAME.get(kind);
  if (k || !kind.startsWith(OTHER_KIND_PREFIX)) return k;
  return { kind, doc: 'budget', titles: [kind.slice(OTHER_KIND_PREFIX.length)], rows: 'generic', columns: [] };
}

/**
 * Titles no alias list names (收支总体情况表, 部门综合预算收支总表, 基本支出预算情况表 …) are classified by the words
 * they carry, first rule first. Words are looked for in the title after its year (the department before it
 * may hold any word).
 */
export const TITLE_RULES: { all: string[]; any?: string[]; none?: string[]; final?: string; budget?: string }[] = [
  { all: ['三公'], final: 'three_public', budget: 'budget_three_public' },
  { all: ['相关信息统计'], final: 'disclosure_stats' },
  // the expenditure of one source of money (财政专户管理资金, 单位资金, 上年结转资金) is a table of its own, not the
  // department's 支出 table (whose rows it would overwrite)
  { all: ['资金'], any: ['专户', '单位资金', '结转资金', '资金支出', '资金收支'], none: ['绩效'] },
  { all: ['政府采购'], budget: 'budget_procurement' },
  { all: ['政府购买服务'], budget: 'budget_purchase_service' },
  { all: ['绩效目标'], budget: 'budget_performance_target' },
  { all: ['绩效'], none: ['自评'], budget: 'budget_performance_target' },
  { all: ['机关运行经费'], budget: 'budget_running_cost' },
  { all: ['国有资本经营'], final: 'state_capital', budget: 'budget_state_capital' },
  { all: ['政府性基金'], final: 'gov_fund', budget: 'budget_gov_fund' },
  { all: ['一般公共预算', '基本支出'], final: 'general_budget_basic', budget: 'budget_general_basic' },
  { all: ['一般公共预算', '经济分类'], none: ['基本支出'], budget: 'budget_general_economic' },
  // a list of the projects paid from the general budget (一般公共预算财政拨款项目支出决算表) is not the 支出 table by
  // function, whose rows it would overwrite
  { all: ['一般公共预算', '项目支出'], budget: 'budget_project' },
  { all: ['一般公共预算', '支出'], final: 'general_budget', budget: 'budget_general' },
  { all: ['财政拨款'], any: ['收支', '收入支出'], final: 'fiscal_summary', budget: 'budget_fiscal_summary' },
  { all: ['财政拨款', '基本支出'], budget: 'budget_fiscal_basic' },
  { all: ['财政拨款', '支出'], budget: 'budget_fiscal' },
  { all: ['项目支出'], none: ['绩效'], budget: 'budget_project' },
  { all: ['专项业务'], none: ['绩效'], budget: 'budget_project' },
  { all: ['基本支出'], budget: 'budget_basic' },
  { all: [], any: ['收支', '收入支出', '财务收支'], final: 'summary', budget: 'budget_summary' },
  { all: ['收入'], final: 'income', budget: 'budget_income' },
  { all: ['支出'], none: ['绩效'], final: 'expenditure', budget: 'budget_expenditure' },
];

/** The kind a title's words name (see TITLE_RULES), for the document's kind (决算 first where it is unknown). */
export function kindFromTitleWords(core: string, doc: DocKind | null | undefined): string | null {
  for (const r of TITLE_RULES) {
    if (!r.all.every((w) => core.includes(w))) continue;
    if (r.any && !r.any.some((w) => core.includes(w))) continue;
    if (r.none?.some((w) => core.includes(w))) continue;
    // the first rule whose words the title has decides: one without a kind for this document's kind (项目支出决算表
    // in a 决算) names a table outside the standard ones, not a later rule's (支出决算表)
    return (doc === 'budget' ? r.budget : doc === 'final' ? r.final : r.final ?? r.budget) ?? null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Rows

/** Named rows of code-keyed tables. */
export const NAMED_ROWS: { re: RegExp; key: string }[] = [
  { re: /^(合计|总计|本年支出合计|本年收入合计|支出合计|收入合计)$/, key: 'total' },
  { re: /^人员经费(合计|小计)$/, key: 'personnel_total' },
  { re: /^公用经费(合计|小计)$/, key: 'public_total' },
];

/** fiscal_summary: rows under these parents get the parent as prefix (`年初财政拨款结转和结余/一般公共预算财政拨款`). */
export const FUND_PARENT = /^(年初|年末)财政拨款结转和?结余$|^上年结转$|^年初结转和结余$|^年末结转和结余$/;
export const FUND_CHILD = /^(一般公共预算|政府性基金预算|国有资本经营预算)(财政)?拨款(收入|支出)?$|^(一般公共预算|政府性基金预算|国有资本经营预算)$/;

/** disclosure_stats fixed keys, tried in order against the normalised row name within its section. */
export const STATS_ROWS: { section?: RegExp; re: RegExp; key: string; unit?: string }[] = [
  // the first 合计 of the table is the procurement total even where its section row is a caption
  { section: /政府采购|^$/, re: /^(合计|政府采购(支出)?(合计|总额)?)$/, key: 'procurement_total' },
  { re: /^(政府采购)?货物/, key: 'procurement_goods' },
  { re: /^(政府采购)?工程/, key: 'procurement_works' },
  { re: /^(政府采购)?服务/, key: 'procurement_services' },
  { re: /^行政单位/, key: 'running_cost_admin' },
  { re: /参照公务员法管理/, key: 'running_cost_psml' },
  { re: /车辆(数)?(合计|总数)|^公务用车(合计|总数)/, key: 'vehicles_total', unit: '辆' },
  { re: /部.*级.*领导/, key: 'vehicles_ministerial', unit: '辆' },
  { re: /主要(负责人|领导)/, key: 'vehicles_head', unit: '辆' },
  { re: /机要通信/, key: 'vehicles_confidential', unit: '辆' },
  { re: /应急保障/, key: 'vehicles_emergency', unit: '辆' },
  { re: /执法执勤/, key: 'vehicles_law_enforcement', unit: '辆' },
  { re: /特种专业技术/, key: 'vehicles_special', unit: '辆' },
  { re: /离退休/, key: 'vehicles_retired', unit: '辆' },
  { section: /车|国有资产/, re: /^其他(用车)?/, key: 'vehicles_other', unit: '辆' },
  { re: /100万元.*设备|单价.*万元.*以上/, key: 'equipment_over_1m', unit: '台' },
];

// ---------------------------------------------------------------------------------------------------------
// Header roles

/**
 * A classification code inside its row name, where a name wrapped in a narrow column without rulings puts its
 * first line before the code (机关事业单位 / 30108 / 基本养老保险缴费 read top to bottom): name before, code, name after.
 */
export const CODE_INSIDE_NAME = /^([\u4e00-\u9fff（）()、]{1,24}?)\s*(\d{3}(?:\d{2}){0,3})(?![\d.,%])\s*([\u4e00-\u9fff（）()][^]*)$/u;
export const CODE_HEADER = /编码|代码|^类$|^款$|^项$|^科目编号$|^编号$/;
export const NAME_HEADER = /名称|^项目$|^科目$|^项目名称$|^功能分类$|^经济分类$|^支出功能分类$|分类科目$|经济科目$|功能科目$|^(预算)?单位$|^部门$/;
/** The columns of a table with a row per subordinate unit: 单位编码, 单位名称, 预算单位 */
export const UNIT_HEADER = /^(预算)?单位(编码|代码|名称)?$|^部门(编码|代码|名称)?$/;
export const SEQ_HEADER = /^(行次|栏次|序号)$/;
/** a column naming the period of its row (a 三公 table with a row per year: 2025年 | 2026年 | 增减变化金额) */
export const PERIOD_HEADER = /^(年度|年份|期间)$/;

/** Title text normalisation: NFKC, no whitespace, no quotes, half-width brackets. */
export function normTitle(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[“”"‘’'「」『』]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

/** Header label normalisation for column matching. */
export function normLabel(s: string): string {
  // (a rule beside the label read by the OCR as a bar: 科目代码|)
  return normTitle(s).replace(/^[|｜]+|[|｜]+$/g, '').replace(/[:：]$/, '');
}

/** an ordinal heading or a 1. / 1、 numbering before a row name */
const ORDINAL = new RegExp(String.raw`${ORDINAL_HEADING.source}|^\d{1,2}[.．、](?!\d)`);

/** facts.md name normalisation: NFKC, remove whitespace, strip one leading ordinal. */
export function normName(s: string): string {
  const t = s.normalize('NFKC').replace(/\s+/g, '');
  return t.replace(ORDINAL, '');
}

/** Money unit from a header line (金额单位：万元 / 单位:元). */
export function unitFromText(s: string): string | undefined {
  const m = normTitle(s).match(/单位[:：]?(亿元|万元|元)/);
  return m ? m[1] : undefined;
}

/**
 * Header words that identify a standard table printed without a recognisable title (checked on its first
 * rows, normalised as titles). Only distinctive combinations: a table that could be one of two kinds is left
 * unclassified rather than guessed.
 */
export const HEADER_SIGNATURES: { all: string[]; none?: string[]; final?: string; budget?: string }[] = [
  { all: ['因公出国', '公务接待', '公务用车'], final: 'three_public', budget: 'budget_three_public' },
  { all: ['政府采购', '机关运行经费'], none: ['因公出国'], final: 'disclosure_stats' },
  { all: ['本年收入合计', '财政拨款', '上级补助收入', '事业收入'], none: ['支出'], final: 'income' },
  { all: ['本年支出合计', '基本支出', '项目支出', '上缴上级支出'], final: 'expenditure' },
  { all: ['人员经费', '公用经费', '经济分类'], none: ['项目支出'], final: 'general_budget_basic', budget: 'budget_general_basic' },
];
