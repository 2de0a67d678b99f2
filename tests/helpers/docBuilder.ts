/**
 * Small typed documents built by hand for validation tests: tables as { row: { column: number | '' } }, where ''
 * is a printed blank cell (the row exists, no fact).
 */
import type { EvaluationForm, Extraction, Fact, NarrativeSection, RowRecord, TableRecord } from '../../src/model/schema.js';
import { kindSpec } from '../../src/domain/kinds.js';

export type Cells = Record<string, number | ''>;

export interface TableSpec {
  rows: Record<string, Cells>;
  labels?: Record<string, string>;
  empty?: boolean;
  unit?: string;
  label?: string;
  heading?: string;
}

export interface DocSpec {
  kind?: 'final' | 'budget';
  department?: string;
  year?: number;
  tables?: Record<string, TableSpec>;
  narrative?: (Partial<NarrativeSection> & { text: string })[];
  forms?: EvaluationForm[];
  contents?: string[];
  facts?: Fact[];
}

const COUNT_ROWS = /^vehicles_|^equipment_/;

export function buildDoc(spec: DocSpec): Extraction {
  const tables: TableRecord[] = [];
  const facts: Fact[] = [];
  let page = 1;
  for (const [kind, t] of Object.entries(spec.tables ?? {})) {
    const unit = t.unit ?? '万元';
    const rows: RowRecord[] = [];
    const columns = new Set<string>();
    for (const [key, cells] of Object.entries(t.rows)) {
      const label = t.labels?.[key] ?? key;
      const rec: RowRecord = { key, label, page, cells: [], ...(/^\d+$/.test(key) ? { code: key } : {}) };
      for (const [column, v] of Object.entries(cells)) {
        columns.add(column);
        rec.cells.push({ column, text: v === '' ? '' : String(v), value: v === '' ? null : v });
        if (v === '') continue;
        const count = kind === 'disclosure_stats' && COUNT_ROWS.test(key);
        facts.push({
          table: kind, row: key, column, value: v, unit: count ? '辆' : unit, page,
          printed: count ? String(v) : v.toFixed(2), rowLabel: label,
        });
      }
      rows.push(rec);
    }
    tables.push({
      kind, label: t.label ?? null, title: kindSpec(kind)?.titles[0] ?? kind, pages: [page], unit,
      empty: t.empty ?? !rows.some((r) => r.cells.some((c) => c.value !== null)),
      columns: [...columns].map((key) => ({ key, label: key })), header: [], rows,
      ...(t.heading ? { heading: t.heading } : {}),
    });
    page++;
  }
  facts.push(...(spec.facts ?? []));
  return {
    document: { department: spec.department ?? '测试局', year: spec.year ?? 2024, kind: spec.kind ?? 'final' },
    tables,
    facts,
    issues: [],
    forms: spec.forms ?? [],
    narrative: (spec.narrative ?? []).map((n, i) => ({ heading: n.heading ?? '', text: n.text, page: n.page ?? 20 + i })),
    pages: [],
    contents: spec.contents ?? [],
    warnings: [],
    pipeline: { name: 'yjsgk', version: 'test' },
  };
}

/** The tables of a consistent small 决算: all money is this year's 一般公共预算 money. */
export function consistentTables(): Record<string, TableSpec> {
  return {
    summary: {
      rows: {
        'income:一般公共预算财政拨款收入': { amount: 300 },
        'income:本年收入合计': { amount: 300 },
        'income:年初结转和结余': { amount: '' },
        'income:总计': { amount: 300 },
        'expenditure:一般公共服务支出': { amount: 100 },
        'expenditure:公共安全支出': { amount: 200 },
        'expenditure:本年支出合计': { amount: 300 },
        'expenditure:年末结转和结余': { amount: '' },
        'expenditure:总计': { amount: 300 },
      },
    },
    income: {
      rows: {
        total: { total: 300, fiscal: 300 },
        '201': { total: 100, fiscal: 100 },
        '20101': { total: 100, fiscal: 100 },
        '2010101': { total: 100, fiscal: 100 },
        '204': { total: 200, fiscal: 200 },
        '20402': { total: 200, fiscal: 200 },
        '2040201': { total: 49.89, fiscal: 49.89 },
        '2040220': { total: 150.11, fiscal: 150.11 },
      },
      labels: { '201': '一般公共服务支出', '204': '公共安全支出', '20402': '公安', '2040220': '执法办案' },
    },
    expenditure: {
      rows: {
        total: { total: 300, basic: 149.89, project: 150.11 },
        '201': { total: 100, basic: 100, project: '' },
        '20101': { total: 100, basic: 100, project: '' },
        '2010101': { total: 100, basic: 100, project: '' },
        '204': { total: 200, basic: 49.89, project: 150.11 },
        '20402': { total: 200, basic: 49.89, project: 150.11 },
        '2040201': { total: 49.89, basic: 49.89, project: '' },
        '2040220': { total: 150.11, basic: '', project: 150.11 },
      },
      labels: { '201': '一般公共服务支出', '204': '公共安全支出', '20402': '公安', '2040220': '执法办案' },
    },
    fiscal_summary: {
      rows: {
        'income:一般公共预算财政拨款': { amount: 300 },
        'income:本年收入合计': { amount: 300 },
        'income:总计': { amount: 300 },
        'expenditure:一般公共服务支出': { total: 100, general_budget: 100, gov_fund: '' },
        'expenditure:公共安全支出': { total: 200, general_budget: 200, gov_fund: '' },
        'expenditure:本年支出合计': { total: 300, general_budget: 300, gov_fund: '' },
        'expenditure:总计': { total: 300, general_budget: 300, gov_fund: '' },
      },
    },
    general_budget: {
      rows: {
        total: { total: 300, basic: 149.89, project: 150.11 },
        '201': { total: 100, basic: 100, project: '' },
        '20101': { total: 100, basic: 100, project: '' },
        '2010101': { total: 100, basic: 100, project: '' },
        '204': { total: 200, basic: 49.89, project: 150.11 },
        '20402': { total: 200, basic: 49.89, project: 150.11 },
        '2040201': { total: 49.89, basic: 49.89, project: '' },
        '2040220': { total: 150.11, basic: '', project: 150.11 },
      },
      labels: { '201': '一般公共服务支出', '204': '公共安全支出', '20402': '公安', '2040220': '执法办案' },
    },
    general_budget_basic: {
      rows: {
        '301': { amount: 120 },
        '30101': { amount: 70 },
        '30102': { amount: 50 },
        '302': { amount: 29.89 },
        '30201': { amount: 20 },
        '30227': { amount: '' },
        '30299': { amount: 9.89 },
        '303': { amount: '' },
        personnel_total: { amount: 120 },
        public_total: { amount: 29.89 },
      },
      labels: { '301': '工资福利支出', '30101': '基本工资', '30102': '津贴补贴', '302': '商品和服务支出', '30201': '办公费', '30227': '委托业务费', '30299': '其他商品和服务支出', '303': '对个人和家庭的补助' },
    },
    three_public: {
      rows: {
        budget: { total: 20, overseas: 10, vehicle_total: 6, vehicle_purchase: '', vehicle_operation: 6, reception: 4 },
        actual: { total: 15, overseas: 8, vehicle_total: 5, vehicle_purchase: 0, vehicle_operation: 5, reception: 2 },
      },
    },
    disclosure_stats: {
      rows: {
        procurement_total: { amount: 60 },
        procurement_goods: { amount: 10 },
        procurement_works: { amount: '' },
        procurement_services: { amount: 50 },
        running_cost_admin: { amount: 29.89 },
        vehicles_total: { amount: 7 },
        vehicles_law_enforcement: { amount: 5 },
        vehicles_special: { amount: 2 },
        vehicles_other: { amount: '' },
      },
    },
    // printed after the 基本支出 table, as the standard order has them
    gov_fund: { rows: {}, empty: true },
    state_capital: { rows: {}, empty: true },
  };
}
