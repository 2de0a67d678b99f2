/**
 * The 情况说明 narrative against the tables and against its own arithmetic. A small reader turns each section into
 * numbers with their lead-in words (amounts 13,759.26万元, percentages, counts 74辆), resolves what each number is
 * about (the phrase before it, by the vocabulary in src/domain/checks.ts, or the 类/款/项 and item names of the
 * tables), and checks: amounts quoted = table figures; 占比 = part ÷ whole; 增长/下降 X% = change ÷ last year's
 * figure; 完成预算 X% = 决算 ÷ 预算; 大于/小于/持平 and 增加/减少 agree with the numbers; the parts listed after
 * 其中/主要包括 do not exceed their whole.
 */
import {
  ACTUAL_WORD, BUDGET_WORD, CHANGE_DOWN, CHANGE_UP, COMPLETION, DEFAULT_WHOLE, DIRECTION_WORDS, FORMS_COUNT, LABEL_CONTEXTS,
  LEAD_IN, NARRATIVE_CONTEXTS, OTHER_PERIOD, PARTS_OPEN, RATE_DOWN, RATE_UP, SHARE, SUBJECT_PATTERNS, VEHICLES_BOUGHT,
  type NRef, type NarrativeSubject,
} from '../domain/checks.js';
import { normName } from '../domain/kinds.js';
import type { FactRef, NarrativeSection } from '../model/schema.js';
import { decimalsOf, round, type Ctx, type Term } from './context.js';
import { ratioAgrees } from './forms.js';
import {
  CHANGE_START, CLASS_CHAIN, CLASS_MARK, CLASS_MARK_START, CLASS_WORD, CLAUSE_BREAK, FIGURE_WORDS, LIST_LEAD, MONEY_UNIT, NARRATIVE_NUMBER, QUOTES,
  RISE_OR_FALL, SENTENCE_END, SET_UNIT, TOP_HEADING, TRAILING_DE, UNIT_PRICE_BEFORE,
} from '../domain/narrative.js';

// ---------------------------------------------------------------------------------------------------------
// Reading numbers

export type TokenType = 'amount' | 'percent' | 'count';

export interface Token {
  type: TokenType;
  value: number;
  /** 万元 / 元 / 亿元 for amounts, % for percentages, the count word (辆, 台, 个 …) for counts */
  unit: string;
  text: string;
  start: number;
  end: number;
  /** half a unit of the last printed decimal (0 for a printed integer 0 and for counts) */
  half: number;
}

/** Narrative text as the rules read it: NFKC (full-width punctuation → ASCII), no spaces, no quotes, no page marks. */
export function normText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(QUOTES, '')
    .replace(/-\d{1,3}-/g, '');
}

/** Numbers with a unit in normalised text: amounts, percentages, counts. */
export function readNumbers(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(NARRATIVE_NUMBER)) {
    const raw = m[1];
    const unitRaw = m[2];
    const value = Number(raw.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    const start = m.index!;
    // a price threshold (单价100万元以上) names a class, not an amount
    if (UNIT_PRICE_BEFORE.test(text.slice(Math.max(0, start - 4), start))) continue;
    const type: TokenType = unitRaw === '%' ? 'percent' : MONEY_UNIT.test(unitRaw) ? 'amount' : 'count';
    const unit = unitRaw === '万' ? '万元' : SET_UNIT.test(unitRaw) ? '台' : unitRaw;
    const d = decimalsOf(raw);
    const half = type === 'count' ? 0 : value === 0 && d === 0 ? 0 : 0.5 * 10 ** -d;
    out.push({ type, value, unit, text: m[0], start, end: start + m[0].length, half });
  }
  return out;
}

/** Direction of a change word. */
export function changeSign(lead: string): 1 | -1 | 0 {
  if (CHANGE_UP.test(lead)) return 1;
  if (CHANGE_DOWN.test(lead)) return -1;
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// Subjects

interface Resolved {
  subject: NarrativeSubject;
  /** where the phrase starts and ends in the lead */
  start: number;
  end: number;
}

const UNIT_FACTOR: Record<string, number> = { 元: 1, 万元: 1e4, 亿元: 1e8 };

const GLOBAL_PATTERNS = SUBJECT_PATTERNS.map((p) => ({ ...p, global: new RegExp(p.re.source, 'g') }));

class Subjects {
  private readonly labelSubjects = new Map<string, NarrativeSubject[]>();

  constructor(private readonly ctx: Ctx) {
    for (const [context, table] of Object.entries(LABEL_CONTEXTS)) {
      const list: NarrativeSubject[] = [];
      const seen = new Set<string>();
      for (const [row] of ctx.rowLabelsOf(table)) {
        if (!/^\d{3,7}$/.test(row)) continue;
        if (table === 'general_budget' && row.length !== 3) continue; // 款/项 names repeat: only via chains
        const label = ctx.label(table, row);
        if (!label || label.length < 2 || seen.has(label)) continue;
        seen.add(label);
        list.push(this.codeSubject(table, row, label));
      }
      // longest first, so that 其他商品和服务支出 wins over 其他支出
      this.labelSubjects.set(context, list.sort((a, b) => b.label.length - a.label.length));
    }
  }

  codeSubject(table: string, row: string, label: string): NarrativeSubject {
    const col = table === 'general_budget_basic' ? 'amount' : 'total';
    return {
      key: `${table}:${row}`,
      label,
      actual: [[{ table, row, column: col }]],
      ...(table === 'general_budget' ? { budget: [[{ table, row, column: 'budget_initial' }]] } : {}),
    };
  }

  /** A 类(款)(项) chain → the row of the code table it names (null: named but not found). */
  chain(context: string, parts: (string | undefined)[]): NarrativeSubject | null {
    const table = LABEL_CONTEXTS[context] ?? 'general_budget';
    if (table !== 'general_budget') return null;
    const labels = this.ctx.rowLabelsOf(table);
    const norm = (s: string) => normName(s).replace(/^\d{3,7}/, '');
    let code: string | undefined;
    let label = '';
    for (const [i, p] of parts.entries()) {
      if (!p) break;
      const want = norm(p);
      const len = 3 + 2 * i;
      const hit = [...labels.keys()].find((r) => r.length === len && (!code || r.startsWith(code)) && this.ctx.label(table, r) === want);
      if (!hit) return null;
      code = hit;
      label = p;
    }
    return code ? this.codeSubject(table, code, label) : null;
  }

  /**
   * The subject a lead-in names: the phrase closest to its end whose remainder is only role words. `loose`
   * accepts any remainder (a name given after 占 …的).
   */
  find(lead: string, context: string, loose = false): Resolved | null {
    let best: Resolved | null = null;
    const consider = (subject: NarrativeSubject | null, start: number, end: number) => {
      if (!subject) return;
      if (!loose && !LEAD_IN.test(lead.slice(end))) return;
      if (!best || end > best.end || (end === best.end && end - start > best.end - best.start)) best = { subject, start, end };
    };
    for (const p of GLOBAL_PATTERNS) {
      if (p.contexts && !p.contexts.includes(context)) continue;
      let last: RegExpExecArray | null = null;
      for (const m of lead.matchAll(p.global)) if (m[0]) last = m as RegExpExecArray;
      if (last) consider(p.subject, last.index, last.index + last[0].length);
    }
    for (const s of this.labelSubjects.get(context) ?? []) {
      const i = lead.lastIndexOf(s.label);
      if (i < 0) continue;
      let end = i + s.label.length;
      if (CLASS_MARK_START.test(lead.slice(end))) end += 3;
      consider(s, i, end);
    }
    if (context in LABEL_CONTEXTS) {
      let last: RegExpExecArray | null = null;
      for (const m of lead.matchAll(CLASS_CHAIN)) last = m as RegExpExecArray;
      if (last) {
        const s = this.chain(context, [last[1], last[2], last[3]]);
        const unresolved: NarrativeSubject = { key: `unresolved:${last[0]}`, label: last[0] };
        consider(s ?? unresolved, last.index, last.index + last[0].length);
      }
    }
    return best;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Facts a subject names

interface Lookup {
  terms: Term[];
  value: number;
  half: number;
  /** the tables exist but print nothing */
  emptyTable?: string;
  unit: string;
}

function lookup(ctx: Ctx, alts: NRef[][] | undefined, blankAsZero: boolean): Lookup | null {
  if (!alts) return null;
  // a 预算 document's figures are all 预算: its 三公 table has the 预算 row only
  const budgetDoc = ctx.doc.document.kind === 'budget';
  for (const raw of alts) {
    const alt = raw.map((r) => (budgetDoc && ctx.baseKind(ctx.kind(r.table)) === 'three_public' && r.row === 'actual' ? { ...r, row: 'budget' } : r));
    if (alt.some((r) => r.column === 'total' && ctx.hasUnnamedNumbers(r.table))) return null;
    if (!alt.every((r) => ctx.has(r.table))) continue;
    const empty = alt.find((r) => !ctx.nonEmpty(r.table));
    if (empty) return { terms: [], value: 0, half: 0, emptyTable: ctx.kind(empty.table), unit: ctx.table(empty.table)?.unit ?? '万元' };
    const terms: Term[] = [];
    for (const r of alt) {
      const zeroOk = blankAsZero && (ctx.hasColumn(r.table, r.column) || ctx.hasRow(r.table, r.row) || ctx.baseKind(ctx.kind(r.table)) === 'disclosure_stats');
      const t = ctx.term(r.table, r.row, r.column, zeroOk);
      if (t) terms.push(t);
    }
    if (!terms.length || terms.length < alt.length && !terms.some((t) => t.fact)) continue;
    const unit = terms.find((t) => t.fact)?.fact?.unit ?? ctx.table(alt[0].table)?.unit ?? '万元';
    return { terms, value: terms.reduce((s, t) => s + t.value, 0), half: terms.reduce((s, t) => s + t.half, 0), unit };
  }
  return null;
}

function refsOf(ctx: Ctx, terms: Term[]): FactRef[] {
  return terms.map((t) => ctx.refOf(t));
}

/** Where a subject's figures are in the tables (the facts it names), for locating a narrative issue. */
function subjectRefs(ctx: Ctx, subject: NarrativeSubject | null, ...used: { terms: Term[] }[]): FactRef[] {
  const terms = used.flatMap((u) => u.terms).filter((t) => t.fact);
  if (!terms.length && subject) {
    for (const alts of [subject.actual, subject.budget]) {
      const l = lookup(ctx, alts, false);
      if (l && !l.emptyTable) terms.push(...l.terms.filter((t) => t.fact));
    }
  }
  const seen = new Set<string>();
  return refsOf(ctx, terms).filter((r) => {
    const k = `${r.table}/${r.row}/${r.column}`;
    return !seen.has(k) && seen.add(k);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Walking the sections

type Role = 'actual' | 'budget';

interface Said {
  value: number;
  half: number;
  tok: Token;
}

interface PartList {
  whole: Token;
  wholeSubject: NarrativeSubject | null;
  wholeLookup: Lookup | null;
  parts: { tok: Token; subject: NarrativeSubject | null; lookup: Lookup | null }[];
  sentence: string;
  page: number;
}

function roleOf(gap: string): Role {
  const b = gap.search(new RegExp(`${BUDGET_WORD.source}(?!.*${BUDGET_WORD.source})`));
  const a = gap.search(new RegExp(`(${ACTUAL_WORD.source})(?!.*(${ACTUAL_WORD.source}))`));
  return b >= 0 && b > a ? 'budget' : 'actual';
}

/** Sentences of a text (split at 。！？; and line ends) with their offsets. */
function sentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    if ('。!?;\n'.includes(text[i])) {
      if (i + 1 > s) out.push({ start: s, end: i + 1 });
      s = i + 1;
    }
  }
  if (s < text.length) out.push({ start: s, end: text.length });
  return out;
}


function contextOf(heading: string, parent: string): { context: string; top: boolean } {
  const h = normText(heading);
  const top = TOP_HEADING.test(h) || !h;
  const hit = NARRATIVE_CONTEXTS.find((c) => c.re.test(h));
  if (hit) return { context: hit.key, top };
  return { context: top ? (h ? 'other' : parent) : parent, top };
}

class Walker {
  private readonly subjects: Subjects;
  /** what the narrative said each subject's 决算/预算 is (latest) */
  private readonly said = new Map<string, { actual?: Said; budget?: Said }>();
  private context = '';
  private current: NarrativeSubject | null = null;
  private list: PartList | null = null;
  private lastChange: { tok: Token; sign: 1 | -1; subject: NarrativeSubject | null; index: number } | null = null;

  constructor(private readonly ctx: Ctx) {
    this.subjects = new Subjects(ctx);
  }

  run(sections: NarrativeSection[]): void {
    let parent = '';
    for (const s of sections) {
      const { context, top } = contextOf(s.heading, parent);
      if (top) parent = context;
      this.context = context;
      this.current = null;
      this.closeList();
      this.section(s);
      this.closeList();
    }
  }

  private sayValue(subject: NarrativeSubject | null, role: Role, tok: Token): void {
    if (!subject) return;
    const e = this.said.get(subject.key) ?? {};
    e[role] = { value: tok.value, half: tok.half, tok };
    this.said.set(subject.key, e);
  }

  private sectionValue(subject: NarrativeSubject | null, role: Role, unit?: string): { value: number; half: number; terms: Term[] } | null {
    if (!subject) return null;
    const s = this.said.get(subject.key)?.[role];
    if (s) return { value: this.convert(s.tok, unit ?? s.tok.unit), half: this.convertHalf(s.tok, unit ?? s.tok.unit), terms: [] };
    const l = lookup(this.ctx, role === 'actual' ? subject.actual : subject.budget, role === 'actual');
    if (!l || l.emptyTable) return null;
    if (role === 'budget' && !l.terms.some((t) => t.fact)) return null;
    return { value: l.value, half: l.half, terms: l.terms };
  }

  private convert(tok: Token, unit: string): number {
    const a = UNIT_FACTOR[tok.unit];
    const b = UNIT_FACTOR[unit];
    return a && b ? (tok.value * a) / b : tok.value;
  }

  private convertHalf(tok: Token, unit: string): number {
    const a = UNIT_FACTOR[tok.unit];
    const b = UNIT_FACTOR[unit];
    return a && b ? (tok.half * a) / b : tok.half;
  }

  private closeList(): void {
    const l = this.list;
    this.list = null;
    if (!l || !l.parts.length) return;
    const unit = l.whole.unit;
    const sum = l.parts.reduce((s, p) => s + this.convert(p.tok, unit), 0);
    const tol = l.whole.half + l.parts.reduce((s, p) => s + this.convertHalf(p.tok, unit), 0);
    if (sum <= l.whole.value + tol + 1e-7) return;
    const refs = [...(l.wholeLookup ? refsOf(this.ctx, l.wholeLookup.terms.filter((t) => t.fact)) : [])];
    for (const p of l.parts) if (p.lookup) refs.push(...refsOf(this.ctx, p.lookup.terms.filter((t) => t.fact)));
    this.ctx.emit({
      rule: 'narrativeParts', diff: sum - l.whole.value, tol,
      message: `情况说明中${l.wholeSubject?.label ?? ''} ${l.whole.text} 其下所列 ${l.parts.length} 项合计 ${round(sum, 4)}${unit}，超过总数 ${l.whole.value}${unit}`,
      refs, page: l.page, expected: l.whole.value, printed: round(sum, 6),
      values: Object.fromEntries(l.parts.map((p, i) => [`${p.subject?.label ?? `#${i + 1}`}`, p.tok.value])),
      sentence: l.sentence,
    });
  }

  private section(s: NarrativeSection): void {
    const text = normText(s.text);
    const toks = readNumbers(text);
    const sents = sentences(text);
    let ti = 0;
    let lastAmount: { tok: Token; subject: NarrativeSubject | null; lookup: Lookup | null; role: Role; sentence: number } | null = null;
    for (let si = 0; si < sents.length; si++) {
      const { start, end } = sents[si];
      const sentence = text.slice(start, end);
      const sentToks: Token[] = [];
      while (ti < toks.length && toks[ti].start < end) sentToks.push(toks[ti++]);
      // chains and subject names in a sentence without numbers still say what follows is about
      if (!sentToks.length) {
        const r = this.subjects.find(sentence.replace(SENTENCE_END, ''), this.context, true);
        if (r && (r.subject.key.startsWith('unresolved:') || CLASS_MARK.test(sentence))) this.current = r.subject;
        this.direction(sentence, s, null);
        if (PARTS_OPEN.test(sentence) && lastAmount) this.openList(lastAmount, sentence, s.page);
        continue;
      }
      let pos = start;
      for (const tok of sentToks) {
        const seg = text.slice(pos, tok.start);
        // parts lists open at 其中/主要包括 before this number
        const opener = seg.search(PARTS_OPEN);
        if (opener >= 0 && lastAmount) this.openList(lastAmount, sentence, s.page);
        // the lead-in: from the last clause break (or number) to the number
        let cut = -1;
        for (let i = seg.length - 1; i >= 0; i--) if (CLAUSE_BREAK.test(seg[i])) { cut = i; break; }
        const lead = seg.slice(cut + 1).replace(/\([^)]*\)$/, (m) => (CLASS_WORD.test(m) ? m : ''));
        const leadNoParen = seg.slice(cut + 1).replace(/\([^)]*\)/g, '');
        pos = tok.end;
        if (tok.type === 'percent') {
          this.percent(tok, leadNoParen, lead, sentence, s, lastAmount);
          continue;
        }
        // amounts and counts
        const sign = changeSign(lead);
        if (sign) {
          const bare = lead.replace(CHANGE_UP, '').replace(CHANGE_DOWN, '');
          const r = this.subjects.find(bare, this.context, true);
          const subject = r && bare.slice(r.end).length <= 8 ? r.subject : this.current;
          this.lastChange = { tok, sign, subject, index: tok.start };
          continue;
        }
        this.lastChange = null;
        // after 上年/以前年度 in a sentence, its numbers are another period's
        if (OTHER_PERIOD.test(text.slice(start, tok.start))) continue;
        const r = this.subjects.find(lead, this.context);
        let subject: NarrativeSubject | null = null;
        let role: Role = 'actual';
        if (r) {
          subject = r.subject;
          role = roleOf(lead.slice(r.end));
          this.current = subject;
        } else if (LEAD_IN.test(lead) && FIGURE_WORDS.test(lead)) {
          subject = this.current;
          role = roleOf(lead);
        } else if (LIST_LEAD.test(lead) && this.list && tok.type === 'count') {
          subject = null;
        }
        // a count of vehicles bought this year with no purchase cost
        if (tok.type === 'count' && VEHICLES_BOUGHT.test(lead) && !OTHER_PERIOD.test(sentence) && tok.value > 0) this.purchase(tok, sentence, s);
        if (tok.type === 'count' && FORMS_COUNT.test(lead) && this.context === 'performance') this.formsCount(tok, sentence, s);
        const lk = subject ? this.compare(tok, subject, role, sentence, s) : null;
        if (role === 'actual' || !subject) {
          if (this.list && tok.unit === this.list.whole.unit && role === 'actual' && !(subject && subject.key === this.list.wholeSubject?.key)) {
            this.list.parts.push({ tok, subject, lookup: lk });
          }
        }
        this.sayValue(subject, role, tok);
        lastAmount = { tok, subject, lookup: lk, role, sentence: si };
      }
      const tail = text.slice(pos, end);
      if (PARTS_OPEN.test(tail) && lastAmount) this.openList(lastAmount, sentence, s.page);
      this.direction(sentence, s, null);
      if (sentence.endsWith('。') && this.list && !PARTS_OPEN.test(tail)) this.closeList();
    }
  }

  private openList(last: { tok: Token; subject: NarrativeSubject | null; lookup: Lookup | null; role: Role }, sentence: string, page: number): void {
    if (last.tok.type === 'percent') return;
    if (this.list) {
      const i = this.list.parts.findIndex((p) => p.tok === last.tok);
      if (i >= 0) this.list.parts.splice(i, 1);
      if (this.list.whole === last.tok) return;
      this.closeList();
    }
    this.list = { whole: last.tok, wholeSubject: last.subject, wholeLookup: last.lookup, parts: [], sentence, page };
  }

  /** An amount or count the narrative quotes against the table figure it names. */
  private compare(tok: Token, subject: NarrativeSubject, role: Role, sentence: string, s: NarrativeSection): Lookup | null {
    if (tok.type === 'count' && !subject.count) return null;
    if (tok.type === 'amount' && subject.count) return null;
    const l = lookup(this.ctx, role === 'actual' ? subject.actual : subject.budget, role === 'actual');
    if (!l) return null;
    if (l.emptyTable) {
      if (tok.value !== 0) {
        this.ctx.emit({
          rule: 'narrativeEmptyTable', diff: tok.value, tol: 0, severity: 'warning',
          message: `情况说明称${subject.label}为 ${tok.text}，但${this.ctx.tableName(l.emptyTable)}为空表（无数据）`,
          refs: [{ table: l.emptyTable }], page: s.page, printed: tok.value, sentence: sentence,
        });
      }
      return l;
    }
    if (role === 'budget' && !l.terms.some((t) => t.fact)) return null;
    const v = tok.type === 'amount' ? this.convert(tok, l.unit) : tok.value;
    const h = tok.type === 'amount' ? this.convertHalf(tok, l.unit) : 0;
    const diff = v - l.value;
    const where = l.terms.map((t) => `${this.ctx.tableName(t.table)} ${this.ctx.cellName(t)}${t.fact ? '' : '(空)'}`).join(' + ');
    this.ctx.emit({
      rule: 'narrativeAmount', diff, tol: h + l.half,
      message: `情况说明称${subject.label}${role === 'budget' ? '预算' : ''}为 ${tok.text}，${where} 为 ${tok.type === 'count' ? `${l.value}${tok.unit}` : `${this.ctx.fmt(l.value, l.terms[0]?.table)}${l.unit}`}，${tok.type === 'count' ? `相差 ${Math.abs(diff)}` : this.ctx.diffText(diff, h + l.half, l.terms[0]?.table)}`,
      refs: refsOf(this.ctx, l.terms), page: s.page, expected: l.value, printed: v,
      values: { narrative: v, ...this.ctx.valuesOf(l.terms) }, sentence,
    });
    return l;
  }

  private percent(tok: Token, lead: string, rawLead: string, sentence: string, s: NarrativeSection, lastAmount: { tok: Token; subject: NarrativeSubject | null; lookup: Lookup | null; role: Role; sentence: number } | null): void {
    // change rate: 增长 X% after 增加 Y万元
    const up = RATE_UP.test(lead);
    const down = RATE_DOWN.test(lead);
    const ambiguous = RISE_OR_FALL.test(rawLead.replace(CHANGE_START, '')) && /\(/.test(rawLead);
    if ((up || down) && this.lastChange) {
      const ch = this.lastChange;
      this.lastChange = null;
      if (!ambiguous && ((up && ch.sign < 0) || (down && ch.sign > 0))) {
        this.ctx.emit({
          rule: 'narrativeDirection', diff: 1, tol: 0, severity: 'warning',
          message: `情况说明先说${ch.sign > 0 ? '增加' : '减少'} ${ch.tok.text}，又说${up ? '增长' : '下降'} ${tok.text}，增减方向矛盾`,
          refs: [], page: s.page, sentence,
        });
      }
      const cur = this.sectionValue(ch.subject, 'actual', ch.tok.unit);
      if (!cur) return;
      const prior = cur.value - ch.sign * ch.tok.value;
      if (prior <= 0) return;
      const r = ratioAgrees(tok.value, tok.text.replace('%', ''), ch.tok.value, ch.tok.half, prior, cur.half + ch.tok.half);
      if (!r.ok) {
        this.ctx.emit({
          rule: 'narrativeChange', diff: tok.value - r.expected, tol: r.tol,
          message: `情况说明称${ch.subject?.label ?? ''}${ch.sign > 0 ? '增加' : '减少'} ${ch.tok.text}、${up ? '增长' : '下降'} ${tok.text}；本年 ${round(cur.value, 4)}，上年应为 ${round(prior, 4)}，变动率应为 ${round(r.expected, 2)}%`,
          refs: subjectRefs(this.ctx, ch.subject, cur), page: s.page, expected: round(r.expected, 4), printed: tok.value,
          values: { change: ch.sign * ch.tok.value, current: cur.value, prior: round(prior, 6) }, sentence,
        });
      }
      return;
    }
    if (COMPLETION.test(lead)) {
      const subject = this.current;
      const act = this.sectionValue(subject, 'actual');
      const bud = this.sectionValue(subject, 'budget', this.said.get(subject?.key ?? '')?.actual?.tok.unit);
      if (!subject || !act || !bud || bud.value <= 0) return;
      const r = ratioAgrees(tok.value, tok.text.replace('%', ''), act.value, act.half, bud.value, bud.half);
      if (!r.ok) {
        this.ctx.emit({
          rule: 'narrativeCompletion', diff: tok.value - r.expected, tol: r.tol,
          message: `情况说明称${subject.label}完成预算的 ${tok.text}，而决算 ${round(act.value, 4)} ÷ 预算 ${round(bud.value, 4)} = ${round(r.expected, 2)}%`,
          refs: subjectRefs(this.ctx, subject, act, bud), page: s.page, expected: round(r.expected, 4), printed: tok.value,
          values: { actual: act.value, budget: bud.value }, sentence,
        });
      }
      return;
    }
    const share = lead.match(SHARE);
    if (share) {
      if (!lastAmount || lastAmount.tok.type !== 'amount' || lastAmount.role !== 'actual') return;
      // the part must be in the same sentence
      if (!sentence.includes(lastAmount.tok.text) ) return;
      let whole: { value: number; half: number; terms: Term[]; label: string } | null = null;
      const named = share.groups?.whole?.replace(TRAILING_DE, '');
      if (named) {
        const r = this.subjects.find(named, this.context, true) ?? this.subjects.find(named, '', true);
        const v = r ? this.sectionValue(r.subject, 'actual', lastAmount.tok.unit) : null;
        if (!v) return;
        whole = { ...v, label: r!.subject.label };
      } else if (this.list) {
        const w = this.list.whole;
        whole = { value: this.convert(w, lastAmount.tok.unit), half: this.convertHalf(w, lastAmount.tok.unit), terms: [], label: this.list.wholeSubject?.label ?? w.text };
      } else {
        const d = DEFAULT_WHOLE[this.context];
        const subj = d ? SUBJECT_PATTERNS.find((p) => p.subject.key === d)?.subject ?? null : null;
        const v = subj ? this.sectionValue(subj, 'actual', lastAmount.tok.unit) : null;
        if (!v || !subj) return;
        whole = { ...v, label: subj.label };
      }
      if (!whole || whole.value <= 0) return;
      const r = ratioAgrees(tok.value, tok.text.replace('%', ''), lastAmount.tok.value, lastAmount.tok.half, whole.value, whole.half, 100, 1);
      if (!r.ok) {
        const partTerms = lastAmount.lookup?.terms.filter((t) => t.fact) ?? [];
        this.ctx.emit({
          rule: 'narrativeShare', diff: tok.value - r.expected, tol: r.tol,
          message: `情况说明称${lastAmount.subject?.label ?? ''} ${lastAmount.tok.text} 占${whole.label}的 ${tok.text}，而 ${lastAmount.tok.value} ÷ ${round(whole.value, 4)} = ${round(r.expected, 2)}%`,
          refs: refsOf(this.ctx, [...partTerms, ...whole.terms.filter((t) => t.fact)]), page: s.page, expected: round(r.expected, 4), printed: tok.value,
          values: { part: lastAmount.tok.value, whole: whole.value }, sentence,
        });
      }
    }
  }

  /** 决算数大于/小于/同预算数持平 against the subject's two numbers. */
  private direction(sentence: string, s: NarrativeSection, _tok: Token | null): void {
    for (const d of DIRECTION_WORDS) {
      const m = sentence.match(d.re);
      if (!m) continue;
      const before = sentence.slice(0, m.index);
      const r = before ? this.subjects.find(before, this.context, true) : null;
      const subject = r && before.slice(r.end).length <= 6 ? r.subject : this.current;
      const act = this.sectionValue(subject, 'actual');
      const bud = this.sectionValue(subject, 'budget', this.said.get(subject?.key ?? '')?.actual?.tok.unit);
      if (!subject || !act || !bud) return;
      // numbers the rounding could make equal bear any wording
      const tol = act.half + bud.half;
      const rel = Math.abs(act.value - bud.value) <= 1e-9 ? 'eq' : act.value > bud.value ? 'gt' : 'lt';
      if (rel !== d.rel && Math.abs(act.value - bud.value) > tol + 1e-9) {
        const word = { gt: '大于', lt: '小于', eq: '等于' };
        this.ctx.emit({
          rule: 'narrativeDirection', diff: 1, tol: 0, severity: 'warning',
          message: `情况说明称${subject.label}决算${word[d.rel]}预算（“${m[0]}”），但决算 ${round(act.value, 4)}、预算 ${round(bud.value, 4)}，决算${word[rel]}预算`,
          refs: subjectRefs(this.ctx, subject, act, bud), page: s.page, expected: bud.value, printed: act.value,
          values: { actual: act.value, budget: bud.value }, sentence,
        });
      }
      return;
    }
  }

  private purchase(tok: Token, sentence: string, s: NarrativeSection): void {
    const said = this.said.get('three_public_purchase')?.actual;
    const l = lookup(this.ctx, SUBJECT_PATTERNS.find((p) => p.subject.key === 'three_public_purchase')?.subject.actual, true);
    const cost = said?.value ?? (l && !l.emptyTable ? l.value : undefined);
    if (cost === undefined || cost !== 0) return;
    this.ctx.emit({
      rule: 'narrativePurchase', diff: tok.value, tol: 0, severity: 'warning',
      message: `情况说明称购置公务用车 ${tok.text}，但公务用车购置费为 0`,
      refs: l ? refsOf(this.ctx, l.terms) : [], page: s.page, printed: tok.value, sentence,
    });
  }

  private formsCount(tok: Token, sentence: string, s: NarrativeSection): void {
    const n = this.ctx.doc.forms.length;
    if (!n || n === tok.value) return;
    this.ctx.emit({
      rule: 'narrativeForms', diff: tok.value - n, tol: 0, severity: 'warning',
      message: `情况说明称绩效自评项目 ${tok.text}，所附项目支出绩效自评表为 ${n} 张`,
      refs: [{ table: 'performance_evaluation' }], page: s.page, expected: n, printed: tok.value, sentence,
    });
  }
}

export function narrativeRules(ctx: Ctx): void {
  if (!ctx.doc.narrative.length) return;
  new Walker(ctx).run(ctx.doc.narrative);
}
