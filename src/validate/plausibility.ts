/**
 * Plausibility of single cells and of units: a percentage share outside 0–100 %; a negative amount where the
 * row and column cannot be negative; an amount many times its own whole (a 元 figure in a 万元 table); a table
 * printed without a money unit; one figure printed twice (two tables, or the narrative and a table) 10⁴ or 10⁸
 * apart — the same figure in another unit.
 *
 * The unit checks read the issues the cross-table and narrative rules raised (they run first): a mismatch whose
 * two sides are one unit ratio apart is a unit fault, said as such.
 */
import { MAGNITUDE_FACTOR, MAY_BE_NEGATIVE, SHARE, UNIT_NARRATIVE_RULES, UNIT_RATIOS, UNIT_TABLE_RULES } from '../domain/checks.js';
import type { Fact } from '../model/schema.js';
import type { Ctx, IssueInput } from './context.js';
import { normText, readNumbers } from './narrative.js';
import { isDisclosureTable } from './structure.js';
import { CLAUSE_PUNCTUATION } from '../domain/narrative.js';

const MONEY = new Set(['元', '万元', '亿元']);

/** The cells that contain a cell: its column's 合计 row, its parent 类/款 row, its row's 合计 column. */
function wholesOf(ctx: Ctx, f: Fact): Fact[] {
  const out: Fact[] = [];
  const add = (row: string, column: string) => {
    if (row === f.row && column === f.column) return;
    const w = ctx.fact(f.table, row, column);
    if (w && canonical(w)) out.push(w);
  };
  add('total', f.column);
  if (/^\d{5,9}$/.test(f.row)) add(f.row.slice(0, f.row.length - 2), f.column);
  if (f.column !== 'total') add(f.row, 'total');
  return out;
}

/**
 * A fact in a column and row of the standard vocabulary: columns the reader keyed by their printed label (比上年增减,
 * 科目编码 read as a number) or a repeated key (total#2) may be anything, so no plausibility is asked of them.
 */
const canonical = (f: Fact) => /^[a-z_]+$/.test(f.column) && !f.row.includes('#');

function cells(ctx: Ctx): void {
  for (const f of ctx.doc.facts) {
    if (!canonical(f)) continue;
    if (f.unit === '%') {
      if (f.value < 0) {
        ctx.emit({
          rule: 'cellPercent', diff: 0, tol: 0, severity: 'warning',
          message: `${ctx.tableName(f.table)} ${ctx.cellName(f)}为 ${f.printed ?? f.value}%，百分数不能为负`,
          refs: [{ table: f.table, row: f.row, column: f.column }], page: f.page, printed: f.value,
        });
      }
      continue;
    }
    if (!MONEY.has(f.unit)) continue;
    if (f.value < 0 && !MAY_BE_NEGATIVE.test(f.row) && !MAY_BE_NEGATIVE.test(f.column) && !MAY_BE_NEGATIVE.test(f.rowLabel ?? '')) {
      ctx.emit({
        rule: 'cellNegative', diff: 0, tol: 0, severity: 'warning',
        message: `${ctx.tableName(f.table)} ${ctx.cellName(f)}为负数 ${f.printed ?? f.value}，收入、支出和经费不能为负`,
        refs: [{ table: f.table, row: f.row, column: f.column }], page: f.page, printed: f.value,
      });
    }
    if (f.value <= 0) continue;
    const wholes = wholesOf(ctx, f).filter((w) => w.value > 0);
    const whole = wholes.sort((a, b) => b.value - a.value)[0];
    if (whole && f.value > MAGNITUDE_FACTOR * whole.value) {
      const ratio = f.value / whole.value;
      ctx.emit({
        rule: 'cellMagnitude', diff: 0, tol: 0, severity: 'warning',
        message:
          `${ctx.tableName(f.table)} ${ctx.cellName(f)}为 ${f.printed ?? f.value}，是包含它的 ${ctx.cellName(whole)} ${whole.printed ?? whole.value} 的 ${Math.round(ratio)} 倍：` +
          `数量级不对（${f.unit === '万元' && ratio >= 1e3 ? '万元表中的元数？' : '单位或小数点有误？'}）`,
        refs: [{ table: f.table, row: f.row, column: f.column }, { table: whole.table, row: whole.row, column: whole.column }],
        page: f.page, printed: f.value, expected: whole.value,
      });
    }
  }
  // shares in the narrative: 占X% of a whole is at most 100 %
  for (const s of ctx.doc.narrative) {
    const text = normText(s.text);
    for (const tok of readNumbers(text)) {
      if (tok.type !== 'percent' || tok.value <= 100 + tok.half + 1e-9) continue;
      const lead = text.slice(Math.max(0, tok.start - 24), tok.start).split(CLAUSE_PUNCTUATION).pop() ?? '';
      if (!SHARE.test(lead)) continue;
      ctx.emit({
        rule: 'cellPercent', diff: 0, tol: 0, severity: 'warning',
        message: `情况说明称占比为 ${tok.text}，部分占整体的比例不能超过 100%`,
        refs: [], page: s.page, printed: tok.value, sentence: sentenceAt(text, tok.start),
      });
    }
  }
}

/** The sentence of normalised text around an offset. */
export function sentenceAt(text: string, at: number): string {
  let a = at;
  while (a > 0 && !'。;!?\n'.includes(text[a - 1])) a--;
  let b = at;
  while (b < text.length && !'。;!?\n'.includes(text[b])) b++;
  return text.slice(a, Math.min(text.length, b + 1));
}

function unitRatio(printed: number, expected: number, tol: number): number | null {
  if (!printed || !expected) return null;
  for (const r of UNIT_RATIOS) {
    const [big, small] = printed > expected ? [printed, expected] : [expected, printed];
    if (Math.abs(big - small * r) <= (tol + 0.005) * r + 1e-9) return printed > expected ? r : 1 / r;
  }
  return null;
}

function units(ctx: Ctx): void {
  const doc = ctx.doc;
  for (const t of doc.tables) {
    if (!isDisclosureTable(ctx, t.kind) || !t.unitAssumed || t.empty || !ctx.nonEmpty(t.kind) || t.method === 'sheet') continue;
    if (!ctx.factsOf(t.kind).some((f) => MONEY.has(f.unit))) continue;
    ctx.emit({
      rule: 'unitMissing', diff: 0, tol: 0, severity: 'warning',
      message: `${ctx.tableName(t.kind)} 没有注明金额单位（按${t.unit}读取）`,
      refs: [{ table: t.kind }], page: t.pages[0],
    });
  }
  const money = doc.tables.filter((t) => !t.empty && ctx.factsOf(t.kind).some((f) => MONEY.has(f.unit)));
  const byUnit = new Map<string, string[]>();
  for (const t of money) byUnit.set(t.unit, [...(byUnit.get(t.unit) ?? []), ctx.tableName(t.kind)]);
  if (byUnit.size > 1) {
    ctx.emit({
      rule: 'unitTables', diff: 0, tol: 0, severity: 'info',
      message: `各表的金额单位不同：${[...byUnit].map(([u, ts]) => `${u}（${ts.join('、')}）`).join('；')}`,
      refs: money.map((t) => ({ table: t.kind })),
    });
  }
  const found: IssueInput[] = [];
  for (const i of ctx.issues) {
    if (i.severity === 'info' || i.printed === undefined || i.expected === undefined) continue;
    const table = UNIT_TABLE_RULES.includes(i.rule);
    if (!table && !UNIT_NARRATIVE_RULES.includes(i.rule)) continue;
    const r = unitRatio(i.printed, i.expected, i.tolerance ?? 0);
    if (!r) continue;
    const times = r >= 1 ? `${r.toExponential(0).replace('e+', '×10^')}` : `1/${(1 / r).toExponential(0).replace('e+', '×10^')}`;
    found.push({
      rule: table ? 'unitTables' : 'unitNarrative', diff: 0, tol: 0, severity: 'warning',
      message: table
        ? `同一数字在两处相差 ${times} 倍（${i.printed} 与 ${i.expected}）：其中一处的金额单位不对。${i.message}`
        : `情况说明所引金额 ${i.printed} 是表中 ${i.expected} 的 ${times} 倍：情况说明或表的金额单位不对。${i.message}`,
      refs: i.refs, ...(i.page !== undefined ? { page: i.page } : {}), printed: i.printed, expected: i.expected,
      ...(i.sentence ? { sentence: i.sentence } : {}),
    });
  }
  for (const i of found) ctx.emit(i);
}

export function plausibilityRules(ctx: Ctx): void {
  cells(ctx);
  units(ctx);
}
