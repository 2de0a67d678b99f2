/**
 * The validation context: the document's facts indexed by (table, row, column) — the one source of truth for
 * numbers — with each table's rounding unit, names for messages, and the one place where a difference becomes an
 * issue of some severity (see the policy in src/domain/checks.ts).
 *
 * Table kinds are written in rules as their 决算 names (`income`, `general_budget` …); a 预算 document's twin kinds
 * (`budget_income` …) answer to the same names.
 */
import type { Extraction, Fact, FactRef, Issue, Severity, TableRecord } from '../model/schema.js';
import { COLUMN_NAMES, ROW_NAMES, RULES, type RuleKey } from '../domain/checks.js';
import { KINDS, normName } from '../domain/kinds.js';
import { GAP_FAMILIES } from '../domain/extraction.js';
import { readerGap } from './extraction.js';
import { FIGURES_OR_NUMBER } from '../domain/cells.js';
import { decimals as decimalsOf, round } from '../normalize/numbers.js';

/** One number taking part in a check: a fact, or a blank cell (value 0) of a table that has the row or column. */
export interface Term {
  table: string;
  row: string;
  column: string;
  value: number;
  /** half a unit of the last printed decimal: how far the printed number may be from the true one */
  half: number;
  fact?: Fact;
}

export interface IssueInput {
  rule: RuleKey;
  /** |printed − expected|; with `tol`, decides the severity */
  diff: number;
  tol: number;
  message: string;
  refs: FactRef[];
  page?: number;
  expected?: number;
  printed?: number;
  values?: Record<string, number>;
  sentence?: string;
  /** a severity that does not follow from the difference (completeness, wording) */
  severity?: Severity;
  /** the numbers the identity takes (blank cells included) and the side that falls short: a broken identity that
   *  takes a number the reader did not get is an `extraction.*` warning (src/validate/extraction.ts) */
  terms?: Term[];
  short?: Term[];
}

const MONEY = new Set(['元', '万元', '亿元']);
const EPS = 1e-7;

/** Kinds by the 决算 name rules use: the kind itself and its 预算 twin. */
const ALIASES = new Map<string, string[]>();
for (const k of KINDS) {
  const base = k.twin ?? k.kind;
  ALIASES.set(base, [...(ALIASES.get(base) ?? []), k.kind]);
}

export { decimals as decimalsOf, round } from '../normalize/numbers.js';

export class Ctx {
  readonly doc: Extraction;
  readonly issues: Issue[] = [];
  /** identities evaluated, per table (tables[].quality.identities) */
  readonly evaluated = new Map<string, number>();
  private readonly index = new Map<string, Map<string, Map<string, Fact>>>();
  private readonly tableByKind = new Map<string, TableRecord>();
  private readonly halfByTable = new Map<string, number>();
  private readonly decByTable = new Map<string, number>();
  private readonly rowLabels = new Map<string, Map<string, string>>();
  private readonly rowKeys = new Map<string, Set<string>>();
  private readonly columns = new Map<string, Set<string>>();
  private readonly factColumns = new Map<string, Set<string>>();
  private readonly kindCache = new Map<string, string>();
  /** tables with amounts under repeated or missing row keys: their identities are the reader's gap */
  readonly partlyKeyed = new Set<string>();
  /** the rows (`kind|row`) of those tables that hold such amounts: a sum across the other rows' columns is seen whole */
  private readonly partlyKeyedRows = new Set<string>();

  constructor(doc: Extraction) {
    this.doc = doc;
    for (const t of doc.tables) if (!this.tableByKind.has(t.kind)) this.tableByKind.set(t.kind, t);
    const maxDec = new Map<string, number>();
    for (const f of doc.facts) {
      // a key met again (`total#2`) or an amount in a row without a key (`x:…`) is in no identity, and the sums
      // of its table cannot be seen whole
      if (f.column.includes('#') || f.column.startsWith('x:')) {
        this.partlyKeyed.add(f.table);
        this.partlyKeyedRows.add(`${f.table}|${f.row}`);
        continue;
      }
      let rows = this.index.get(f.table);
      if (!rows) this.index.set(f.table, (rows = new Map()));
      let cols = rows.get(f.row);
      if (!cols) rows.set(f.row, (cols = new Map()));
      if (!cols.has(f.column)) cols.set(f.column, f);
      let cs = this.columns.get(f.table);
      if (!cs) this.columns.set(f.table, (cs = new Set()));
      cs.add(f.column);
      let fc = this.factColumns.get(f.table);
      if (!fc) this.factColumns.set(f.table, (fc = new Set()));
      fc.add(f.column);
      if (MONEY.has(f.unit)) {
        const d = f.printed !== undefined ? decimalsOf(f.printed) : decimalsOf(String(f.value));
        maxDec.set(f.table, Math.max(maxDec.get(f.table) ?? 0, d));
      }
      if (f.rowLabel) {
        let labels = this.rowLabels.get(f.table);
        if (!labels) this.rowLabels.set(f.table, (labels = new Map()));
        if (!labels.has(f.row)) labels.set(f.row, f.rowLabel);
      }
    }
    for (const [t, d] of maxDec) {
      this.decByTable.set(t, d);
      this.halfByTable.set(t, 0.5 * 10 ** -d);
    }
    for (const t of doc.tables) {
      const keys = new Set<string>();
      const labels = this.rowLabels.get(t.kind) ?? new Map<string, string>();
      for (const r of t.rows) {
        keys.add(r.key);
        if (r.label && !labels.has(r.key)) labels.set(r.key, r.label);
      }
      this.rowLabels.set(t.kind, labels);
      this.rowKeys.set(t.kind, keys);
      let cs = this.columns.get(t.kind);
      if (!cs) this.columns.set(t.kind, (cs = new Set()));
      for (const c of t.columns) cs.add(c.key.replace(/^(budget|actual)\./, ''));
    }
  }

  /** The document's kind for a rule's table name (the name itself, or its 预算 twin). */
  kind(name: string): string {
    let k = this.kindCache.get(name);
    if (k === undefined) {
      k = name;
      if (!this.tableByKind.has(name) && !this.index.has(name)) {
        for (const a of ALIASES.get(name) ?? []) {
          if (this.tableByKind.has(a) || this.index.has(a)) {
            k = a;
            break;
          }
        }
      }
      this.kindCache.set(name, k);
    }
    return k;
  }

  /** The 决算 name of a kind (its twin for 预算 kinds). */
  baseKind(kind: string): string {
    return KINDS.find((k) => k.kind === kind)?.twin ?? kind;
  }

  table(name: string): TableRecord | undefined {
    return this.tableByKind.get(this.kind(name));
  }

  /** The table is in the document (printed, possibly empty). */
  has(name: string): boolean {
    const k = this.kind(name);
    return this.tableByKind.has(k) || this.index.has(k);
  }

  /** The table has at least one fact. */
  nonEmpty(name: string): boolean {
    return (this.index.get(this.kind(name))?.size ?? 0) > 0;
  }

  /** The table prints this row (with or without numbers). */
  hasRow(name: string, row: string): boolean {
    const k = this.kind(name);
    return !!this.index.get(k)?.has(row) || !!this.rowKeys.get(k)?.has(row);
  }

  hasColumn(name: string, column: string): boolean {
    return !!this.columns.get(this.kind(name))?.has(column);
  }

  /** Some fact of the table is in this column. */
  hasFactColumn(name: string, column: string): boolean {
    return !!this.factColumns.get(this.kind(name))?.has(column);
  }

  /** The table prints rows keyed by a classification code. */
  hasCodeRows(name: string): boolean {
    const k = this.kind(name);
    for (const r of this.index.get(k)?.keys() ?? []) if (/^\d{3,9}$/.test(r)) return true;
    for (const r of this.rowKeys.get(k) ?? []) if (/^\d{3,9}$/.test(r)) return true;
    return false;
  }

  /**
   * The table prints numbers in columns the reader could not name (会议费, 培训费 beside the 三公 columns …): its
   * 合计 may add them, so identities and quotes of its 合计 are not checked.
   */
  hasUnnamedNumbers(name: string): boolean {
    const t = this.table(name);
    // (a column whose key another column took first, `fiscal_special_6`, is as unnamed)
    return !!t?.rows.some((r) => r.cells.some((c) => /^col\d+$|_\d+$/.test(c.column) && c.value !== null));
  }

  fact(table: string, row: string, column: string): Fact | undefined {
    return this.index.get(this.kind(table))?.get(row)?.get(column);
  }

  /** Facts of a table: row → column → fact. */
  rows(table: string): Map<string, Map<string, Fact>> {
    return this.index.get(this.kind(table)) ?? new Map();
  }

  factsOf(table: string): Fact[] {
    const out: Fact[] = [];
    for (const cols of this.rows(table).values()) for (const f of cols.values()) out.push(f);
    return out;
  }

  /** Half a unit of the table's last printed decimal (money), 0 for counts. */
  half(table: string): number {
    return this.halfByTable.get(this.kind(table)) ?? 0.005;
  }

  decimals(table: string): number {
    return this.decByTable.get(this.kind(table)) ?? 2;
  }

  halfOf(f: Fact): number {
    if (!MONEY.has(f.unit)) {
      if (f.unit === '%') return 0.5 * 10 ** -decimalsOf(f.printed ?? String(f.value));
      return 0;
    }
    if (f.value === 0 && f.printed !== undefined && !f.printed.includes('.')) return 0;
    return this.half(f.table);
  }

  /** A term for a cell: its fact, else a blank (0) where `blankAsZero` and the table has numbers. */
  term(table: string, row: string, column: string, blankAsZero = true): Term | undefined {
    const k = this.kind(table);
    const f = this.fact(k, row, column);
    if (f) return { table: k, row, column, value: f.value, half: this.halfOf(f), fact: f };
    if (blankAsZero && this.nonEmpty(k)) return { table: k, row, column, value: 0, half: 0 };
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------
  // names for messages

  tableName(table: string): string {
    const t = this.table(table);
    if (!t) return table;
    return t.label ? `${t.title}(${t.label})` : t.title;
  }

  rowName(table: string, row: string): string {
    const label = this.rowLabels.get(this.kind(table))?.get(row);
    if (/^\d+$/.test(row)) return label && normName(label) !== row ? `${row} ${normName(label).replace(/^\d+/, '')}` : row;
    if (ROW_NAMES[row]) return ROW_NAMES[row];
    const m = row.match(/^(income|expenditure):(.*)$/);
    if (m) return `${m[1] === 'income' ? '收入' : '支出'}方「${m[2]}」`;
    return label ?? row;
  }

  /** The label of a code row as printed (normalised), if known. */
  label(table: string, row: string): string | undefined {
    const l = this.rowLabels.get(this.kind(table))?.get(row);
    return l === undefined ? undefined : normName(l).replace(/^\d{3,7}/, '');
  }

  rowLabelsOf(table: string): Map<string, string> {
    return this.rowLabels.get(this.kind(table)) ?? new Map();
  }

  colName(table: string, column: string): string {
    // a single 金额 column is printed under section headers (人员经费 | 公用经费) that do not name it
    if (column === 'amount') return COLUMN_NAMES.amount;
    const t = this.table(table);
    const info = t?.columns.find((c) => c.key === column || c.key.endsWith(`.${column}`));
    const printed = info?.label?.split('/').filter((s) => !FIGURES_OR_NUMBER.test(s)).pop();
    return printed || COLUMN_NAMES[column] || column;
  }

  cellName(t: Term | { table: string; row: string; column: string }): string {
    return `${this.rowName(t.table, t.row)}「${this.colName(t.table, t.column)}」`;
  }

  fmt(v: number, table?: string): string {
    const d = table ? this.decimals(table) : 2;
    if (Number.isInteger(v) && d === 0) return String(v);
    const s = round(v, 6).toFixed(Math.max(d, 2));
    return s;
  }

  // -------------------------------------------------------------------------------------------------------
  // issues

  /** Records an issue unless the difference is 0; within the tolerance it is `info`. */
  emit(i: IssueInput): Issue | undefined {
    const diff = round(Math.abs(i.diff), 6);
    const tol = round(i.tol, 6);
    let severity: Severity;
    if (i.severity) severity = i.severity;
    else {
      if (diff <= EPS) return undefined;
      severity = diff <= tol + EPS ? 'info' : RULES[i.rule].severity;
    }
    const issue: Issue = {
      rule: RULES[i.rule].id,
      severity,
      message: i.message,
      refs: i.refs,
      ...(i.page !== undefined ? { page: i.page } : {}),
      ...(i.expected !== undefined ? { expected: round(i.expected, 6) } : {}),
      ...(i.printed !== undefined ? { printed: round(i.printed, 6) } : {}),
      ...(i.severity === undefined ? { tolerance: tol } : {}),
      ...(i.values ? { values: i.values } : {}),
      ...(i.sentence ? { sentence: i.sentence } : {}),
    };
    const gap = severity === 'error' && i.terms && (GAP_FAMILIES as readonly string[]).includes(RULES[i.rule].family)
      ? readerGap(this, issue.rule, i.terms, i.short ?? i.terms, diff, tol)
      : undefined;
    if (gap) {
      issue.rule = gap.rule;
      issue.severity = 'warning';
      issue.message = `${gap.title}（${this.gapText(gap.gap)}）：${issue.message}`;
      issue.gap = gap.gap;
    }
    this.issues.push(issue);
    return issue;
  }

  /** A phrase for the difference and what it means. */
  diffText(diff: number, tol: number, table?: string): string {
    const d = Math.abs(diff);
    return d <= tol + EPS
      ? `相差 ${this.fmt(d, table)}，在舍入容差 ${round(tol, 6)} 以内`
      : `相差 ${this.fmt(d, table)}，超出舍入容差 ${round(tol, 6)}`;
  }

  refOf(t: Term | { table: string; row: string; column: string }): FactRef {
    return { table: t.table, row: t.row, column: t.column };
  }

  /** Values of terms for an issue: `row.column` (with the table where several tables take part). */
  valuesOf(terms: Term[]): Record<string, number> {
    const multi = new Set(terms.map((t) => t.table)).size > 1;
    const out: Record<string, number> = {};
    for (const t of terms) out[`${multi ? `${t.table}/` : ''}${t.row}.${t.column}`] = t.value;
    return out;
  }

  /**
   * total = Σ parts, as printed. Tolerance: half a unit for each non-blank number taking part. Refs: the total
   * first, then the non-blank parts.
   */
  sum(rule: RuleKey, total: Term, parts: Term[], what: (expected: number, text: string) => string): Issue | undefined {
    // a table with amounts under no key or a repeated one: its sums down the rows cannot be seen whole, but a sum
    // across one row's columns can where that row's amounts all have their keys (an OCR'd table one of whose codes
    // was misread still has its 合计 = 财政拨款 + … checked in every other row)
    const terms = [total, ...parts];
    const acrossOneRow = terms.every((t) => t.table === total.table && t.row === total.row) && !this.partlyKeyedRows.has(`${this.kind(total.table)}|${total.row}`);
    if (!acrossOneRow && terms.some((t) => this.partlyKeyed.has(this.kind(t.table)))) return undefined;
    const expected = parts.reduce((s, p) => s + p.value, 0);
    const diff = total.value - expected;
    const tol = terms.reduce((s, t) => s + t.half, 0);
    for (const t of new Set(terms.map((x) => x.table))) this.evaluated.set(t, (this.evaluated.get(t) ?? 0) + 1);
    if (Math.abs(round(diff, 6)) <= EPS) return undefined;
    const used = parts.filter((p) => p.fact);
    return this.emit({
      rule,
      diff,
      tol,
      message: what(expected, this.diffText(diff, tol, total.table)),
      refs: [this.refOf(total), ...used.map((p) => this.refOf(p))],
      page: total.fact?.page ?? used.find((p) => p.fact?.page)?.fact?.page,
      expected,
      printed: total.value,
      values: this.valuesOf([total, ...used]),
      terms: [total, ...parts],
      short: diff > 0 ? parts : [total],
    });
  }

  /** Where a reader's gap is: the table, row, column and page, and the first amounts printed there not read. */
  gapText(g: NonNullable<Issue['gap']>): string {
    const cell = g.row ? `${this.rowName(g.table, g.row)}${g.column ? `「${this.colName(g.table, g.column)}」` : ''}` : '';
    const unread = g.unread?.length ? `，未读出的金额如 ${g.unread.map((u) => `p.${u.page} ${u.text}`).join('、')}` : '';
    return `${this.tableName(g.table)}${cell ? ` ${cell}` : ''}${g.page !== undefined ? ` 第${g.page}页` : ''}${unread}`;
  }
}
