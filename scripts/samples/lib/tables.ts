/**
 * The ten Shanxi tables (公开01表 … 公开10表) as GridSpecs: header rows with the seed's merged
 * cells, body rows from seed-data.json, and a fact reference on every numeric cell (row and column
 * keys of ../shared/spec/facts.md).
 */
import type { Cell, GridSpec, Row } from './grid.js';
import type { FactRef } from './layout.js';
import { normalizeName, parseValue } from './text.js';
import type { SeedTable } from './types.js';

export interface TableLayout {
  /** Page orientation of the table pages. */
  landscape: boolean;
  grid: GridSpec;
}

const c = (text: string, more: Partial<Cell> = {}): Cell => ({ text, align: 'center', ...more });
const left = (text: string, more: Partial<Cell> = {}): Cell => ({ text, align: 'left', ...more });

/** A value cell: right-aligned; a fact when the printed text is a number; '——' centred. */
function value(printed: string, fact: Omit<FactRef, 'unit'> | null, unit: string, numFmt = '0.00'): Cell {
  if (printed === '') return { text: '' };
  if (parseValue(printed) === null) return c(printed);
  return { text: printed, align: 'right', numFmt, ...(fact ? { fact: { ...fact, unit } } : {}) };
}

/** Indent of a function/economic classification code: 类 0, 款 1, 项 2 levels. */
function codeIndent(code: string, step: number): number {
  const digits = code.replace(/\D/gu, '').length;
  return digits <= 3 ? 0 : digits <= 5 ? step : 2 * step;
}

const label = (n: number): Cell[] => Array.from({ length: n }, (_, i) => c(String(i + 1)));

/** Tables keyed by function code: 合计 row + code/name/values rows. */
function codedRows(t: SeedTable, kind: string, columns: string[], indentStep: number): Row[] {
  return t.rows.map((raw) => {
    const [code, name, ...vals] = raw;
    const row = code === '合计' ? 'total' : code.replace(/\s+/gu, '');
    const head: Cell[] = code === '合计' ? [c('合计', { colSpan: 2 })] : [left(code), left(name, { indent: codeIndent(code, indentStep) })];
    return { cells: [...head, ...columns.map((col, i) => value(vals[i] ?? '', { table: kind, row, column: col }, t.unit))] };
  });
}

function summary(t: SeedTable): TableLayout {
  const body: Row[] = t.rows.map(([n1, l1, a1, n2, l2, a2]) => ({
    cells: [
      left(n1),
      c(l1),
      value(a1, n1 ? { table: t.kind, row: `income:${normalizeName(n1)}`, column: 'amount' } : null, t.unit),
      left(n2),
      c(l2),
      value(a2, n2 ? { table: t.kind, row: `expenditure:${normalizeName(n2)}`, column: 'amount' } : null, t.unit),
    ],
  }));
  return {
    landscape: false,
    grid: {
      columns: [160, 30, 62.5, 160, 30, 62.5],
      header: [
        { cells: [c('收入', { colSpan: 3 }), c('支出', { colSpan: 3 })] },
        { cells: [c('项目'), c('行次'), c('金额'), c('项目'), c('行次'), c('金额')] },
        { cells: [c('栏次'), c(''), c('1'), c('栏次'), c(''), c('2')] },
      ],
      body,
      repeatHeader: true,
      fontSize: 8.5,
      minRowHeight: 17,
      group: 'table',
    },
  };
}

function income(t: SeedTable): TableLayout {
  const heads = ['本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'];
  return {
    landscape: false,
    grid: {
      columns: [46, 144, ...Array<number>(7).fill(45)],
      header: [
        { cells: [c('项目', { colSpan: 2 }), ...heads.map((h) => c(h, { rowSpan: 2 }))] },
        { cells: [c('科目代码'), c('科目名称')] },
        { cells: [c('栏次', { colSpan: 2 }), ...label(7)] },
      ],
      body: codedRows(t, t.kind, ['total', 'fiscal', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'], 6),
      repeatHeader: true,
      fontSize: 8,
      minRowHeight: 15.5,
      group: 'table',
    },
  };
}

function expenditure(t: SeedTable): TableLayout {
  const heads = ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'];
  return {
    landscape: false,
    grid: {
      columns: [48, 85, ...Array<number>(6).fill(62)],
      header: [
        { cells: [c('项目', { colSpan: 2 }), ...heads.map((h) => c(h, { rowSpan: 2 }))] },
        { cells: [c('科目代码'), c('科目名称')] },
        { cells: [c('栏次', { colSpan: 2 }), ...label(6)] },
      ],
      body: codedRows(t, t.kind, ['total', 'basic', 'project', 'remit_superior', 'operating', 'affiliated_subsidy'], 0),
      repeatHeader: true,
      fontSize: 9,
      minRowHeight: 21,
      group: 'table',
    },
  };
}

function fiscalSummary(t: SeedTable): TableLayout {
  const FUNDS = ['一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'];
  let leftParent = '';
  let rightParent = '';
  const key = (side: 'income' | 'expenditure', name: string, parent: string): string => {
    const n = normalizeName(name);
    return `${side}:${parent && FUNDS.includes(n) ? `${parent}/` : ''}${n}`;
  };
  const body: Row[] = t.rows.map(([n1, l1, a1, n2, l2, ...vals]) => {
    if (/结转和结余$/u.test(n1)) leftParent = normalizeName(n1);
    else if (n1 && !FUNDS.includes(normalizeName(n1))) leftParent = '';
    if (/结转和结余$/u.test(n2)) rightParent = normalizeName(n2);
    else if (n2 && !FUNDS.includes(normalizeName(n2))) rightParent = '';
    const lk = n1 ? key('income', n1, /结转和结余$/u.test(n1) ? '' : leftParent) : '';
    const rk = n2 ? key('expenditure', n2, /结转和结余$/u.test(n2) ? '' : rightParent) : '';
    return {
      cells: [
        left(n1),
        c(l1),
        value(a1, lk ? { table: t.kind, row: lk, column: 'amount' } : null, t.unit),
        left(n2),
        c(l2),
        ...['total', 'general_budget', 'gov_fund', 'state_capital'].map((col, i) =>
          value(vals[i] ?? '', rk ? { table: t.kind, row: rk, column: col } : null, t.unit),
        ),
      ],
    };
  });
  return {
    landscape: false,
    grid: {
      columns: [100, 25, 52, 100, 25, 52, 50.33, 50.33, 50.34],
      header: [
        { cells: [c('收入', { colSpan: 3 }), c('支出', { colSpan: 6 })] },
        {
          cells: [
            c('项目'),
            c('行次'),
            c('金额'),
            c('项目'),
            c('行次'),
            c('合计'),
            c('一般公共预算财政拨款'),
            c('政府性基金预算财政拨款'),
            c('国有资本经营预算财政拨款'),
          ],
        },
        { cells: [c('栏次'), c(''), c('1'), c('栏次'), c(''), ...['2', '3', '4', '5'].map((s) => c(s))] },
      ],
      body,
      repeatHeader: true,
      fontSize: 8,
      minRowHeight: 15.5,
      group: 'table',
    },
  };
}

function generalBudget(t: SeedTable): TableLayout {
  return {
    landscape: false,
    grid: {
      columns: [62, 173, 90, 90, 90],
      header: [
        { cells: [c('项目', { colSpan: 2 }), c('本年支出', { colSpan: 3 })] },
        { cells: [c('科目代码'), c('科目名称'), c('小计'), c('基本支出'), c('项目支出')] },
        { cells: [c('栏次', { colSpan: 2 }), ...label(3)] },
      ],
      body: codedRows(t, t.kind, ['total', 'basic', 'project'], 8),
      repeatHeader: false,
      fontSize: 9.5,
      minRowHeight: 23,
      group: 'table',
    },
  };
}

function generalBudgetBasic(t: SeedTable): TableLayout {
  const body: Row[] = t.rows.map((raw) => {
    if (raw[0] === '人员经费合计') {
      return {
        cells: [
          c('人员经费合计', { colSpan: 2 }),
          value(raw[2], { table: t.kind, row: 'personnel_total', column: 'amount' }, t.unit),
          c('公用经费合计', { colSpan: 8 }),
          value(raw[11], { table: t.kind, row: 'public_total', column: 'amount' }, t.unit),
        ],
      };
    }
    const cells: Cell[] = [];
    for (let g = 0; g < 4; g++) {
      const [code, name, amount] = raw.slice(3 * g, 3 * g + 3);
      cells.push(left(code), left(name, { indent: codeIndent(code, 5) }), value(amount, code ? { table: t.kind, row: code, column: 'amount' } : null, t.unit));
    }
    return { cells };
  });
  const group = [c('科目代码'), c('科目名称'), c('决算数')];
  return {
    landscape: true,
    grid: {
      columns: [40, 100, 50.5, 40, 100, 50.5, 40, 100, 50.5, 40, 100, 50.5],
      header: [
        { cells: [c('人员经费', { colSpan: 3 }), c('公用经费', { colSpan: 9 })] },
        { cells: [...group, ...group, ...group, ...group] },
      ],
      body,
      repeatHeader: true,
      fontSize: 8,
      minRowHeight: 14.5,
      group: 'table',
    },
  };
}

function govFund(t: SeedTable): TableLayout {
  return {
    landscape: false,
    grid: {
      columns: [50, 135, 53.33, 53.33, 53.33, 53.33, 53.34, 53.34],
      header: [
        {
          cells: [
            c('项目', { colSpan: 2 }),
            c('年初结转和结余', { rowSpan: 2 }),
            c('本年收入', { rowSpan: 2 }),
            c('本年支出', { colSpan: 3 }),
            c('年末结转和结余', { rowSpan: 2 }),
          ],
        },
        { cells: [c('科目代码'), c('科目名称'), c('小计'), c('基本支出'), c('项目支出')] },
        { cells: [c('栏次', { colSpan: 2 }), ...label(6)] },
      ],
      body: codedRows(t, t.kind, ['carryover_begin', 'income', 'expenditure_total', 'basic', 'project', 'carryover_end'], 8),
      repeatHeader: true,
      fontSize: 9,
      minRowHeight: 20,
      group: 'table',
    },
  };
}

function stateCapital(t: SeedTable): TableLayout {
  return {
    landscape: false,
    grid: {
      columns: [62, 173, 90, 90, 90],
      header: [
        { cells: [c('项目', { colSpan: 2 }), c('本年支出', { colSpan: 3 })] },
        { cells: [c('科目代码'), c('科目名称'), c('合计'), c('基本支出'), c('项目支出')] },
        { cells: [c('栏次', { colSpan: 2 }), ...label(3)] },
      ],
      body: codedRows(t, t.kind, ['expenditure_total', 'basic', 'project'], 8),
      repeatHeader: true,
      fontSize: 9,
      minRowHeight: 20,
      group: 'table',
    },
  };
}

function threePublic(t: SeedTable): TableLayout {
  const cols = ['total', 'overseas', 'vehicle_total', 'vehicle_purchase', 'vehicle_operation', 'reception'];
  const side = [
    c('合计', { rowSpan: 2 }),
    c('因公出国（境）费', { rowSpan: 2 }),
    c('公务用车购置及运行维护费', { colSpan: 3 }),
    c('公务接待费', { rowSpan: 2 }),
  ];
  const sub = [c('小计'), c('公务用车购置费'), c('公务用车运行维护费')];
  const body: Row[] = t.rows.map((raw) => ({
    cells: raw.map((printed, i) => value(printed, { table: t.kind, row: i < 6 ? 'budget' : 'actual', column: cols[i % 6] }, t.unit)),
  }));
  return {
    landscape: false,
    grid: {
      columns: Array<number>(12).fill(505 / 12),
      header: [
        { cells: [c('预算数', { colSpan: 6 }), c('决算数', { colSpan: 6 })] },
        { cells: [...side, ...side.map((x) => ({ ...x }))] },
        { cells: [...sub, ...sub.map((x) => ({ ...x }))] },
        { cells: label(12) },
      ],
      body,
      repeatHeader: true,
      fontSize: 8,
      minRowHeight: 22,
      group: 'table',
    },
  };
}

const STATS_KEYS: Record<string, [string, string?]> = {
  '1': ['procurement_total'],
  '2': ['procurement_goods'],
  '3': ['procurement_works'],
  '4': ['procurement_services'],
  '5': ['running_cost_admin'],
  '6': ['running_cost_psml'],
  '7': ['vehicles_total', '辆'],
  '8': ['vehicles_ministerial', '辆'],
  '9': ['vehicles_head', '辆'],
  '10': ['vehicles_confidential', '辆'],
  '11': ['vehicles_emergency', '辆'],
  '12': ['vehicles_law_enforcement', '辆'],
  '13': ['vehicles_special', '辆'],
  '14': ['vehicles_retired', '辆'],
  '15': ['vehicles_other', '辆'],
  '16': ['equipment_over_1m', '台'],
  '17': ['equipment_over_1m', '台'],
};

function disclosureStats(t: SeedTable): TableLayout {
  const body: Row[] = t.rows.map(([name, line, amount]) => {
    if (/^[一二三四五六七八九十]+、/u.test(name) && !line && !amount) return { cells: [left(name, { colSpan: 3 })] };
    if (name === '项目') return { cells: [c(name), c(line), c(amount)] };
    const k = STATS_KEYS[line];
    const unit = k?.[1] ?? t.unit;
    const fmt = k?.[1] ? '0' : '0.00';
    return { cells: [left(name), c(line), value(amount, k ? { table: t.kind, row: k[0], column: 'amount' } : null, unit, fmt)] };
  });
  return {
    landscape: false,
    grid: {
      columns: [300, 60, 145],
      header: [],
      body,
      repeatHeader: false,
      fontSize: 9.5,
      minRowHeight: 22,
      group: 'table',
    },
  };
}

const BUILDERS: Record<string, (t: SeedTable) => TableLayout> = {
  summary,
  income,
  expenditure,
  fiscal_summary: fiscalSummary,
  general_budget: generalBudget,
  general_budget_basic: generalBudgetBasic,
  gov_fund: govFund,
  state_capital: stateCapital,
  three_public: threePublic,
  disclosure_stats: disclosureStats,
};

export function tableLayout(t: SeedTable): TableLayout {
  const build = BUILDERS[t.kind];
  if (!build) throw new Error(`no layout for table kind ${t.kind}`);
  return build(t);
}

/** All cells of a grid that carry a fact, with the printed text. */
export function gridFacts(grid: GridSpec): { fact: FactRef; printed: string }[] {
  return [...grid.header, ...grid.body].flatMap((r) =>
    r.cells.filter((cell) => cell.fact).map((cell) => ({ fact: cell.fact!, printed: cell.text })),
  );
}
