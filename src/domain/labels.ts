/**
 * The lines of a disclosure around its tables, as data: headings, the department and year labels, notes, marks of
 * an empty table, the 目录 and 附件. Segmentation, normalisation, the workbook source and validation read them from
 * here, each pattern once.
 */

/** 一、 or （一）: an ordinal heading (a section of the narrative, a numbered row of a table) */
export const ORDINAL_HEADING = /^([一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])/;
/** 第一部分 …: a part of the document */
export const PART_HEADING = /^第[一二三四五六七八九十]+部分/;
/** a heading of the narrative: a part or an ordinal heading */
export const NARRATIVE_HEADING = new RegExp(`${PART_HEADING.source}|${ORDINAL_HEADING.source}`);
/** a heading or list item numbered 一、 or 1、 / 1. */
export const NUMBERED_ITEM = /^[一二三四五六七八九十]+、|^\d+[、.]/;
/** a part of the document that is the 附件, or the 附件 heading */
export const APPENDIX_HEADING = /^第[一二三四五六七八九十]+部分.*附件|^附件$/;
/** 附件 / 附件2 alone on a line */
export const APPENDIX_LINE = /^附件\d*$/;
/** a heading of the narrative that says it explains (…说明, …解释) */
export const EXPLAINING = /说明$|解释$/;

/** the department's label before its name (部门名称：, 预算单位：); not 单位： alone, which is also the money unit's */
export const DEPARTMENT_LABEL = /(?:部门|预算单位|编制单位|编制部门|填报单位)(?:名称)?[:：]|单位名称[:：]/;
/** a 部门名称：… field: the name in group 1, up to a year, the money unit or the line's end */
export const DEPARTMENT_FIELD = /(?:部门|单位|预算单位|编制单位|编制部门)(?:名称)?[:：]([^:：]{2,40}?)(?:20\d{2}年|金额单位|单位[:：]|$)/;
/** what follows 单位： when it is the money or count unit, not a department */
export const UNIT_NOT_DEPARTMENT = /^(亿元|万元|元|人|个|辆)/;
/**
 * A table's caption line above its header (部门名称：… 2024年度 金额单位：元): the department's label, or the money
 * unit's label cut from its unit (a sheet wider than its page prints 元 on the page of its right-hand columns)
 */
export const CAPTION_LINE = new RegExp(`${DEPARTMENT_LABEL.source}|金额单位`);
/** a line naming the department or year of the tables under it */
export const HEADING_LINE = new RegExp(`${DEPARTMENT_LABEL.source}|20\\d{2}年度?.*(决算|预算)表?$`);
/** a caption cell of a grid: department, money unit, year or label alone */
export const CAPTION_CELL = /^(部门|单位|预算单位|编制单位|填报单位)(名称)?[:：]|单位[:：]\s*(亿元|万元|元)$|^(20\d{2})年度?$|^公开\d+表$|^附表\d+$/;
/** a cell of a sheet's info rows (名称：, 编制单位, a year or a year and month alone) */
export const INFO_CELL = /名称\s*[:：]|编制单位|填报单位|^\s*20\d{2}\s*年(度)?\s*$|^\s*20\d{2}\s*年\s*\d{1,2}\s*月/;
/** a unit line's word (单位：万元, 金额单位) */
export const UNIT_WORD = /单位/;

/** the document's own title on its cover: department, year, 决算/预算 */
export const COVER_TITLE = /^(.*?)(20\d{2})年度?(?:部门|单位|本级)?(?:综合)?(决算|预算)/;
/** a cover title with the year first (2024年度…部门决算) */
// (what lies between is a name: no digits or punctuation, so a table page's 2024年度 … 一、一般公共预算… is no cover)
export const COVER_TITLE_YEAR_FIRST = /(20\d{2})年度?([^\d:：,，。、()（）\s]{0,30}?)(?:部门|单位)?(决算|预算)/;
/** text of the 目录 printed before the cover's department */
export const BEFORE_CONTENTS = /^.*?(目录)/;
/** a year: 2024年 */
export const YEAR = /(20\d{2})年/;
/** a year and 年度 (2024年, 2024年度) anywhere */
export const YEARS = /20\d{2}年度?/g;
/** words of a 决算 document */
export const FINAL_WORDS = /决算/g;
/** words of a 预算 document */
export const BUDGET_WORDS = /预算\d*表|预算公开|部门预算/g;
/**
 * the figure column of a 预算 table (预算数, 预算金额, 本年预算), where the document names neither word above: a 决算 table
 * prints 决算数 (a 年初预算数 beside it comes with 决算)
 */
export const BUDGET_COLUMN = /预算数|预算金额|本年预算(?!执行)/;
/** the 目录 heading */
export const CONTENTS_HEADING = /^目录/;

/** an organisation named before 部门决算/部门预算 in running text (…局部门决算包括…) */
export const ORG_BEFORE_KIND = /([\u4e00-\u9fff（）()]{3,30}?(?:局|委员会|委|部|厅|办公室|办|院|中心|所|会|站|队|馆|社|处|署|政府|法院|检察院))(?:本级)?(?:20\d{2}年度?)?(?:部门|单位)(?:决算|预算)/g;
/** leading words of the sentence before such an organisation (纳入, 从…看，) */
export const SENTENCE_BEFORE_ORG = /^.*(部分|构成|看|纳入|包括|其中|设置|概况|职能|职责|情况|[，,。；;：:、])/;

/** a table's note that it is empty (本表无数据, 此表为空 …) */
export const EMPTY_MARK = /本表无数据|无数据|(本|此)表为空|无相关数据|本单位无|本部门无|无该项|无发生额|如无数字|没有.*(收支|收入|支出|经费)|未发生|空表/;
/** a title followed on its line by a note (国有资本经营预算支出表：本部门无…): the title in group 1, the note in 2 */
export const TITLE_THEN_NOTE = /^(.{4,60}?表)[:：，,]\s*(.+)$/;
/** such a note only as a condition (此表如无数字则表示…) */
export const EMPTY_CONDITIONAL = /如无|若无|如果没有|如没有/;
/** a note under a table */
export const NOTE_LINE = /^注[:：]|^说明[:：]|^备注/;
/** a line that introduces the table's note (…并在本表下方作下述说明：) */
export const NOTE_INTRO = /说明[:：]$/;
/** the rows under a sheet's table: notes, 本表无数据, the signatures */
export const SHEET_NOTE = /^(注|说明|备注|填表说明|注释)\s*[:：\d]|本表无数据|^(单位负责人|财务负责人|制表人|填表人|审核人|填报日期|制表日期)/;
/** punctuation of a sentence (a line with it is prose, not a heading) */
export const SENTENCE_PUNCTUATION = /[，,。；;：:]/;
/** the commas and stops of running text (not the colon of a table's 合计： or 单位：) */
export const PROSE_PUNCTUATION = /[，。；]/;
/** a label's separators */
export const LABEL_SEPARATORS = /[\s:：]/g;

/** the dot leaders of a 目录 line and what follows them */
export const LEADER_TAIL = /[.．…·]{2,}.*$/;
/** a 目录 line's page number after its dot leaders or a space */
export const LISTED_PAGE = /(?:[.．…·]{2,}|\s)\s*(\d{1,3})\s*$/;
/** a label in brackets after a 目录 line's title: (公开01表), (附表3) */
export const BRACKETED_LABEL = /\((?:公开|附)?表?[0-9一二三四五六七八九十-]+表?\)/g;
/** a label in brackets or leading a title: (预算表1), 公开01表 */
export const TITLE_LABEL = /\((?:公开|附|预算)?表?[0-9一二三四五六七八九十-]+表?\)|^(?:公开|预算)?表?\d+表?/g;
/** 部门 / 单位 leading a bare title */
export const DEPARTMENT_PREFIX = /^(?:部门|单位)/;
/** the name printed before the year in a running heading (汾阳市公安局2024年度…) */
export const NAME_BEFORE_YEAR = /^(.+?)20\d{2}年度?/;
/** a trailing comma or full stop */
export const TRAILING_PUNCTUATION = /[，,。]$/;
/** the year of a date (2024 of 2024年) */
export const YEAR_OF_DATE = /(20\d{2})(?=年)/g;
/** a label's trailing colon (资金总额：) */
export const TRAILING_COLON = /[:：]$/;
