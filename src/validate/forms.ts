/**
 * Rules of the 附件 项目支出绩效自评表: 执行率 = 全年执行数 ÷ 全年预算数, 结余 = 全年预算数 − 全年执行数,
 * 总分 = Σ 得分, the 总分's 分值 = Σ 分值, an indicator's 得分 ≤ its 分值, the money part's 得分 = 执行率 × 分值.
 * Where a number is a fact (the money-total row, 总分) the fact's value is used; the form gives what facts do not
 * carry (indicator scores, the source rows of the money block). These are the only checks of a form's arithmetic:
 * `forms[].checks` and the facts' `sum_mismatch` flags are derived from the issues they raise (attachFormChecks).
 */
import { COLUMN_NAMES } from '../domain/checks.js';
import { MONEY_TOTAL_ROW_RE, formLabel } from '../domain/forms.js';
import { TRAILING_COLON } from '../domain/labels.js';
import type { EvaluationForm, Extraction, Fact, FactRef, FormCheck, Issue, MoneyRow } from '../model/schema.js';
import { decimalsOf, round, type Ctx } from './context.js';

const PE = 'performance_evaluation';

/**
 * Forms print their money as entered (8, 114.463, 29.626), not rounded to a common unit: a number is taken to
 * be exact to at least 0.01.
 */
function halfOfNumber(v: number, printed?: string): number {
  const d = printed !== undefined ? decimalsOf(printed) : decimalsOf(String(v));
  return v === 0 && !(printed ?? '').includes('.') ? 0 : 0.5 * 10 ** -Math.max(d, 2);
}

/**
 * A printed ratio agrees with the ratio of two printed numbers when it is that ratio rounded or truncated to the
 * printed decimals, for some values the two numbers may stand for: printed ∈ [lo − u, hi + u/2] (u: one unit of
 * the printed ratio's last decimal). `tol` is that interval, widened by `slack` units (shares adjusted so that
 * they total 100 % are off by one unit): a ratio within it is `info`, beyond it the rule's severity.
 */
export function ratioAgrees(printed: number, printedText: string | undefined, num: number, numHalf: number, den: number, denHalf: number, scale = 100, slack = 0): { ok: boolean; expected: number; tol: number } {
  const expected = (num / den) * scale;
  const u = 10 ** -decimalsOf(printedText ?? String(printed));
  const lo = (Math.max(0, num - numHalf) / (den + denHalf)) * scale;
  const hi = den - denHalf > 0 ? ((num + numHalf) / (den - denHalf)) * scale : Infinity;
  const ok = printed >= lo - u - 1e-9 && printed <= hi + u / 2 + 1e-9;
  const tol = printed < expected ? expected - lo + (1 + slack) * u : hi - expected + (0.5 + slack) * u;
  return { ok, expected, tol };
}

function formRef(form: EvaluationForm, column?: string): FactRef {
  return { table: PE, row: form.key, ...(column ? { column } : {}) };
}

function checkForm(ctx: Ctx, form: EvaluationForm): void {
  const facts = ctx.rows(PE).get(form.key) ?? new Map<string, Fact>();
  const total = form.money.find((m) => MONEY_TOTAL_ROW_RE.test(formLabel(m.label))) ?? form.money[0];
  const page = form.pages[0];
  const name = `自评表「${form.project}」`;
  for (const m of form.money) {
    const isTotal = m === total;
    const get = (field: keyof MoneyRow, column: string): { v: number; printed?: string; fact?: Fact } | undefined => {
      const f = isTotal ? facts.get(column) : undefined;
      if (f) return { v: f.value, printed: f.printed, fact: f };
      const v = m[field];
      return typeof v === 'number' ? { v, ...(field === 'executionRate' && m.executionRatePrinted ? { printed: m.executionRatePrinted } : {}) } : undefined;
    };
    const budget = get('budgetFullYear', 'budget_full_year');
    const executed = get('executed', 'executed');
    const rate = get('executionRate', 'execution_rate');
    const where = `${name} ${m.label.replace(TRAILING_COLON, '')}`;
    const refsOf = (...xs: ({ fact?: Fact } | undefined)[]) => {
      const cols = xs.map((x) => x?.fact?.column).filter((c): c is string => !!c);
      return cols.length ? cols.map((c) => formRef(form, c)) : [formRef(form)];
    };
    if (budget && executed && rate && budget.v > 0) {
      const r = ratioAgrees(rate.v, rate.printed, executed.v, halfOfNumber(executed.v, executed.printed), budget.v, halfOfNumber(budget.v, budget.printed));
      if (!r.ok) {
        ctx.emit({
          rule: 'formExecutionRate', diff: rate.v - r.expected, tol: r.tol,
          message: `${where}：执行率印为 ${rate.printed ?? rate.v}，全年执行数 ${executed.v} ÷ 全年预算数 ${budget.v} = ${round(r.expected, 2)}%`,
          refs: refsOf(rate, executed, budget), page, expected: round(r.expected, 4), printed: rate.v,
          values: { budget_full_year: budget.v, executed: executed.v, execution_rate: rate.v },
        });
      }
    }
    if (budget && executed && rate && budget.v <= 0 && executed.v === 0 && rate.v !== 0) {
      ctx.emit({
        rule: 'formExecutionRate', diff: rate.v, tol: 0,
        message: `${where}：全年预算数与全年执行数均为 0，执行率却印为 ${rate.printed ?? rate.v}`,
        refs: refsOf(rate, executed, budget), page, expected: 0, printed: rate.v,
        values: { budget_full_year: budget.v, executed: executed.v, execution_rate: rate.v },
      });
    }
    if (budget && executed && m.balance !== undefined) {
      const expected = budget.v - executed.v;
      const tol = halfOfNumber(budget.v, budget.printed) + halfOfNumber(executed.v, executed.printed) + halfOfNumber(m.balance);
      ctx.emit({
        rule: 'formBalance', diff: m.balance - expected, tol,
        message: `${where}：资金结余印为 ${m.balance}，全年预算数 ${budget.v} − 全年执行数 ${executed.v} = ${round(expected, 4)}`,
        refs: refsOf(budget, executed), page, expected, printed: m.balance,
        values: { budget_full_year: budget.v, executed: executed.v, balance: m.balance },
      });
    }
    if (rate && m.weight !== undefined && m.score !== undefined) {
      const expected = (Math.min(rate.v, 100) / 100) * m.weight;
      const r = ratioAgrees(m.score, undefined, Math.min(rate.v, 100), halfOfNumber(rate.v, rate.printed), 100, 0, m.weight);
      if (!r.ok) {
        ctx.emit({
          rule: 'formMoneyScore', diff: m.score - expected, tol: r.tol,
          message: `${where}：得分印为 ${m.score}，执行率 ${(rate.printed ?? String(rate.v)).replace(/%$/, '')}% × 分值 ${m.weight} = ${round(expected, 3)}`,
          refs: refsOf(rate), page, expected: round(expected, 4), printed: m.score,
          values: { execution_rate: rate.v, weight: m.weight, score: m.score },
        });
      }
    }
  }
  // 资金总额 = Σ its sources, column by column, where some source prints the column
  const sources = form.money.filter((m) => m !== total);
  if (total && sources.length) {
    const fields: [keyof MoneyRow, string | null][] = [
      ['declared', null], ['budgetInitial', 'budget_initial'], ['budgetFullYear', 'budget_full_year'], ['executed', 'executed'], ['balance', null],
    ];
    for (const [field, column] of fields) {
      const parts = sources.map((m) => m[field]).filter((v): v is number => typeof v === 'number');
      if (!parts.length) continue;
      const f = column ? facts.get(column) : undefined;
      const tv = f?.value ?? (typeof total[field] === 'number' ? (total[field] as number) : undefined);
      if (tv === undefined) continue;
      const expected = parts.reduce((s, v) => s + v, 0);
      const tol = halfOfNumber(tv, f?.printed) + parts.reduce((s, v) => s + halfOfNumber(v), 0);
      ctx.emit({
        rule: 'formSources', diff: tv - expected, tol,
        message: `${name}：${total.label.replace(TRAILING_COLON, '')}「${COLUMN_NAMES[column ?? ''] ?? field}」印为 ${tv}，各资金来源之和为 ${round(expected, 4)}`,
        refs: [formRef(form, f ? column! : undefined)], page, expected, printed: tv,
        values: Object.fromEntries([[total.label, tv], ...sources.filter((m) => typeof m[field] === 'number').map((m) => [m.label, m[field] as number])]),
      });
    }
  }
  for (const i of form.indicators) {
    if (i.score !== undefined && i.weight !== undefined && i.score > i.weight + 1e-9) {
      ctx.emit({
        rule: 'formIndicatorScore', diff: i.score - i.weight, tol: 0,
        message: `${name} 指标「${[i.level2, i.level3].filter(Boolean).join('/')}」得分 ${i.score} 超过其分值 ${i.weight}`,
        refs: [formRef(form)], page: i.page ?? page, expected: i.weight, printed: i.score,
      });
    }
  }
  const scoreFact = facts.get('score_total');
  const scoreTotal = scoreFact?.value ?? form.scoreTotal;
  const scored = form.indicators.filter((i) => i.score !== undefined);
  if (scoreTotal !== undefined && scored.length) {
    const sumInd = scored.reduce((s, i) => s + (i.score ?? 0), 0);
    const moneyScore = total?.score ?? 0;
    // layout (a) adds the money part's 得分 to the indicators'; layout (b) scores it as an indicator
    let candidates = form.layout === 'a' ? [sumInd + moneyScore, sumInd] : [sumInd, sumInd + moneyScore];
    // the 分值 say which: the indicators' 分值 alone, or with the money part's, make up the 总分's 分值
    const weights = form.indicators.filter((i) => i.weight !== undefined).reduce((s, i) => s + (i.weight ?? 0), 0);
    const full = form.weightTotal ?? 100;
    if (weights > 0 && Math.abs(weights - full) < 1e-6) candidates = [sumInd];
    else if (weights > 0 && total?.weight !== undefined && Math.abs(weights + total.weight - full) < 1e-6) candidates = [sumInd + moneyScore];
    // indicators short of the full 分值 and a scored money part: the money part makes up the rest
    else if (weights > 0 && weights < full - 1e-6 && total?.weight === undefined && total?.score !== undefined) candidates = [sumInd + moneyScore];
    const tol = halfOfNumber(scoreTotal, scoreFact?.printed) + scored.reduce((s, i) => s + halfOfNumber(i.score!), 0) + (form.layout === 'a' && total?.score ? halfOfNumber(total.score) : 0);
    const best = candidates.reduce((b, c) => (Math.abs(c - scoreTotal) < Math.abs(b - scoreTotal) ? c : b), candidates[0]);
    const expected = Math.abs(best - scoreTotal) <= tol + 1e-9 ? best : candidates[0];
    ctx.emit({
      rule: 'formScoreTotal', diff: scoreTotal - expected, tol,
      message: `${name}：总分印为 ${scoreTotal}，${form.layout === 'a' && total?.score !== undefined && expected === candidates[0] ? `资金得分 ${total.score} + ` : ''}各指标得分之和 ${round(sumInd, 3)}，合计 ${round(expected, 3)}`,
      refs: [formRef(form, scoreFact ? 'score_total' : undefined)], page, expected, printed: scoreTotal,
      values: { score_total: scoreTotal, indicators: round(sumInd, 6), money: moneyScore },
    });
  }
  const weighted = form.indicators.filter((i) => i.weight !== undefined);
  if (form.weightTotal !== undefined && weighted.length) {
    const sumW = weighted.reduce((s, i) => s + (i.weight ?? 0), 0);
    // the indicators' 分值 alone, or with the money part's, make up the 总分's 分值
    const candidates = [sumW, sumW + (total?.weight ?? 0)];
    const tol = halfOfNumber(form.weightTotal) + weighted.reduce((s, i) => s + halfOfNumber(i.weight!), 0);
    const best = candidates.reduce((b, c) => (Math.abs(c - form.weightTotal!) < Math.abs(b - form.weightTotal!) ? c : b), candidates[0]);
    const expected = Math.abs(best - form.weightTotal) <= tol + 1e-9 ? best : candidates[0];
    ctx.emit({
      rule: 'formWeightTotal', diff: form.weightTotal - expected, tol,
      message: `${name}：总分的分值印为 ${form.weightTotal}，各指标分值之和为 ${round(sumW, 3)}${total?.weight !== undefined ? `（加资金分值 ${total.weight} 为 ${round(sumW + total.weight, 3)}）` : ''}`,
      refs: [formRef(form)], page, expected, printed: form.weightTotal,
      values: { weight_total: form.weightTotal, indicators: round(sumW, 6), ...(total?.weight !== undefined ? { money: total.weight } : {}) },
    });
  }
}

/** The fact of a form whose printed number a rule finds wrong: flagged `sum_mismatch` where the rule fails. */
const JUDGED_FACT: Record<string, string> = { 'form.execution_rate': 'execution_rate', 'form.score_total': 'score_total' };

/**
 * A form's own arithmetic, as validation found it: each form lists the failing form rules that name it (its
 * `checks`, the same findings as in `issues`), and the fact a failing rule judges is flagged `sum_mismatch` (its
 * value stays as printed). Within-tolerance findings (info) are not failures.
 */
export function attachFormChecks(doc: Extraction, issues: Issue[]): void {
  const failing = issues.filter((i) => i.severity !== 'info' && i.rule.startsWith('form.') && i.refs[0]?.table === PE);
  const byForm = new Map<string, FormCheck[]>();
  for (const i of failing) {
    const row = i.refs[0].row ?? '';
    const list = byForm.get(row) ?? [];
    list.push({
      rule: i.rule, message: i.message,
      ...(i.expected !== undefined ? { expected: i.expected } : {}),
      ...(i.printed !== undefined ? { printed: i.printed } : {}),
      ...(i.page !== undefined ? { page: i.page } : {}),
    });
    byForm.set(row, list);
  }
  for (const form of doc.forms) {
    const checks = byForm.get(form.key);
    if (checks) form.checks = checks;
    else delete form.checks;
  }
  const judged = new Set(failing.filter((i) => JUDGED_FACT[i.rule]).map((i) => `${i.refs[0].row}|${JUDGED_FACT[i.rule]}`));
  for (const f of doc.facts) {
    if (f.table !== PE || !judged.has(`${f.row}|${f.column}`) || f.flags?.includes('sum_mismatch')) continue;
    f.flags = ['sum_mismatch', ...(f.flags ?? [])];
  }
}

export function formRules(ctx: Ctx): void {
  for (const form of ctx.doc.forms) checkForm(ctx, form);
  // facts of forms the typed document does not carry (a reader that gives facts only): 执行率 over the facts
  const formKeys = new Set(ctx.doc.forms.map((f) => f.key));
  for (const [row, cols] of ctx.rows(PE)) {
    if (formKeys.has(row)) continue;
    const form: EvaluationForm = {
      key: row, layout: 'a', project: cols.values().next().value?.rowLabel ?? row, pages: [cols.values().next().value?.page ?? 0],
      money: [{ label: '资金总额' }], indicators: [], analysis: {},
    };
    checkForm(ctx, form);
  }
}
