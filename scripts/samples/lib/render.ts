/**
 * Renders laid-out pages with pdfkit: a subset-embedded CJK font (Noto Sans CJK SC) whose
 * ToUnicode map lets pdf.js / pdftotext recover the exact characters, vector rulings, and fixed
 * document info so that regeneration is byte-identical.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { LineOp, Measure, PageModel } from './layout.js';

interface FontFace {
  path: string;
  /** PostScript name of the face inside a .ttc collection. */
  face?: string;
}

export interface Fonts {
  regular: FontFace;
  bold: FontFace;
}

const CANDIDATES: { regular: FontFace; bold?: FontFace }[] = [
  {
    regular: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
  },
  {
    regular: { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
  },
  {
    regular: { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
  },
  {
    regular: { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', face: 'NotoSerifCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', face: 'NotoSerifCJKsc-Bold' },
  },
];

/** The first installed CJK font from a short list of system paths (override: SAMPLES_CJK_FONT=path[:face]). */
export function findFonts(): Fonts {
  const env = process.env.SAMPLES_CJK_FONT;
  if (env) {
    const [p, face] = env.split(':');
    if (!fs.existsSync(p)) throw new Error(`SAMPLES_CJK_FONT=${env}: no such file`);
    const f = { path: p, ...(face ? { face } : {}) };
    return { regular: f, bold: f };
  }
  for (const cand of CANDIDATES) {
    if (!fs.existsSync(cand.regular.path)) continue;
    const bold = cand.bold && fs.existsSync(cand.bold.path) ? cand.bold : cand.regular;
    return { regular: cand.regular, bold };
  }
  throw new Error(
    'No CJK font found (looked for Noto Sans/Serif CJK .ttc under /usr/share/fonts). ' +
      'Install it with `apt-get install fonts-noto-cjk`, or set SAMPLES_CJK_FONT=/path/to/font.ttc:PostScriptName.',
  );
}

function register(doc: PDFKit.PDFDocument, fonts: Fonts): void {
  doc.registerFont('R', fonts.regular.path, fonts.regular.face);
  doc.registerFont('B', fonts.bold.path, fonts.bold.face);
}

/** Text widths from the same font files the renderer embeds. */
export function createMeasure(fonts: Fonts): Measure {
  const doc = new PDFDocument({ autoFirstPage: false });
  register(doc, fonts);
  const cache = new Map<string, number>();
  return {
    width(text: string, size: number, bold = false): number {
      const k = `${bold ? 'B' : 'R'}\u0000${text}`;
      let w = cache.get(k);
      if (w === undefined) {
        w = doc.font(bold ? 'B' : 'R').fontSize(1000).widthOfString(text) / 1000;
        cache.set(k, w);
      }
      return w * size;
    },
  };
}

export interface RenderOptions {
  /** Line groups to leave out (e.g. 'table' for the borderless variant). */
  skipLineGroups?: string[];
  info: { Title: string; Author: string; Subject: string; Keywords?: string; Creator: string };
  /** Fixed creation/modification date, so the output does not change between runs. */
  date: Date;
  /**
   * How rulings are drawn: 'stroke' (default) strokes merged line segments; 'rect' fills one thin rectangle
   * per cell border, unmerged, the way Excel and WPS print cell borders.
   */
  borders?: 'stroke' | 'rect';
}

/** Merge collinear, touching segments of the same width (rulings are drawn cell by cell). */
function mergeLines(lines: LineOp[]): LineOp[] {
  const r = (v: number): number => Math.round(v * 100) / 100;
  const buckets = new Map<string, [number, number][]>();
  for (const l of lines) {
    const horizontal = r(l.y1) === r(l.y2);
    const key = horizontal ? `h|${r(l.y1)}|${l.width}` : `v|${r(l.x1)}|${l.width}`;
    const a = horizontal ? Math.min(l.x1, l.x2) : Math.min(l.y1, l.y2);
    const b = horizontal ? Math.max(l.x1, l.x2) : Math.max(l.y1, l.y2);
    const list = buckets.get(key) ?? [];
    list.push([r(a), r(b)]);
    buckets.set(key, list);
  }
  const out: LineOp[] = [];
  for (const key of [...buckets.keys()].sort()) {
    const [dir, posText, widthText] = key.split('|');
    const pos = Number(posText);
    const width = Number(widthText);
    const spans = buckets.get(key)!.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    let [a, b] = spans[0];
    const emit = (): void => {
      out.push(dir === 'h' ? { kind: 'line', x1: a, y1: pos, x2: b, y2: pos, width, group: '' } : { kind: 'line', x1: pos, y1: a, x2: pos, y2: b, width, group: '' });
    };
    for (const [s, e] of spans.slice(1)) {
      if (s <= b + 0.01) b = Math.max(b, e);
      else {
        emit();
        [a, b] = [s, e];
      }
    }
    emit();
  }
  return out;
}

/** Each distinct border as its own thin filled rectangle (width = the line width), in drawing order. */
function drawRects(doc: PDFKit.PDFDocument, lines: LineOp[]): void {
  const r = (v: number): number => Math.round(v * 100) / 100;
  const seen = new Set<string>();
  for (const l of lines) {
    const x0 = r(Math.min(l.x1, l.x2));
    const x1 = r(Math.max(l.x1, l.x2));
    const y0 = r(Math.min(l.y1, l.y2));
    const y1 = r(Math.max(l.y1, l.y2));
    const k = `${x0}|${y0}|${x1}|${y1}|${l.width}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const h = l.width / 2;
    doc.rect(x0 - h, y0 - h, x1 - x0 + l.width, y1 - y0 + l.width).fillColor('black').fill();
  }
}

export async function renderPdf(pages: PageModel[], fonts: Fonts, opts: RenderOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.7',
    info: { ...opts.info, Producer: 'PDFKit', CreationDate: opts.date, ModDate: opts.date },
  });
  register(doc, fonts);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const skip = new Set(opts.skipLineGroups ?? []);
  for (const page of pages) {
    if (page.rotate === 90) {
      // stored portrait with /Rotate 90; content turned so that (x, y) of the landscape model lands at
      // (y, H - x) of the stored page, which the viewer turns back clockwise
      doc.addPage({ size: [page.height, page.width], margin: 0 });
      (doc.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.Rotate = 90;
      doc.save();
      doc.transform(0, -1, 1, 0, 0, page.width);
    } else doc.addPage({ size: [page.width, page.height], margin: 0 });
    const lines = page.ops.filter((o): o is LineOp => o.kind === 'line' && !skip.has(o.group));
    if (opts.borders === 'rect') drawRects(doc, lines);
    else {
      const merged = mergeLines(lines);
      for (const width of [...new Set(merged.map((l) => l.width))].sort()) {
        for (const l of merged.filter((m) => m.width === width)) doc.moveTo(l.x1, l.y1).lineTo(l.x2, l.y2);
        doc.lineWidth(width).strokeColor('black').stroke();
      }
    }
    for (const op of page.ops) {
      if (op.kind !== 'text') continue;
      doc.font(op.bold ? 'B' : 'R').fontSize(op.size).fillColor('black');
      doc.text(op.text, op.x, op.y, { lineBreak: false, baseline: 'alphabetic' });
    }
    if (page.rotate === 90) doc.restore();
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
