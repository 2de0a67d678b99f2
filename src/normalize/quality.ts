/**
 * Table quality (Camelot's parsing report, for this domain): for every table, the amounts printed in its area on
 * each of its pages — from the page's text layer or OCR words, counted as src/domain/amounts.ts says — against
 * the facts made from them; the amounts no fact carries (with page and box), those that fell in no cell, runs
 * printed across cell boundaries, value columns left without a key and cells that gave a fact twice. No number
 * printed inside a table disappears without a trace.
 *
 * A table's area on a page: the amounts of a page are shared among the tables printed on it, each going to the
 * table whose grid is nearest (vertically); so the amounts of a table page are all counted, once.
 */
import type { Box, Fact, PrintedAmount, TableQuality, TableRecord } from '../model/schema.js';
import type { TextItem } from '../model/page.js';
import type { Grid } from '../tables/grid.js';
import type { TableSpan } from '../segment/segment.js';
import { groupLines } from '../layout/lines.js';
import { AMOUNT_BEFORE_CODE, AMOUNT_FRAGMENT, AMOUNT_TOKEN, amountValue } from '../domain/amounts.js';
import { BRACKETED } from '../domain/cells.js';
import { round } from './numbers.js';
import { OTHER_KIND_PREFIX } from '../domain/kinds.js';
import { SETTINGS } from '../model/settings.js';

/** Tolerances of the quality report (src/model/settings.ts). */
export const QUALITY_SETTINGS = SETTINGS.quality;

/** The forms' table kind: its pages are read by the form reader and have no grid quality of this kind. */
const FORM_KIND = 'performance_evaluation';

interface Token extends PrintedAmount {
  box: Box;
}

const boxOf = (b: Box): Box => ({ x0: round(b.x0, 2), y0: round(b.y0, 2), x1: round(b.x1, 2), y1: round(b.y1, 2) });
const union = (a: Box, b: Box): Box => ({ x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) });
const centre = (b: Box) => ({ x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 });
const within = (p: { x: number; y: number }, b: Box, slack: number) =>
  p.x >= b.x0 - slack && p.x <= b.x1 + slack && p.y >= b.y0 - slack && p.y <= b.y1 + slack;

/** The amount tokens of a page's runs: per line, runs joined into words as printed, wrapped decimals joined back. */
export function amountTokens(runs: TextItem[], page: number): PrintedAmount[] {
  const S = QUALITY_SETTINGS;
  const lines = groupLines(runs).sort((a, b) => a.y0 - b.y0);
  const perLine: { tokens: Token[]; size: number }[] = [];
  const frags: { line: number; text: string; box: Box; size: number }[] = [];
  lines.forEach((l, li) => {
    const items = [...l.items].sort((a, b) => a.x0 - b.x0);
    // the line's text, with where each character came from
    let text = '';
    const from: { item: TextItem; i: number }[] = [];
    let prev: TextItem | undefined;
    for (const it of items) {
      if (prev && it.x0 - prev.x1 > Math.max(prev.size, it.size) * S.wordGap) {
        text += ' ';
        from.push({ item: prev, i: -1 });
      }
      for (let i = 0; i < it.str.length; i++) from.push({ item: it, i });
      text += it.str;
      prev = it;
    }
    const span = (s: number, e: number): Box => {
      let b: Box | undefined;
      for (let k = s; k < e; k++) {
        const { item, i } = from[k];
        if (i < 0) continue;
        const w = (item.x1 - item.x0) / Math.max(1, item.str.length);
        const cb = { x0: item.x0 + w * i, y0: item.y0, x1: item.x0 + w * (i + 1), y1: item.y1 };
        b = b ? union(b, cb) : cb;
      }
      return b ?? { x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1 };
    };
    const tokens: Token[] = [];
    const taken: [number, number][] = [];
    for (const m of text.matchAll(AMOUNT_TOKEN)) {
      const s = m.index!;
      taken.push([s, s + m[0].length]);
      // an amount glued to the code of the next cell is that amount (the table builders cut it there too)
      const t = AMOUNT_BEFORE_CODE.exec(m[0])?.[1] ?? m[0];
      const v = amountValue(t);
      if (v !== null) tokens.push({ text: t, value: v, page, box: span(s, s + t.length) });
    }
    for (const m of text.matchAll(AMOUNT_FRAGMENT)) {
      const s = m.index!;
      if (taken.some(([a, b]) => s >= a && s < b)) continue;
      frags.push({ line: li, text: m[0], box: span(s, s + m[0].length), size: l.size });
    }
    perLine.push({ tokens, size: l.size });
  });
  // `14,770` over `.62`: a decimal part alone joins the integer on the nearest line above that starts near it
  for (const f of frags) {
    for (let k = f.line - 1; k >= 0; k--) {
      const above = perLine[k];
      if (!above.tokens.length && !lines[k].text.trim()) continue;
      if (f.box.y0 - lines[k].y1 > f.size * QUALITY_SETTINGS.fragmentRise) break;
      const reach = f.size * QUALITY_SETTINGS.fragmentReach;
      const t = above.tokens.find((x) => !x.text.includes('.') && f.box.x0 >= x.box.x0 - reach && f.box.x0 <= x.box.x1 + reach);
      if (t) {
        t.text += f.text;
        t.value = amountValue(t.text) ?? t.value;
        t.box = union(t.box, f.box);
      }
      break;
    }
  }
  return perLine.flatMap((l) => l.tokens).map((t) => ({ ...t, box: boxOf(t.box) }));
}

/** The value a fact was printed with, as tokens are compared (a `(12.30)` negative prints 12.30). */
function factValue(f: Fact): number {
  const p = f.printed?.replace(BRACKETED, '$1');
  return (p !== undefined ? amountValue(p) : null) ?? f.value;
}

/** Vertical distance from a box to a set of grids (0 inside their band), then horizontal. */
function distance(b: Box, grids: Grid[]): number {
  const c = centre(b);
  let best = Infinity;
  for (const g of grids) {
    const dy = c.y < g.box.y0 ? g.box.y0 - c.y : c.y > g.box.y1 ? c.y - g.box.y1 : 0;
    const dx = c.x < g.box.x0 ? g.box.x0 - c.x : c.x > g.box.x1 ? c.x - g.box.x1 : 0;
    best = Math.min(best, dy * 1000 + dx);
  }
  return best;
}

/** Runs of a grid printed across a boundary between two of its cells. */
function cutRuns(g: Grid, runs: TextItem[]): { text: string; page: number; box: Box }[] {
  const S = QUALITY_SETTINGS;
  const cells = g.cells.filter((c) => c.box);
  const out: { text: string; page: number; box: Box }[] = [];
  for (const r of runs) {
    if (!r.str.trim()) continue;
    const c = centre(r);
    if (!within(c, g.box, 1)) continue;
    const w = r.x1 - r.x0;
    let n = 0;
    for (const cell of cells) {
      const b = cell.box!;
      if (c.y < b.y0 || c.y > b.y1) continue;
      const o = Math.min(r.x1, b.x1) - Math.max(r.x0, b.x0);
      if (o >= S.cutOverlap && o >= w * S.cutShare) n++;
    }
    if (n >= 2) out.push({ text: r.str, page: g.page, box: boxOf(r) });
  }
  return out;
}

export interface QualityInput {
  tables: TableRecord[];
  spans: TableSpan[];
  facts: Fact[];
  /** facts under a key met again in their table (`total#2`: a row printed twice, two columns with one label);
   * the first keeps the plain key */
  repeated: Fact[];
  /** a page's text runs (text layer or OCR words); without them the grids' cells stand for the page's text */
  runsOf?: (page: number) => TextItem[] | undefined;
}

/** Sets `quality` on every table of the document (the forms' listing excepted). */
export function tableQuality(q: QualityInput): void {
  const tables = q.tables.filter((t) => t.kind !== FORM_KIND);
  const gridsOf = new Map<string, Map<number, Grid[]>>();
  for (const s of q.spans) {
    let byPage = gridsOf.get(s.kind);
    if (!byPage) gridsOf.set(s.kind, (byPage = new Map()));
    for (const g of s.grids) {
      const list = byPage.get(g.page);
      if (list) list.push(g);
      else byPage.set(g.page, [g]);
    }
  }
  const factsOf = new Map<string, Fact[]>();
  for (const f of q.facts) {
    const k = `${f.table}|${f.page}`;
    const list = factsOf.get(k);
    if (list) list.push(f);
    else factsOf.set(k, [f]);
  }
  const report = new Map<string, TableQuality>();
  for (const t of tables) {
    report.set(t.kind, { tokens: 0, matched: 0, coverage: 1, unmatched: [], orphans: [], cutRuns: [], unkeyedColumns: [], conflicts: [] });
  }
  const pages = [...new Set(tables.flatMap((t) => t.pages))].sort((a, b) => a - b);
  for (const p of pages) {
    const here = tables.filter((t) => t.pages.includes(p));
    const grids = (t: TableRecord) => gridsOf.get(t.kind)?.get(p) ?? [];
    const withGrids = here.filter((t) => grids(t).length);
    const runs = q.runsOf?.(p) ?? here.flatMap((t) => grids(t)).flatMap((g) =>
      // (each cell a word of its own: cells of a sheet abut)
      g.cells.filter((c) => c.box).map((c): TextItem => ({ str: ` ${c.text.replace(/\s+/g, ' ')} `, ...c.box!, size: Math.max(1, c.box!.y1 - c.box!.y0) })));
    const tokens = amountTokens(runs, p);
    // each amount to the table printed nearest to it
    const mine = new Map<string, PrintedAmount[]>(here.map((t) => [t.kind, []]));
    for (const tok of tokens) {
      const owner = withGrids.length
        ? withGrids.reduce((a, b) => (distance(tok.box!, grids(b)) < distance(tok.box!, grids(a)) ? b : a))
        : here[0];
      mine.get(owner.kind)!.push(tok);
    }
    for (const t of here) {
      const r = report.get(t.kind)!;
      const gs = grids(t);
      const toks = mine.get(t.kind)!;
      const unused = [...(factsOf.get(`${t.kind}|${p}`) ?? [])];
      r.tokens += toks.length;
      for (const tok of toks) {
        const c = centre(tok.box!);
        let best = -1;
        let bestD = Infinity;
        unused.forEach((f, i) => {
          if (factValue(f) !== tok.value && Math.abs(factValue(f)) !== tok.value) return;
          const d = f.box ? (within(c, f.box, QUALITY_SETTINGS.cellSlack) ? 0 : Math.hypot(c.x - centre(f.box).x, c.y - centre(f.box).y)) : 1e6;
          if (d < bestD) {
            bestD = d;
            best = i;
          }
        });
        if (best >= 0) {
          unused.splice(best, 1);
          r.matched++;
          continue;
        }
        r.unmatched.push(tok);
        const inCell = gs.some((g) => g.cells.some((cell) => (cell.box ? within(c, cell.box, QUALITY_SETTINGS.cellSlack) : within(c, g.box, 1))));
        if (!inCell) r.orphans.push(tok);
      }
      if (q.runsOf?.(p)) for (const g of gs) r.cutRuns.push(...cutRuns(g, runs));
    }
  }
  for (const t of tables) {
    const r = report.get(t.kind)!;
    r.coverage = r.tokens ? Math.round((r.matched / r.tokens) * 1e4) / 1e4 : 1;
    for (const c of t.columns) {
      if (!/^col\d+$|_\d+$/.test(c.key.replace(/^(budget|actual)\./, ''))) continue;
      const values = t.rows.reduce((n, row) => n + row.cells.filter((x) => x.column === c.key.replace(/^(budget|actual)\./, '') && x.value !== null).length, 0);
      r.unkeyedColumns.push({ key: c.key, label: c.label, values });
    }
    for (const d of q.repeated.filter((x) => x.table === t.kind)) {
      const base = d.column.replace(/#\d+$/, '');
      const kept = q.facts.find((f) => f.table === d.table && f.row === d.row && f.column === base);
      r.conflicts.push({
        row: d.row, column: d.column, ...(d.page !== undefined ? { page: d.page } : {}), ...(d.printed !== undefined ? { printed: d.printed } : {}),
        ...(kept?.printed !== undefined ? { kept: kept.printed } : {}), ...(kept?.page !== undefined ? { keptPage: kept.page } : {}),
      });
    }
    t.quality = r;
  }
}

/** A fact under a standard table's keys: not `unkeyed`, not in an `other:` table, not under a column known only by
 *  its position (`col3`: its header was not read). */
const keyedFact = (f: Fact) => !f.table.startsWith(OTHER_KIND_PREFIX) && !f.flags?.includes('unkeyed') && !/^col\d+$/.test(f.column);

/**
 * How many of the amounts printed on a page (amountTokens of all its runs) the facts of that page carry, as a multiset, and how
 * many of those a keyed fact carries (a standard table's, not flagged `unkeyed`), and how many facts of the page
 * carry no printed amount (a code or 行次 read as a value, or a bare integer): the measure two readings of one
 * page are compared by (the same tokens either way, so the counts compare).
 */
export function pageAmountsRead(tokens: PrintedAmount[], facts: Fact[], page: number): { tokens: number; matched: number; keyed: number; extra: number } {
  // keyed facts are spent first, so an amount carried both ways counts as keyed
  const have = new Map<number, { keyed: number; other: number }>();
  let onPage = 0;
  for (const f of facts) {
    if (f.page !== page) continue;
    onPage++;
    const v = factValue(f);
    const h = have.get(v) ?? { keyed: 0, other: 0 };
    if (keyedFact(f)) h.keyed++;
    else h.other++;
    have.set(v, h);
  }
  let matched = 0;
  let keyed = 0;
  for (const t of tokens) {
    const h = have.get(t.value);
    if (!h) continue;
    if (h.keyed > 0) {
      h.keyed--;
      keyed++;
      matched++;
    } else if (h.other > 0) {
      h.other--;
      matched++;
    }
  }
  return { tokens: tokens.length, matched, keyed, extra: onPage - matched };
}

/** The table of the document read least completely, where one prints amounts. */
export function lowestCoverage(tables: TableRecord[]): TableRecord | undefined {
  return tables.filter((t) => t.quality && t.quality.tokens > 0).sort((a, b) => a.quality!.coverage - b.quality!.coverage)[0];
}

/** `coverage 0.93 (公开02表)`: the lowest coverage of a document, for summary lines ('' where no table prints amounts). */
export function coverageSummary(tables: TableRecord[]): string {
  const t = lowestCoverage(tables);
  if (!t) return '';
  // floor to two decimals: 0.996 is not printed as a complete 1.00
  const c = Math.floor(t.quality!.coverage * 100) / 100;
  return t.quality!.coverage < 1 ? `coverage ${c.toFixed(2)} (${t.label ?? (t.title || t.kind)})` : 'coverage 1.00';
}
