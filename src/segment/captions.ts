/**
 * The caption rows at the top of a grid (Excel-made PDFs and sheets put the title, label, department and unit
 * there): segmentation reads the title and unit from them, normalisation skips them before the header. One
 * definition for both.
 */
import type { DocKind } from '../model/schema.js';
import type { Grid, GridCell } from '../model/grid.js';
import { toMatrix } from '../tables/grid.js';
import { unitFromText } from '../domain/kinds.js';
import { CAPTION_CELL } from '../domain/labels.js';
import { matchTitle } from '../domain/titles.js';

/**
 * Whether a row of a grid's matrix is a caption: one cell across the table, nothing (an empty border row), one
 * text that is a title or a unit line, or only department / year / unit / label cells.
 */
export function isCaptionRow(row: (GridCell | undefined)[], nCols: number, doc?: DocKind | null): boolean {
  const first = row[0];
  if (first && nCols > 1 && first.colSpan >= nCols && first.rowSpan === 1) return true;
  const texts = [...new Set(row.filter((c): c is GridCell => !!c && !!c.text.trim()))].map((c) => c.text.replace(/\s+/g, ' ').trim());
  if (texts.length === 0) return true;
  if (texts.length === 1 && (matchTitle(texts[0], doc) || unitFromText(texts[0]))) return true;
  return texts.every((t) => CAPTION_CELL.test(t.replace(/\s+/g, '')));
}

/** The texts of the caption rows at the top of a grid, in order (empty border rows give none). */
export function captionTexts(g: Grid, doc: DocKind | null): string[] {
  const out: string[] = [];
  for (const row of toMatrix(g)) {
    if (!isCaptionRow(row, g.nCols, doc)) break;
    out.push(...new Set(row.filter((c): c is GridCell => !!c && !!c.text.trim()).map((c) => c.text.trim())));
  }
  return out;
}
