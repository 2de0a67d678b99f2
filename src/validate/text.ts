/**
 * The document's text: placeholders and template sample text left in (XX, 待填写, (略), 增加(减少) …), and the
 * years and dates the text gives the report — every heading of a 决算/预算 part, every 2024年度部门决算 /
 * 2024年度收入支出… in the prose, every 截至…日 and 年末 — against the document's year. A year after 与/比/较
 * (与2023年度相比) or in a range is another period and is not checked.
 */
import {
  AS_OF_DATE, BUDGET_PRIOR_AFTER, OTHER_YEAR_AFTER, OTHER_YEAR_BEFORE, PLACEHOLDERS, REPORT_YEAR_AFTER, YEAR_END, YEAR_HEADING,
} from '../domain/checks.js';
import type { Ctx } from './context.js';
import { normText } from './narrative.js';
import { sentenceAt } from './plausibility.js';
import { YEAR_OF_DATE } from '../domain/labels.js';

interface Piece {
  text: string;
  /** where: 目录, a heading, a table title, the narrative */
  where: string;
  page?: number;
  heading: boolean;
  table?: string;
}

/** Every piece of the document's own text, normalised. */
function pieces(ctx: Ctx): Piece[] {
  const doc = ctx.doc;
  const out: Piece[] = [];
  if (doc.document.title) out.push({ text: normText(doc.document.title), where: '封面', heading: true, page: 1 });
  if (doc.contents?.length) out.push({ text: doc.contents.map(normText).join('\n'), where: '目录', heading: true });
  for (const s of doc.narrative) {
    out.push({ text: normText(s.heading), where: '标题', heading: true, page: s.page });
    out.push({ text: normText(s.text), where: s.heading ? `「${normText(s.heading).slice(0, 24)}」` : '正文', heading: false, page: s.page });
  }
  for (const t of doc.tables) {
    out.push({ text: normText(t.title), where: '表名', heading: true, page: t.pages[0], table: t.kind });
    for (const r of t.rows) if (r.label) out.push({ text: normText(r.label), where: ctx.tableName(t.kind), heading: false, page: r.page, table: t.kind });
  }
  return out;
}

function placeholders(ctx: Ctx, all: Piece[]): void {
  for (const p of all) {
    const hits: string[] = [];
    const kinds = new Set<string>();
    for (const ph of PLACEHOLDERS) {
      for (const m of p.text.matchAll(ph.re)) {
        hits.push(m[0]);
        kinds.add(ph.what);
      }
    }
    if (!hits.length) continue;
    const first = p.text.search(PLACEHOLDERS.find((ph) => kinds.has(ph.what))!.re);
    ctx.emit({
      rule: 'textPlaceholder', diff: 0, tol: 0, severity: 'warning',
      message: `${p.where}中有${[...kinds].join('、')}：${[...new Set(hits)].slice(0, 6).join('、')}${hits.length > 6 ? ` 等 ${hits.length} 处` : ''}`,
      refs: p.table ? [{ table: p.table }] : [], ...(p.page !== undefined ? { page: p.page } : {}),
      sentence: p.heading ? p.text : sentenceAt(p.text, Math.max(0, first)),
    });
  }
}

interface YearRef {
  year: number;
  piece: Piece;
  at: number;
  text: string;
}

function years(ctx: Ctx, all: Piece[]): void {
  const year = ctx.doc.document.year;
  const kind = ctx.doc.document.kind;
  if (!year) return;
  const refs: YearRef[] = [];
  for (const p of all) {
    // table titles: identity.year reads the headings printed with the tables
    if (p.where === '表名' || (p.table && !p.heading)) continue;
    if (p.heading && !YEAR_HEADING.test(p.text)) continue;
    for (const m of p.text.matchAll(YEAR_OF_DATE)) {
      const i = m.index!;
      const before = p.text.slice(Math.max(0, i - 4), i);
      const after = p.text.slice(i + 4, i + 24);
      if (OTHER_YEAR_BEFORE.test(before) || OTHER_YEAR_AFTER.test(after)) continue;
      if (!p.heading && !REPORT_YEAR_AFTER.test(after)) continue;
      if (kind === 'budget' && BUDGET_PRIOR_AFTER.test(after)) continue;
      refs.push({ year: Number(m[1]), piece: p, at: i, text: p.heading ? p.text : sentenceAt(p.text, i) });
    }
  }
  const count = new Map<number, number>();
  for (const r of refs) count.set(r.year, (count.get(r.year) ?? 0) + 1);
  const [most, n] = [...count].sort((a, b) => b[1] - a[1])[0] ?? [year, 0];
  if (most !== year && n > (count.get(year) ?? 0)) {
    // the text speaks of another year throughout: the document's year (from its cover) is what is doubtful
    ctx.emit({
      rule: 'textYear', diff: 0, tol: 0, severity: 'info',
      message: `文件年度为 ${year} 年，正文 ${n} 处所称本年度为 ${most} 年`, refs: [], expected: year, printed: most,
    });
    return;
  }
  for (const r of refs) {
    if (r.year === year) continue;
    // a 预算's prose quotes the year before (纳入2018年预算管理的 … in a 2019 budget); its headings may not
    if (kind === 'budget' && !r.piece.heading && r.year === year - 1) continue;
    ctx.emit({
      rule: 'textYear', diff: 0, tol: 0, severity: 'warning',
      message: `${r.piece.where}称“${r.piece.text.slice(Math.max(0, r.at - 8), r.at + 14)}”，年度为 ${r.year} 年，文件为 ${year} 年${kind === 'budget' ? '预算' : '决算'}`,
      refs: [], ...(r.piece.page !== undefined ? { page: r.piece.page } : {}), expected: year, printed: r.year, sentence: r.text,
    });
  }
}

function dates(ctx: Ctx, all: Piece[]): void {
  const year = ctx.doc.document.year;
  const kind = ctx.doc.document.kind;
  if (!year || !kind) return;
  // a 决算 reports the year to its 12月31日; a 预算, written in the year before, may date its figures then
  const ok = (y: number) => (kind === 'final' ? y === year : y === year || y === year - 1);
  for (const p of all) {
    if (p.table) continue;
    for (const re of [AS_OF_DATE, YEAR_END]) {
      for (const m of p.text.matchAll(re)) {
        const y = Number(m[1]);
        const before = p.text.slice(Math.max(0, m.index! - 4), m.index!);
        if (re === YEAR_END && OTHER_YEAR_BEFORE.test(before)) continue;
        // a 决算 may date a later event (截至2025年3月) — only a year-end date or an earlier one is the report's
        if (kind === 'final' && re === AS_OF_DATE && y > year && !(m[2] === '12' && m[3] === '31')) continue;
        if (ok(y)) continue;
        ctx.emit({
          rule: 'textDate', diff: 0, tol: 0, severity: 'warning',
          message: `${p.where}称“${m[0]}”，文件为 ${year} 年${kind === 'budget' ? '预算' : '决算'}${kind === 'final' ? `，应为 ${year} 年` : ''}`,
          refs: [], ...(p.page !== undefined ? { page: p.page } : {}), expected: year, printed: y, sentence: p.heading ? p.text : sentenceAt(p.text, m.index!),
        });
      }
    }
  }
}

export function textRules(ctx: Ctx): void {
  const all = pieces(ctx);
  placeholders(ctx, all);
  years(ctx, all);
  dates(ctx, all);
}
