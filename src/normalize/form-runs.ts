/**
 * Evaluation forms printed without ruling lines: the text runs of the form are regrouped into the rows and cells
 * a ruled form would have, so that the label-driven reader (forms.ts) reads them the same way.
 *
 * Without rulings three things must be inferred:
 *  - section labels (项目资金…, 项目年度绩效目标, 绩效指标, 项目绩效分析 …) wrap down a narrow left column over
 *    several rows: a chain of runs stacked in one column whose text is a section label is dropped;
 *  - rows: a wrapped cell's lines follow each other closely, the next row starts after a wider gap (cell padding),
 *    counted only over the columns whose cells never span rows;
 *  - labels that span rows (一级指标, its 权重, a 二级指标 over several rows, the money part's 权重) are printed
 *    once, centred on their rows: each goes to the run of rows it is centred on.
 */
import type { TextItem } from '../model/page.js';
import { groupLines } from '../layout/lines.js';
import {
  ACHIEVED_HEADER_RE, ANALYSIS_SECTION_RE, GOAL_HEADER_RE, GOAL_SECTION_RE, HEAD_FIELDS, INDICATOR_HEADERS,
  INDICATOR_SECTION_RE, MONEY_HEADERS, MONEY_SECTION_RE, TOTAL_ROW_RE, formLabel,
} from '../domain/forms.js';
import { parseNumber } from './numbers.js';
import { FOLIO_RE, LEVEL1_HEADER_RE, LEVEL23_HEADER_RE, REMARKS_RE, SCORE_TOTAL_LABEL_RE } from '../domain/forms.js';

export interface Run {
  text: string;
  label: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  size: number;
  page: number;
}

export interface LooseCell {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** the same object on every row a spanning label covers; `first` on the first of them */
  span?: { id: number; first: boolean };
}

export interface LooseRow {
  page: number;
  cells: LooseCell[];
}

const cx = (r: { x0: number; x1: number }) => (r.x0 + r.x1) / 2;
const cy = (r: { y0: number; y1: number }) => (r.y0 + r.y1) / 2;
const isNum = (s: string) => parseNumber(s) !== null;

/** Runs of one page: items split at wide inner gaps, neighbours on a line joined where they touch. */
export function pageRuns(items: TextItem[], page: number): Run[] {
  const pieces: TextItem[] = [];
  for (const it of items) {
    if (!it.str.trim()) continue;
    if (!/\S\s{2,}\S/.test(it.str)) {
      pieces.push(it);
      continue;
    }
    const chars = [...it.str];
    const w = (it.x1 - it.x0) / chars.length;
    const re = /\S+(?:\s\S+)*/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(it.str))) {
      const start = [...it.str.slice(0, m.index)].length;
      const len = [...m[0]].length;
      pieces.push({ ...it, str: m[0], x0: it.x0 + start * w, x1: it.x0 + (start + len) * w });
    }
  }
  const runs: Run[] = [];
  for (const line of groupLines(pieces)) {
    const sorted = [...line.items].sort((a, b) => a.x0 - b.x0);
    let cur: Run | undefined;
    for (const it of sorted) {
      if (cur && it.x0 - cur.x1 <= 0.3 * Math.max(it.size, cur.size)) {
        cur.text += it.str;
        cur.x1 = Math.max(cur.x1, it.x1);
        cur.y0 = Math.min(cur.y0, it.y0);
        cur.y1 = Math.max(cur.y1, it.y1);
      } else {
        cur = { text: it.str, label: '', x0: it.x0, x1: it.x1, y0: it.y0, y1: it.y1, size: it.size, page };
        runs.push(cur);
      }
    }
  }
  for (const r of runs) {
    r.text = r.text.replace(/\s+/g, ' ').trim();
    r.label = formLabel(r.text);
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------------------
// Section labels: chains of runs stacked in one column

/** A section label as a whole: a chain of runs is one when its text is the label, not when it mentions one. */
function isSection(label: string): boolean {
  return (label.length <= 24 && MONEY_SECTION_RE.test(label)) || [GOAL_SECTION_RE, INDICATOR_SECTION_RE, ANALYSIS_SECTION_RE].some((re) => re.test(label));
}

function dropSectionLabels(runs: Run[]): Run[] {
  const dropped = new Set<Run>();
  const byPage = new Map<number, Run[]>();
  for (const r of runs) byPage.set(r.page, [...(byPage.get(r.page) ?? []), r]);
  for (const list of byPage.values()) {
    // chains: runs centred on the same x, each just under the previous one
    const sorted = [...list].sort((a, b) => a.y0 - b.y0);
    const chains: Run[][] = [];
    for (const r of sorted) {
      const chain = chains.find((c) => {
        const last = c[c.length - 1];
        return Math.abs(cx(last) - cx(r)) < 4 && r.y0 - last.y1 < 0.45 * r.size && r.y0 > last.y0;
      });
      if (chain) chain.push(r);
      else chains.push([r]);
    }
    for (const c of chains) {
      if (c.length < 2 && (!isSection(c[0].label) || GOAL_HEADER_RE.test(c[0].label))) continue;
      const text = formLabel(c.map((r) => r.text).join(''));
      if (isSection(text) && !c.some((r) => isNum(r.text))) for (const r of c) dropped.add(r);
    }
  }
  return runs.filter((r) => !dropped.has(r));
}

// ---------------------------------------------------------------------------------------------------------
// Lines and blocks

interface VLine {
  page: number;
  runs: Run[];
  y0: number;
  y1: number;
}

function visualLines(runs: Run[]): VLine[] {
  const out: VLine[] = [];
  const pages = [...new Set(runs.map((r) => r.page))];
  for (const page of pages) {
    const list = runs.filter((r) => r.page === page).sort((a, b) => cy(a) - cy(b));
    const lines: VLine[] = [];
    for (const r of list) {
      const l = lines.find((x) => {
        const o = Math.min(x.y1, r.y1) - Math.max(x.y0, r.y0);
        return o / Math.max(0.1, Math.min(x.y1 - x.y0, r.y1 - r.y0)) > 0.5;
      });
      if (l) {
        l.runs.push(r);
        l.y0 = Math.min(l.y0, r.y0);
        l.y1 = Math.max(l.y1, r.y1);
      } else lines.push({ page, runs: [r], y0: r.y0, y1: r.y1 });
    }
    for (const l of lines) l.runs.sort((a, b) => a.x0 - b.x0);
    out.push(...lines.sort((a, b) => a.y0 - b.y0));
  }
  return out;
}

const has = (l: VLine, re: RegExp) => l.runs.some((r) => re.test(r.label));
const isMoneyHeaderRun = (r: Run) => MONEY_HEADERS.some((h) => h.re.test(r.label));
const numCount = (l: VLine) => l.runs.filter((r) => isNum(r.text)).length;

type Kind = 'head' | 'moneyHead' | 'money' | 'goalHead' | 'goal' | 'indHead' | 'ind' | 'total' | 'after';

/** The block of every line, found by the labels of the blocks' header rows. */
function classify(lines: VLine[]): Kind[] {
  const kinds: Kind[] = [];
  let k: Kind = 'head';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (has(l, HEAD_FIELDS.project) || has(l, HEAD_FIELDS.department) || has(l, HEAD_FIELDS.unit)) k = 'head';
    else if (has(l, GOAL_HEADER_RE) && has(l, ACHIEVED_HEADER_RE)) k = 'goalHead';
    else if (has(l, LEVEL1_HEADER_RE) && has(l, LEVEL23_HEADER_RE)) k = 'indHead';
    else if (has(l, SCORE_TOTAL_LABEL_RE) || ((k === 'ind' || k === 'indHead') && has(l, TOTAL_ROW_RE))) k = 'total';
    else if ((k === 'head' || k === 'moneyHead') && numCount(l) < 2 && l.runs.some(isMoneyHeaderRun)) k = 'moneyHead';
    else if (k === 'moneyHead' && numCount(l) >= 1) k = 'money';
    else if (k === 'goalHead') k = 'goal';
    else if (k === 'indHead') k = 'ind';
    else if (k === 'total') k = 'after';
    kinds.push(k);
  }
  // fragments of a header row printed on a line of their own just above it (偏差原因分析 / 及改进措施)
  for (let i = lines.length - 2; i >= 0; i--) {
    const next = kinds[i + 1];
    if ((next === 'goalHead' || next === 'indHead' || next === 'total') && kinds[i] !== next && lines[i].page === lines[i + 1].page) {
      const gap = lines[i + 1].y0 - lines[i].y1;
      const onlyText = numCount(lines[i]) === 0;
      if (gap < 0.45 * lines[i + 1].runs[0].size && onlyText) kinds[i] = next;
    }
  }
  // and just below it
  for (let i = 1; i < lines.length; i++) {
    const prev = kinds[i - 1];
    const head = prev === 'goalHead' || prev === 'indHead';
    if (head && kinds[i] !== prev && lines[i].page === lines[i - 1].page && numCount(lines[i]) === 0) {
      const gap = lines[i].y0 - lines[i - 1].y1;
      // only when the line holds nothing but a continuation of one header cell
      if (gap < 0.45 * lines[i].runs[0].size && lines[i].runs.length === 1 && [...lines[i].runs[0].text].length <= 6) kinds[i] = prev;
    }
  }
  return kinds;
}

// ---------------------------------------------------------------------------------------------------------
// Rows and cells

/**
 * Runs of one row that stand in one column join into a cell (a wrapped text), unless each is a label of its
 * own; runs snapped to the same header column join whatever their extents.
 */
function cellsOf(runs: Run[], snap?: Map<Run, Col>): [LooseCell, Run[]][] {
  const knownText = (t: string) => {
    const l = formLabel(t);
    return MONEY_HEADERS.some((h) => h.re.test(l)) || INDICATOR_HEADERS.some((h) => h.re.test(l)) || GOAL_HEADER_RE.test(l) ||
      ACHIEVED_HEADER_RE.test(l);
  };
  const known = (r: Run) => knownText(r.text);
  const sorted = [...runs].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const cells: (LooseCell & { runs: Run[] })[] = [];
  for (const r of sorted) {
    const col = snap?.get(r);
    const c = cells.find((x) =>
      col
        ? snap?.get(x.runs[0]) === col
        : !snap?.get(x.runs[0]) && Math.min(x.x1, r.x1) - Math.max(x.x0, r.x0) > -1 && r.y0 - x.y1 < 1.2 * r.size &&
          // two labels stay apart, unless together they make one (年初 / 预算数)
          ((!known(r) && !x.runs.some(known)) || knownText(x.text + r.text)),
    );
    if (c) {
      c.runs.push(r);
      c.text += r.text;
      c.x0 = Math.min(c.x0, r.x0);
      c.x1 = Math.max(c.x1, r.x1);
      c.y1 = Math.max(c.y1, r.y1);
    } else cells.push({ text: r.text, x0: r.x0, x1: r.x1, y0: r.y0, y1: r.y1, runs: [r] });
  }
  return cells.sort((a, b) => a.x0 - b.x0).map(({ runs, ...c }) => [c, runs]);
}

/** Splits a block's lines into rows: a wider gap than a wrapped line's starts a row (over the given runs). */
function rowsByGap(lines: VLine[], keep: (r: Run) => boolean): Run[][] {
  const rows: { runs: Run[]; page: number; y1: number }[] = [];
  for (const l of lines) {
    const runs = l.runs.filter(keep);
    if (!runs.length) continue;
    const y0 = Math.min(...runs.map((r) => r.y0));
    const size = Math.max(...runs.map((r) => r.size));
    const last = rows[rows.length - 1];
    if (last && last.page === l.page && y0 - last.y1 < 0.45 * size) {
      last.runs.push(...runs);
      last.y1 = Math.max(last.y1, ...runs.map((r) => r.y1));
    } else rows.push({ runs, page: l.page, y1: Math.max(...runs.map((r) => r.y1)) });
  }
  return rows.map((r) => r.runs);
}

interface Col {
  key: string;
  x0: number;
  x1: number;
}

/**
 * The column of each run of a block, from the header labels above it: runs aligned alike (same left edge, right
 * edge or centre, or overlapping) make one column; a column holding a header's centre, or else lying close to it,
 * is that header's. A run of a column is then given the header's x-range, as a cell of a ruled form would have.
 */
function snapColumns(runs: Run[], cols: Col[], allLabelled: boolean): Map<Run, Col> {
  const parent = runs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i];
      const b = runs[j];
      const aligned = Math.abs(a.x0 - b.x0) < 2 || Math.abs(a.x1 - b.x1) < 2 || Math.abs(cx(a) - cx(b)) < 2;
      const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 1;
      if (aligned || overlap) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Run[]>();
  runs.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
  const out = new Map<Run, Col>();
  const sorted = [...cols].sort((a, b) => cx(a) - cx(b));
  for (const g of groups.values()) {
    const x0 = Math.min(...g.map((r) => r.x0));
    const x1 = Math.max(...g.map((r) => r.x1));
    const c = (x0 + x1) / 2;
    const inside = cols.filter((h) => cx(h) >= x0 - 2 && cx(h) <= x1 + 2);
    const byDistance = (list: Col[]) => [...list].sort((a, b) => Math.abs(cx(a) - c) - Math.abs(cx(b) - c))[0];
    let col = inside.length ? byDistance(inside) : undefined;
    if (!col && allLabelled) {
      // every column has its header: the header whose half-way bounds hold the column's centre
      col = sorted.find((h, i) => {
        const lo = i ? (cx(sorted[i - 1]) + cx(h)) / 2 : -Infinity;
        const hi = i < sorted.length - 1 ? (cx(h) + cx(sorted[i + 1])) / 2 : Infinity;
        return c >= lo && c < hi;
      });
    }
    if (!col && g.every((r) => isNum(r.text) || /^[-—–]+$/.test(r.text))) {
      // numbers stand right-aligned under (or centred on) their header: the last header starting before they end
      const before = sorted.filter((h) => h.x0 <= x1 + 1);
      const h = before[before.length - 1];
      const next = sorted[sorted.indexOf(h!) + 1];
      if (h && (!next || x1 < next.x0)) col = h;
    }
    if (!col) {
      // a right-aligned number ends before the next column's header starts: that header is not its own
      const reach = cols.filter((h) => Math.abs(cx(h) - c) <= (h.x1 - h.x0) / 2 + (x1 - x0) / 2 + 6);
      const notRight = reach.filter((h) => h.x0 <= x1 + 1);
      col = byDistance(notRight.length ? notRight : reach);
    }
    if (col) for (const r of g) out.set(r, col);
  }
  return out;
}

/**
 * Rows of labels that span rows: each label (its wrapped runs joined) takes the rows it is centred on, the groups
 * following each other without gaps, the last one to the end. On a page continuing the block, the first rows may
 * belong to a label printed on the page before (`lead`). Returns, per row, the index of its label (-1: none).
 */
function partition(rows: { y0: number; y1: number }[], labels: { y0: number; y1: number }[], lead: boolean): number[] {
  const n = rows.length;
  const build = (s0: number): { out: number[]; err: number } | null => {
    const out = new Array<number>(n).fill(-1);
    let s = s0;
    let err = 0;
    for (let k = 0; k < labels.length; k++) {
      if (s >= n) return null;
      const c = cy(labels[k]);
      const left = labels.length - k - 1;
      let best = s;
      let bestD = Infinity;
      for (let e = s; e < Math.max(s + 1, n - left); e++) {
        const d = Math.abs((rows[s].y0 + rows[e].y1) / 2 - c);
        if (d < bestD) {
          bestD = d;
          best = e;
        }
      }
      if (k === labels.length - 1) {
        best = n - 1;
        bestD = Math.abs((rows[s].y0 + rows[best].y1) / 2 - c);
      }
      err += bestD;
      for (let i = s; i <= best; i++) out[i] = k;
      s = best + 1;
    }
    return { out, err };
  };
  let best = build(0);
  if (lead) {
    const c0 = cy(labels[0]);
    for (let s0 = 1; s0 < n && rows[s0].y0 <= c0; s0++) {
      const b = build(s0);
      if (b && (!best || b.err < best.err - 0.5)) best = b;
    }
  }
  return best?.out ?? new Array<number>(n).fill(-1);
}

let spanIds = 0;

/**
 * A column of labels spanning rows: `within` nests its groups inside another column's groups (a 二级指标 never
 * crosses its 一级指标); `follows` gives each label the whole group of another column it lies in (the 权重 of an
 * 一级指标).
 */
interface SpanningSpec {
  key: string;
  within?: string;
  follows?: string;
}

interface Label {
  page: number;
  text: string;
  y0: number;
  y1: number;
}

/**
 * One block's rows. `cols` are its header labels; runs under a spanning column are labels printed once for the
 * rows they span, laid onto those rows.
 */
function blockRows(lines: VLine[], cols: Col[], spec: SpanningSpec[], allLabelled = false): LooseRow[] {
  const all = lines.flatMap((l) => l.runs);
  const snap = snapColumns(all, cols, allLabelled);
  const keys = new Set(spec.map((x) => x.key));
  const spanning = (r: Run) => keys.has(snap.get(r)?.key ?? '');
  const body = rowsByGap(lines, (r) => !spanning(r));
  const rows = body.map((runs) => ({
    page: runs[0].page, runs, y0: Math.min(...runs.map((r) => r.y0)), y1: Math.max(...runs.map((r) => r.y1)),
  }));
  const place = (c: LooseCell, runs: Run[]): LooseCell => {
    const col = snap.get(runs[0]);
    return col ? { ...c, x0: col.x0, x1: col.x1 } : c;
  };
  const out: LooseRow[] = rows.map((r) => ({ page: r.page, cells: cellsOf(r.runs, snap).map(([c, runs]) => place(c, runs)) }));
  /** per spanning key, per row: the label (object identity = one spanning cell) */
  const given = new Map<string, (Label | undefined)[]>();
  const firstPage = rows[0]?.page;
  for (const sp of spec) {
    const col = cols.find((c) => c.key === sp.key);
    if (!col) continue;
    const labels: Label[] = [];
    for (const r of all.filter((x) => snap.get(x) === col).sort((a, b) => a.page - b.page || a.y0 - b.y0)) {
      const last = labels[labels.length - 1];
      if (last && last.page === r.page && r.y0 - last.y1 < 0.45 * r.size) {
        last.text += r.text;
        last.y1 = Math.max(last.y1, r.y1);
      } else labels.push({ page: r.page, text: r.text, y0: r.y0, y1: r.y1 });
    }
    const mine = new Array<Label | undefined>(rows.length).fill(undefined);
    const parent = sp.within ?? sp.follows;
    const parentOf = parent ? given.get(parent) : undefined;
    // groups of rows to lay labels onto: the whole page, or the parent column's groups on it
    const groups: number[][] = [];
    for (const page of new Set(rows.map((r) => r.page))) {
      const idx = rows.map((r, i) => (r.page === page ? i : -1)).filter((i) => i >= 0);
      if (!parentOf) groups.push(idx);
      else {
        for (const i of idx) {
          const g = groups[groups.length - 1];
          if (g && rows[g[0]].page === page && parentOf[g[g.length - 1]] === parentOf[i]) g.push(i);
          else groups.push([i]);
        }
      }
    }
    for (const g of groups) {
      const top = rows[g[0]].y0 - 2;
      const bottom = rows[g[g.length - 1]].y1 + 2;
      const page = rows[g[0]].page;
      const labs = labels.filter((l) => l.page === page && (!parentOf || (cy(l) >= top && cy(l) <= bottom)));
      // the first group of a continuation page may go on with the label printed on the page before
      const lead = page !== firstPage && g[0] === rows.findIndex((r) => r.page === page);
      if (sp.follows) {
        // the label is the group's, wherever in it it stands
        if (labs.length) for (const i of g) mine[i] = labs[0];
        else if (lead && g[0] > 0 && parentOf?.[g[0] - 1] === parentOf?.[g[0]]) for (const i of g) mine[i] = mine[g[0] - 1];
        continue;
      }
      if (labs.length) {
        const part = partition(g.map((i) => rows[i]), labs, lead);
        part.forEach((k, j) => {
          if (k >= 0) mine[g[j]] = labs[k];
        });
      }
      if (lead) {
        // rows before the first label here carry the last label of the page before (same parent group)
        const prev = g[0] - 1;
        for (const i of g) {
          if (mine[i]) break;
          if (prev >= 0 && (!parentOf || parentOf[prev] === parentOf[i])) mine[i] = mine[prev];
        }
      }
    }
    given.set(sp.key, mine);
    const ids = new Map<Label, number>();
    mine.forEach((lab, i) => {
      if (!lab) return;
      const first = !ids.has(lab);
      if (first) ids.set(lab, ++spanIds);
      out[i].cells.push({ text: lab.text, x0: col.x0, x1: col.x1, y0: lab.y0, y1: lab.y1, span: { id: ids.get(lab)!, first } });
    });
  }
  for (const r of out) r.cells.sort((a, b) => a.x0 - b.x0);
  return out;
}

/**
 * The rows of a form printed without rulings, from its runs (section labels removed), for the label-driven
 * reader. The money block's 权重 and the indicators' 一级指标/权重/二级指标 are spanning labels.
 */
export function looseRows(runs: Run[]): LooseRow[] {
  let lines = visualLines(dropSectionLabels(runs));
  // the form ends where its 备注 start; folios are no part of it
  const end = lines.findIndex((l) => REMARKS_RE.test(l.runs[0].label));
  if (end >= 0) lines = lines.slice(0, end);
  lines = lines.filter((l) => !(l.runs.length === 1 && FOLIO_RE.test(l.runs[0].label)));
  const kinds = classify(lines);
  const out: LooseRow[] = [];
  const headerCols = (specs: { field: string; re: RegExp }[], pick: (r: LooseRow) => boolean): Col[] => {
    const hdr = [...out].reverse().find(pick);
    return (hdr?.cells ?? []).flatMap((c) => {
      const h = specs.find((x) => x.re.test(formLabel(c.text)));
      return h ? [{ key: h.field, x0: c.x0, x1: c.x1 }] : [];
    });
  };
  const cellsOnly = (rs: Run[]) => cellsOf(rs).map(([c]) => c);
  let i = 0;
  while (i < lines.length) {
    const k = kinds[i];
    let j = i;
    while (j < lines.length && kinds[j] === k) j++;
    const block = lines.slice(i, j);
    if (k === 'head') {
      for (const l of block) out.push({ page: l.page, cells: cellsOnly(l.runs) });
    } else if (k === 'moneyHead' || k === 'goalHead' || k === 'indHead') {
      for (const page of new Set(block.map((l) => l.page))) {
        out.push({ page, cells: cellsOnly(block.filter((l) => l.page === page).flatMap((l) => l.runs)) });
      }
    } else if (k === 'money') {
      let cols = headerCols(MONEY_HEADERS, (r) => r.cells.some((c) => MONEY_HEADERS.some((h) => h.re.test(formLabel(c.text)))));
      // 年初预算数 over 目标申报数 / 预算编制数 heads no column of its own
      if (cols.some((c) => c.key === 'declared' || c.key === 'budgetInitial')) cols = cols.filter((c) => c.key !== 'budgetInitialGroup');
      out.push(...blockRows(block, cols, [{ key: 'sectionWeight' }]));
    } else if (k === 'goal') {
      const hdr = [...out].reverse().find((r) => r.cells.some((c) => GOAL_HEADER_RE.test(formLabel(c.text))));
      const cols: Col[] = (hdr?.cells ?? []).flatMap((c) => {
        const l = formLabel(c.text);
        return GOAL_HEADER_RE.test(l) || ACHIEVED_HEADER_RE.test(l) ? [{ key: l, x0: c.x0, x1: c.x1 }] : [];
      });
      out.push(...blockRows(block, cols, [], true));
    } else if (k === 'ind' || k === 'total') {
      const cols = headerCols(INDICATOR_HEADERS, (r) => r.cells.some((c) => LEVEL1_HEADER_RE.test(formLabel(c.text))));
      const spec: SpanningSpec[] = [{ key: 'level1' }, { key: 'level1Weight', follows: 'level1' }, { key: 'level2', within: 'level1' }];
      out.push(...blockRows(block, cols, k === 'ind' ? spec : [], k === 'ind'));
    } else {
      out.push(...blockRows(block, [], []));
    }
    i = j;
  }
  return out;
}
