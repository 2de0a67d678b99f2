/**
 * 附件 项目支出绩效自评表: form spans → typed EvaluationForm records and performance_evaluation facts.
 *
 * A form is read from its grids (lattice, stream or sheet) row by row. Every field is located by its LABEL
 * (src/domain/forms.ts), never by a fixed position: the header labels of the money block and of the indicator
 * block give x-ranges, and a value cell belongs to the header it overlaps best. The x-ranges carry over to the
 * next grid, so a form continued over a page break (a second grid without header rows) reads on. A cell cut in
 * two by the page break (a 一级指标 spanning rows on both pages) prints its text in one half only; the other half
 * takes it over.
 *
 * The numbers are kept as printed, never corrected; the form's own arithmetic (执行率 = 全年执行数 / 全年预算数,
 * 总分 = Σ 得分 …) is checked by validation (validate/forms.ts), which also fills `checks`.
 */
import type { EvaluationForm, Fact, Indicator, IndicatorValue, MoneyRow, TableRecord } from '../model/schema.js';
import type { FormSpan, Segmented } from '../segment/segment.js';
import type { Grid, GridCell } from '../tables/grid.js';
import { toMatrix } from '../tables/grid.js';
import { normName } from '../domain/kinds.js';
import {
  ACHIEVED_HEADER_RE, ANALYSIS_SECTION_RE, CODE_NAME_RE, GOAL_HEADER_RE, GOAL_SECTION_RE, GRADE_LABEL_RE, GRADES,
  HEAD_FIELDS, INDICATOR_HEADERS, INDICATOR_SECTION_RE, MONEY_HEADER_CORE, MONEY_HEADERS, MONEY_SECTION_RE,
  MONEY_TOTAL_ROW_RE, MONEY_UNIT_RE, TOTAL_ROW_RE, VALUE_OPS, formLabel,
  type IndicatorField, type MoneyField,
} from '../domain/forms.js';
import { isBlankCell, parseNumber } from './numbers.js';
import { looseRows, pageRuns, type LooseRow } from './form-runs.js';
import { LEVEL1_HEADER_RE, LEVEL23_HEADER_RE, PERCENT_RE, REMARK_ITEM_RE, REMARKS_RE, VALUE_WITH_UNIT_RE } from '../domain/forms.js';

export const PE_KIND = 'performance_evaluation';

// ---------------------------------------------------------------------------------------------------------
// Rows of the form's grids

/** One cell as seen from one grid row. */
interface RCell {
  cell: GridCell;
  grid: Grid;
  /** index of the grid within the form */
  gi: number;
  text: string;
  label: string;
  x0: number;
  x1: number;
  /** the cell starts on this row (a cell spanning rows is an origin on its first row only) */
  origin: boolean;
}

interface RRow {
  grid: Grid;
  gi: number;
  r: number;
  cells: RCell[];
}

function cellX(g: Grid, c: GridCell): [number, number] {
  if (c.box) return [c.box.x0, c.box.x1];
  if (g.colX && g.colX.length > c.col + c.colSpan) return [g.colX[c.col], g.colX[c.col + c.colSpan]];
  return [c.col, c.col + c.colSpan];
}

function cleanText(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function rowsOf(g: Grid, gi: number): RRow[] {
  const m = toMatrix(g);
  return m.map((slots, r) => {
    const seen = new Set<GridCell>();
    const cells: RCell[] = [];
    for (const c of slots) {
      if (!c || seen.has(c)) continue;
      seen.add(c);
      const [x0, x1] = cellX(g, c);
      const text = cleanText(c.text);
      cells.push({ cell: c, grid: g, gi, text, label: formLabel(text), x0, x1, origin: c.row === r });
    }
    cells.sort((a, b) => a.x0 - b.x0);
    return { grid: g, gi, r, cells };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Column headers as x-ranges; a value cell belongs to the header it overlaps best

interface Col<F extends string> {
  field: F;
  label: string;
  x0: number;
  x1: number;
}

function fit(a: { x0: number; x1: number }, b: { x0: number; x1: number }): number {
  const o = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  if (o <= 0) return 0;
  return o / Math.max(a.x1 - a.x0, b.x1 - b.x0, 1e-6);
}

function headerCols<F extends string>(row: RRow, specs: { field: F; re: RegExp }[]): Col<F>[] {
  const out: Col<F>[] = [];
  for (const c of row.cells) {
    const spec = specs.find((s) => s.re.test(c.label));
    if (spec) out.push({ field: spec.field, label: c.text, x0: c.x0, x1: c.x1 });
  }
  return out;
}

/** Adds header columns, a new header at the same place replacing the old one. */
function mergeCols<F extends string>(into: Col<F>[], add: Col<F>[]): Col<F>[] {
  const kept = into.filter((c) => !add.some((a) => a.field === c.field || fit(a, c) > 0.9));
  return [...kept, ...add];
}

/** The best header of a cell (overlap over the wider of the two at least one half). */
function colOf<F extends string>(c: RCell, cols: Col<F>[]): Col<F> | undefined {
  let best: Col<F> | undefined;
  let bestFit = 0.5 - 1e-9;
  for (const h of cols) {
    const f = fit(c, h);
    if (f > bestFit || (best && f === bestFit && h.x1 - h.x0 < best.x1 - best.x0)) {
      best = h;
      bestFit = f;
    }
  }
  return best;
}

function assign<F extends string>(cells: RCell[], cols: Col<F>[]): { by: Map<F, RCell[]>; rest: RCell[] } {
  const by = new Map<F, RCell[]>();
  const rest: RCell[] = [];
  for (const c of cells) {
    const h = colOf(c, cols);
    if (!h) rest.push(c);
    else by.set(h.field, [...(by.get(h.field) ?? []), c]);
  }
  return { by, rest };
}

function textOf(cells: RCell[] | undefined): string {
  return (cells ?? []).map((c) => c.text).filter(Boolean).join(' ');
}

function num(text: string): number | undefined {
  if (!text || isBlankCell(text)) return undefined;
  return parseNumber(text)?.value;
}

/** The first non-empty cell right of a label cell that is not itself a known label. */
function rightOf(row: RRow, label: RCell): RCell | undefined {
  return row.cells.find(
    (c) => c !== label && c.x0 >= label.x1 - 1 && c.text && !Object.values(HEAD_FIELDS).some((re) => re.test(c.label)),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Indicator values as printed, with operator / number / unit

export function parseIndicatorValue(printed: string): IndicatorValue | undefined {
  const text = printed.trim();
  if (!text) return undefined;
  const out: IndicatorValue = { text };
  let t = text.normalize('NFKC').replace(/\s+/g, '');
  for (const o of VALUE_OPS) {
    const m = t.match(o.re);
    if (m) {
      out.op = o.op;
      t = t.slice(m[0].length);
      break;
    }
  }
  const m = t.match(VALUE_WITH_UNIT_RE);
  if (m && (m[1] !== undefined || (out.op && m[2]))) {
    if (m[1] !== undefined) out.number = Number(m[1].replace(/,/g, ''));
    if (m[2]) out.unit = m[2];
  } else if (out.op) {
    // an operator before words (≥ 优良) is no comparison we can parse
    delete out.op;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// One form

type Mode = 'head' | 'money' | 'goal' | 'ind' | 'after' | 'analysis';

interface IndRow {
  ind: Indicator;
  refs: Partial<Record<'level1' | 'level2' | 'level1Weight', RCell>>;
}

interface Draft {
  title?: string;
  project?: string;
  department?: string;
  unit?: string;
  moneyUnit?: string;
  pages: Set<number>;
  money: MoneyRow[];
  /** cells of the money rows by field, for facts (page, box, printed) */
  moneyCells: Map<MoneyRow, Map<MoneyField, RCell>>;
  moneyCols: Col<MoneyField>[];
  goal: string[];
  achieved: string[];
  goalCols: Col<'goal' | 'achieved'>[];
  indCols: Col<IndicatorField>[];
  inds: IndRow[];
  scoreTotal?: number;
  scoreCell?: RCell;
  weightTotal?: number;
  grade?: EvaluationForm['grade'];
  analysis: [string, string][];
  remarks: string[];
  mode: Mode;
}

function newDraft(title?: string): Draft {
  return {
    title, pages: new Set(), money: [], moneyCells: new Map(), moneyCols: [], goal: [], achieved: [], goalCols: [],
    indCols: [], inds: [], analysis: [], remarks: [], mode: 'head',
  };
}

function gradeOf(text: string): EvaluationForm['grade'] | undefined {
  const t = formLabel(text);
  return GRADES.find((g) => g.re.test(t))?.grade;
}

function readMoneyRow(d: Draft, row: RRow): void {
  const origin = row.cells.filter((c) => c.origin);
  const { by, rest } = assign(origin, d.moneyCols);
  const label = rest
    .filter((c) => c.text && !MONEY_SECTION_RE.test(c.label) && num(c.text) === undefined)
    .map((c) => c.text)
    .join('');
  const field = (f: MoneyField) => textOf(by.get(f));
  const values = new Map<MoneyField, RCell>();
  for (const [f, cs] of by) if (cs[0]?.text) values.set(f, cs[0]);
  if (!label && values.size === 0) return;
  const mr: MoneyRow = { label };
  const set = (k: 'declared' | 'budgetInitial' | 'budgetFullYear' | 'executed' | 'balance' | 'weight' | 'score', f: MoneyField) => {
    const t = field(f);
    // a percentage under a money or score header is a rate that landed in the wrong column (a grid without rulings)
    if (PERCENT_RE.test(t)) return;
    const v = num(t);
    if (v !== undefined) mr[k] = v;
  };
  set('declared', 'declared');
  set('budgetInitial', 'budgetInitial');
  if (mr.budgetInitial === undefined) {
    set('budgetInitial', 'budgetInitialGroup');
    if (values.has('budgetInitialGroup')) values.set('budgetInitial', values.get('budgetInitialGroup')!);
  }
  set('budgetFullYear', 'budgetFullYear');
  set('executed', 'executed');
  set('balance', 'balance');
  set('weight', 'weight');
  if (mr.weight === undefined) set('weight', 'sectionWeight');
  set('score', 'score');
  const rateText = field('executionRate');
  const rate = rateText && !isBlankCell(rateText) ? parseNumber(rateText) : null;
  if (rate) {
    let v = rate.value;
    // a rate printed as a fraction (0.98) where the money says 98%
    if (!rate.percent && v > 0 && v <= 1.0001 && mr.budgetFullYear && mr.executed !== undefined) {
      const r = mr.executed / mr.budgetFullYear;
      if (Math.abs(r - v) < 0.006 && Math.abs(r * 100 - v) > 0.5) v = Math.round(v * 1e8) / 1e6;
    }
    mr.executionRate = v;
    mr.executionRatePrinted = rateText;
  }
  d.money.push(mr);
  d.moneyCells.set(mr, values);
}

function readIndicatorRow(d: Draft, row: RRow): void {
  const { by } = assign(row.cells, d.indCols);
  const originText = (f: IndicatorField) => textOf(by.get(f)?.filter((c) => c.origin));
  const anyCell = (f: IndicatorField) => by.get(f)?.[0];
  const level3 = originText('level3');
  const vals = {
    target: originText('target'),
    targetAdjusted: originText('targetAdjusted'),
    actual: originText('actual'),
    weight: originText('weight'),
    score: originText('score'),
    deviation: originText('deviation'),
  };
  if (!level3 && !Object.values(vals).some(Boolean)) return;
  const prev = d.inds[d.inds.length - 1]?.ind;
  if (prev && row.r === 0 && row.gi > 0 && !level3 && !vals.weight && !vals.score) {
    // the rest of a row cut by the page break: its texts go on the row above
    for (const k of ['target', 'targetAdjusted', 'actual'] as const) {
      if (vals[k]) prev[k] = parseIndicatorValue(`${prev[k]?.text ?? ''}${vals[k]}`);
    }
    if (vals.deviation) prev.deviation = `${prev.deviation ?? ''}${vals.deviation}`;
    return;
  }
  const ind: Indicator = {
    level1: anyCell('level1')?.text ?? '',
    level2: anyCell('level2')?.text ?? '',
    level3,
    page: row.grid.page,
  };
  const iv = (k: 'target' | 'targetAdjusted' | 'actual') => {
    const v = parseIndicatorValue(vals[k]);
    if (v) ind[k] = v;
  };
  iv('target');
  iv('targetAdjusted');
  iv('actual');
  const w = num(vals.weight);
  if (w !== undefined) ind.weight = w;
  const s = num(vals.score);
  if (s !== undefined) ind.score = s;
  if (vals.deviation) ind.deviation = vals.deviation;
  const lw = anyCell('level1Weight');
  const lwv = lw ? num(lw.text) : undefined;
  if (lwv !== undefined) ind.level1Weight = lwv;
  d.inds.push({ ind, refs: { level1: anyCell('level1'), level2: anyCell('level2'), level1Weight: lw } });
}

function readTotalRow(d: Draft, row: RRow, totalCell: RCell): void {
  const cells = row.cells.filter((c) => c !== totalCell && c.origin);
  for (const c of cells) d.grade ??= gradeOf(c.text);
  if (d.indCols.length) {
    const { by } = assign(cells, d.indCols);
    const s = by.get('score')?.find((c) => num(c.text) !== undefined);
    if (s) {
      d.scoreTotal = num(s.text);
      d.scoreCell = s;
    }
    const w = by.get('weight')?.find((c) => num(c.text) !== undefined);
    if (w) d.weightTotal = num(w.text);
  }
  if (d.scoreTotal === undefined) {
    // no header to go by: the last number of the row
    const nums = cells.filter((c) => num(c.text) !== undefined);
    const s = nums[nums.length - 1];
    if (s) {
      d.scoreTotal = num(s.text);
      d.scoreCell = s;
    }
  }
}

function readAnalysisRow(d: Draft, row: RRow): void {
  const cells = row.cells.filter((c) => c.text && !ANALYSIS_SECTION_RE.test(c.label));
  if (cells.length === 1 && row.r === 0 && row.gi > 0 && d.analysis.length) {
    // the rest of a row cut by the page break: only its text column goes on
    d.analysis[d.analysis.length - 1][1] += cells[0].text;
    return;
  }
  if (cells.length < 2) return;
  d.analysis.push([cells[0].text, cells.slice(1).map((c) => c.text).join('')]);
}

/** Feeds one row to the draft; returns false when the row starts another form (a second 项目名称). */
function feedRow(d: Draft, row: RRow): boolean {
  const has = (re: RegExp, originOnly = true) => row.cells.find((c) => (!originOnly || c.origin) && re.test(c.label));
  const projectCell = has(HEAD_FIELDS.project);
  if (projectCell) {
    if (d.project !== undefined && d.mode !== 'head') return false;
    const v = rightOf(row, projectCell);
    if (v) d.project = v.text;
    d.pages.add(row.grid.page);
    d.mode = 'head';
    // department / unit may share the row
  }
  d.pages.add(row.grid.page);
  let headRow = !!projectCell;
  for (const [k, re] of [['department', HEAD_FIELDS.department], ['unit', HEAD_FIELDS.unit]] as const) {
    const l = has(re);
    if (!l) continue;
    headRow = true;
    const v = rightOf(row, l);
    if (v && d[k] === undefined) d[k] = v.text;
  }
  if (headRow) return true;

  // money block header (one or two rows)
  const moneyHeads = row.cells.filter((c) => MONEY_HEADER_CORE.test(c.label));
  if (moneyHeads.length >= 2) {
    d.moneyCols = mergeCols(d.moneyCols, headerCols(row, MONEY_HEADERS));
    const section = row.cells.find((c) => MONEY_SECTION_RE.test(c.label));
    const u = section?.label.match(MONEY_UNIT_RE);
    if (u) d.moneyUnit = u[1];
    d.mode = 'money';
    return true;
  }
  // goal block header
  const goalHead = row.cells.find((c) => GOAL_HEADER_RE.test(c.label));
  const achievedHead = row.cells.find((c) => ACHIEVED_HEADER_RE.test(c.label));
  if (goalHead && achievedHead && d.mode !== 'ind') {
    d.goalCols = [
      { field: 'goal', label: goalHead.text, x0: goalHead.x0, x1: goalHead.x1 },
      { field: 'achieved', label: achievedHead.text, x0: achievedHead.x0, x1: achievedHead.x1 },
    ];
    d.mode = 'goal';
    return true;
  }
  // indicator block header
  if (has(LEVEL1_HEADER_RE, false) && has(LEVEL23_HEADER_RE, false)) {
    d.indCols = mergeCols(d.indCols, headerCols(row, INDICATOR_HEADERS));
    d.mode = 'ind';
    return true;
  }
  // total score
  const totalCell = row.cells.find(
    (c) => c.origin && (c.label === '总分' || ((d.mode === 'ind' || d.mode === 'after') && TOTAL_ROW_RE.test(c.label))),
  );
  if (totalCell) {
    readTotalRow(d, row, totalCell);
    d.mode = 'after';
    return true;
  }
  const gradeLabel = has(GRADE_LABEL_RE);
  if (gradeLabel) {
    const v = rightOf(row, gradeLabel);
    if (v) d.grade ??= gradeOf(v.text);
    return true;
  }
  if (has(ANALYSIS_SECTION_RE)) d.mode = 'analysis';

  switch (d.mode) {
    case 'money':
      readMoneyRow(d, row);
      break;
    case 'goal': {
      const { by } = assign(row.cells.filter((c) => c.origin && !GOAL_SECTION_RE.test(c.label)), d.goalCols);
      const g = textOf(by.get('goal'));
      const a = textOf(by.get('achieved'));
      if (g) d.goal.push(g);
      if (a) d.achieved.push(a);
      break;
    }
    case 'ind':
      if (row.cells.some((c) => c.origin && !INDICATOR_SECTION_RE.test(c.label) && c.text)) readIndicatorRow(d, row);
      break;
    case 'after':
    case 'analysis':
      readAnalysisRow(d, row);
      break;
    default:
      break;
  }
  return true;
}

/**
 * A cell spanning rows across a page break is drawn as one box per page with its text in one of them: rows
 * whose (say) 一级指标 box is empty at the bottom of one grid or the top of the next take the text of the box
 * on the other side of the break.
 */
function fillSplitCells(inds: IndRow[]): void {
  for (const field of ['level1', 'level2', 'level1Weight'] as const) {
    const fill = (i: number, text: string) => {
      if (field === 'level1Weight') {
        const v = num(text);
        if (v !== undefined) inds[i].ind.level1Weight = v;
      } else inds[i].ind[field] = text;
    };
    for (let i = 0; i < inds.length; i++) {
      const ref = inds[i].refs[field];
      if (!ref || ref.text) continue;
      const atTop = ref.cell.row === 0;
      const atBottom = ref.cell.row + ref.cell.rowSpan >= ref.grid.nRows;
      let donor: RCell | undefined;
      if (atTop) {
        for (let j = i - 1; j >= 0; j--) {
          const r = inds[j].refs[field];
          if (r && r.gi === ref.gi - 1 && r.cell.row + r.cell.rowSpan >= r.grid.nRows) {
            donor = r;
            break;
          }
          if (r && r.gi < ref.gi - 1) break;
        }
      }
      if (!donor && atBottom) {
        for (let j = i + 1; j < inds.length; j++) {
          const r = inds[j].refs[field];
          if (r && r.gi === ref.gi + 1 && r.cell.row === 0) {
            donor = r;
            break;
          }
          if (r && r.gi > ref.gi + 1) break;
        }
      }
      if (donor?.text) fill(i, donor.text);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Records and facts

function splitCode(s: string | undefined): { name?: string; code?: string } {
  if (!s) return {};
  const m = s.match(CODE_NAME_RE);
  return m ? { code: m[1], name: m[2].trim() } : { name: s };
}

function finish(d: Draft, keys: Map<string, number>): { form: EvaluationForm; facts: Fact[] } | null {
  if (!d.project) return null;
  fillSplitCells(d.inds);
  const dept = splitCode(d.department);
  const unit = splitCode(d.unit);
  const layout: 'a' | 'b' =
    d.indCols.some((c) => c.field === 'level1Weight') || d.moneyCols.some((c) => c.field === 'weight' || c.field === 'sectionWeight')
      ? 'b'
      : 'a';
  let key = normName(d.project);
  const n = (keys.get(key) ?? 0) + 1;
  keys.set(key, n);
  if (n > 1) key = `${key}#${n}`;
  const form: EvaluationForm = {
    key,
    layout,
    project: d.project,
    ...(dept.name ? { department: dept.name } : {}),
    ...(dept.code ? { departmentCode: dept.code } : {}),
    ...(unit.name ? { unit: unit.name } : {}),
    ...(unit.code ? { unitCode: unit.code } : {}),
    pages: [...d.pages].sort((a, b) => a - b),
    money: d.money,
    ...(d.goal.length ? { goal: d.goal.join('') } : {}),
    ...(d.achieved.length ? { achieved: d.achieved.join('') } : {}),
    indicators: d.inds.map((i) => i.ind),
    ...(d.scoreTotal !== undefined ? { scoreTotal: d.scoreTotal } : {}),
    ...(d.grade ? { grade: d.grade } : {}),
    analysis: Object.fromEntries(d.analysis),
    ...(d.title ? { title: d.title } : {}),
    moneyUnit: d.moneyUnit ?? '万元',
    ...(d.weightTotal !== undefined ? { weightTotal: d.weightTotal } : {}),
    ...(d.remarks.length ? { remarks: d.remarks } : {}),
  };
  return { form, facts: formFacts(form, d) };
}

function moneyColumnLabel(d: Draft, f: MoneyField): string | undefined {
  return d.moneyCols.find((c) => c.field === f)?.label;
}

function formFacts(form: EvaluationForm, d: Draft): Fact[] {
  const facts: Fact[] = [];
  const row = form.key;
  const unit = form.moneyUnit ?? '万元';
  const total = form.money.find((m) => MONEY_TOTAL_ROW_RE.test(formLabel(m.label))) ?? form.money[0];
  const others = form.money.filter((m) => m !== total);
  const push = (column: string, value: number, u: string, cell: RCell | undefined, columnLabel: string | undefined) => {
    facts.push({
      table: PE_KIND, row, column, value, unit: u,
      page: cell?.grid.page ?? form.pages[0],
      ...(cell ? { printed: cell.text } : {}),
      rowLabel: form.project,
      ...(columnLabel ? { columnLabel } : {}),
      ...(cell?.cell.box ? { box: cell.cell.box } : {}),
      source: cell?.grid.method === 'sheet' ? 'sheet' : cell?.cell.conf !== undefined ? 'ocr' : 'text',
      ...(cell?.cell.conf !== undefined ? { confidence: cell.cell.conf } : {}),
      // a form read from a grid without rulings may have numbers in the wrong column
      ...(cell?.grid.method === 'stream' ? { flags: ['low_confidence' as const] } : {}),
    });
  };
  const money: [string, 'budgetInitial' | 'budgetFullYear' | 'executed' | 'executionRate', string][] = [
    ['budget_initial', 'budgetInitial', unit],
    ['budget_full_year', 'budgetFullYear', unit],
    ['executed', 'executed', unit],
    ['execution_rate', 'executionRate', '%'],
  ];
  for (const [column, k, u] of money) {
    let src = total;
    // the total row leaves a cell blank that a single source row prints
    if (src && src[k] === undefined) {
      const withIt = others.filter((m) => m[k] !== undefined);
      if (withIt.length === 1) src = withIt[0];
    }
    const v = src?.[k];
    if (v === undefined || !src) continue;
    const field: MoneyField = k === 'budgetInitial' && !d.moneyCols.some((c) => c.field === 'budgetInitial') ? 'budgetInitialGroup' : k;
    const cell = d.moneyCells.get(src)?.get(k);
    push(column, v, u, cell, moneyColumnLabel(d, field));
  }
  if (form.scoreTotal !== undefined) {
    push('score_total', form.scoreTotal, '分', d.scoreCell, '总分');
  }
  return facts;
}

/** Rows rebuilt from the runs of a form printed without rulings, as rows of one synthetic grid per page. */
function looseGridRows(rows: LooseRow[]): RRow[] {
  const out: RRow[] = [];
  const pages = [...new Set(rows.map((r) => r.page))];
  const spans = new Map<number, GridCell>();
  pages.forEach((page, gi) => {
    const mine = rows.filter((r) => r.page === page);
    const grid: Grid = { page, box: { x0: 0, y0: 0, x1: 0, y1: 0 }, nRows: mine.length, nCols: 1, cells: [], method: 'stream' };
    mine.forEach((lr, r) => {
      const cells: RCell[] = lr.cells.map((c) => {
        const box = { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 };
        let gc = c.span ? spans.get(c.span.id) : undefined;
        if (gc) gc.rowSpan = r - gc.row + 1;
        else {
          gc = { row: r, col: 0, rowSpan: 1, colSpan: 1, text: c.text, box };
          if (c.span) spans.set(c.span.id, gc);
          grid.cells.push(gc);
        }
        const text = cleanText(c.text);
        return { cell: gc, grid, gi, text, label: formLabel(text), x0: c.x0, x1: c.x1, origin: !c.span || c.span.first };
      });
      out.push({ grid, gi, r, cells });
    });
  });
  return out;
}

/** A form of the span drawn with rulings (or from a sheet): its grids are read; otherwise its runs are. */
function hasFormGrid(span: FormSpan): boolean {
  return span.blocks.some(
    (b) => b.type === 'grid' && b.grid.method !== 'stream' && b.grid.cells.some((c) => HEAD_FIELDS.project.test(formLabel(c.text))),
  );
}

function parseSpan(span: FormSpan, keys: Map<string, number>, out: { forms: EvaluationForm[]; facts: Fact[] }): void {
  let d = newDraft(span.title.trim());
  const close = () => {
    const r = finish(d, keys);
    if (r) {
      out.forms.push(r.form);
      out.facts.push(...r.facts);
    }
  };
  const feed = (row: RRow) => {
    if (!feedRow(d, row)) {
      close();
      d = newDraft();
      feedRow(d, row);
    }
  };
  const loose = !hasFormGrid(span) && !!span.runs?.length;
  if (loose) {
    const runs = span.runs!.flatMap((p) => pageRuns(p.items, p.page));
    for (const row of looseGridRows(looseRows(runs))) feed(row);
  }
  let gi = 0;
  let sawGrid = loose;
  let inRemarks = false;
  for (const b of span.blocks) {
    if (b.type === 'line') {
      const t = cleanText(b.line.text);
      // 备注 under the grid (layout a)
      if (sawGrid && (REMARKS_RE.test(t) || (inRemarks && REMARK_ITEM_RE.test(t)))) {
        d.remarks.push(t);
        d.pages.add(b.page);
        inRemarks = true;
      } else if (inRemarks && d.remarks.length && !/^[-—\d\s]+$/.test(t)) {
        d.remarks[d.remarks.length - 1] += t;
      }
      continue;
    }
    if (loose) continue;
    sawGrid = true;
    inRemarks = false;
    for (const row of rowsOf(b.grid, gi)) feed(row);
    gi++;
  }
  close();
}

export function parseForms(seg: Segmented): { forms: EvaluationForm[]; facts: Fact[] } {
  const out = { forms: [] as EvaluationForm[], facts: [] as Fact[] };
  const keys = new Map<string, number>();
  for (const span of seg.forms) parseSpan(span, keys, out);
  return out;
}

/**
 * The 附件 forms listed as one table kind, so a dataset can see the document has them (none where the document
 * has no form, or prints a performance_evaluation table itself).
 */
export function formsTable(forms: EvaluationForm[], formFacts: Fact[], tables: TableRecord[]): TableRecord | null {
  if (!forms.length || tables.some((t) => t.kind === PE_KIND)) return null;
  return {
    kind: PE_KIND, label: '附件', title: '项目支出绩效自评表',
    pages: [...new Set(forms.flatMap((f) => f.pages))].sort((a, b) => a - b),
    unit: '万元', empty: formFacts.length === 0, columns: [], header: [], rows: [], notes: [`${forms.length} forms`],
  };
}
