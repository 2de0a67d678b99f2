/**
 * The words of table cells, as data: header labels that say a column's side, period or money unit, the 三公 rows,
 * the 栏次/行次 rows, total row names. Normalisation reads them from here (the column and row key rules are in
 * kinds.ts).
 */

/** a 栏次 / 行次 row (the column numbers under the header) */
export const SEQ_ROW = /^栏次|^行次/;
/** Numbers counting up one by one (1, 2, 3 …): 行次 and 栏次 counters, not amounts or codes. */
export const countsUpByOne = (ns: number[]): boolean => ns.every((v, i) => i === 0 || v === ns[i - 1] + 1);
/** the label of a column of 行次 counters (1, 2, 3 … down the rows) */
export const ROW_COUNTER_LABEL = /^行次$/;
/** a 栏次 / 行次 cell alone, or what a column-number row prints over the name and code columns (** ** **, 甲 乙) */
export const SEQ_CELL = /^(栏次|行次|[*＊]{1,3}|[甲乙丙丁])$/;
/** text starting with a year (2024年…): not a code before a name */
export const YEAR_START = /^\d{4}年/;
/** a row named 合计 / 总计 (收入合计, 支出总计) */
export const TOTAL_NAME = /^(收入|支出)?(总计|合计)$/;
/** a 合计 / 总计 row alone */
export const TOTAL_ONLY = /^(合计|总计)$/;
/** a header segment of a total (no side of its own) */
export const TOTAL_WORD = /合计|总计/;
/** the income half of a two-sided table (收入, 本年收入, 财政拨款收入) */
export const INCOME_SIDE = /^(本年|财政拨款)?收入$|^收入/;
/** the expenditure half (支出, 本年支出, 财政拨款支出) */
export const EXPENDITURE_SIDE = /^(本年|财政拨款)?支出$|^支出/;
/** a 三公 column of figures of one period, not an item (预算数, 决算数, 实际 …) */
export const THREE_PUBLIC_PERIOD = /^(预算数?|决算数?|实际|全年预算数|本年预算数)/;
/** a column label that only says the column holds amounts */
export const AMOUNT_LABEL = /^(决算数|预算数|金额)$/;
/** the same, with 预算 / 决算 alone */
export const AMOUNT_LABEL_SHORT = /^(预算数?|决算数?|金额)$/;
/** words of a column of figures (a 三公 table's vertical layout) */
export const FIGURES_WORD = /预算|决算|金额|实际|执行/;
/** the budget figures beside a 决算 (年初预算数, 全年预算数, 调整预算数) */
export const BUDGET_PERIOD = /年初预算|全年预算|调整后?预算|预算数/;
/** 决算: the document's own figures in a 决算 */
export const FINAL_WORD = /决算/;
/** last year's figures in a 预算 (上年, 上年决算) */
export const PRIOR_PERIOD = /上年|决算/;
/** 上年结转 / 上年结余: this year's income carried over, not last year's figures */
export const CARRIED_OVER = /上年结[转余]/;
/** a column block headed by a year (2020年, 2021年预算数): the document's year, or one before it */
export const YEAR_SEGMENT = /^(\d{4})年/;
/** a cell that is a year and nothing else (2025 年, 2026年度) */
export const YEAR_CELL = /^(\d{4})年度?$/;
/** a column block of the change between two periods (增减变化情况, 比上年增减, 增减额) */
export const CHANGE_PERIOD = /增减|变动情况|增长率|比上年/;
/** actual figures (决算, 实际, 执行) */
export const ACTUAL_PERIOD = /决算|实际|执行/;
/** budget figures */
export const BUDGET_PERIOD_WORD = /预算/;
/** labels of a label row (统计数, 金额 …) */
export const LABEL_ROW_WORDS = /统计数|金额|决算数|预算数|数量/;
/** a header ending in 编码 / 代码 */
export const CODE_LABEL_END = /编码$|代码$/;
/** the 三公经费 group of a 三公 table */
export const THREE_PUBLIC_GROUP = /三公经费/;
/** columns a 三公 table prints beside the 三公 items, which its 合计 then includes (会议费, 培训费, 机关运行经费) */
export const BESIDE_THREE_PUBLIC = /^(会议费|培训费|机关运行经费)/;
/** the 公务用车 group of a 三公 table, whose 小计 is the vehicles' */
export const VEHICLE_GROUP = /公务用车|购置及运行/;
/** a money unit printed in a cell */
export const UNIT_IN_CELL = /万元|亿元|[(（]元[)）]|单位[:：]?\s*元/;
/** a section row numbered 一、 */
export const SECTION_ROW = /^[一二三四五六七八九十]+、/;
/** a count unit in a row name: 车辆数(辆) */
export const COUNT_UNIT_IN_NAME = /[(（](辆|台|台\(套\)|台套|个|人)[)）]/;
/** the unit printed after an amount in text */
export const UNIT_AFTER_AMOUNT = /^\s*(亿元|万元|元|%)/;
/** a classification code printed before its name: 2013601-行政运行, [30227]委托业务费, 30101 基本工资 */
export const CODE_WITH_NAME = /^[[【]?(\d{3}(?:\d{2}){0,3})(?!\d)[\]】]?[-—:：.、]?(.*)$/;
/** a cell printed blank: nothing, a dash, a slash, 无, 本表无数据 */
export const BLANK_CELL = /^(|-|－|—|——|–|―|\/|／|本表无数据|无|空|\*|x|X)$/;
/** an empty amount cell printed as a dash (centred in its cell, where the amounts beside it are right-aligned) */
export const DASH_CELL = /^(-|－|—|——|–|―)$/;
/** a value printed in brackets (a negative): (12.30), （12.30） */
export const BRACKETED = /^[(（](.*)[)）]$/;
/** header segments that only say which figures a column holds (预算数, 决算数, a column number) */
export const FIGURES_OR_NUMBER = /^(预算数|决算数|\d+)$/;
/** a code column's label in an export (代码, 编码, 编号, 类/款/项) */
export const CODE_COLUMN_LABEL = /代码|编码|编号|^类$|^款$|^项$/;
/** The tail of a row name a word processor ran over a page break: Chinese words and their brackets only (支出) */
export const NAME_TAIL = /^[\u4e00-\u9fff（）()、]+$/u;
