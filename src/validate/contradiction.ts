/**
 * The narrative against itself:
 *  - an item this year's figure of which is 0 cannot have grown since last year (…支出0.00万元 … 支出增加10.00万元);
 *  - one change said two ways: 增加 X万元，下降 Y%; 持平，增加 X万元;
 *  - the 收入总计 and 支出总计 of a 收支总表 are one figure (the table prints them equal), so the narrative cannot
 *    have one grow and the other fall, or grow by different amounts.
 * Template alternatives such as 增长(下降) are text.placeholder's, and are read without the bracketed word here.
 */
import { CHANGE_DOWN, CHANGE_UP, FLAT_WORD, RATE_DOWN, RATE_UP, TOTALS_SIDES } from '../domain/checks.js';
import type { Ctx } from './context.js';
import { normText, readNumbers, type Token } from './narrative.js';
import { sentenceAt } from './plausibility.js';
import {
  CHANGE_ALTERNATIVES, CHANGE_BY_AMOUNT, CHANGE_GAP, COMPARED_WITH, FALL_WORD, FINAL_AFTER_SUBJECT, FISCAL_WORD, LIST_ITEM_START, RISE_AFTER,
  RISE_TAIL, ROLE_TAIL,
} from '../domain/narrative.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function sign(lead: string): 1 | -1 | 0 {
  if (CHANGE_UP.test(lead) || RATE_UP.test(lead)) return 1;
  if (CHANGE_DOWN.test(lead) || RATE_DOWN.test(lead)) return -1;
  return 0;
}

/** The clause before a number, back to the last clause break. */
function clauseBefore(text: string, at: number): string {
  let a = at;
  while (a > 0 && !',。;:!?\n'.includes(text[a - 1])) a--;
  return text.slice(a, at);
}

function zeroChange(ctx: Ctx, text: string, toks: Token[], page: number): void {
  for (const t of toks) {
    if (t.type !== 'amount' || t.value !== 0) continue;
    const lead = clauseBefore(text, t.start);
    if (RISE_TAIL.test(lead) || CHANGE_DOWN.test(lead)) continue;
    const subject = lead.replace(LIST_ITEM_START, '').replace(ROLE_TAIL, '').replace(FINAL_AFTER_SUBJECT, '$1');
    // the same clause: …0.00万元，比上年增加 X
    const next = text.slice(t.end).match(RISE_AFTER);
    let hit: { value: number; text: string; at: number } | null = next && Number(next[1].replace(/,/g, '')) > 0 ? { value: Number(next[1].replace(/,/g, '')), text: next[0], at: t.end } : null;
    // later in the section: <the same subject>增加 X
    if (!hit && subject.length >= 4) {
      const re = new RegExp(`${escape(subject)}(?:支出|决算|数)?(?:增加|增长|上升|提高)了?(\\d[\\d,]*(?:\\.\\d+)?)(万元|元|亿元|%)`, 'g');
      for (const m of text.slice(t.end).matchAll(re)) {
        const v = Number(m[1].replace(/,/g, ''));
        if (v > 0) {
          hit = { value: v, text: m[0], at: t.end + m.index! };
          break;
        }
      }
    }
    if (!hit) continue;
    ctx.emit({
      rule: 'narrativeZeroChange', diff: hit.value, tol: 0, severity: 'warning',
      message: `情况说明称${subject || '该项'}为 ${t.text}，又称比上年增加（“${hit.text}”）：本年为 0 不能比上年增加`,
      refs: [], page, printed: 0, values: { this_year: 0, increase: hit.value }, sentence: sentenceAt(text, t.start),
    });
  }
}

function mixed(ctx: Ctx, text: string, toks: Token[], page: number): void {
  for (let k = 1; k < toks.length; k++) {
    const a = toks[k - 1];
    const b = toks[k];
    if (a.type !== 'amount' || b.type !== 'percent') continue;
    const gap = text.slice(a.end, b.start);
    if (!CHANGE_GAP.test(gap)) continue;
    const sa = sign(clauseBefore(text, a.start));
    const sb = sign(gap);
    if (!sa || !sb || sa === sb || a.value === 0 || b.value === 0) continue;
    ctx.emit({
      rule: 'narrativeMixedDirection', diff: 1, tol: 0, severity: 'warning',
      message: `情况说明称同一变动${sa > 0 ? '增加' : '减少'} ${a.text}，又称${sb > 0 ? '增长' : '下降'} ${b.text}`,
      refs: [], page, sentence: sentenceAt(text, a.start),
    });
  }
  // 持平 and a change of the same thing: 与上年持平，增加 X
  for (const m of text.matchAll(new RegExp(`(?:${FLAT_WORD.source})[,，]?(增加|减少|增长|下降|上升|降低)了?(\\d[\\d,]*(?:\\.\\d+)?)(万元|元|亿元|%)`, 'g'))) {
    if (Number(m[2].replace(/,/g, '')) === 0) continue;
    ctx.emit({
      rule: 'narrativeMixedDirection', diff: 1, tol: 0, severity: 'warning',
      message: `情况说明称持平，又称${m[1]} ${m[2]}${m[3]}（“${m[0]}”）`,
      refs: [], page, sentence: sentenceAt(text, m.index!),
    });
  }
}

function totals(ctx: Ctx, sections: { text: string; page: number }[]): void {
  for (const side of TOTALS_SIDES) {
    const inc = ctx.fact(side.table, 'income:总计', 'amount') ?? ctx.fact(side.table, 'income:总计', 'total');
    const exp = ctx.fact(side.table, 'expenditure:总计', 'amount') ?? ctx.fact(side.table, 'expenditure:总计', 'total');
    if (!inc || !exp || Math.abs(inc.value - exp.value) > 0.011) continue;
    const said: { side: 'income' | 'expenditure' | 'both'; v: number; text: string; page: number; sentence: string }[] = [];
    for (const s of sections) {
      for (const m of s.text.matchAll(CHANGE_BY_AMOUNT)) {
        const subject = clauseBefore(s.text, m.index!).replace(COMPARED_WITH, '');
        if (FISCAL_WORD.test(subject) !== side.fiscal) continue;
        const which = side.both.test(subject) ? 'both' : side.income.test(subject) ? 'income' : side.expenditure.test(subject) ? 'expenditure' : null;
        if (!which) continue;
        const v = Number(m[2].replace(/,/g, '')) * (CHANGE_DOWN.test(m[1]) || FALL_WORD.test(m[1]) ? -1 : 1) * (m[3] === '亿元' ? 1e4 : 1);
        said.push({ side: which, v, text: m[0], page: s.page, sentence: sentenceAt(s.text, m.index!) });
      }
    }
    const i = said.find((x) => x.side !== 'expenditure');
    const e = said.find((x) => x.side !== 'income' && x !== i);
    if (!i || !e || i.side === 'both' && e.side === 'both') continue;
    if (Math.sign(i.v) === Math.sign(e.v) && Math.abs(i.v - e.v) <= 0.011) continue;
    ctx.emit({
      rule: 'narrativeTotalsDirection', diff: Math.abs(i.v - e.v), tol: 0.01, severity: 'warning',
      message: `${ctx.tableName(side.table)} 的收入总计与支出总计相等（${ctx.fmt(inc.value, side.table)}），情况说明却称收入总计“${i.text}”、支出总计“${e.text}”`,
      refs: [{ table: side.table, row: 'income:总计', column: inc.column }, { table: side.table, row: 'expenditure:总计', column: exp.column }],
      page: e.page, printed: e.v, expected: i.v, sentence: e.sentence,
    });
  }
}

export function contradictionRules(ctx: Ctx): void {
  const sections = ctx.doc.narrative.map((s) => ({ text: normText(s.text).replace(CHANGE_ALTERNATIVES, ''), page: s.page }));
  for (const s of sections) {
    const toks = readNumbers(s.text);
    zeroChange(ctx, s.text, toks, s.page);
    mixed(ctx, s.text, toks, s.page);
  }
  totals(ctx, sections);
}
