/**
 * Stream builder: tables printed without ruling lines. Body rows are the lines that carry numbers; the column
 * boundaries are the x-gaps no body run crosses; header lines just above the body are laid onto those columns
 * (a label over several columns spans them); a row name wrapped over two lines joins the row whose numbers sit
 * between or beside its fragments.
 */
import type { PageContent, Rule, TextItem } from '../model/page.js';
import { blockText, groupLines, type TextLine } from '../layout/lines.js';
import { TOTAL_ROW_LABEL, unitFromText } from '../domain/kinds.js';
import { CAPTION_LINE, ORDINAL_HEADING } from '../domain/labels.js';
import { AMOUNT_BEFORE_CODE } from '../domain/amounts.js';
import { countsUpByOne, DASH_CELL, ROW_COUNTER_LABEL, SEQ_ROW } from '../domain/cells.js';
import type { Grid, GridBuilder, GridCell } from './grid.js';
import { SETTINGS } from '../model/settings.js';

/** Tolerances (src/model/settings.ts). */
const {
  separatorGap: SEPARATOR_GAP,
  gapRounding: GAP_ROUNDING,
  maxHeaderLines: MAX_HEADER_LINES,
  minCountedRows: MIN_COUNTED_ROWS,
  maxFragmentLines: MAX_FRAGMENT_LINES,
  maxPieceLines: MAX_PIECE_LINES,
  namePiece: NAME_PIECE,
  attachEm: ATTACH_EM,
  chainGap: CHAIN_GAP,
  recentre: RECENTRE,
  centredTol: CENTRED_TOL,
  alignSlack: ALIGN_SLACK,
  alignMinLines: ALIGN_MIN_LINES,
  alignMinSplit: ALIGN_MIN_SPLIT,
  labelGap: LABEL_GAP,
  touchEdge: TOUCH_EDGE,
  touchStart: TOUCH_START,
  levelOverlap: LEVEL_OVERLAP,
  touchGap: TOUCH_GAP,
  stretchedGap: STRETCHED_GAP,
  jointTol: JOINT_TOL,
  ruleReach: RULE_REACH,
  rowGapEm: ROW_GAP_EM,
  rowGapTypical: ROW_GAP_TYPICAL,
  headerGapEm: HEADER_GAP_EM,
  wrapGapEm: WRAP_GAP_EM,
  wrapAlignEm: WRAP_ALIGN_EM,
} = SETTINGS.stream;

const NUM = /^[-(]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\)?%?$/;
const CODE = /^\d{3}(\d{2}){0,3}$/;

const DIGITS = /^\d+$/;

/**
 * A classification code wrapped in a cell too narrow for it (Calc breaks 30101 into `3010` over `1`, the name
 * beside it centred between them) is one run again, over both lines: read as lines, its first piece stood alone
 * on a line of its own and its last was taken into the row below (or its amounts' line), so no column held the codes.
 * Pieces are digit runs one tight under the other (the lines of one cell, closer than two rows), at one left edge
 * or one centre, none longer than the piece above it (a wrap fills the cell's line before it breaks), that read
 * together as a code. Two whole codes one under the other never do: a code has an odd count of digits (3, 5, 7 or
 * 9), two together an even one; a 行次 counter under the one before it is longer or as long.
 */
function joinWrappedCodes(items: TextItem[]): TextItem[] {
  const digits = items.filter((it) => DIGITS.test(it.str.trim())).sort((a, b) => a.y0 - b.y0);
  const under = (a: TextItem, b: TextItem): boolean => {
    const em = Math.max(a.size, b.size);
    const gap = b.y0 - a.y1;
    const aligned = Math.abs(a.x0 - b.x0) <= WRAP_ALIGN_EM * em || Math.abs(a.x0 + a.x1 - b.x0 - b.x1) / 2 <= WRAP_ALIGN_EM * em;
    return gap > -WRAP_ALIGN_EM * em && gap <= WRAP_GAP_EM * em && aligned && Math.abs(a.size - b.size) < WRAP_ALIGN_EM * em && b.str.trim().length <= a.str.trim().length;
  };
  const joined = new Map<TextItem, TextItem>();
  const taken = new Set<TextItem>();
  for (const top of digits) {
    if (taken.has(top)) continue;
    // the pieces under it, each under the one before (a code has at most nine digits), and the most of them that
    // read as a code
    const chain = [top];
    for (;;) {
      const last = chain[chain.length - 1];
      const next = digits.find((o) => !taken.has(o) && !chain.includes(o) && under(last, o));
      if (!next || chain.reduce((n, it) => n + it.str.trim().length, next.str.trim().length) > 9) break;
      chain.push(next);
    }
    const text = (k: number) => chain.slice(0, k).map((it) => it.str.trim()).join('');
    // (a 行次 column printed tight, one counter under the other: 1 over 2 over 3 reads as 123 but counts rows, and a
    // cell no wider than one digit wraps no code)
    const counting = (k: number) => countsUpByOne(chain.slice(0, k).map((it) => Number(it.str.trim())));
    const oneDigit = (k: number) => chain.slice(0, k).every((it) => it.str.trim().length === 1);
    let n = chain.length;
    while (n >= 2 && (!CODE.test(text(n)) || counting(n) || oneDigit(n))) n--;
    if (n < 2) continue;
    const pieces = chain.slice(0, n);
    const code = text(n);
    pieces.forEach((it) => taken.add(it));
    joined.set(top, {
      ...top,
      str: code,
      x0: Math.min(...pieces.map((it) => it.x0)),
      x1: Math.max(...pieces.map((it) => it.x1)),
      y0: top.y0,
      y1: pieces[pieces.length - 1].y1,
    });
  }
  if (!joined.size) return items;
  return items.flatMap((it) => (joined.has(it) ? [joined.get(it)!] : taken.has(it) ? [] : [it]));
}

/** Pieces of a run between its gaps: `wide` splits only at runs of two or more spaces, otherwise at any space. */
function splitRun(it: TextItem, wide: boolean): TextItem[] {
  if (wide && /\S\s\S/.test(it.str) && !/\S\s{2,}\S/.test(it.str)) {
    const stretched = spreadRun(it);
    if (stretched) return stretched;
  }
  if (!(wide ? /\S\s{2,}\S/ : /\S\s+\S/).test(it.str)) return [it];
  const chars = [...it.str];
  const w = (it.x1 - it.x0) / chars.length;
  const out: TextItem[] = [];
  const re = wide ? /\S+(?:\s\S+)*/g : /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(it.str))) {
    const start = [...it.str.slice(0, m.index)].length;
    const len = [...m[0]].length;
    out.push({ ...it, str: m[0], x0: it.x0 + start * w, x1: it.x0 + (start + len) * w });
  }
  return out;
}
/** Width of a character in em: CJK and full-width one, a space a quarter, the rest about half. */
const emWidth = (c: string): number => (/\s/.test(c) ? 0.25 : /[\u2e80-\uffef]/.test(c) && !/[\uff61-\uff9f]/.test(c) ? 1 : 0.55);

/**
 * A run whose single spaces are far wider than a space (Chromium prints the labels or column numbers of
 * neighbouring cells as one run: `3 4 5`, `小计 运行维护`) is cut at them: the words keep their natural width and
 * the extra width is shared by the gaps. Null when the run is not stretched.
 */
function spreadRun(it: TextItem): TextItem[] | null {
  const words = it.str.trim().split(/\s+/);
  const natural = words.reduce((a, w) => a + [...w].reduce((b, c) => b + emWidth(c), 0), 0) * it.size;
  const extra = it.x1 - it.x0 - natural;
  if (words.length < 2 || extra < STRETCHED_GAP * it.size * (words.length - 1)) return null;
  const gap = extra / (words.length - 1);
  const out: TextItem[] = [];
  let x = it.x0;
  for (const w of words) {
    const width = [...w].reduce((b, c) => b + emWidth(c), 0) * it.size;
    out.push({ ...it, str: w, x0: x, x1: x + width });
    x += width + gap;
  }
  return out;
}

/**
 * An amount and the next cell's name printed as one run (`13759.26一、一般公共服务支出`: Writer leaves no padding
 * between a right-aligned amount and the left-aligned name beside it) are two pieces.
 */
function splitGlued(it: TextItem): TextItem[] {
  const m = GLUED.exec(it.str) ?? AMOUNT_BEFORE_CODE.exec(it.str);
  if (!m) return [it];
  const w = (t: string) => [...t].reduce((a, c) => a + emWidth(c), 0);
  const cut = it.x0 + ((it.x1 - it.x0) * w(m[1])) / w(it.str);
  const amount = { ...it, str: m[1], x1: cut };
  GLUED_AMOUNTS.add(amount);
  return [amount, { ...it, str: m[2], x0: cut }];
}
/** Amounts cut off a glued run: their right edge is a column boundary though no gap shows it. */
const GLUED_AMOUNTS = new WeakSet<TextItem>();

/**
 * A label and column number (and the dashes printed for its empty amounts) centred in a cell whose amounts are
 * right-aligned can leave a gap between them and the amounts: the column holding only the label is the left part
 * of the amounts' column when the label is centred over both, so that the cell's left edge mirrored from the
 * amounts' right edge clears the column before (a column with no amount at all has its label centred in itself,
 * and mirrored that far it would reach into its neighbour).
 */
function centredOverAmounts(colX: number[], amountLines: TextLine[], lines: TextLine[]): number[] {
  const out = [...colX];
  const inCol = (ls: TextLine[], a: number, b: number) => ls.flatMap((l) => l.items).filter((it) => (it.x0 + it.x1) / 2 > a && (it.x0 + it.x1) / 2 < b);
  for (let k = out.length - 3; k >= 0; k--) {
    const [a, s, b] = [out[k], out[k + 1], out[k + 2]];
    // (a dash printed for an empty amount is centred in its cell like the label: it is no amount)
    if (inCol(amountLines, a, s).some((it) => !DASH_CELL.test(it.str.trim()))) continue;
    const amounts = inCol(amountLines, s, b).filter((it) => isNumeric(it.str));
    const labels = inCol(lines, a, s);
    if (!amounts.length || !labels.length) continue;
    const right = Math.max(...amounts.map((it) => it.x1));
    const centre = labels.reduce((t, it) => t + (it.x0 + it.x1) / 2, 0) / labels.length;
    // centred over [left, right]: its left edge mirrors the amounts' right edge, and clears the column before
    const left = 2 * centre - right;
    const before = lines.flatMap((l) => l.items).filter((it) => (it.x0 + it.x1) / 2 < a);
    const prevRight = before.length ? Math.max(...before.map((it) => it.x1)) : -Infinity;
    if (left >= prevRight - 1 && left <= Math.min(...labels.map((it) => it.x0))) out.splice(k + 1, 1);
  }
  return out;
}

/**
 * Adds the boundaries where a column of left-aligned names starts right after the amounts of the column before
 * it, with no gap between them (Calc prints a sheet without borders with no cell padding: `13759.26` ends at 296,
 * `一、一般公共服务支出` starts at 297). An edge where several body lines start a run, that no run crosses, and
 * that has runs of the same column ending before it, divides that column.
 */
function alignedColumns(colX: number[], lines: TextLine[]): number[] {
  const out = [...colX];
  const runs = lines.flatMap((l) => joinTouching(l.items));
  const size = runs.reduce((t, r) => t + r.size, 0) / Math.max(1, runs.length);
  const slack = ALIGN_SLACK * size;
  const starts = [...new Set(runs.map((r) => Math.round(r.x0)))].sort((a, b) => a - b);
  for (const x of starts) {
    if (out.some((b) => Math.abs(b - x) < ALIGN_MIN_SPLIT * size)) continue;
    const k = out.findIndex((b, i) => i < out.length - 1 && x > b && x < out[i + 1]);
    if (k < 0) continue;
    const [c0, c1] = [out[k], out[k + 1]];
    const inCol = runs.filter((r) => r.x0 >= c0 - 1 && r.x1 <= c1 + 1);
    const starting = inCol.filter((r) => Math.abs(r.x0 - x) <= slack);
    const before = inCol.filter((r) => r.x1 <= x + slack && r.x0 < x - slack);
    // (a total row's name or the 栏次 label, centred over the code and name columns, crosses their edge)
    const crossing = runs.some((r) => r.x0 < x - slack && r.x1 > x + slack && !mergedLabel(r));
    if (crossing || starting.length < ALIGN_MIN_LINES || before.length < 2) continue;
    // the runs before the edge are the amounts of the column before (right-aligned to it), or the codes of a
    // code column before its names (a 项 part overflowing a narrow column up to the names), not names
    if (!before.some((r) => isNumeric(r.str) || CODE_PART.test(r.str.trim()))) continue;
    out.push(x - 0.5);
    out.sort((p, q) => p - q);
  }
  return out;
}


/**
 * Adds the cell edges printed in the horizontal rulings around a table without vertical ones (a 三线表, rules
 * under the header): a ruling drawn cell by cell is segments meeting end to end, each joint an edge between two
 * columns. A joint of two or more rulings, where body runs of the column found so far start on both sides of it,
 * divides that column (an amount too wide for its cell runs into the code beside it, so no gap shows the edge).
 */
function ruledColumns(colX: number[], rules: Rule[], lines: TextLine[], y0: number, y1: number): number[] {
  const horizontal = rules.filter((r) => Math.abs(r.y1 - r.y0) < JOINT_TOL && r.x1 - r.x0 > JOINT_TOL && r.y0 >= y0 && r.y0 <= y1);
  const rows = new Map<number, Rule[]>();
  for (const r of horizontal) {
    const y = [...rows.keys()].find((k) => Math.abs(k - r.y0) < JOINT_TOL) ?? r.y0;
    if (!rows.has(y)) rows.set(y, []);
    rows.get(y)!.push(r);
  }
  const joints: number[][] = [];
  for (const segs of rows.values()) {
    segs.sort((a, b) => a.x0 - b.x0);
    const xs: number[] = [];
    for (let k = 1; k < segs.length; k++) if (Math.abs(segs[k].x0 - segs[k - 1].x1) < JOINT_TOL) xs.push((segs[k].x0 + segs[k - 1].x1) / 2);
    if (xs.length) joints.push(xs);
  }
  if (joints.length < 2) return colX;
  const out = [...colX];
  // (runs that start on either side of the joint: a code wider than its narrow cell runs on past the edge, its
  // centre beyond it)
  const starts = lines.flatMap((l) => l.items).map((it) => it.x0);
  const seen = new Set<number>();
  for (const xs of joints) {
    for (const x of xs) {
      if (seen.has(Math.round(x)) || joints.filter((o) => o.some((j) => Math.abs(j - x) < JOINT_TOL)).length < 2) continue;
      seen.add(Math.round(x));
      const k = out.findIndex((b, i) => i < out.length - 1 && x > b && x < out[i + 1]);
      if (k < 0 || out.some((b) => Math.abs(b - x) < JOINT_TOL)) continue;
      if (starts.some((c) => c > out[k] && c < x - JOINT_TOL) && starts.some((c) => c > x && c < out[k + 1])) {
        out.push(x);
        out.sort((p, q) => p - q);
      }
    }
  }
  return out;
}

/** A classification code or one part of it (类 three digits, 款 / 项 two). */
const CODE_PART = /^(\d{2}|\d{3}(\d{2}){0,3})$/;

/**
 * 类 | 款 | 项 code columns too narrow for their codes: a 类 code overflows into the 款 column, so no gap divides
 * them and one column holds the parts of every level, each level at its own left edge. The column is divided at
 * those edges: three-digit parts at the first, two-digit parts at each later one (every run of the column a
 * code part, each part's centre on its own side of the edges).
 */
function staircaseCodes(colX: number[], lines: TextLine[]): number[] {
  const out = [...colX];
  const runs = lines.flatMap((l) => joinTouching(l.items));
  for (let k = 0; k < colX.length - 1; k++) {
    const inCol = runs.filter((r) => (r.x0 + r.x1) / 2 > colX[k] && (r.x0 + r.x1) / 2 < colX[k + 1]);
    if (inCol.length < 3 || !inCol.every((r) => /^\d{2,3}$/.test(r.str.trim()))) continue;
    const slack = ALIGN_SLACK * inCol[0].size;
    const edges: { x: number; runs: TextItem[] }[] = [];
    for (const r of [...inCol].sort((a, b) => a.x0 - b.x0)) {
      const e = edges[edges.length - 1];
      if (e && r.x0 - e.x <= slack) e.runs.push(r);
      else edges.push({ x: r.x0, runs: [r] });
    }
    const digits = (e: { runs: TextItem[] }) => new Set(e.runs.map((r) => r.str.trim().length));
    if (edges.length < 2 || edges.length > 4 || [...digits(edges[0])].join() !== '3' || edges.slice(1).some((e) => [...digits(e)].join() !== '2')) continue;
    const cuts = edges.slice(1).map((e) => e.x - 0.5);
    const sides = edges.every((e, i) => e.runs.every((r) => (i === 0 || (r.x0 + r.x1) / 2 > cuts[i - 1]) && (i === cuts.length || (r.x0 + r.x1) / 2 < cuts[i])));
    if (sides) out.push(...cuts);
  }
  return out.sort((p, q) => p - q);
}

/**
 * Adds the boundary between two columns that touch in the body, where the header shows it: two labels of one
 * header line with a gap between them, and in that gap an amount of the body ending and another run starting, no
 * run crossing the point between (Calc's sheets without borders print cells with no padding, so an amount
 * right-aligned in its column ends where the code or name beside it starts; on a page of a few rows the aligned edges are
 * too few for alignedColumns).
 */
function labelledColumns(colX: number[], labelLines: TextLine[], bodyLines: TextLine[]): number[] {
  const out = [...colX];
  const body = bodyLines.flatMap((l) => l.items);
  for (const l of labelLines) {
    const words = joinTouching(l.items);
    for (let k = 1; k < words.length; k++) {
      const [a, b] = [words[k - 1], words[k]];
      if (b.x0 - a.x1 < LABEL_GAP * Math.max(a.size, b.size)) continue;
      const ends = body.filter((r) => !/\s/.test(r.str.trim()) && isNumeric(r.str) && r.x1 > a.x1 && r.x1 < b.x0);
      for (const e of ends) {
        const x = e.x1 + TOUCH_EDGE;
        // a code or name starting right at the amount's edge (amounts of the next column are right-aligned)
        const starts = body.some((r) => r.x0 >= e.x1 - TOUCH_EDGE && r.x0 < Math.min(b.x0, e.x1 + TOUCH_START * r.size) && !isNumeric(r.str));
        const crossed = body.some((r) => r.x0 < x - TOUCH_EDGE && r.x1 > x + TOUCH_EDGE);
        if (!starts || crossed || out.some((c) => Math.abs(c - x) < a.size)) continue;
        out.push(x);
        out.sort((p, q) => p - q);
        break;
      }
    }
  }
  return out;
}

/** Adds the boundaries glued runs were cut at, where no run of the body crosses them. */
function gluedColumns(colX: number[], lines: TextLine[]): number[] {
  const out = [...colX];
  const runs = lines.flatMap((l) => l.items);
  for (const it of runs) {
    if (!GLUED_AMOUNTS.has(it)) continue;
    const x = it.x1;
    if (out.some((b) => Math.abs(b - x) < 3) || runs.some((o) => o.x0 < x - 0.3 * o.size && o.x1 > x + 0.3 * o.size)) continue;
    out.push(x);
  }
  return out.sort((p, q) => p - q);
}
const GLUED = /^([-(]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+\)?%?)([\u4e00-\u9fff（(][^]*)$/u;

const splitWide = (it: TextItem) => splitRun(it, true).flatMap(splitGlued);
const splitWords = (it: TextItem) => splitRun(it, false);

function isNumeric(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return NUM.test(t) && !/^\d{1,2}$/.test(t) && !CODE.test(t);
}

/** A line of pieces of names wrapped in narrow columns: every word of it a few characters. */
function isNamePieces(l: TextLine): boolean {
  return joinTouching(l.items).every((it) => [...it.str.replace(/\s+/g, '')].length <= NAME_PIECE);
}

/** A line of a table body: several runs, one of them a number (amounts, or 行次 counters beside names). */
function isBodyLine(l: TextLine): boolean {
  if (l.items.length < 2) return false;
  // the caption line above a table (单位名称：… 2024年度 金额单位：万元) carries a year, not an amount
  if (unitFromText(l.text)) return false;
  // (… and so does one whose money unit was printed on another page, or that names only the department)
  if (CAPTION_LINE.test(l.text.replace(/\s+/g, ''))) return false;
  return l.items.some((i) => isNumeric(i.str) || /^\d{1,3}$/.test(i.str.trim()) || CODE.test(i.str.trim()));
}

/** A line carrying amounts: these define the column boundaries. */
function isAmountLine(l: TextLine): boolean {
  return l.items.length >= 2 && l.items.some((i) => isNumeric(i.str));
}

/** x-ranges covered by runs; the gaps between them are column separators. */
function separators(lines: TextLine[], x0: number, x1: number): number[] {
  const spans = lines.flatMap((l) => l.items.map((i) => [i.x0, i.x1, i.size] as [number, number, number])).sort((a, b) => a[0] - b[0]);
  const seps: number[] = [];
  let end = -Infinity;
  for (const [a, b, size] of spans) {
    // a gap wider than a space of the text: the cell paddings of two neighbouring columns (office suites leave
    // 2pt on each side, less than our own writer's; Chromium's 2pt paddings leave exactly 4pt, give or take the
    // rounding of the glyph positions)
    if (end > -Infinity && a - end > Math.min(4, SEPARATOR_GAP * size) - GAP_ROUNDING) seps.push((a + end) / 2);
    end = Math.max(end, b);
  }
  return [x0 - 1, ...seps, x1 + 1];
}

/** A body label printed in a merged cell, centred over the code and name columns: a total row's name, 栏次. */
function mergedLabel(w: TextItem): boolean {
  const t = w.str.replace(/\s+/g, '');
  return SEQ_ROW.test(t) || TOTAL_ROW_LABEL.test(t);
}

/**
 * Column gaps with the body's labels of merged cells left out: a total row's name (合计, 本年收入合计) and the 栏次 label
 * are printed centred over the code and name columns (Calc merges those cells), bridging the gap between the
 * codes and the names. The gaps found without them are added to those found with them (a boundary within one em
 * of one found already adds nothing).
 */
function separatorsBeside(body: TextLine[], labels: TextLine[], x0: number, x1: number): number[] {
  const all = separators([...body, ...labels], x0, x1);
  let dropped = false;
  const kept = body.map((l) => {
    const words = joinTouching(l.items).filter(mergedLabel);
    const items = l.items.filter((it) => !words.some((w) => it.x0 >= w.x0 - 0.5 && it.x1 <= w.x1 + 0.5));
    if (items.length < l.items.length) dropped = true;
    return { ...l, items };
  });
  if (!dropped) return all;
  const size = body.reduce((t, l) => t + l.size, 0) / Math.max(1, body.length);
  const more = separators([...kept, ...labels], x0, x1).slice(1, -1).filter((b) => all.every((a) => Math.abs(a - b) >= size));
  return [...all, ...more].sort((a, b) => a - b);
}

type Box = { x0: number; x1: number; y0: number; y1: number };
const within = (it: TextItem, b: Box) => it.x0 >= b.x0 - 0.5 && it.x1 <= b.x1 + 0.5 && it.y0 < b.y1 && it.y1 > b.y0;

/**
 * Header labels that head a group of columns (收入 over 项目 | 行次 | 金额, centred over its side of a 总表): a
 * label standing alone in a column of its own (nothing else of the header or the body has its centre there),
 * whose centre, with the label left out, is the middle of two or more columns, and under which a lower header
 * line labels at least two of those columns. Left in, it is a column of its own between the narrow 行次 column
 * and the 金额 label, that nothing is printed in.
 */
function groupLabels(body: TextLine[], labels: TextLine[], x0: number, x1: number): Box[] {
  const out: Box[] = [];
  const colX = separators([...body, ...labels], x0, x1);
  const all = [...body, ...labels].flatMap((l) => l.items);
  labels.forEach((l, li) => {
    for (const w of joinTouching(l.items)) {
      const c = (w.x0 + w.x1) / 2;
      const k = colX.findIndex((b, i) => i < colX.length - 1 && c > b && c < colX[i + 1]);
      if (k < 0) continue;
      const inCol = all.filter((it) => (it.x0 + it.x1) / 2 > colX[k] && (it.x0 + it.x1) / 2 < colX[k + 1]);
      if (!inCol.every((it) => within(it, w))) continue;
      const rest = labels.map((o) => (o === l ? { ...o, items: o.items.filter((it) => !within(it, w)) } : o));
      // (the two sides of a 总表 with narrow name columns touch: the names of one start where the amounts of the
      // other end, an edge the body's aligned runs show, or the edge a glued run was cut at — Writer prints an
      // amount and the name beside it as one run)
      const cols = alignedColumns(gluedColumns(separators([...body, ...rest], x0, x1), body), body);
      const lower = labels.slice(li + 1).flatMap((o) => o.items);
      let group = false;
      for (let a = 0; a < cols.length - 1 && !group; a++) {
        for (let b = a + 1; b < cols.length - 1; b++) {
          const width = cols[b + 1] - cols[a];
          if (w.x0 < cols[a] || w.x1 > cols[b + 1] || Math.abs((cols[a] + cols[b + 1]) / 2 - c) > Math.max(3, CENTRED_TOL * width)) continue;
          const labelled = new Set(lower.map((it) => cols.findIndex((x, i) => i >= a && i <= b && (it.x0 + it.x1) / 2 > x && (it.x0 + it.x1) / 2 < cols[i + 1])).filter((i) => i >= 0));
          if (labelled.size >= 2) group = true;
        }
      }
      if (group) out.push({ x0: w.x0, x1: w.x1, y0: w.y0, y1: w.y1 });
    }
  });
  return out;
}

/** Runs of one line that touch are one word (Chromium prints a label glyph by glyph). */
function joinTouching(items: TextItem[]): TextItem[] {
  const out: TextItem[] = [];
  for (const it of [...items].sort((a, b) => a.x0 - b.x0)) {
    const last = out[out.length - 1];
    if (last && it.x0 - last.x1 < TOUCH_GAP * Math.max(it.size, last.size) && it.x0 >= last.x0) {
      out[out.length - 1] = { ...last, str: last.str + it.str, x1: Math.max(last.x1, it.x1), y0: Math.min(last.y0, it.y0), y1: Math.max(last.y1, it.y1) };
    } else out.push(it);
  }
  return out;
}

/**
 * A short label centred over several columns (收入 over 项目/行次/金额, a group name over its sub-columns) heads a
 * merged cell: the widest run of columns [a, b] around it whose middle is the label's centre and that no other
 * label of the same line, or of a line above, reaches into.
 */
function centredSpan(it: TextItem, line: TextItem[], above: TextItem[], c0: number, c1: number, colX: number[]): [number, number] {
  const nCols = colX.length - 1;
  const centre = (it.x0 + it.x1) / 2;
  // a label printed higher up in a column heads that column, so this one does not span it
  const others = [...line.filter((o) => o !== it), ...above];
  const free = (a: number, b: number) => others.every((o) => o.x1 <= colX[a] + 1 || o.x0 >= colX[b + 1] - 1);
  let best: [number, number] = [c0, c1];
  for (let a = c0; a >= 0; a--) {
    for (let b = c1; b < nCols; b++) {
      if (!free(a, b)) break;
      const w = colX[b + 1] - colX[a];
      if (b - a > best[1] - best[0] && Math.abs((colX[a] + colX[b + 1]) / 2 - centre) <= Math.max(3, CENTRED_TOL * w)) best = [a, b];
    }
    if (!free(a, c1)) break;
  }
  return best;
}

/**
 * The last line of a label wrapped in its column, one or two characters (款 of 一般公共预算财政拨款), joins the line
 * above it: alone it reads as a label of its own (款 is also the header of a 类/款/项 code column).
 */
function joinWrapTails(cells: GridCell[], nHeader: number): void {
  for (const c of [...cells]) {
    if (c.row === 0 || c.row >= nHeader || !c.box || [...c.text.replace(/\s+/g, '')].length > 2 || !/[\u4e00-\u9fff]/.test(c.text)) continue;
    const above = cells
      .filter((o) => o.row < c.row && o.box && o.col <= c.col && c.col < o.col + o.colSpan && o.colSpan === c.colSpan)
      .sort((a, b) => b.row - a.row)[0];
    const h = c.box.y1 - c.box.y0;
    if (!above?.box || c.box.y0 - above.box.y1 > 0.6 * h || c.box.y0 < above.box.y1 - 0.5 * h) continue;
    above.text += c.text;
    above.box = { ...above.box, y1: c.box.y1 };
    cells.splice(cells.indexOf(c), 1);
  }
}

/**
 * Header lines that label different columns are one header row: labels of unequal length centred in cells of one
 * row wrap onto different numbers of lines, so their lines interleave (政府性基金 above 一般公共预, 算财政拨款
 * beside 款). Merging neighbouring lines with no column in common keeps every column's labels in their order and
 * leaves as many header rows as the header has levels. Renumbers the cells' rows; returns the grid's row count.
 */
function compactHeader(cells: GridCell[], nHeader: number, nRows: number): number {
  const cols = (r: number) => cells.filter((c) => c.row === r).flatMap((c) => Array.from({ length: c.colSpan }, (_, k) => c.col + k));
  const newRow: number[] = [];
  let cur = -1;
  let used = new Set<number>();
  for (let r = 0; r < nHeader; r++) {
    const mine = cols(r);
    if (cur >= 0 && mine.every((k) => !used.has(k))) mine.forEach((k) => used.add(k));
    else {
      cur++;
      used = new Set(mine);
    }
    newRow[r] = cur;
  }
  const shift = nHeader - (cur + 1);
  for (const c of cells) c.row = c.row < nHeader ? newRow[c.row] : c.row - shift;
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  return nRows - shift;
}

/** The numbers of a column-number line (栏次 1 2 3 …): they count up one by one, 栏次 labels may stand between. */
function columnNumbers(l: TextLine): TextItem[] | null {
  const nums = l.items.flatMap(splitWords).filter((it) => /^\d{1,2}$/.test(it.str.trim()));
  const seq = nums.length >= 3 && nums.every((it, k) => k === 0 || Number(it.str) === Number(nums[k - 1].str) + 1);
  return seq || (nums.length >= 1 && /^(栏次|行次)/.test(l.text.trim()) && nums.length >= l.items.length - 2) ? nums : null;
}

/**
 * The column-number row (栏次 1 2 3 … 12) prints one number centred in every column: two of them inside one
 * column found so far are two columns (a label spanning several columns bridged their gap, and no amount is
 * printed in them).
 */
function numberedColumns(colX: number[], lines: TextLine[]): number[] {
  const out = [...colX];
  for (const l of lines) {
    const nums = columnNumbers(l);
    if (!nums) continue;
    for (let k = 1; k < nums.length; k++) {
      const a = (nums[k - 1].x0 + nums[k - 1].x1) / 2;
      const b = (nums[k].x0 + nums[k].x1) / 2;
      if (!out.some((x) => x > a && x < b)) out.push((nums[k - 1].x1 + nums[k].x0) / 2);
    }
  }
  return out.sort((p, q) => p - q);
}


/**
 * The page's typical gap between two body rows printed one under the other (the median): rows padded
 * high (a sheet printed with tall rows, scaled down to the page width) stand further apart than a few em.
 */
function typicalRowGap(lines: TextLine[]): number {
  const gaps: number[] = [];
  for (let k = 1; k < lines.length; k++) if (isBodyLine(lines[k - 1]) && isBodyLine(lines[k])) gaps.push(lines[k].y0 - lines[k - 1].y1);
  if (!gaps.length) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

export function streamGrids(page: PageContent): Grid[] {
  const items = joinWrappedCodes(page.items.flatMap(splitWide));
  if (items.length < 6) return [];
  const lines = groupLines(items);
  const rowGap = typicalRowGap(lines);
  const grids: Grid[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isBodyLine(lines[i])) {
      i++;
      continue;
    }
    // a run of body lines, allowing name fragments (lines without numbers) in between
    let j = i;
    let last = i;
    // (a row without amounts in a narrow name column: its code alone on a line, among its name's pieces)
    let codesOnly = 0;
    // (names wrapped two or three characters a line in narrow columns, centred in tall rows: the lower pieces of
    // one row's names and the upper pieces of the next row's stand between their two amount lines)
    let piecesOnly = 0;
    while (j + 1 < lines.length) {
      const next = lines[j + 1];
      const gap = next.y0 - lines[j].y1;
      if (gap > Math.max(Math.max(lines[j].size, next.size) * ROW_GAP_EM, ROW_GAP_TYPICAL * rowGap)) break;
      if (isBodyLine(next)) {
        last = j + 1;
        codesOnly = 0;
        piecesOnly = 0;
      } else if (next.text.replace(/\s+/g, '').length > 40 || unitFromText(next.text)) break;
      else if (next.items.length === 1 && CODE_PART.test(next.text.trim())) codesOnly++;
      else if (isNamePieces(next)) piecesOnly++;
      j++;
      if (j - last > MAX_FRAGMENT_LINES + codesOnly + Math.min(piecesOnly, MAX_PIECE_LINES)) break;
    }
    // (the last row's name wrapped in a narrow column, centred on its amounts: its last pieces stand below them)
    const lastCy = (lines[last].y0 + lines[last].y1) / 2;
    while (last + 1 < lines.length && isNamePieces(lines[last + 1]) && !isBodyLine(lines[last + 1]) && (lines[last + 1].y0 + lines[last + 1].y1) / 2 - lastCy <= ATTACH_EM * lines[last + 1].size) last++;
    const bodyLines = lines.slice(i, last + 1);
    const numericLines = bodyLines.filter(isBodyLine);
    const amountLines = bodyLines.filter(isAmountLine);
    // a table has two lines of amounts, or one line of three or more (a sentence quoting one amount is prose), or
    // one among rows numbered by their 行次 or codes (a long table's page where one row has an amount)
    const oneRowTable = amountLines.length === 1 && amountLines[0].items.filter((it) => isNumeric(it.str)).length >= 3;
    const countedRows = amountLines.length === 1 && numericLines.length > MIN_COUNTED_ROWS;
    // (or no amount at all, its rows numbered under a 行次 label: the page of the left-hand columns of a sheet
    // wider than its page, its amounts on a page of their own — checked once the header is known)
    const counterPage = amountLines.length === 0 && numericLines.length > MIN_COUNTED_ROWS;
    if (amountLines.length < 2 && !oneRowTable && !countedRows && !counterPage) {
      i = last + 1;
      continue;
    }
    // header: non-numeric lines right above the body
    const header: TextLine[] = [];
    for (let k = i - 1; k >= 0 && header.length < MAX_HEADER_LINES; k--) {
      const l = lines[k];
      const below = header.length ? header[0] : lines[i];
      if (below.y0 - l.y1 > Math.max(Math.max(l.size, below.size) * HEADER_GAP_EM, ROW_GAP_TYPICAL * rowGap)) break;
      if (unitFromText(l.text) || isBodyLine(l)) break;
      // (the caption line names the department, or the money unit's label cut from its unit on a sheet wider than
      // its page: no column's label, and the title above it none either)
      if (CAPTION_LINE.test(l.text.replace(/\s+/g, ''))) break;
      if (l.items.length < 2 && header.length === 0 && l.text.replace(/\s+/g, '').length > 12) break;
      // a sentence or a title above the table (a header label is short; a long one shares its line with others)
      if (l.items.some((it) => it.str.replace(/\s+/g, '').length > 24)) break;
      if (joinTouching(l.items).length < 2 && l.text.replace(/\s+/g, '').length > 16) break;
      header.unshift(l);
    }
    if (counterPage && !header.some((l) => joinTouching(l.items).some((w) => ROW_COUNTER_LABEL.test(w.str.replace(/\s+/g, ''))))) {
      i = last + 1;
      continue;
    }
    const x0 = Math.min(...bodyLines.map((l) => l.x0));
    const x1 = Math.max(...bodyLines.map((l) => l.x1));
    const tableTop = Math.min(...[...header, ...bodyLines].map((l) => l.y0));
    const tableBottom = Math.max(...bodyLines.map((l) => l.y1));
    // columns: the x-gaps that neither the amounts nor the header labels cross (a column with no amount at
    // all is still found from its label); 栏次 counters are centred and would split columns, so not them
    const labelLines = header.filter((l) => !/^(栏次|行次)/.test(l.text.trim())).map((l) => ({ ...l, items: l.items.flatMap(splitWords) }));
    // a label spanning several columns (公务用车购置及运行维护费 over 小计/购置费/运行维护费) bridges their gaps:
    // the gaps of the body lines stand on their own
    // (a label heading a group of columns is centred over them, in no column of its own)
    const groups = groupLabels(numericLines, labelLines, x0, x1);
    const ungrouped = (ls: TextLine[]) => (groups.length ? ls.map((l) => ({ ...l, items: l.items.filter((it) => !groups.some((g) => within(it, g))) })) : ls);
    const reach = RULE_REACH * numericLines[0].size;
    const gaps = separatorsBeside(numericLines, ungrouped(labelLines), x0, x1);
    const ruled = ruledColumns(gaps, page.rules, numericLines, tableTop - reach, tableBottom + reach);
    const colX = centredOverAmounts(
      labelledColumns(
        staircaseCodes(alignedColumns(gluedColumns(numberedColumns(ruled, [...header, ...numericLines]), numericLines), numericLines), numericLines),
        labelLines,
        numericLines,
      ),
      amountLines,
      ungrouped([...header, ...numericLines]),
    );
    const nCols = colX.length - 1;
    if (nCols < 2) {
      i = last + 1;
      continue;
    }
    // rows: header lines one each; body: numeric lines, with fragments attached to the nearest numeric line
    const rowsItems: TextItem[][] = header.map((l) => l.items);
    // (lines: those of the row, its numbers' line and the name fragments attached to it; loose: a fragment line
    // attached to no row)
    type BodyRow = { items: TextItem[]; cy: number; numbers: boolean; lines: TextLine[]; loose?: boolean };
    const bodyRows: BodyRow[] = numericLines.map((l) => ({
      items: [...l.items], cy: (l.y0 + l.y1) / 2, numbers: !!columnNumbers(l), lines: [l],
    }));
    const headerWords = header.flatMap((l) => joinTouching(l.items).flatMap(splitWords)).map((it) => ({ str: it.str.replace(/\s+/g, ''), cx: (it.x0 + it.x1) / 2 }));
    const colOf = (x: number) => {
      for (let k = 0; k < nCols; k++) if (x < colX[k + 1]) return k;
      return nCols - 1;
    };
    // the row a name fragment line belongs to, if any: the nearest row of numbers (a line opening with a section
    // ordinal, 二、机关运行经费, starts a name, so only a row below it)
    const nearestRow = (l: TextLine): BodyRow | undefined => {
      const cy = (l.y0 + l.y1) / 2;
      const opens = ORDINAL_HEADING.test(l.text.trim());
      const targets = bodyRows.filter((r) => !r.numbers && (!opens || r.cy > cy));
      let best = targets[0] ?? (opens ? undefined : bodyRows[0]);
      for (const r of targets) if (Math.abs(r.cy - cy) < Math.abs(best!.cy - cy)) best = r;
      return best;
    };
    for (const l of bodyLines) {
      if (isBodyLine(l)) continue;
      const cy = (l.y0 + l.y1) / 2;
      // the header's labels again, in several columns (项目 | 行次 | 统计数 under a section of 公开10): a row of its own
      const words = joinTouching(l.items);
      // (in the columns where the header prints them: the tails of two wrapped names, 收入 | 支出, are no repeat of
      // the 收入 and 支出 centred over the two sides)
      const repeated = (it: TextItem) => headerWords.some((h) => h.str === it.str.replace(/\s+/g, '') && colOf(h.cx) === colOf((it.x0 + it.x1) / 2));
      if (new Set(words.map((it) => colOf((it.x0 + it.x1) / 2))).size >= 2 && words.every(repeated)) {
        bodyRows.push({ items: [...l.items], cy, numbers: false, lines: [l] });
        continue;
      }
      // a wrapped name belongs to a data row, never to the 栏次 line of column numbers; a line opening with a
      // section ordinal (二、机关运行经费) starts a name, so it is no continuation of the row above it
      const best = nearestRow(l);
      if (best && Math.abs(best.cy - cy) <= l.size * ATTACH_EM) {
        best.items.push(...l.items);
        best.lines.push(l);
      } else bodyRows.push({ items: [...l.items], cy, numbers: false, lines: [l], loose: true });
    }
    // a name wrapped over more lines than that reach, centred on its amounts (a word processor's narrow name cell
    // without padding: 一、一 | 般公共 | 预算财 | 政拨款 over four lines, the amounts level with the second): a loose
    // line touching a line of a row in the same column is the next line of that row's name (of the nearer of two)
    const touches = (r: BodyRow, l: TextLine) =>
      r.lines.some((m) => {
        const gap = Math.max(m.y0 - l.y1, l.y0 - m.y1);
        const sameColumn = m.items.some((a) => l.items.some((b) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0));
        return gap >= -LEVEL_OVERLAP * l.size && gap <= CHAIN_GAP * l.size && sameColumn;
      });
    // (of two rows it touches, the one whose name it centres better on its amounts: cells are printed centred, so
    // 年初财 | 政拨款 | 结转和 | 结余 stands around the row's 28, and 本年收 | 入合计 above is complete)
    const centring = (r: BodyRow, l: TextLine, sign: 1 | -1) => {
      const over = (it: TextItem) => l.items.some((b) => Math.min(it.x1, b.x1) - Math.max(it.x0, b.x0) > 0);
      const mine = r.items.filter(over);
      const now = sign > 0 ? mine : mine.filter((it) => !l.items.includes(it));
      const then = sign > 0 ? [...mine, ...l.items] : now;
      const before = sign > 0 ? now : mine;
      const off = (its: TextItem[]) => (its.length ? Math.abs(its.reduce((t, it) => t + (it.y0 + it.y1) / 2, 0) / its.length - r.cy) : 0);
      return off(then) - off(before);
    };
    const byCentring = (l: TextLine, rows: BodyRow[]) => rows.sort((a, b) => centring(a, l, 1) - centring(b, l, 1) || Math.abs(a.cy - (l.y0 + l.y1) / 2) - Math.abs(b.cy - (l.y0 + l.y1) / 2))[0];
    const eligible = (l: TextLine) => {
      const opens = ORDINAL_HEADING.test(l.text.trim());
      return bodyRows.filter((r) => !r.numbers && !r.loose && (!opens || r.cy > (l.y0 + l.y1) / 2) && touches(r, l));
    };
    for (let changed = true, rounds = 0; changed && rounds < bodyLines.length; rounds++) {
      changed = false;
      // (loose lines that took each other in, 结余 | 一般公 between rows 28 and 29, go line by line)
      for (const f of bodyRows.filter((r) => r.loose)) {
        for (const l of [...f.lines]) {
          const best = byCentring(l, eligible(l));
          if (!best) continue;
          best.items.push(...l.items);
          best.lines.push(l);
          f.items = f.items.filter((it) => !l.items.includes(it));
          f.lines = f.lines.filter((o) => o !== l);
          changed = true;
        }
        if (!f.lines.length) bodyRows.splice(bodyRows.indexOf(f), 1);
        else f.cy = f.lines.reduce((t, m) => t + (m.y0 + m.y1) / 2, 0) / f.lines.length;
      }
      // a fragment attached to the row nearest it, that centres its neighbour's name and leaves its own centred
      // better where it moves (国有资 | 本经营 | 预算财 | 政拨款 over the 31 of its row, 总计 one line below)
      for (const r of bodyRows.filter((b) => !b.loose && !b.numbers)) {
        for (const m of r.lines.slice(1)) {
          const to = byCentring(m, eligible(m).filter((o) => o !== r));
          if (!to || centring(to, m, 1) + centring(r, m, -1) >= -RECENTRE * m.size) continue;
          r.items = r.items.filter((it) => !m.items.includes(it));
          r.lines = r.lines.filter((o) => o !== m);
          to.items.push(...m.items);
          to.lines.push(m);
          changed = true;
        }
      }
    }
    bodyRows.sort((a, b) => a.cy - b.cy);
    rowsItems.push(...bodyRows.map((r) => r.items));
    const cells: GridCell[] = [];
    // header runs that cross a column boundary are several labels printed on one baseline: split at spaces
    const splitHeader = (it: TextItem): TextItem[] => (colOf(it.x0 + 0.5) === colOf(it.x1 - 0.5) ? [it] : splitWords(it));
    for (let r = 0; r < header.length; r++) rowsItems[r] = joinTouching(rowsItems[r]).flatMap(splitHeader);
    rowsItems.forEach((its, r) => {
      const byCol = new Map<number, { items: TextItem[]; c0: number; c1: number }>();
      // the words of a body row: a label printed in pieces (Chromium: 公 | 用 | 经费合计) is read as one
      const words = r < header.length ? its : joinTouching(its);
      const wordOf = (it: TextItem) => words.find((w) => it.x0 >= w.x0 - 0.5 && it.x1 <= w.x1 + 0.5 && Math.abs(w.y0 - it.y0) < it.size) ?? it;
      for (const it of its) {
        // a run belongs to the column under its centre; a header label spans the further columns it covers
        // for most of their width
        // (a code wider than its narrow column runs on into the name cell beside it: it is in the column it starts in)
        // (a code run on past its narrow column into the name beside it stays under its centre: a code column
        // divided from the names by a joint is ruledColumns's; taking the column a code starts in read 公开06's codes
        // of the 公用经费 group as amounts of the 人员经费 group in a Writer-printed borderless table)
        let c0 = colOf((it.x0 + it.x1) / 2);
        let c1 = c0;
        if (r < header.length) {
          const covers = (k: number) => Math.min(it.x1, colX[k + 1]) - Math.max(it.x0, colX[k]) > 0.6 * (colX[k + 1] - colX[k]);
          while (c0 > 0 && covers(c0 - 1)) c0--;
          while (c1 < nCols - 1 && covers(c1 + 1)) c1++;
          // (a label of a lower line printed beside this one, level with it, is in the same header row: the
          // labels of a row wrap onto different numbers of lines, 科目代/码 beside 决算数 — this one spans no column
          // of such a label)
          const level = rowsItems.slice(r + 1, header.length).flat().filter((o) => o.y0 < it.y1 - LEVEL_OVERLAP * it.size);
          [c0, c1] = centredSpan(it, its, [...rowsItems.slice(0, r).flat(), ...level], c0, c1, colX);
        } else if (words.length <= 4 && TOTAL_ROW_LABEL.test(wordOf(it).str.replace(/\s+/g, ''))) {
          // a total row's label centred over the empty columns before its amount (公用经费合计 over a group's
          // code and name columns)
          const w = wordOf(it);
          const c = colOf((w.x0 + w.x1) / 2);
          // (an amount too wide for its cell runs on into the next column: it stands in the column of its centre)
          const centres = words.filter((o) => o !== w).map((o) => ({ ...o, x0: (o.x0 + o.x1) / 2, x1: (o.x0 + o.x1) / 2 }));
          [c0, c1] = centredSpan(w, [w, ...centres], [], c, c, colX);
        }
        const slot = [...byCol.values()].find((s) => s.c0 <= c1 && c0 <= s.c1);
        if (slot) {
          slot.items.push(it);
          slot.c0 = Math.min(slot.c0, c0);
          slot.c1 = Math.max(slot.c1, c1);
        } else byCol.set(c0, { items: [it], c0, c1 });
      }
      for (const s of byCol.values()) {
        const xs0 = Math.min(...s.items.map((t) => t.x0));
        const xs1 = Math.max(...s.items.map((t) => t.x1));
        const ys0 = Math.min(...s.items.map((t) => t.y0));
        const ys1 = Math.max(...s.items.map((t) => t.y1));
        const confs = s.items.map((t) => t.conf).filter((v): v is number => v !== undefined);
        cells.push({
          row: r, col: s.c0, rowSpan: 1, colSpan: s.c1 - s.c0 + 1, text: blockText(s.items),
          box: { x0: xs0, y0: ys0, x1: xs1, y1: ys1 },
          ...(confs.length ? { conf: Math.min(...confs) } : {}),
        });
      }
    });
    joinWrapTails(cells, header.length);
    const nRows = compactHeader(cells, header.length, rowsItems.length);
    const all = [...header, ...bodyLines];
    grids.push({
      page: page.page,
      box: { x0, y0: Math.min(...all.map((l) => l.y0)), x1, y1: Math.max(...all.map((l) => l.y1)) },
      nRows,
      nCols,
      cells: cells.sort((a, b) => a.row - b.row || a.col - b.col),
      colX,
      method: 'stream',
    });
    i = last + 1;
  }
  return grids;
}

export const streamBuilder: GridBuilder = { name: 'stream', build: streamGrids };
