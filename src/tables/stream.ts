/**
 * Stream builder: tables printed without ruling lines. Body rows are the lines that carry numbers; the column
 * boundaries are the x-gaps no body run crosses; header lines just above the body are laid onto those columns
 * (a label over several columns spans them); a row name wrapped over two lines joins the row whose numbers sit
 * between or beside its fragments.
 */
import type { PageContent, TextItem } from '../model/page.js';
import { blockText, groupLines, type TextLine } from '../layout/lines.js';
import { unitFromText } from '../domain/kinds.js';
import type { Grid, GridBuilder, GridCell } from './grid.js';

const NUM = /^[-(]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\)?%?$/;
const CODE = /^\d{3}(\d{2}){0,3}$/;

/** Pieces of a run between its gaps: `wide` splits only at runs of two or more spaces, otherwise at any space. */
function splitRun(it: TextItem, wide: boolean): TextItem[] {
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
const splitWide = (it: TextItem) => splitRun(it, true);
const splitWords = (it: TextItem) => splitRun(it, false);

function isNumeric(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return NUM.test(t) && !/^\d{1,2}$/.test(t) && !CODE.test(t);
}

/** A line of a table body: several runs, one of them a number (amounts, or 行次 counters beside names). */
function isBodyLine(l: TextLine): boolean {
  if (l.items.length < 2) return false;
  return l.items.some((i) => isNumeric(i.str) || /^\d{1,3}$/.test(i.str.trim()) || CODE.test(i.str.trim()));
}

/** A line carrying amounts: these define the column boundaries. */
function isAmountLine(l: TextLine): boolean {
  return l.items.length >= 2 && l.items.some((i) => isNumeric(i.str));
}

/** x-ranges covered by runs; the gaps between them are column separators. */
function separators(lines: TextLine[], x0: number, x1: number): number[] {
  const spans = lines.flatMap((l) => l.items.map((i) => [i.x0, i.x1] as [number, number])).sort((a, b) => a[0] - b[0]);
  const seps: number[] = [];
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (end > -Infinity && a - end > 4) seps.push((a + end) / 2);
    end = Math.max(end, b);
  }
  return [x0 - 1, ...seps, x1 + 1];
}

export function streamGrids(page: PageContent): Grid[] {
  const items = page.items.flatMap(splitWide);
  if (items.length < 6) return [];
  const lines = groupLines(items);
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
    while (j + 1 < lines.length) {
      const next = lines[j + 1];
      const gap = next.y0 - lines[j].y1;
      if (gap > Math.max(lines[j].size, next.size) * 2.5) break;
      if (isBodyLine(next)) last = j + 1;
      else if (next.text.replace(/\s+/g, '').length > 40 || unitFromText(next.text)) break;
      j++;
      if (j - last > 2) break;
    }
    const bodyLines = lines.slice(i, last + 1);
    const numericLines = bodyLines.filter(isBodyLine);
    const amountLines = bodyLines.filter(isAmountLine);
    // a table has two lines of amounts, or one line of three or more (a sentence quoting one amount is prose)
    const oneRowTable = amountLines.length === 1 && amountLines[0].items.filter((it) => isNumeric(it.str)).length >= 3;
    if (amountLines.length < 2 && !oneRowTable) {
      i = last + 1;
      continue;
    }
    // header: non-numeric lines right above the body
    const header: TextLine[] = [];
    for (let k = i - 1; k >= 0 && header.length < 4; k--) {
      const l = lines[k];
      const below = header.length ? header[0] : lines[i];
      if (below.y0 - l.y1 > Math.max(l.size, below.size) * 2.2) break;
      if (unitFromText(l.text) || isBodyLine(l)) break;
      if (l.items.length < 2 && header.length === 0 && l.text.replace(/\s+/g, '').length > 12) break;
      header.unshift(l);
    }
    const x0 = Math.min(...bodyLines.map((l) => l.x0));
    const x1 = Math.max(...bodyLines.map((l) => l.x1));
    // columns: the x-gaps that neither the amounts nor the header labels cross (a column with no amount at
    // all is still found from its label); 栏次 counters are centred and would split columns, so not them
    const labelLines = header.filter((l) => !/^(栏次|行次)/.test(l.text.trim())).map((l) => ({ ...l, items: l.items.flatMap(splitWords) }));
    const colX = separators([...amountLines, ...labelLines], x0, x1);
    const nCols = colX.length - 1;
    if (nCols < 2) {
      i = last + 1;
      continue;
    }
    // rows: header lines one each; body: numeric lines, with fragments attached to the nearest numeric line
    const rowsItems: TextItem[][] = header.map((l) => l.items);
    const bodyRows: { items: TextItem[]; cy: number }[] = numericLines.map((l) => ({ items: [...l.items], cy: (l.y0 + l.y1) / 2 }));
    for (const l of bodyLines) {
      if (isBodyLine(l)) continue;
      const cy = (l.y0 + l.y1) / 2;
      let best = bodyRows[0];
      for (const r of bodyRows) if (Math.abs(r.cy - cy) < Math.abs(best.cy - cy)) best = r;
      if (Math.abs(best.cy - cy) <= l.size * 1.6) best.items.push(...l.items);
      else bodyRows.push({ items: [...l.items], cy });
    }
    bodyRows.sort((a, b) => a.cy - b.cy);
    rowsItems.push(...bodyRows.map((r) => r.items));
    const cells: GridCell[] = [];
    const colOf = (x: number) => {
      for (let k = 0; k < nCols; k++) if (x < colX[k + 1]) return k;
      return nCols - 1;
    };
    // header runs that cross a column boundary are several labels printed on one baseline: split at spaces
    const splitHeader = (it: TextItem): TextItem[] => (colOf(it.x0 + 0.5) === colOf(it.x1 - 0.5) ? [it] : splitWords(it));
    for (let r = 0; r < header.length; r++) rowsItems[r] = rowsItems[r].flatMap(splitHeader);
    rowsItems.forEach((its, r) => {
      const byCol = new Map<number, { items: TextItem[]; c0: number; c1: number }>();
      for (const it of its) {
        // a run belongs to the column under its centre; a header label spans the further columns it covers
        // for most of their width
        let c0 = colOf((it.x0 + it.x1) / 2);
        let c1 = c0;
        if (r < header.length) {
          const covers = (k: number) => Math.min(it.x1, colX[k + 1]) - Math.max(it.x0, colX[k]) > 0.6 * (colX[k + 1] - colX[k]);
          while (c0 > 0 && covers(c0 - 1)) c0--;
          while (c1 < nCols - 1 && covers(c1 + 1)) c1++;
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
    const all = [...header, ...bodyLines];
    grids.push({
      page: page.page,
      box: { x0, y0: Math.min(...all.map((l) => l.y0)), x1, y1: Math.max(...all.map((l) => l.y1)) },
      nRows: rowsItems.length,
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
