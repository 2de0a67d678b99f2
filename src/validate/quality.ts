/**
 * Whether the reader may have missed cells of a table, so that a soundness rule whose verdict depends on every
 * cell (a blank table, income = expenditure per code) stays silent rather than report the reader's gap as the
 * document's fault: numbers printed under columns it could not name (col0, col1 …), a row with a label and no
 * cell at all, or amounts its quality report lists as unmatched.
 */
import type { TableRecord } from '../model/schema.js';

export function readIncompletely(t: TableRecord | undefined): boolean {
  if (!t) return false;
  // amounts printed in the table's area that became no fact
  if (t.quality && t.quality.unmatched.length > 0) return true;
  if (t.rows.some((r) => r.cells.some((c) => /^col\d+$/.test(c.column) && c.value !== null))) return true;
  return t.rows.some((r) => r.label && r.cells.length === 0 && /^\d{3,9}$/.test(r.key));
}
