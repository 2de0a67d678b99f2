/**
 * Validation that knows what it does not know. A broken identity (beyond rounding) that takes a number the reader
 * did not get — a blank cell in a table whose amounts were not all read (tables[].quality), a side or column of
 * which no number was read (or that the table does not have), a row the table does not print at all, or a short side in a table whose unread amounts could close the gap — becomes an
 * `extraction.*` warning naming the gap, not an error charged to the document. Errors stay for numbers that were
 * read and do not add up.
 *
 * After validation, each table's identities (checked, held, within rounding, broken) are written into its
 * quality report, from the issues: no identity is computed here.
 */
import type { Extraction, Issue, PrintedAmount, TableQuality } from '../model/schema.js';
import { RULES } from '../domain/checks.js';
import { EXTRACTION_RULES, GAP_FAMILIES, GAP_LIST } from '../domain/extraction.js';
import type { Ctx, Term } from './context.js';

type Gap = NonNullable<Issue['gap']>;

/** The table prints amounts the reader did not turn into facts, or numbers under columns it could not name. */
function incomplete(q: TableQuality | undefined): boolean {
  return !!q && (q.unmatched.length > 0 || q.unkeyedColumns.some((c) => c.values > 0));
}

function unreadOf(q: TableQuality | undefined, page?: number): PrintedAmount[] {
  const all = q?.unmatched ?? [];
  const here = page === undefined ? all : all.filter((u) => u.page === page);
  return (here.length ? here : all).slice(0, GAP_LIST);
}

/** The page a row of a table is printed on, if the table lists it. */
function rowPage(ctx: Ctx, table: string, row: string): number | undefined {
  return ctx.table(table)?.rows.find((r) => r.key === row)?.page;
}

/** A term's side of a two-sided table (`income:…`), and whether that side gave any fact in the column. */
function sideRead(ctx: Ctx, t: Term): boolean {
  const m = t.row.match(/^(income|expenditure):/);
  if (!m) return true;
  for (const [row, cols] of ctx.rows(t.table)) if (row.startsWith(m[0]) && cols.size) return true;
  return false;
}

/**
 * The reader's gap behind a broken identity, if there is one: `terms` all numbers the identity takes, `short` the
 * side whose sum falls short, `diff` and `tol` the difference and its rounding tolerance.
 */
export function readerGap(ctx: Ctx, ruleId: string, terms: Term[], short: Term[], diff: number, tol: number): { rule: string; title: string; gap: Gap } | undefined {
  const quality = (table: string) => ctx.table(table)?.quality;
  // a blank cell the identity takes
  for (const t of terms) {
    if (t.fact) continue;
    const q = quality(t.table);
    const page = rowPage(ctx, t.table, t.row);
    const where = { rule: ruleId, table: t.table, row: t.row, column: t.column, ...(page !== undefined ? { page } : {}) };
    if (!sideRead(ctx, t) || !ctx.hasColumn(t.table, t.column) || (!ctx.hasFactColumn(t.table, t.column) && incomplete(q))) {
      return { rule: EXTRACTION_RULES.side.id, title: EXTRACTION_RULES.side.title, gap: { ...where, unread: unreadOf(q, page) } };
    }
    if (!ctx.hasRow(t.table, t.row)) return { rule: EXTRACTION_RULES.row.id, title: EXTRACTION_RULES.row.title, gap: { ...where, unread: unreadOf(q, page) } };
    if (incomplete(q)) return { rule: EXTRACTION_RULES.blank.id, title: EXTRACTION_RULES.blank.title, gap: { ...where, unread: unreadOf(q, page) } };
  }
  // every number read: the short side may still lack amounts its table printed and the reader did not get
  const need = Math.abs(diff) - tol;
  for (const table of new Set(short.map((t) => t.table))) {
    const q = quality(table);
    if (!incomplete(q)) continue;
    const unread = q!.unmatched.reduce((s, u) => s + Math.abs(u.value), 0);
    if (unread + 1e-7 < need && !q!.unkeyedColumns.some((c) => c.values > 0)) continue;
    const first = unreadOf(q);
    return {
      rule: EXTRACTION_RULES.unread.id, title: EXTRACTION_RULES.unread.title,
      gap: { rule: ruleId, table, ...(first[0] ? { page: first[0].page } : {}), unread: first },
    };
  }
  return undefined;
}

const IDENTITY_RULES = new Set<string>([
  ...Object.values(RULES).filter((r) => (GAP_FAMILIES as readonly string[]).includes(r.family)).map((r) => r.id),
  ...Object.values(EXTRACTION_RULES).map((r) => r.id),
]);

/** Writes each table's identity results (from the issues and the count of identities validation evaluated). */
export function attachIdentities(doc: Extraction, issues: Issue[], evaluated: Map<string, number>): void {
  for (const t of doc.tables) {
    if (!t.quality) continue;
    const mine = issues.filter((i) => IDENTITY_RULES.has(i.rule) && (i.refs.some((r) => r.table === t.kind) || i.gap?.table === t.kind));
    const broken = mine.filter((i) => i.severity !== 'info');
    const rounding = mine.length - broken.length;
    const checked = Math.max(evaluated.get(t.kind) ?? 0, mine.length);
    t.quality.identities = {
      checked, held: checked - broken.length, rounding,
      broken: broken.map((i) => {
        const r = i.gap ?? i.refs.find((x) => x.table === t.kind) ?? i.refs[0];
        return {
          rule: i.rule, severity: i.severity, ...(r?.row ? { row: r.row } : {}), ...(r?.column ? { column: r.column } : {}),
          ...((i.gap?.page ?? i.page) !== undefined ? { page: i.gap?.page ?? i.page } : {}),
        };
      }),
    };
  }
}
