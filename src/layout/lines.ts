/**
 * Glyph runs → text lines. Runs whose vertical extents overlap enough are one line; within a line, runs are
 * ordered by x and joined with a space only where the gap is wide.
 */
import type { TextItem } from '../model/page.js';

export interface TextLine {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  size: number;
  items: TextItem[];
}

function overlapY(a: { y0: number; y1: number }, b: { y0: number; y1: number }): number {
  const o = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return o / Math.max(0.1, Math.min(a.y1 - a.y0, b.y1 - b.y0));
}

/** Joins runs of one line in reading order. */
export function joinRuns(items: TextItem[]): string {
  const sorted = [...items].sort((a, b) => a.x0 - b.x0);
  let out = '';
  let prev: TextItem | undefined;
  for (const it of sorted) {
    if (prev) {
      const gap = it.x0 - prev.x1;
      if (gap > Math.max(prev.size, it.size) * 0.9) out += ' ';
    }
    out += it.str;
    prev = it;
  }
  return out;
}

export function groupLines(items: TextItem[]): TextLine[] {
  const sorted = [...items].sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2 || a.x0 - b.x0);
  const lines: { items: TextItem[]; y0: number; y1: number }[] = [];
  for (const it of sorted) {
    let best: (typeof lines)[number] | undefined;
    let bestO = 0.5;
    // only the last few lines can overlap a run sorted by centre
    for (let i = lines.length - 1; i >= Math.max(0, lines.length - 4); i--) {
      const o = overlapY(lines[i], it);
      if (o > bestO) {
        bestO = o;
        best = lines[i];
      }
    }
    if (best) {
      best.items.push(it);
      best.y0 = Math.min(best.y0, it.y0);
      best.y1 = Math.max(best.y1, it.y1);
    } else lines.push({ items: [it], y0: it.y0, y1: it.y1 });
  }
  return lines.map((l) => {
    const xs0 = l.items.map((i) => i.x0);
    const xs1 = l.items.map((i) => i.x1);
    return {
      text: joinRuns(l.items),
      x0: Math.min(...xs0),
      x1: Math.max(...xs1),
      y0: l.y0,
      y1: l.y1,
      size: Math.max(...l.items.map((i) => i.size)),
      items: l.items,
    };
  });
}

/** Text of a set of runs laid out over several lines (a wrapped cell): lines joined without separator. */
export function blockText(items: TextItem[]): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0].str.trim();
  return groupLines(items)
    .map((l) => l.text.trim())
    .join('');
}
