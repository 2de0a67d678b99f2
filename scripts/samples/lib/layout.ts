/**
 * Page model and text flow. Layout is computed first (pages of drawing operations), then
 * rendered by render.ts; the same layout can be rendered more than once (e.g. with and without
 * table rulings), so every variant has the same pages and the truth page numbers hold for all.
 */

export interface FactRef {
  table: string;
  row: string;
  column: string;
  unit: string;
}

export interface TextOp {
  kind: 'text';
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  size: number;
  bold: boolean;
  fact?: FactRef;
}

export interface LineOp {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  /** Which kind of grid drew it; a render variant may leave some groups out. */
  group: string;
  /** The side of its grid's outer frame the line lies on, if any. */
  edge?: 'top' | 'bottom' | 'left' | 'right';
}

export type Op = TextOp | LineOp;

export interface PageModel {
  width: number;
  height: number;
  landscape: boolean;
  ops: Op[];
  /** Printed page number in the footer (absent on the cover). */
  folio?: string;
  /**
   * /Rotate 90: the page is stored portrait (height × width) with /Rotate 90 and its content drawn turned,
   * so a viewer shows it as laid out here (width × height, landscape).
   */
  rotate?: 90;
}

export interface Measure {
  width(text: string, size: number, bold?: boolean): number;
}

export const A4: [number, number] = [595.28, 841.89];

/** Ascent of the CJK em box used to place baselines (Noto Sans CJK: 880/1000). */
const ASCENT = 0.88;

/** Baseline for a line box of height `lineHeight` whose top is `top`, text of `size`. */
export function baselineIn(top: number, lineHeight: number, size: number): number {
  return top + (lineHeight - size) / 2 + ASCENT * size;
}

const NO_LINE_START = new Set([...'，。、；：？！）》」』】”’%,.;:?!)]}·…—']);
const NO_LINE_END = new Set([...'（《「『【“‘([{']);

/** Split into units that must not be broken: ASCII words/numbers, single CJK characters, spaces. */
function units(text: string): string[] {
  return text.match(/[A-Za-z0-9.,%+\-=≥≤~/:#_@&*]+|\s+|./gsu) ?? [];
}

/**
 * Greedy line breaking for mixed CJK/ASCII text with simple kinsoku (no closing punctuation at a
 * line start, no opening bracket at a line end). Explicit "\n" forces a break.
 */
export function wrapText(measure: Measure, text: string, width: number, size: number, bold = false): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line: string[] = [];
    let w = 0;
    const flush = (): void => {
      out.push(line.join('').trimEnd());
      line = [];
      w = 0;
    };
    for (const u of units(para)) {
      if (/^\s+$/u.test(u) && line.length === 0) continue;
      const uw = measure.width(u, size, bold);
      if (w + uw <= width + 0.01 || line.length === 0) {
        if (uw > width && line.length === 0 && u.length > 1) {
          // a single unit wider than the line: break it by characters
          for (const ch of u) {
            const cw = measure.width(ch, size, bold);
            if (w + cw > width + 0.01 && line.length) flush();
            line.push(ch);
            w += cw;
          }
          continue;
        }
        line.push(u);
        w += uw;
        continue;
      }
      // u does not fit: start a new line, respecting kinsoku
      let carry: string[] = [];
      if (NO_LINE_START.has(u[0]) && line.length > 1) carry = [line.pop()!];
      while (line.length > 1 && NO_LINE_END.has(line[line.length - 1])) carry.unshift(line.pop()!);
      flush();
      for (const c of carry) {
        line.push(c);
        w += measure.width(c, size, bold);
      }
      if (/^\s+$/u.test(u) && line.length === 0) continue;
      line.push(u);
      w += uw;
    }
    if (line.length || out.length === 0 || para === '') flush();
  }
  return out;
}

export interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface ParagraphStyle {
  size: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Indent of the first line, in pt. */
  firstIndent?: number;
  /** Line height as a multiple of the size. */
  leading?: number;
  spaceBefore?: number;
  spaceAfter?: number;
  /** Keep at least this much room below the paragraph's first line (headings). */
  keepWithNext?: number;
}

/** Builds pages top-down with a cursor; grids and paragraphs flow over page breaks. */
export class DocBuilder {
  readonly pages: PageModel[] = [];
  y = 0;
  margins: Margins = { top: 56, bottom: 56, left: 45, right: 45 };

  constructor(readonly measure: Measure) {}

  get page(): PageModel {
    const p = this.pages[this.pages.length - 1];
    if (!p) throw new Error('no page yet');
    return p;
  }

  get pageNumber(): number {
    return this.pages.length;
  }

  get left(): number {
    return this.margins.left;
  }

  get right(): number {
    return this.page.width - this.margins.right;
  }

  get contentWidth(): number {
    return this.right - this.left;
  }

  get bottom(): number {
    return this.page.height - this.margins.bottom;
  }

  get remaining(): number {
    return this.bottom - this.y;
  }

  newPage(landscape = false): PageModel {
    const [w, h] = landscape ? [A4[1], A4[0]] : A4;
    const page: PageModel = { width: w, height: h, landscape, ops: [] };
    this.pages.push(page);
    this.y = this.margins.top;
    return page;
  }

  /** Start a new page (same orientation) unless the current one still has `room` pt left. */
  ensure(room: number): void {
    if (this.pages.length === 0 || this.remaining < room) this.newPage(this.pages.length > 0 && this.page.landscape);
  }

  text(x: number, baseline: number, text: string, size: number, bold = false, fact?: FactRef): void {
    if (text === '') return;
    this.page.ops.push({ kind: 'text', x, y: baseline, text, size, bold, ...(fact ? { fact } : {}) });
  }

  /** Text aligned inside [x0, x1] on the given baseline. */
  placed(text: string, x0: number, x1: number, baseline: number, size: number, align: 'left' | 'center' | 'right', bold = false, fact?: FactRef): void {
    const w = this.measure.width(text, size, bold);
    const x = align === 'left' ? x0 : align === 'right' ? x1 - w : x0 + (x1 - x0 - w) / 2;
    this.text(x, baseline, text, size, bold, fact);
  }

  paragraph(text: string, style: ParagraphStyle, x0 = this.left, x1 = this.right): void {
    const leading = (style.leading ?? 1.6) * style.size;
    const indent = style.firstIndent ?? 0;
    if (style.spaceBefore && this.y > this.margins.top) this.y += style.spaceBefore;
    // wrap with the first line shortened by the indent: prefix a placeholder of that width
    const lines = wrapIndented(this.measure, text, x1 - x0, indent, style.size, style.bold);
    if (style.keepWithNext) this.ensure(leading + style.keepWithNext);
    lines.forEach((line, i) => {
      this.ensure(leading);
      const base = baselineIn(this.y, leading, style.size);
      const lx0 = x0 + (i === 0 ? indent : 0);
      this.placed(line, lx0, x1, base, style.size, style.align ?? 'left', style.bold);
      this.y += leading;
    });
    if (style.spaceAfter) this.y += style.spaceAfter;
  }
}

function wrapIndented(measure: Measure, text: string, width: number, indent: number, size: number, bold?: boolean): string[] {
  if (indent <= 0) return wrapText(measure, text, width, size, bold);
  const first = wrapText(measure, text, width - indent, size, bold);
  if (first.length <= 1) return first;
  const head = first[0];
  const rest = text.slice(text.indexOf(head) + head.length).replace(/^\s+/u, '');
  return [head, ...wrapText(measure, rest, width, size, bold)];
}
