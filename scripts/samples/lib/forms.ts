/**
 * 项目支出绩效自评表 forms as GridSpecs, in the two layouts of the seed:
 *  (a) 目标申报数/预算编制数/全年预算数/全年执行数/资金结(转)余/执行率/得分 with a 市县区财政资金 row;
 *  (b) "附件 1" with 权重/年初预算数/全年预算数/全年执行数/分值/执行率/得分 and the
 *      当年财政拨款/上年结转资金/其他资金 rows.
 * Cells holding performance_evaluation facts carry a FactRef (row = the form's row key).
 */
import type { Cell, GridSpec, Row } from './grid.js';
import { parseValue } from './text.js';
import type { FormA, FormB, IndicatorA, IndicatorB, SeedForm } from './types.js';

export const PE = 'performance_evaluation';

const c = (text: string, more: Partial<Cell> = {}): Cell => ({ text, align: 'center', ...more });
const left = (text: string, more: Partial<Cell> = {}): Cell => ({ text, align: 'left', ...more });

/** A money/score cell: numbers right-aligned, anything else ('—', blank) centred. */
function num(printed: string): Cell {
  return printed === '' || parseValue(printed) === null ? c(printed) : { text: printed, align: 'right' };
}

/** A number that is a performance_evaluation fact of the form (when `rowKey` is set). */
function fact(printed: string, rowKey: string | null, column: string, unit: string): Cell {
  const cell = num(printed);
  return rowKey && cell.align === 'right' ? { ...cell, fact: { table: PE, row: rowKey, column, unit } } : cell;
}

/** Consecutive runs of equal keys → [start, length]. */
function runs<T>(items: T[], key: (x: T) => string): [number, number][] {
  const out: [number, number][] = [];
  items.forEach((x, i) => {
    const last = out[out.length - 1];
    if (last && key(items[last[0]]) === key(x)) last[1]++;
    else out.push([i, 1]);
  });
  return out;
}

const startsRun = (rs: [number, number][], i: number): number => rs.find(([s]) => s === i)?.[1] ?? 0;

function formA(f: FormA, key: string): GridSpec {
  const rows: Row[] = [];
  rows.push({ cells: [c('项目名称', { colSpan: 2 }), left(f.project, { colSpan: 8 })] });
  rows.push({
    cells: [c('主管部门及代码', { colSpan: 2 }), left(f.department, { colSpan: 3 }), c(f.unitLabel), left(f.unit, { colSpan: 4 })],
  });
  // money part: 2 header rows + one row per fund line
  rows.push({
    cells: [
      c(f.fundsLabel, { rowSpan: 2 + f.funds.length }),
      c('', { rowSpan: 2 }),
      c('年初预算数', { colSpan: 2 }),
      c('全年预算数', { rowSpan: 2 }),
      c('全年执行数', { rowSpan: 2 }),
      c('资金结(转)余', { rowSpan: 2 }),
      c('执行率', { rowSpan: 2 }),
      c('得分', { rowSpan: 2 }),
      c('偏差原因分析及改进措施', { rowSpan: 2 }),
    ],
  });
  rows.push({ cells: [c('目标申报数'), c('预算编制数')] });
  f.funds.forEach((r, i) => {
    const k = i === 0 ? key : null; // facts come from the 资金总额 row
    rows.push({
      cells: [
        c(r.label),
        num(r.target),
        fact(r.budget, k, 'budget_initial', '万元'),
        fact(r.fullYear, k, 'budget_full_year', '万元'),
        fact(r.executed, k, 'executed', '万元'),
        num(r.balance),
        // 执行率 of the 资金总额 row, or of the next row when the 资金总额 row leaves it blank
        fact(r.rate, k ?? (f.funds[0].rate === '' && i === 1 ? key : null), 'execution_rate', '%'),
        num(r.score),
        left(r.reason),
      ],
    });
  });
  rows.push({ cells: [c('项目年度绩效目标', { rowSpan: 2 }), c('年度目标', { colSpan: 4 }), c('实际完成情况', { colSpan: 5 })] });
  rows.push({ cells: [left(f.goal, { colSpan: 4 }), left(f.actual, { colSpan: 5 })] });
  rows.push({
    cells: ['绩效指标', '一级指标', '二级指标', '三级指标', '年初指标值', '调整后指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].map(
      (h, i) => (i === 0 ? c(h, { rowSpan: 1 + f.indicators.length }) : c(h)),
    ),
  });
  const l1 = runs(f.indicators, (r) => r.level1);
  const l2 = runs(f.indicators, (r) => `${r.level1}/${r.level2}`);
  f.indicators.forEach((r: IndicatorA, i) => {
    const cells: Cell[] = [];
    const n1 = startsRun(l1, i);
    if (n1) cells.push(c(r.level1, { rowSpan: n1 }));
    const n2 = startsRun(l2, i);
    if (n2) cells.push(c(r.level2, { rowSpan: n2 }));
    cells.push(left(r.level3), c(r.initial), c(r.adjusted), c(r.actual), c(r.points), c(r.score), left(r.reason));
    rows.push({ cells });
  });
  rows.push({
    cells: [c('总分', { colSpan: 7 }), c(''), fact(f.total.score, key, 'score_total', '分'), c(f.total.grade)],
  });
  if (f.analysis.length) {
    const sub = f.analysis.filter((a) => /情况/u.test(a.label));
    rows.push(...analysisRows(f, sub.length));
  }
  return {
    columns: [46, 46, 50, 80, 52, 56, 56, 31, 31, 57],
    header: [],
    body: rows,
    repeatHeader: false,
    fontSize: 7.5,
    minRowHeight: 15,
    group: 'form',
    minRowsFirstPage: 6,
  };
}

function analysisRows(f: FormA, nSub: number): Row[] {
  return f.analysis.map((a, i) => {
    const cells: Cell[] = [];
    if (i === 0) cells.push(c('项目绩效分析', { rowSpan: f.analysis.length }));
    if (i < nSub) {
      if (i === 0) cells.push(c('自评结果分析', { rowSpan: nSub }));
      cells.push(c(a.label, { colSpan: 2 }));
    } else {
      cells.push(c(a.label, { colSpan: 3 }));
    }
    cells.push(left(a.text, { colSpan: 6 }));
    return { cells };
  });
}

function formB(f: FormB, key: string): GridSpec {
  const rows: Row[] = [];
  rows.push({ cells: [c('项目名称'), left(f.project, { colSpan: 9 })] });
  rows.push({ cells: [c('主管部门'), left(f.department, { colSpan: 4 }), c(f.unitLabel), left(f.unit, { colSpan: 4 })] });
  rows.push({
    cells: [
      c(f.fundsLabel, { rowSpan: 1 + f.funds.length }),
      c('权重'),
      c('', { colSpan: 2 }),
      c('年初预算数'),
      c('全年预算数'),
      c('全年执行数'),
      c('分值'),
      c('执行率'),
      c('得分'),
    ],
  });
  f.funds.forEach((r, i) => {
    const k = i === 0 ? key : null;
    const cells: Cell[] = [];
    if (i === 0) cells.push(c(f.fundsWeight, { rowSpan: f.funds.length }));
    cells.push(
      left(r.label, { colSpan: 2 }),
      fact(r.initial, k, 'budget_initial', '万元'),
      fact(r.fullYear, k, 'budget_full_year', '万元'),
      fact(r.executed, k, 'executed', '万元'),
      num(r.points),
      fact(r.rate, k, 'execution_rate', '%'),
      num(r.score),
    );
    rows.push({ cells });
  });
  rows.push({ cells: [c('年度总体目标', { rowSpan: 2 }), c('预期目标', { colSpan: 4 }), c('实际完成情况', { colSpan: 5 })] });
  rows.push({ cells: [left(f.goal, { colSpan: 4 }), left(f.actual, { colSpan: 5 })] });
  rows.push({
    cells: ['绩效指标', '一级指标', '权重', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].map(
      (h, i) => (i === 0 ? c(h, { rowSpan: 1 + f.indicators.length }) : c(h)),
    ),
  });
  const l1 = runs(f.indicators, (r) => r.level1);
  const l2 = runs(f.indicators, (r) => `${r.level1}/${r.level2}`);
  f.indicators.forEach((r: IndicatorB, i) => {
    const cells: Cell[] = [];
    const n1 = startsRun(l1, i);
    if (n1) cells.push(c(r.level1, { rowSpan: n1 }), c(r.weight, { rowSpan: n1 }));
    const n2 = startsRun(l2, i);
    if (n2) cells.push(c(r.level2, { rowSpan: n2 }));
    cells.push(left(r.level3), c(r.target), c(r.actual), c(r.points), c(r.score), left(r.reason));
    rows.push({ cells });
  });
  if (f.total) rows.push({ cells: [c('总分', { colSpan: 7 }), c(f.total.points), fact(f.total.score, key, 'score_total', '分'), c('')] });
  return {
    columns: [48, 46, 28, 56, 96, 60, 60, 31, 40, 40],
    header: [],
    body: rows,
    repeatHeader: false,
    fontSize: 7.5,
    minRowHeight: 15,
    group: 'form',
    minRowsFirstPage: 6,
  };
}

export function formGrid(f: SeedForm, key: string): GridSpec {
  return f.layout === 'a' ? formA(f, key) : formB(f, key);
}
