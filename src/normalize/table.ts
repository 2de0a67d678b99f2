/**
 * Normalisation: a table span (grids of one standard table) → a typed TableRecord with its original header
 * labels and row names, and the facts of facts.md (canonical row and column keys, values, units, pages).
 */
import type { ColumnInfo, Fact, RowRecord, TableRecord } from '../model/schema.js';
import type { Grid, GridCell } from '../tables/grid.js';
import { regrid, toMatrix } from '../tables/grid.js';
import {
  CODE_HEADER, CODE_INSIDE_NAME, UNIT_HEADER, FUND_CHILD, FUND_PARENT, GENERIC_SUBTOTAL, OF_WHICH, NAME_HEADER, PARENT_TOTAL_SUFFIX, PERIOD_HEADER, FUND_QUALIFIERS, NAMED_ROWS, SEQ_HEADER, STATS_ROWS,
  SUBTOTAL_PARENTS, SOURCE_COLS, kindSpec, normLabel, normName, type ColumnSpec, type KindSpec,
} from '../domain/kinds.js';
import type { TableSpan } from '../segment/segment.js';
import { isCaptionRow } from '../segment/captions.js';
import { isBlankCell, parseNumber, type ParsedNumber } from './numbers.js';
import { AMOUNT_CELL, AMOUNT_TOKEN, amountValue } from '../domain/amounts.js';
import { ORDINAL_HEADING } from '../domain/labels.js';
import { QUOTES } from '../domain/narrative.js';
import {
  ACTUAL_PERIOD, NAME_TAIL, countsUpByOne, AMOUNT_LABEL, AMOUNT_LABEL_SHORT, BUDGET_PERIOD, BUDGET_PERIOD_WORD, CARRIED_OVER, CODE_LABEL_END, CODE_WITH_NAME,
  COUNT_UNIT_IN_NAME, EXPENDITURE_SIDE, FIGURES_WORD, FINAL_WORD, INCOME_SIDE, LABEL_ROW_WORDS, PRIOR_PERIOD, SECTION_ROW, SEQ_CELL, SEQ_ROW,
  BESIDE_THREE_PUBLIC, CHANGE_PERIOD, THREE_PUBLIC_GROUP, VEHICLE_GROUP, THREE_PUBLIC_PERIOD, TOTAL_NAME, YEAR_CELL, YEAR_SEGMENT, TOTAL_ONLY, TOTAL_WORD, UNIT_AFTER_AMOUNT, UNIT_IN_CELL, YEAR_START,
} from '../domain/cells.js';
import { SETTINGS } from '../model/settings.js';

/** Tolerances (src/model/settings.ts). */
const {
  maxHeaderRows: MAX_HEADER_ROWS,
  sameWidthShare: SAME_WIDTH_SHARE,
  counterRun: COUNTER_RUN,
  rowTailChars: ROW_TAIL_CHARS,
} = SETTINGS.normalize;

type Role = 'code' | 'name' | 'seq' | 'period' | 'value' | 'unknown';
type Period = 'prior' | 'current' | 'change';

/**
 * The period a column block or a row reports: the change between two (增减变化情况), a year before the table's
 * own (2020年 beside 2021年), or the table's own year.
 */
function periodOf(texts: string[], current: number | null): Period | undefined {
  const t = texts.map((x) => x.replace(/\s+/g, ''));
  if (t.some((x) => CHANGE_PERIOD.test(x))) return 'change';
  for (const x of t) {
    const m = YEAR_SEGMENT.exec(x);
    if (m && current) return Number(m[1]) < current ? 'prior' : Number(m[1]) === current ? 'current' : undefined;
  }
  return undefined;
}

/** The table's own year among the years its blocks or rows are headed by: the document's, else the latest. */
function currentYear(texts: string[], docYear: number | null | undefined): number | null {
  const years = texts.map((x) => YEAR_SEGMENT.exec(x.replace(/\s+/g, ''))?.[1]).filter(Boolean).map(Number);
  if (!years.length) return null;
  return docYear && years.includes(docYear) ? docYear : Math.max(...years);
}

interface Column {
  index: number;
  path: string[];
  role: Role;
  period?: Period;
  key?: string;
  side?: 'income' | 'expenditure';
  /** three_public: the row this column's values belong to */
  rowKey?: string;
  group: number;
}

interface Row {
  cells: (GridCell | undefined)[];
  page: number;
  method: Grid['method'];
  /** a row of right-hand columns level with no row of its left-hand page: its amounts are kept unkeyed */
  untied?: boolean;
}

const CODE = /^\d{3}(\s*\d{2}){0,3}$/;
/** an amount inside a row name: the name took a number from the next cell */
const AMOUNT_IN_NAME = /\d\.\d{2}(?!\d)/;

function cellText(c: GridCell | undefined): string {
  return c ? c.text.replace(/\s+/g, ' ').trim() : '';
}

/** A row whose content says it carries data rather than header labels. */
function isDataRow(cells: (GridCell | undefined)[]): boolean {
  const texts = cells.map(cellText);
  if (SEQ_ROW.test(texts.find((t) => t) ?? '')) return false;
  // the row's name: its first text that is not a 行次 counter (a two-sided row with a blank left side starts with one)
  const first = texts.find((t) => t && !/^\d{1,2}$/.test(t) && !SEQ_CELL.test(t)) ?? '';
  if (texts.every((t) => !t || /^\d{1,2}$/.test(t) || SEQ_CELL.test(t))) return false; // 1 2 3 … column numbers
  for (const t of texts) {
    const n = t.replace(/\s+/g, '');
    if (AMOUNT_CELL.test(n)) return true;
    if (CODE.test(t)) return true;
    if (/^\d{3,7}\D/.test(n) && !YEAR_START.test(n) && /[\u4e00-\u9fff]/.test(n)) return true; // "2010101行政运行"
  }
  // a row named like data (一、…, 合计) whose other cells are blank or named like data too
  const rowish = (t: string) => {
    const n = t.replace(/\s+/g, '');
    const nf = normName(t);
    return ORDINAL_HEADING.test(n) || NAMED_ROWS.some((r) => r.re.test(nf)) || TOTAL_NAME.test(nf);
  };
  if (!rowish(first)) return false;
  return texts.every((t) => !t || t === first || rowish(t) || isBlankCell(t) || /^\d{1,2}$/.test(t));
}

function isColumnNumberRow(cells: (GridCell | undefined)[]): boolean {
  const texts = cells.map(cellText).filter(Boolean);
  if (!texts.length) return false;
  if (SEQ_ROW.test(texts[0])) return true;
  if (texts.length >= 2 && texts.every((t) => /^\d{1,2}$/.test(t) || SEQ_CELL.test(t)) && texts.some((t) => /^\d{1,2}$/.test(t) || SEQ_ROW.test(t))) return true;
  // the column numbers counting 1, 2, 3 … under the value columns, over name and code columns whose 栏次 the OCR
  // misread (翌次): the count says what the row is, whatever its short first words
  const nums = texts.filter((t) => /^\d{1,2}$/.test(t)).map(Number);
  const counting = nums.length >= 3 && countsUpByOne(nums);
  return counting && texts.every((t) => /^\d{1,2}$/.test(t) || (t.replace(/\s+/g, '').length <= 3 && !/\d/.test(t)));
}

function matchSpec(specs: ColumnSpec[], seg: string, side?: string): ColumnSpec | undefined {
  return specs.find((s) => s.re.test(seg) && (!s.side || !side || s.side === side));
}

function sideOf(path: string[]): 'income' | 'expenditure' | undefined {
  // 收入 / 本年收入 / 财政拨款收入 over one half, 支出 / 本年支出 / 财政拨款支出 over the other
  for (const seg of path) {
    if (TOTAL_WORD.test(seg)) continue;
    if (INCOME_SIDE.test(seg)) return 'income';
    if (EXPENDITURE_SIDE.test(seg)) return 'expenditure';
  }
  return undefined;
}

function columnKey(spec: KindSpec, path: string[], side?: string): string | undefined {
  const segs = path.filter((s) => !/^\d{1,2}$/.test(s)).map((s) => s.replace(OF_WHICH, '')).filter(Boolean);
  if (!segs.length) return undefined;
  const lastSeg = segs[segs.length - 1];
  const source = segs.length > 1 && !matchSpec(spec.columns, lastSeg, side) ? FUND_QUALIFIERS.find((q) => q.re.test(lastSeg)) : undefined;
  if (source) {
    const parent = columnKey(spec, segs.slice(0, -1), side);
    return parent && parent + (source.main ? '' : `_${source.key}`);
  }
  // most specific segment first; a generic 小计/合计 takes its parent's meaning where there is one
  for (let i = segs.length - 1; i >= 0; i--) {
    const seg = segs[i];
    if (GENERIC_SUBTOTAL.test(seg) && i > 0) {
      for (let j = i - 1; j >= 0; j--) {
        const p = SUBTOTAL_PARENTS.find((sp) => sp.re.test(segs[j]));
        if (p && spec.columns.some((c) => c.key === p.key)) return p.key;
      }
    }
    const m = matchSpec(spec.columns, seg, side);
    if (m) return m.key;
    const parent = PARENT_TOTAL_SUFFIX.exec(seg);
    const pm = parent && matchSpec(spec.columns, parent[1], side);
    if (pm) return pm.key;
    if (spec.rows === 'three_public' && THREE_PUBLIC_PERIOD.test(seg)) continue;
    if (AMOUNT_LABEL.test(seg)) continue;
    // a label of its own under a parent (人员支出 under 基本支出) is not the parent: the parent's key is only
    // taken through its generic 小计/合计
    if (!GENERIC_SUBTOTAL.test(seg)) break;
  }
  // a label wrapped over several header lines of one column (borderless tables): try it joined
  if (segs.length > 1) {
    for (let k = 0; k < segs.length - 1; k++) {
      const m = matchSpec(spec.columns, segs.slice(k).join(''), side);
      if (m) return m.key;
    }
  }
  return undefined;
}

/**
 * Columns that report another period than the document's own: the 年初预算数 beside a 决算数 in a 决算 table
 * (`budget_total`), the 上年 figures in a 预算 table (`prev_total`). The document's own figures keep the plain keys.
 */
function periodPrefix(path: string[], docBudget: boolean): string {
  const p = path.join('/');
  if (!docBudget && BUDGET_PERIOD.test(p) && !FINAL_WORD.test(p)) return 'budget_';
  // (上年结转 / 上年结余 in a budget is this year's income carried over, not a figure of last year)
  if (docBudget && PRIOR_PERIOD.test(p) && !CARRIED_OVER.test(p)) return 'prev_';
  return '';
}

function threePublicRow(path: string[], docBudget: boolean, period?: Period): string | undefined {
  // (the change between two years, and a year before the table's own, are not the table's 预算数 / 决算数)
  if (period === 'change') return 'change';
  const base = threePublicFigures(path, docBudget);
  // (a table with no period words is a 预算 table's 预算数 in a budget, so only a 决算's can be left without one)
  return period === 'prior' ? `prev_${base ?? 'actual'}` : base;
}

function threePublicFigures(path: string[], docBudget: boolean): string | undefined {
  for (const seg of path) {
    if (ACTUAL_PERIOD.test(seg)) return 'actual';
    if (BUDGET_PERIOD_WORD.test(seg)) return 'budget';
  }
  return docBudget ? 'budget' : undefined;
}

/**
 * 预算数 and 决算数 each head a block of 三公 columns; printed without rulings, the label is centred over the
 * middle of its block, and the block's first and last columns (合计, 公务接待费) carry no period. Such a column
 * belongs to the block beside it: the one to its left, or, at the start of the table, the one to its right.
 */
function fillPeriods(values: Column[]): void {
  const known = values.map((c) => c.rowKey);
  values.forEach((c, k) => {
    if (c.rowKey) return;
    const left = known.slice(0, k).reverse().find(Boolean);
    const right = known.slice(k + 1).find(Boolean);
    c.rowKey = left ?? right;
  });
}

/** The 三公 item a row names (其中：（一）因公出国（境）支出, “三公”经费, 1.公务用车购置费), if it names one. */
function threePublicItem(name: string, spec: KindSpec): string | undefined {
  const t = name.replace(QUOTES, '');
  return t ? matchSpec(spec.columns, t)?.key : undefined;
}

/** A row of column labels (行次, 统计数, 金额 …) with no value in it. */
function isLabelRow(cells: (GridCell | undefined)[]): boolean {
  const texts = cells.map(cellText).filter(Boolean);
  return texts.length >= 2 && texts.every((t) => !parseNumber(t)) && texts.some((t) => SEQ_HEADER.test(normLabel(t))) &&
    texts.some((t) => LABEL_ROW_WORDS.test(t));
}


/** Header rows of a grid: the rows above its first data row (at most MAX_HEADER_ROWS); a label row printed below
 * a section row (公开10: 一、政府采购情况 / 项目 行次 统计数) ends the header too. */
function headerCount(rows: (GridCell | undefined)[][]): { count: number; fragments: number } {
  for (let i = 0; i <= Math.min(rows.length - 1, MAX_HEADER_ROWS); i++) {
    if (isDataRow(rows[i])) {
      for (let j = i + 1; j < Math.min(rows.length, i + 3); j++) if (isLabelRow(rows[j])) return { count: j + 1, fragments: 0 };
      const fragments = nameFragmentRows(rows.slice(0, i));
      return { count: i - fragments, fragments };
    }
  }
  return { count: 0, fragments: 0 };
}

/**
 * Rows at the foot of a header that are the first line of a wrapped row name, not labels: text only under
 * columns the header above names as name columns (科目名称, 科目代码 科目名称), nothing under the others. A table
 * printed without rulings wraps 商品和服务支出 over two lines, and its first line sits above the first data row.
 */
function nameFragmentRows(header: (GridCell | undefined)[][]): number {
  let n = 0;
  for (let i = header.length - 1; i >= 1; i--) {
    const labels = columnPaths(header.slice(0, i), header[i].length).map((p) => p[p.length - 1] ?? '');
    const filled = header[i].map((c, k) => (c && c.col === k && cellText(c) ? k : -1)).filter((k) => k >= 0);
    if (!filled.length || !filled.every((k) => NAME_HEADER.test(labels[k]) && !UNIT_HEADER.test(labels[k]))) break;
    n++;
  }
  return n;
}

/** The first line of a wrapped row name left above its row (see nameFragmentRows) goes back in front of it. */
function joinNameFragments(fragments: (GridCell | undefined)[][], row: (GridCell | undefined)[]): (GridCell | undefined)[] {
  return row.map((c, k) => {
    const lead = fragments.map((f) => (f[k] && f[k]!.col === k ? cellText(f[k]) : '')).join('');
    if (!lead) return c;
    return c ? { ...c, text: lead + c.text } : { row: 0, col: k, rowSpan: 1, colSpan: 1, text: lead };
  });
}

function columnPaths(header: (GridCell | undefined)[][], nCols: number): string[][] {
  const paths: string[][] = [];
  for (let c = 0; c < nCols; c++) {
    const path: string[] = [];
    for (const row of header) {
      if (isColumnNumberRow(row)) continue;
      const t = normLabel(cellText(row[c]));
      if (t && path[path.length - 1] !== t) path.push(t);
    }
    paths.push(path);
  }
  return paths;
}

function roleOf(path: string[]): Role {
  const last = path[path.length - 1] ?? '';
  // a unit's code and name (a row per subordinate unit) name the row; they are no classification code
  if (UNIT_HEADER.test(last)) return 'name';
  if (CODE_HEADER.test(last) || path.some((s) => CODE_LABEL_END.test(s) && s === last)) return 'code';
  if (SEQ_HEADER.test(last)) return 'seq';
  if (PERIOD_HEADER.test(last)) return 'period';
  if (NAME_HEADER.test(last)) return 'name';
  return 'value';
}

function buildColumns(spec: KindSpec, paths: string[][], docBudget: boolean, body: (GridCell | undefined)[][] = [], docYear?: number | null): Column[] {
  const cols: Column[] = paths.map((path, index) => ({ index, path, role: roleOf(path), group: 0 }));
  const current = currentYear(paths.flat(), docYear);
  for (const c of cols) c.period = periodOf(c.path, current);
  // a column without a header label of its own is a name column when its cells are text, not numbers
  for (const c of cols) {
    if (c.role !== 'value') continue;
    const texts = body.map((r) => r[c.index]).filter((x) => x && x.col === c.index).map((x) => cellText(x)).filter(Boolean);
    const numeric = texts.filter((t) => parseNumber(t)).length;
    // a column of names (an unlabelled one, or a 单位 / 项目 column labelled in other words) is a name column
    const named = texts.filter((t) => /[\u4e00-\u9fff]{2}/.test(t)).length;
    // (not a column whose label names a value: its cells hold text only where the print glued them to a name)
    const labelled = c.path.length > 0 && !!columnKey(spec, c.path);
    if (texts.length && numeric === 0 && !labelled && (c.path.length === 0 || named * 2 >= texts.length)) c.role = 'name';
    // a column with neither label nor content (the margin between a frame and the table) is no column
    if (!texts.length && c.path.length === 0) c.role = 'unknown';
  }
  // groups: a code column, or a second name column, starts a new group (two-sided and side-by-side tables)
  let group = 0;
  let hasName = false;
  let hasCode = false;
  let hasValue = false;
  let prev: Column | undefined;
  for (const c of cols) {
    // 类 | 款 | 项 code columns side by side are one code; a code or name column after values starts a group
    const codeRun = c.role === 'code' && prev?.role === 'code';
    // (a unit column before the code and name columns is part of the same group: values have not begun)
    if ((c.role === 'code' && !codeRun && hasValue) || (c.role === 'name' && hasName && hasValue)) {
      group++;
      hasName = hasCode = hasValue = false;
    }
    prev = c;
    if (c.role === 'code') hasCode = true;
    if (c.role === 'name') hasName = true;
    if (c.role === 'value') hasValue = true;
    c.group = group;
  }
  const nGroups = group + 1;
  for (const c of cols) {
    if (spec.rows === 'two_sided') c.side = sideOf(c.path) ?? (nGroups >= 2 ? (c.group === 0 ? 'income' : 'expenditure') : undefined);
    if (c.role !== 'value') continue;
    c.key = columnKey(spec, c.path, c.side);
    // a column the kind names none for by the source of money its label names (财政拨款 / 一般公共预算, 单位资金), and
    // a 小计 of a source (财政拨款 / 小计) as that source
    if (spec.rows !== 'three_public') {
      const last = normLabel(c.path[c.path.length - 1] ?? '');
      const parent = SUBTOTAL_PARENTS.find((p) => p.re.test(c.path[c.path.length - 2] ?? ''));
      const source = !c.key
        ? matchSpec(SOURCE_COLS, last)?.key
        : c.key === 'total' && GENERIC_SUBTOTAL.test(last) && parent && SOURCE_COLS.some((s) => s.key === parent.key) ? parent.key : undefined;
      if (source && !spec.columns.some((s) => s.key === source)) c.key = source;
    }
    if (spec.rows === 'three_public') c.rowKey = threePublicRow(c.path, docBudget, c.period);
    else if (c.key && !/^(budget|prev|change)_/.test(c.key)) c.key = (c.period === 'change' ? 'change_' : c.period === 'prior' ? 'prev_' : periodPrefix(c.path, docBudget)) + c.key;
    if (!c.key && spec.rows === 'two_sided' && c.side === 'income') c.key = 'amount';
  }
  if (spec.rows === 'three_public') fillPeriods(cols.filter((c) => c.role === 'value'));
  // unnamed value columns: a single value column per group takes the table's only amount key
  for (let group = 0; group < nGroups; group++) {
    const vals = cols.filter((c) => c.group === group && c.role === 'value');
    if (vals.length === 1 && !vals[0].key) {
      const side = vals[0].side;
      const only = spec.columns.find((s) => (s.key === 'amount' || s.key === 'total') && (!s.side || !side || s.side === side));
      if (only) vals[0].key = only.key;
    }
  }
  // 三公 tables that also print 会议费/培训费: the 三公经费 小计 is the 三公 total, the 合计 over everything is not
  // (in each block of periods: 2020年 | 2021年 | 增减变化情况 side by side)
  if (spec.rows === 'three_public') {
    for (const rowKey of new Set(cols.map((c) => c.rowKey))) {
      const block = cols.filter((c) => c.role === 'value' && c.rowKey === rowKey);
      const beside = block.some((c) => BESIDE_THREE_PUBLIC.test(c.path[c.path.length - 1] ?? ''));
      const sub = block.find((c) => {
        if (!GENERIC_SUBTOTAL.test(c.path[c.path.length - 1] ?? '')) return false;
        const parent = c.path[c.path.length - 2] ?? '';
        return THREE_PUBLIC_GROUP.test(parent) || (beside && !!parent && !VEHICLE_GROUP.test(parent) && c.key !== 'total');
      });
      if (!sub && !beside) continue;
      for (const c of block) if (c !== sub && c.key === 'total') c.key = 'grand_total';
      if (sub) sub.key = 'total';
    }
  }
  // a key may be used once per group and side: a second column of one key (一般公共预算资金 under 本年收入 and again
  // under 上年结转结余) takes its parent's key before it (carryover_general_budget), the same in every document of
  // the layout; only where no parent tells them apart, its position
  const seen = new Set<string>();
  for (const c of cols) {
    if (!c.key) continue;
    const slot = `${c.group}|${c.side ?? ''}|${c.rowKey ?? ''}|`;
    if (seen.has(slot + c.key)) {
      const parent = c.path.slice(0, -1).map((s) => columnKey(spec, [s], c.side)).reverse().find((p) => p && p !== c.key);
      const named = parent && `${parent}_${c.key}`;
      c.key = named && !seen.has(slot + named) ? named : `${c.key}_${c.index}`;
    }
    seen.add(slot + c.key);
  }
  return cols;
}

function sameShape(a: Column[], paths: string[][]): boolean {
  return a.length === paths.length;
}

/**
 * One fact per (table, row, column): a key met again (a unit's row named like the department, a row printed
 * twice, a second column with one label) keeps its amount under the key with `#2`, `#3` … on the column, so
 * no printed number is lost and the first stays the canonical one.
 */
export function uniqueKeys(facts: Fact[], taken = new Set<string>()): Fact[] {
  for (const f of facts) {
    let k = `${f.table}|${f.row}|${f.column}`;
    if (taken.has(k)) {
      let n = 2;
      while (taken.has(`${k}#${n}`)) n++;
      f.column = `${f.column}#${n}`;
      k = `${k}#${n}`;
    }
    taken.add(k);
  }
  return facts;
}

/** 类 | 款 | 项 (| 目) parts: three digits, then two each. */
const PART_DIGITS = [3, 2, 2, 2];

/**
 * The code parts with a misprinted one taken from the rows above: a part of the wrong length (7 for 210), where
 * the row above has that part and every later part is well-formed. Null where nothing is to be repaired or the
 * repair is not unambiguous (no row above, two parts off).
 */
export function repairCodeParts(parts: string[], above: string[]): string[] | null {
  const bad = parts.map((p, i) => !!p && !(/^\d+$/.test(p) && p.length === PART_DIGITS[i]));
  const nBad = bad.filter(Boolean).length;
  if (nBad !== 1) return null;
  const i = bad.indexOf(true);
  if (!above[i] || above[i].length !== PART_DIGITS[i] || !/^\d+$/.test(parts[i])) return null;
  // the parts after it carry on the chain above: printed below the misprinted level, the next one the same
  if (!parts[i + 1] || (above[i + 1] && above[i + 1] !== parts[i + 1])) return null;
  return parts.map((p, k) => (k === i ? above[i] : p));
}

/** Whether joined code parts are malformed (a part of the wrong length) */
function malformedParts(parts: string[]): boolean {
  return parts.some((p, i) => !!p && !(/^\d+$/.test(p) && p.length === PART_DIGITS[i]));
}

export interface NormalizeContext {
  docKind: 'final' | 'budget' | null;
  docUnit?: string;
  docYear?: number | null;
}


/**
 * A page of a table printed without rulings, continued from one before it: its own column guess rests on the few
 * rows it holds (a 总计 row and names wrapped beside it), the first page's on all of its rows; where both pages
 * span the same width and the guesses differ, the page is laid onto the first page's columns.
 */
function onFirstColumns(first: Grid | null, grid: Grid): Grid | null {
  if (!first?.colX || !grid.colX || first.method !== 'stream' || grid.method !== 'stream' || first === grid) return null;
  const [a, b] = [first.colX, grid.colX];
  const tol = Math.max(6, (a[a.length - 1] - a[0]) * SAME_WIDTH_SHARE);
  if (Math.abs(a[0] - b[0]) > tol || Math.abs(a[a.length - 1] - b[b.length - 1]) > tol) return null;
  if (a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= tol)) return null;
  return regrid(grid, a);
}

/**
 * A grid with the grids of its right-hand columns (printed on pages of their own, see segment.ts) laid beside it:
 * each of their rows beside the row it is printed level with, their cells keeping their page; the rows that are
 * level with none below the grid's, without a row name (their amounts are kept, unkeyed: they are not guessed).
 */
function withSides(grid: Grid, sides: { grid: Grid; rows: (number | null)[] }[]): { grid: Grid; matrix: (GridCell | undefined)[][]; untied: number } {
  const matrix = toMatrix(grid);
  if (!sides.length) return { grid, matrix, untied: 0 };
  let nCols = grid.nCols;
  const loose: (GridCell | undefined)[][] = [];
  for (const side of sides) {
    const m = toMatrix(side.grid);
    const moved = new Map<GridCell, GridCell>();
    const at = (c: GridCell, row: number) => {
      let x = moved.get(c);
      if (!x) moved.set(c, (x = { ...c, row, col: c.col + nCols, page: side.grid.page }));
      return x;
    };
    m.forEach((cells, r) => {
      const to = side.rows[r];
      let row = to ?? -1;
      if (row < 0) {
        // (a row level with none: below, if it holds an amount; a header label spanning it sits in a row that ties)
        if (!cells.some((c) => c && c.row === r && AMOUNT_CELL.test(c.text.replace(/\s+/g, '')))) return;
        row = matrix.length + loose.push([]) - 1;
      }
      const target = row < matrix.length ? matrix[row] : loose[row - matrix.length];
      cells.forEach((c, k) => {
        if (c) target[nCols + k] = at(c, row);
      });
    });
    joinCutLabels(matrix, nCols);
    nCols += side.grid.nCols;
  }
  const rows = [...matrix, ...loose].map((r) => Array.from({ length: nCols }, (_, k) => r[k]));
  return { grid: { ...grid, nCols, ...(grid.colX ? { colX: undefined } : {}) }, matrix: rows, untied: loose.length };
}

/**
 * A label merged over columns on both sides of the cut between two pages is printed on one side only (Calc
 * centres it over the whole cell): the empty cells that end a header row before the cut take the label the row
 * starts with after it, where that label spans several columns or the empty ones do (预算数 | 决算数 over the 三公
 * columns, 本年支出 over 小计 | 基本支出 | 项目支出); an empty cell spanning columns after the cut takes the name of
 * the one spanning columns before it (公用经费合计).
 */
function joinCutLabels(matrix: (GridCell | undefined)[][], cut: number): void {
  const firstAmount = matrix.findIndex((r) => r.slice(0, cut).some((c) => c && AMOUNT_CELL.test(c.text.replace(/\s+/g, ''))));
  const header = firstAmount < 0 ? matrix.length : firstAmount;
  for (const [r, row] of matrix.entries()) {
    // a name merged over columns on both sides (公用经费合计 over the code and name columns of two groups): both
    // pieces span columns, the one after the cut printed empty
    const [before, after] = [row[cut - 1], row[cut]];
    if (before && after && before.colSpan >= 2 && after.colSpan >= 2 && before.col + before.colSpan === cut && after.col === cut &&
      before.row === r && after.row === r && before.rowSpan === after.rowSpan && cellText(before) && !cellText(after)) {
      const named = { ...after, text: before.text };
      for (const m of matrix) for (let i = cut; i < m.length; i++) if (m[i] === after) m[i] = named;
      continue;
    }
    if (r >= header) continue;
    const label = row[cut];
    if (!label || label.row !== r || label.col !== cut || !cellText(label)) continue;
    let k = cut;
    while (k > 0 && row[k - 1] && row[k - 1]!.row === r && row[k - 1]!.rowSpan === label.rowSpan && !cellText(row[k - 1])) k--;
    if (k === cut || (cut - k < 2 && label.colSpan < 2)) continue;
    const named = new Map<GridCell, GridCell>();
    for (let i = k; i < cut; i++) {
      const c = row[i]!;
      if (!named.has(c)) named.set(c, { ...c, text: label.text });
    }
    for (const m of matrix) for (let i = k; i < cut; i++) if (m[i] && named.has(m[i]!)) m[i] = named.get(m[i]!);
  }
}

/**
 * A word processor lets a table row break across a page: the last line of its wrapped name goes to the top of the
 * next page (九、卫生健康 | 41 | 314.19 at the foot, 支出 alone above 十、节能环保支出 | 42). The first row of a
 * continuation grid is that tail when it holds only short CJK text, each piece under a name cell of the last row
 * read (on the page before), none of it a name of its own (no ordinal, no total), and a data row follows it.
 * Joins it onto that row; returns whether it did.
 */
function joinRowTail(body: (GridCell | undefined)[][], last: Row | undefined, page: number): boolean {
  if (!last || last.page === page || body.length < 2 || !isDataRow(body[1])) return false;
  const tail = body[0];
  const filled = tail.map((c, k) => (c && c.col === k && cellText(c) ? k : -1)).filter((k) => k >= 0);
  if (!filled.length) return false;
  for (const k of filled) {
    const c = tail[k]!;
    const t = cellText(c).replace(/\s+/g, '');
    const above = cellText(last.cells[k]);
    if (c.rowSpan !== 1 || !NAME_TAIL.test(t) || [...t].length > ROW_TAIL_CHARS) return false;
    if (ORDINAL_HEADING.test(t) || TOTAL_NAME.test(normName(t)) || SEQ_ROW.test(t) || SEQ_CELL.test(t)) return false;
    if (!above || parseNumber(above) || !/[\u4e00-\u9fff]/u.test(above)) return false;
  }
  const joined = new Map<GridCell, GridCell>();
  for (const k of filled) {
    const c = last.cells[k]!;
    if (!joined.has(c)) joined.set(c, { ...c, text: c.text + cellText(tail[k]) });
  }
  last.cells = last.cells.map((c) => (c && joined.has(c) ? joined.get(c) : c));
  return true;
}

/** A table's grids read into one list of body rows under one set of columns, with the printed header. */
function readGrids(span: TableSpan, spec: KindSpec, docBudget: boolean, docYear?: number | null): { columns: Column[]; header: string[][]; rows: Row[] } {
  let columns: Column[] | null = null;
  let header: string[][] = [];
  const rows: Row[] = [];
  const first = span.grids[0] ?? null;
  const sideOf = new Set((span.sides ?? []).map((s) => s.grid));
  for (const [index, own] of span.grids.entries()) {
    if (sideOf.has(index)) continue;
    const laid = onFirstColumns(first, own);
    const joined = withSides(laid ?? own, (span.sides ?? []).filter((s) => s.of === index).map((s) => ({ grid: span.grids[s.grid], rows: s.rows })));
    const grid = joined.grid;
    const matrix = joined.matrix;
    // skip caption rows (title / department / unit lines inside the grid, as a workbook printed to PDF has)
    let start = 0;
    while (start < matrix.length && isCaptionRow(matrix[start], grid.nCols)) start++;
    if (columns && joinRowTail(matrix.slice(start), rows[rows.length - 1], grid.page)) start++;
    const body = matrix.slice(start);
    const { count: headerRows, fragments: nFragments } = headerCount(body);
    // (a page laid onto the first page's columns reads under them: its repeated header lost its spans)
    if ((headerRows > 0 || !columns) && !(laid && columns)) {
      const paths = columnPaths(body.slice(0, headerRows), grid.nCols);
      // a continued page keeps the first page's columns when it has as many (its repeated header says the same,
      // or less where a label was left blank); a different shape brings its own
      if (!columns || !sameShape(columns, paths)) {
        const built = buildColumns(spec, paths, docBudget, body.slice(headerRows), docYear);
        if (!columns || built.some((c) => c.key)) columns = built;
      }
      if (!header.length) header = body.slice(0, headerRows).map((r) => r.map(cellText));
    }
    // the first line of a wrapped row name left at the foot of the header goes back in front of its row
    const fragments = body.slice(headerRows, headerRows + nFragments);
    const read = body.slice(headerRows + fragments.length);
    read.forEach((r, i) => rows.push({
      cells: i === 0 && fragments.length ? joinNameFragments(fragments, r) : r, page: grid.page, method: grid.method, ...(i >= read.length - joined.untied ? { untied: true } : {}),
    }));
  }
  return { columns: columns ?? [], header, rows };
}

/** A table being read row by row: what it has given so far and what its rows carry down to the rows below. */
interface Reading {
  span: TableSpan;
  spec: KindSpec;
  unit: string;
  docBudget: boolean;
  method: Grid['method'] | undefined;
  /** whether any row carries a classification code (in a code column or at the start of its name) */
  hasCodes: boolean;
  facts: Fact[];
  records: RowRecord[];
  /** per column group: the 类/款/项 code parts of the rows above */
  codesAbove: Record<number, string[]>;
  /** per column group: the name levels of the rows above (a hierarchy over several name columns) */
  levelsAbove: Record<number, string[]>;
  /** per side of a 财政拨款收支总表: the 结转 row a fund row belongs to */
  fundParent: Record<string, string | null>;
  /** the 公开10 section the rows are in */
  statsSection: string;
  /** 三公 rows that gave facts so far (rows after the first are a subordinate unit's) */
  threePublicRowsDone: number;
  /** a 三公 table whose rows name its items (因公出国(境)费 …), its columns the figures of each */
  threePublicVertical: boolean;
  /** the table's own year among the years its rows name (a row per year), null where they name none */
  rowYear: number | null;
  /** text cells whose amounts were taken already (a cell spanning columns) */
  textCellsRead: Set<GridCell>;
  /** the column group each fact was read from */
  groupOf: Map<Fact, number>;
  /** columns of 行次 counters (counterColumns) */
  counterCols: Set<number>;
}

/** The columns of one group (one side of a two-sided table, or the whole table) by role. */
interface GroupColumns {
  group: number;
  all: Column[];
  codes: Column[];
  names: Column[];
  values: Column[];
}

/** A row's name and classification code as printed in one column group. */
interface RowName {
  name: string;
  /** the name normalised (normName) */
  normalized: string;
  nameParts: string[];
  code: string;
  /** the code as printed, where a misprinted part was repaired from the rows above */
  printedCode?: string;
  suspectCode: boolean;
  /** the period the row reports, in a table with a row per year (年度: 2025年 | 2026年 | 增减变化金额) */
  period?: Period;
}

/** The group's code columns in runs of adjacent ones, where a name column separates two runs (one run: 类/款/项). */
function classificationRuns(cols: GroupColumns): Column[][] {
  const runs: Column[][] = [];
  let last: Column | undefined;
  for (const c of cols.all) {
    if (c.role === 'code') {
      if (last?.role === 'code') runs[runs.length - 1].push(c);
      else runs.push([c]);
    }
    if (c.role === 'code' || c.role === 'name') last = c;
  }
  // (a run after the first starts only after a name column: `last` is then that name)
  return runs;
}

/** The row's name and code: code columns (split 类/款/项 carried down), name columns, or a code printed in the name. */
function rowNameOf(row: Row, cols: GroupColumns, r: Reading): RowName {
  // a merged cell spanning code and name columns (合计, 人员经费合计) is read once
  const seenCells = new Set<GridCell>();
  const take = (c: Column) => {
    const cell = row.cells[c.index];
    if (!cell || seenCells.has(cell)) return '';
    seenCells.add(cell);
    return cellText(cell);
  };
  let codeParts = cols.codes.map(take);
  let nameParts = cols.names.map(take).filter(Boolean);
  if (r.spec.rows === 'generic' && cols.names.length > 1) {
    // a hierarchy printed over several name columns (采购品目大类 / 专项名称 / 经济科目 / 采购物品名称): a row
    // filling only the lower levels sits under the last row that filled the higher ones; its key is the path
    const levels = cols.names.map((c) => cellText(row.cells[c.index]));
    const first = levels.findIndex(Boolean);
    if (first >= 0) {
      const above = r.levelsAbove[cols.group] ?? [];
      const path = levels.map((t, k) => (k < first ? above[k] ?? '' : t));
      r.levelsAbove[cols.group] = path;
      nameParts = path.filter(Boolean);
    }
  }
  let name = nameParts.join(cols.codes.length ? '' : '/');
  if (!name && !codeParts.some(Boolean) && r.spec.rows !== 'three_public') {
    // first text cell of the group
    const firstText = cols.all.map((c) => cellText(row.cells[c.index])).find((t) => t && !parseNumber(t));
    if (firstText) name = firstText;
  }
  // split code columns (类/款/项): carry the higher levels down
  let printedCode: string | undefined;
  let suspectCode = false;
  // classifications side by side, each a code column with its name column (部门经济科目编码 | 名称 | 政府经济科目编码 |
  // 名称): the row is keyed by the codes joined (as a code printed with its name in several columns, below)
  const classes = classificationRuns(cols);
  if (classes.length > 1) {
    const codes = classes.map((run) => run.map((c) => cellText(row.cells[c.index])).join('').replace(/\s+/g, '')).filter(Boolean);
    if (codes.length && codes.every((c) => /^\d{3,9}$/.test(c))) {
      codeParts = [codes.join('/')];
      name = nameParts.join('/');
    }
  } else if (cols.codes.length > 1 && codeParts.some(Boolean)) {
    const prev = r.codesAbove[cols.group] ?? [];
    const firstFilled = codeParts.findIndex(Boolean);
    codeParts = codeParts.map((p, i) => (i < firstFilled ? prev[i] ?? '' : p));
    // a misprinted part (7 for 210 above 11 02) is repaired from the chain above, where the rows above hold
    // that level and the parts after it are well-formed; the printed code is kept
    const repaired = repairCodeParts(codeParts, prev);
    if (repaired) {
      printedCode = codeParts.join(' ');
      codeParts = repaired;
    } else if (malformedParts(codeParts)) suspectCode = true;
    r.codesAbove[cols.group] = codeParts;
  }
  let code = codeParts.join('').replace(/\s+/g, '');
  if (code && !/^\d+(\/\d+)*$/.test(code)) {
    // a code cell holding a name (合计) or a code with its name
    const withName = code.match(/^(\d{3,9})(.*)$/);
    if (withName) {
      name ||= withName[2];
      code = withName[1];
    } else {
      name ||= code;
      code = '';
    }
  }
  if (!code && (r.spec.rows === 'function_code' || r.spec.rows === 'economic_code')) {
    // codes printed with their names (2013601-行政运行), in one column or in several classification columns
    // side by side (功能分类 / 政府经济分类 / 部门经济分类: the row is keyed by the codes joined)
    const parts = (nameParts.length > 1 ? nameParts : [name]).map((t) => t.replace(/\s+/g, '').match(CODE_WITH_NAME));
    if (parts.every(Boolean)) {
      code = parts.map((p) => p![1]).join('/');
      name = parts.map((p) => p![2]).join('/');
    } else if (row.method === 'stream' && nameParts.length <= 1) {
      // a name wrapped in a narrow column without rulings, its first line before the code
      const inside = name.replace(/\s+/g, '').match(CODE_INSIDE_NAME);
      if (inside) {
        code = inside[2];
        name = inside[1] + inside[3];
      }
    }
  }
  const period = r.spec.rows === 'three_public'
    ? periodOf([...cols.all.filter((c) => c.role === 'period').map((c) => cellText(row.cells[c.index])), ...nameParts], r.rowYear)
    : undefined;
  return { name, normalized: normName(name), nameParts, code, ...(printedCode ? { printedCode } : {}), suspectCode, ...(period ? { period } : {}) };
}

/**
 * The row's key in the table's row scheme (a code, a named row, side:name, a 公开10 item), the unit of its values,
 * and whether the scheme could not key it (its amounts then go under x:<column>, flagged unkeyed).
 */
function rowKeyOf(rn: RowName, cols: GroupColumns, r: Reading): { key?: string; unkeyed: boolean; unit: string } {
  const { normalized, code, name } = rn;
  let key: string | undefined;
  let unkeyed = false;
  let unit = r.unit;
  switch (r.spec.rows) {
    case 'function_code':
    case 'economic_code': {
      if (code && /^\d{3,9}(\/\d{3,9})*$/.test(code)) key = code;
      else key = NAMED_ROWS.find((n) => n.re.test(normalized))?.key;
      // a table with no code column at all is keyed by its row names (a list of income sources, say);
      // a table of values without any row name is one 合计 row
      if (!key && !cols.codes.length && !r.hasCodes) key = normalized || (cols.names.length === 0 && r.records.length === 0 ? 'total' : undefined);
      // a row the scheme has no key for (a subtotal by name, a unit's row) keeps its amounts under its name
      // (its amounts go under x:<column>, flagged unkeyed: the reader could not key the row)
      if (!key && (normalized || code)) {
        key = `name:${normalized || code}`;
        unkeyed = true;
      }
      break;
    }
    case 'generic': {
      key = code || NAMED_ROWS.find((n) => n.re.test(normalized))?.key || normalized || undefined;
      break;
    }
    case 'two_sided': {
      const side = cols.all.find((c) => c.side)?.side ?? (cols.group === 0 ? 'income' : 'expenditure');
      if (!normalized) break;
      let rowName = normalized;
      if (r.spec.kind.endsWith('fiscal_summary')) {
        if (FUND_PARENT.test(normalized)) r.fundParent[side] = normalized;
        else if (FUND_CHILD.test(normalized) && r.fundParent[side]) rowName = `${r.fundParent[side]}/${normalized}`;
        else r.fundParent[side] = null;
      }
      key = `${side}:${rowName}`;
      break;
    }
    case 'three_public': {
      key = undefined; // per column
      break;
    }
    case 'stats': {
      if (ORDINAL_HEADING.test(name.replace(/\s+/g, '')) && SECTION_ROW.test(name.replace(/\s+/g, ''))) {
        r.statsSection = normalized;
      }
      const hit = STATS_ROWS.find((n) => (!n.section || n.section.test(r.statsSection)) && n.re.test(normalized));
      if (hit) {
        key = hit.key;
        if (hit.unit) unit = hit.unit;
      }
      const countUnit = name.match(COUNT_UNIT_IN_NAME);
      if (countUnit && key) unit = countUnit[1] === '台(套)' || countUnit[1] === '台套' ? '台' : countUnit[1];
      break;
    }
  }
  return { key, unkeyed, unit };
}

type FactOf = (factRow: string, factCol: string, col: Column, cell: GridCell | undefined, text: string, parsed: ParsedNumber) => Fact;

/** Makes the facts of one row: provenance (page, box, printed text, labels, source) and the row's flags. */
function factMaker(row: Row, rn: RowName, unit: string, r: Reading): FactOf {
  return (factRow, factCol, col, cell, text, parsed) => {
    const f: Fact = {
      table: r.span.kind,
      row: factRow,
      column: factCol,
      value: parsed.value,
      unit: parsed.percent ? '%' : unit,
      page: cell?.page ?? row.page,
      printed: text,
      rowLabel: rn.name.replace(/\s+/g, '') || rn.code,
      columnLabel: col.path.join('/'),
    };
    if (cell?.box) f.box = cell.box;
    r.groupOf.set(f, col.group);
    if (rn.printedCode) f.flags = [...(f.flags ?? []), 'code_repaired'];
    if (rn.suspectCode) f.flags = [...(f.flags ?? []), 'code_suspect'];
    if (r.span.unlisted) f.flags = [...(f.flags ?? []), 'unclassified'];
    if (cell?.conf !== undefined) {
      f.confidence = cell.conf;
      f.source = 'ocr';
      f.flags = ['ocr', ...(cell.conf < 0.8 ? (['low_confidence'] as const) : [])];
    } else f.source = r.method === 'sheet' ? 'sheet' : 'text';
    return f;
  };
}

type ValueCell = { col: Column; cell: GridCell | undefined; text: string };

/** The facts of the row's value cells (and the row record's cells); whether it gave any. */
function valueFacts(rec: RowRecord, cells: ValueCell[], rn: RowName, keyed: { key?: string; unkeyed: boolean }, factOf: FactOf, r: Reading): boolean {
  const { spec } = r;
  let { unkeyed } = keyed;
  const { key } = keyed;
  // 公开10: one value per row, the rightmost number that is not in a 行次 column
  const statsCell = spec.rows === 'stats' ? [...cells].reverse().find((c) => c.text && parseNumber(c.text) && !r.counterCols.has(c.col.index)) : undefined;
  let rowHasFacts = false;
  for (const { col, cell, text } of cells) {
    const parsed = text ? parseNumber(text) : null;
    rec.cells.push({ column: col.key ?? `col${col.index}`, text, value: parsed ? parsed.value : null });
    if (spec.rows === 'stats') {
      if (parsed && key && cell === statsCell?.cell) r.facts.push(factOf(key, 'amount', col, cell, text, parsed));
      continue;
    }
    if (!parsed) continue;
    let factRow = key;
    // a column no key names is still read, under its printed label
    let factCol = col.key ?? (col.path.length ? col.path.join('/') : `col${col.index}`);
    if (spec.rows === 'three_public') {
      factRow = col.rowKey ?? threePublicRow([rn.normalized], r.docBudget);
      // a row per period (2025年 | 2026年 | 增减变化金额): the table's own year's row holds its figures
      if (col.rowKey && !col.period && rn.period) factRow = rn.period === 'change' ? 'change' : rn.period === 'prior' ? `prev_${col.rowKey}` : col.rowKey;
      // rows after the first (one per subordinate unit, under the 合计 row) are keyed by their unit
      else if (col.rowKey && r.threePublicRowsDone > 0 && rn.normalized && !TOTAL_ONLY.test(rn.normalized)) factRow = `${col.rowKey}:${rn.normalized}`;
      // a vertical layout names the item in the row
      // (where the column is a 预算数 / 决算数 column, not an item of its own such as 会议费)
      const last = col.path[col.path.length - 1] ?? '';
      const item = threePublicItem(rn.normalized, spec);
      const source = FUND_QUALIFIERS.find((q) => q.re.test(last));
      if (r.threePublicVertical && rn.normalized && col.path.length === 1 && (col.key === 'total' || source)) {
        // items in the rows, the 合计 and each source of money in the columns (广东: 合计 | 一般公共预算 | 政府性基金预算
        // | 国有资本经营预算): the 合计 holds the item's figure, each source the item with the source after it; a row
        // that is no 三公 item (行政经费) keeps its label
        const what = item ?? rn.normalized;
        factCol = source ? `${what}_${source.key}` : what;
        factRow = col.rowKey ?? factRow;
      } else if ((!col.key && (col.path.length === 0 || FIGURES_WORD.test(last))) || AMOUNT_LABEL_SHORT.test(last)) {
        if (item) factCol = item;
      }
    }
    // a row name holding an amount (a number glued to the next cell's text) is a row the reader cut wrong
    if (factRow && AMOUNT_IN_NAME.test(rn.name)) unkeyed = true;
    if (!factRow || unkeyed) {
      // an amount whose row has no name or code the reader could see, or no key of the table's scheme: kept,
      // under keys that say so
      const f = factOf(factRow ?? `row${r.records.length + 1}`, `x:${factCol}`, col, cell, text, parsed);
      f.flags = [...(f.flags ?? []), 'unkeyed'];
      r.facts.push(f);
      rowHasFacts = true;
      continue;
    }
    r.facts.push(factOf(factRow, factCol, col, cell, text, parsed));
    rowHasFacts = true;
  }
  return rowHasFacts;
}

/**
 * A table outside the standard kinds (a 绩效目标表) writes amounts inside its text cells (≥1.07亿元,
 * 每下降一个百分点扣0.5): each becomes a fact flagged in_text, with the unit printed after it, if any.
 */
function textAmountFacts(row: Row, cols: GroupColumns, key: string, factOf: FactOf, r: Reading): void {
  for (const c of cols.all) {
    const cell = row.cells[c.index];
    const text = cellText(cell);
    if (!text || (cell && r.textCellsRead.has(cell)) || parseNumber(text)) continue;
    if (cell) r.textCellsRead.add(cell);
    for (const m of text.matchAll(AMOUNT_TOKEN)) {
      const v = amountValue(m[0]);
      if (v === null) continue;
      const after = text.slice(m.index! + m[0].length).match(UNIT_AFTER_AMOUNT)?.[1] ?? '';
      const f = factOf(key, `${c.path.join('/') || `col${c.index}`}:text`, c, cell, m[0], { value: v, percent: after === '%' });
      f.unit = after;
      f.flags = [...(f.flags ?? []), 'in_text'];
      r.facts.push(f);
    }
  }
}

/** One row of one column group: its name and code, its key, its facts, its record. */
function readRowGroup(row: Row, cols: GroupColumns, r: Reading): void {
  const rn = rowNameOf(row, cols, r);
  const cells = cols.values.map((c) => ({ col: c, cell: row.cells[c.index], text: cellText(row.cells[c.index]) }));
  if (!rn.normalized && !rn.code && cells.every((c) => !c.text)) return;
  const keyed = rowKeyOf(rn, cols, r);
  if (row.untied) keyed.unkeyed = true;
  const rec: RowRecord = { key: keyed.key ?? (r.spec.rows === 'three_public' ? 'values' : `name:${rn.normalized || rn.code}`), label: rn.name.replace(/\s+/g, ''), page: row.page, cells: [] };
  if (rn.code) rec.code = rn.code;
  if (rn.printedCode) rec.printedCode = rn.printedCode;
  const factOf = factMaker(row, rn, keyed.unit, r);
  const rowHasFacts = valueFacts(rec, cells, rn, keyed, factOf, r);
  if (rowHasFacts && r.spec.rows === 'three_public') r.threePublicRowsDone++;
  if (r.spec.rows === 'generic' && keyed.key) textAmountFacts(row, cols, keyed.key, factOf, r);
  r.records.push(rec);
}

/** The table record: columns, header and rows as printed, with its unit, method and notes. */
function tableRecord(span: TableSpan, r: Reading, cols: Column[], header: string[][], facts: Fact[]): TableRecord {
  const columnsInfo: ColumnInfo[] = cols
    .filter((c) => c.role === 'value')
    .map((c) => ({ key: c.rowKey ? `${c.rowKey}.${c.key ?? `col${c.index}`}` : c.key ?? `col${c.index}`, label: c.path.join('/'), gridColumn: c.index, ...(c.side ? { side: c.side } : {}) }));
  const table: TableRecord = {
    kind: span.kind,
    label: span.label,
    title: span.title.replace(/\s+/g, ''),
    pages: span.pages,
    unit: r.unit,
    empty: facts.length === 0,
    columns: columnsInfo,
    header,
    rows: r.records,
    ...(r.method ? { method: r.method } : {}),
    ...(span.heading ? { heading: span.heading.trim() } : {}),
    ...(span.emptyNote ? { noData: span.emptyNote } : {}),
    // a unit printed with the table: on its page (span.unit), in its header, or in a caption row inside the grid
    ...(!span.unit && !span.grids.some((grid) => grid.cells.some((c) => UNIT_IN_CELL.test(c.text))) ? { unitAssumed: true } : {}),
    ...(span.unlisted ? { unlisted: true } : {}),
  };
  if (span.declaredEmpty && facts.length) table.notes = ['the page says 本表无数据 but the table has numbers'];
  // (where the reader laid a page of right-hand columns beside the rows of another: for the review)
  for (const s of span.sides ?? []) {
    const note = `page ${span.grids[s.grid].page}: the right-hand columns of page ${span.grids[s.of].page}, read in the rows they are printed level with`;
    table.notes = [...(table.notes ?? []), note];
  }
  return table;
}


/**
 * The facts without 行次 counters that a column read as amounts: small whole numbers counting up one by one over
 * consecutive rows of one column (a sheet whose 行次 column was cut off its names by a page or laid into the 金额
 * column by the reader) are row numbers, not amounts — keyed to a row and column they would be wrong numbers.
 */
function withoutRowCounters(facts: Fact[]): Fact[] {
  const byColumn = new Map<string, Fact[]>();
  for (const f of facts) {
    const k = f.column.replace(/#\d+$/, '').replace(/^x:/, '');
    if (!byColumn.has(k)) byColumn.set(k, []);
    byColumn.get(k)!.push(f);
  }
  const drop = new Set<Fact>();
  const counter = (f: Fact) => /^\d{1,3}$/.test((f.printed ?? '').trim());
  for (const fs of byColumn.values()) {
    let start = 0;
    for (let i = 1; i <= fs.length; i++) {
      const goesOn = i < fs.length && counter(fs[i]) && counter(fs[i - 1]) && fs[i].value === fs[i - 1].value + 1;
      if (goesOn) continue;
      if (i - start >= COUNTER_RUN && counter(fs[start])) for (let k = start; k < i; k++) drop.add(fs[k]);
      start = i;
    }
  }
  return drop.size ? facts.filter((f) => !drop.has(f)) : facts;
}

/**
 * Grid columns of 行次 counters: every number in them a small whole number, counting up down the rows (by one
 * where rows follow each other), at least COUNTER_RUN of them. 公开10 prints its 行次 beside the 统计数; where the
 * 统计数 of a row is blank (or on a page of its own, not read) the 行次 is no figure of the row.
 */
function counterColumns(rows: Row[]): Set<number> {
  const out = new Set<number>();
  const n = Math.max(0, ...rows.map((r) => r.cells.length));
  for (let j = 0; j < n; j++) {
    const seen = new Set<GridCell>();
    const nums: number[] = [];
    let whole = true;
    for (const row of rows) {
      const c = row.cells[j];
      if (!c || seen.has(c)) continue;
      seen.add(c);
      const t = cellText(c).trim();
      if (!t || !parseNumber(t)) continue;
      if (!/^\d{1,3}$/.test(t)) whole = false;
      nums.push(Number(t));
    }
    const counting = nums.every((v, i) => i === 0 || v > nums[i - 1]) && nums.filter((v, i) => i > 0 && v === nums[i - 1] + 1).length >= nums.length / 2;
    if (whole && nums.length >= COUNTER_RUN && counting) out.add(j);
  }
  return out;
}

/**
 * One table span → its record and facts: the grids are read into rows under one set of columns (readGrids), each
 * row of each column group is named, keyed and read into facts (readRowGroup), and keys met twice are numbered
 * (uniqueKeys).
 */
export function normalizeTable(span: TableSpan, ctx: NormalizeContext): { table: TableRecord; facts: Fact[]; repeated: Fact[] } {
  const spec = kindSpec(span.kind)!;
  const docBudget = ctx.docKind === 'budget' || spec.doc === 'budget';
  const { columns, header, rows } = readGrids(span, spec, docBudget, ctx.docYear);
  const r: Reading = {
    span, spec, docBudget,
    unit: span.unit ?? ctx.docUnit ?? '万元',
    method: span.grids[0]?.method,
    hasCodes: rows.some((row) => row.cells.some((c) => c && /^\d{3}(\s?\d{2}){0,3}(\D|$)/.test(cellText(c)) && !parseNumber(cellText(c)))),
    facts: [], records: [], codesAbove: {}, levelsAbove: {}, fundParent: {}, statsSection: '', threePublicRowsDone: 0, textCellsRead: new Set(), groupOf: new Map(), counterCols: spec.rows === 'stats' ? counterColumns(rows) : new Set(),
    threePublicVertical: spec.rows === 'three_public' &&
      rows.filter((row) => threePublicItem(normName(row.cells.map(cellText).find((t) => t && !parseNumber(t)) ?? ''), spec)).length >= 3,
    // (only a 三公 table is read by period rows)
    rowYear: spec.rows === 'three_public'
      ? currentYear(rows.flatMap((row) => row.cells.map((c) => cellText(c).replace(/\s+/g, '')).filter((t) => YEAR_CELL.test(t))), ctx.docYear)
      : null,
  };
  const groups: GroupColumns[] = [...new Set(columns.map((c) => c.group))].map((group) => {
    const all = columns.filter((c) => c.group === group);
    return { group, all, codes: all.filter((c) => c.role === 'code'), names: all.filter((c) => c.role === 'name'), values: all.filter((c) => c.role === 'value') };
  });
  for (const row of rows) {
    // a 栏次 / column-number row repeated below the header is no data
    if (isColumnNumberRow(row.cells)) continue;
    for (const cols of groups) readRowGroup(row, cols, r);
  }
  if (spec.rows !== 'stats') r.facts = withoutRowCounters(r.facts);
  // a key met in two groups is the first group's: a 收支总表 printing its expenditure side in three classifications
  // side by side (功能分类 | 部门经济分类 | 政府经济分类, 西安) names 其他支出 in each, and the first view keeps the key
  // whatever row it is printed on
  uniqueKeys([...r.facts].sort((a, b) => (r.groupOf.get(a) ?? 0) - (r.groupOf.get(b) ?? 0)));
  const unique = r.facts;
  // (the amounts under a key met again, `total#2`, for the table's quality report)
  return { table: tableRecord(span, r, columns, header, unique), facts: unique, repeated: unique.filter((f) => /#\d+$/.test(f.column)) };
}
