/**
 * Domain data of the 项目支出绩效自评表 (附件 evaluation forms): the labels that locate each field of the form,
 * in the wordings of the layouts seen so far, the money-row names, the grade words and the comparison words of
 * indicator values. The parser (src/normalize/forms.ts) finds fields by these labels, never by position.
 *
 * Labels are matched against the cell text after formLabel() (NFKC, no whitespace, half-width brackets, no
 * trailing colon).
 */

/** Cell text → label form: NFKC, whitespace removed, （）→(), trailing colon dropped. */
export function formLabel(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[:：]$/, '');
}

/** A line (outside the grids) that titles a form. Tested on normTitle() text with a trailing (2024年度) removed. */
export const FORM_TITLE_RE = /(项目支出绩效自评(价)?表?|绩效自评(价)?表|项目(支出)?绩效自评(价)?|项目支出绩效)$/;
/** A trailing year mark of a form title: (2024年度), （2024年） */
export const FORM_TITLE_YEAR_RE = /[(（]\d{4}年度?[)）]$/;

/** Header-part labels: the value is the next cell to the right. */
export const HEAD_FIELDS = {
  project: /^(二级)?项目名称$/,
  department: /^(主管部门|主管单位|主管部门名称)(及其?(代码|编码)|\((代码|编码)\)|名称)?$/,
  unit: /^(实施单位|预算单位|项目单位|执行单位|项目实施单位)(及其?(代码|编码)|\((代码|编码)\)|名称)?$/,
} as const;

/** `011-汾阳市公安局` / `011001 汾阳市公安局`: a code printed before the name. */
export const CODE_NAME_RE = /^(\d{3,12})\s*[-—–_、.．:：\s]\s*(.+)$/;

export type MoneyField =
  | 'declared'
  | 'budgetInitial'
  | 'budgetInitialGroup'
  | 'budgetFullYear'
  | 'executed'
  | 'balance'
  | 'weight'
  | 'sectionWeight'
  | 'executionRate'
  | 'score'
  | 'reason';

/**
 * Column headers of the money block (项目资金预算安排及执行进度 / 项目资金). 年初预算数 is a group over
 * 目标申报数 and 预算编制数 in layout (a), the value column itself in layout (b); the narrower header wins a cell.
 */
export const MONEY_HEADERS: { field: MoneyField; re: RegExp }[] = [
  { field: 'declared', re: /^目标申报数$/ },
  { field: 'budgetInitial', re: /^预算编制数$/ },
  { field: 'budgetInitialGroup', re: /^年初(预算数|预算|预算金额|安排数)$/ },
  { field: 'budgetFullYear', re: /^全年预算数$|^全年预算$|^调整后预算数$|^预算数$/ },
  { field: 'executed', re: /^全年执行数$|^全年执行$|^执行数$|^实际执行数$|^全年支出数$/ },
  { field: 'balance', re: /^资金结\(转\)余$|^结(转|余|转结余|余结转)(资金|数)?$|^资金结余$/ },
  { field: 'weight', re: /^分值$/ },
  { field: 'sectionWeight', re: /^权重$/ },
  { field: 'executionRate', re: /^执行率$|^预算执行率$|^执行率\(%\)$/ },
  { field: 'score', re: /^得分$/ },
  { field: 'reason', re: /^偏差原因/ },
];

/** A row holding at least two of these is the header of the money block. */
export const MONEY_HEADER_CORE = /^(全年预算数|全年执行数|年初预算数|执行率|预算编制数|目标申报数)$/;

/** The section label of the money block (left, spanning its rows). */
export const MONEY_SECTION_RE = /^项目资金|资金预算安排|执行进度|^资金情况/;

/** The money row whose numbers are the project's (the others are its sources: 当年财政拨款, 上年结转资金 …). */
export const MONEY_TOTAL_ROW_RE = /资金总额|资金总计|^合计$|^总计$|^小计$/;

/** Unit of the money block from its section label: 项目资金(万元). */
export const MONEY_UNIT_RE = /[(（](万元|元|亿元)[)）]/;

/** Goal block: the header row names the two text columns. */
export const GOAL_HEADER_RE = /^(年度目标|预期目标|年度绩效目标|绩效目标|总体目标)$/;
export const ACHIEVED_HEADER_RE = /^(实际完成情况|实际完成|完成情况|全年实际完成情况)$/;
export const GOAL_SECTION_RE = /^项目年度(总体|绩效)?目标$|^年度(总体|绩效)目标$|^(项目)?(总体|绩效)目标$/;

export type IndicatorField =
  | 'level1'
  | 'level1Weight'
  | 'level2'
  | 'level3'
  | 'target'
  | 'targetAdjusted'
  | 'actual'
  | 'weight'
  | 'score'
  | 'deviation';

/** Column headers of the indicator block. In layout (b) 权重 sits beside 一级指标 and weights it. */
export const INDICATOR_HEADERS: { field: IndicatorField; re: RegExp }[] = [
  { field: 'level1', re: /^一级指标$/ },
  { field: 'level1Weight', re: /^权重$/ },
  { field: 'level2', re: /^二级指标$/ },
  { field: 'level3', re: /^三级指标$/ },
  { field: 'target', re: /^(年初|年度|预期|计划)?指标值$|^年度目标值$|^目标值$/ },
  { field: 'targetAdjusted', re: /^调整后(指标值|目标值)$/ },
  { field: 'actual', re: /^(全年)?实际完成(值|情况|数)?$/ },
  { field: 'weight', re: /^分值$/ },
  { field: 'score', re: /^得分$/ },
  { field: 'deviation', re: /^偏差原因/ },
];

/** The section label of the indicator block (left, spanning its rows). */
export const INDICATOR_SECTION_RE = /^(绩效指标|年度绩效指标)$/;

/** The row carrying the form's total score. */
export const TOTAL_ROW_RE = /^(总分|合计|总计|自评得分|总得分|自评总分)$/;

/** Grades as printed → the schema's 优/良/中/差. */
export const GRADES: { re: RegExp; grade: '优' | '良' | '中' | '差' }[] = [
  { re: /^优秀?$/, grade: '优' },
  { re: /^良好?$/, grade: '良' },
  { re: /^中(等)?$|^合格$/, grade: '中' },
  { re: /^差$|^不合格$/, grade: '差' },
];
export const GRADE_LABEL_RE = /^(自评)?(评价)?等级$|^自评等级$|^评价结果$/;

/** Section labels of the analysis block that are not themselves an analysis item. */
export const ANALYSIS_SECTION_RE = /^(项目绩效分析|自评结果分析|绩效分析|项目绩效自评分析)$/;

/** Comparison words of indicator values, normalised to a symbol. */
export const VALUE_OPS: { re: RegExp; op: string }[] = [
  { re: /^(≥|>=|＞=|不低于|不少于|大于等于|至少)/, op: '≥' },
  { re: /^(≤|<=|＜=|不高于|不超过|不多于|小于等于|至多)/, op: '≤' },
  { re: /^(>|大于|高于|超过)/, op: '>' },
  { re: /^(<|小于|低于)/, op: '<' },
  { re: /^(=|＝|等于)/, op: '=' },
];

/** A line that titles a form; `nt` is the line after normTitle(). Narrative sentences about 绩效自评 are not. */
export function isFormTitle(nt: string): boolean {
  if (nt.length >= 80 || /[,;。，；]/.test(nt)) return false;
  if (/情况说明|^[一二三四五六七八九十]+、|^\([一二三四五六七八九十]+\)/.test(nt)) return false;
  return FORM_TITLE_RE.test(nt.replace(FORM_TITLE_YEAR_RE, ''));
}

/** Labels that, with 项目名称, make a grid an evaluation form even without a title line above it. */
export const FORM_GRID_MARK_RE = /^(一级指标|绩效指标|全年执行数|年度目标|预期目标|年度总体目标)$/;

/** the 一级指标 header of the indicator block */
export const LEVEL1_HEADER_RE = /^一级指标$/;
/** the 二级指标 / 三级指标 headers */
export const LEVEL23_HEADER_RE = /^(二级|三级)指标$/;
/** the 总分 row's label */
export const SCORE_TOTAL_LABEL_RE = /^总分$/;
/** the 备注 under a form */
export const REMARKS_RE = /^备注/;
/** a numbered 备注 line (1. 2、) */
export const REMARK_ITEM_RE = /^\d+\s*[.．、]/;
/** a folio: -3-, 第3页 */
export const FOLIO_RE = /^[-—–]\d{1,4}[-—–]$|^第\d+页/;
/** an indicator value: a number and a short unit (=80人, 1,500元) */
export const VALUE_WITH_UNIT_RE = /^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)?([^\d\s,，、。;；:：()（）~\-—/]{1,8})?$/;
/** a percentage */
export const PERCENT_RE = /[%％]\s*$/;
/** the money row a form's totals are in (资金总额, 合计) */
export const MONEY_TOTAL_LABEL_RE = /总额|合计|总计|资金/;
