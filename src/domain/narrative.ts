/**
 * The words of the 情况说明 prose the narrative and contradiction rules read, as data (the subjects and the words
 * of comparison they share with other rules are in checks.ts).
 */

/** an amount, share or count printed in the prose, with its unit */
export const NARRATIVE_NUMBER = /(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(亿元|万元|元|万(?![人次个])|%|辆|台\(套\)|台套|台|个|人次|批次)/g;
/** quotation marks (removed before reading) */
export const QUOTES = /[“”"‘’'「」『』]/g;
/** a unit price before a number (单价 5万元 is no amount of the tables) */
export const UNIT_PRICE_BEFORE = /单价$/;
/** a money unit */
export const MONEY_UNIT = /元|^万$/;
/** 台 / 台(套) / 台套 */
export const SET_UNIT = /^台/;
/** a classification chain in the prose: 公共安全支出(类)公安(款)执法办案(项) */
export const CLASS_CHAIN = /([^,:;、。()]+?)\(类\)(?:([^,:;、。()]+?)\(款\))?(?:([^,:;、。()]+?)\(项\))?/g;
/** a (类) / (款) / (项) mark leading a text */
export const CLASS_MARK_START = /^\((类|款|项)\)/;
/** a (类) / (款) / (项) mark */
export const CLASS_MARK = /\((类|款|项)\)/;
/** 类 / 款 / 项 */
export const CLASS_WORD = /类|款|项/;
/** a clause break inside a sentence */
export const CLAUSE_BREAK = /[,:、]/;
/** punctuation that ends a clause before a number */
export const CLAUSE_PUNCTUATION = /[。;,，]/;
/** a sentence's final mark */
export const SENTENCE_END = /[。!?;]$/;
/** a top-level heading of the narrative: a part or 一、 (not （一）) */
export const TOP_HEADING = /^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}、)/;
/** words saying a number is a table's figure (决算, 预算, 执行 …) */
export const FIGURE_WORDS = /决算|预算|执行|实际|支出/;
/** the lead of an item of a list (其中, 共, 合计) or none */
export const LIST_LEAD = /^(其中|共|合计|总计)?$/;
/** 增长 / 下降 */
export const RISE_OR_FALL = /增长|下降/;
/** a change word leading a text */
export const CHANGE_START = /^(增长|下降|增加|减少)/;
/** a trailing 的 */
export const TRAILING_DE = /的$/;

/** the alternatives printed for a change to be chosen from: (增加/减少) */
export const CHANGE_ALTERNATIVES = /\((增加|减少|增长|下降|上升|降低|持平)\)/g;
/** the words after a subject that say which figure it is (年初, 决算数, 为 …) */
export const ROLE_TAIL = /(?:年初|全年|本年|年度|财政拨款|决算|预算|执行|实际|金额|总额|合计|共计|共|为|是|达到|达|计|数|额|的)+$/;
/** a rise at the end of a clause */
export const RISE_TAIL = /(增加|增长|上升|提高|多支出)了?$/;
/** the lead of a list item (其中, 1、, 一、) */
export const LIST_ITEM_START = /^(其中|\d+[、.]|[一二三四五六七八九十]+、)/;
/** …决算 after a subject (支出决算 → 支出) */
export const FINAL_AFTER_SUBJECT = /(支出|收入)?决算$/;
/** a rise against last year after a number: ，比上年增加12.3万元 */
export const RISE_AFTER = /^[,，]?(?:比|较|与)(?:上年|上一年度?|去年|20\d{2}年度?)(?:相比)?[,，]?(?:增加|增长|上升|提高)了?(\d[\d,]*(?:\.\d+)?)(万元|元|亿元|%)/;
/** the words between a change and its rate (增长了, 下降率为) */
export const CHANGE_GAP = /^[,，]?(增长|下降|增加|减少|上升|降低)了?(率)?(为)?$/;
/** a change by an amount: 增加12.3万元 */
export const CHANGE_BY_AMOUNT = /(增加|减少|增长|下降|上升|降低)了?(\d[\d,]*(?:\.\d+)?)(万元|亿元)/g;
/** the comparison leading a subject (与上年相比) */
export const COMPARED_WITH = /^(与|比|较)(上年|上一年度?|去年|20\d{2}年度?)(相比)?/;
/** 财政拨款 */
export const FISCAL_WORD = /财政拨款/;
/** a fall (下降, 降低) */
export const FALL_WORD = /下降|降低/;
