/**
 * Whether the reader may have missed cells of a table, so that a soundness rule whose verdict depends on every
 * cell (a blank table, income = expenditure per code) stays silent rather than report the reader's gap as the
 * document's fault: numbers printed under columns it could not name (col0, col1 …), a row with a label and no
 * cell at all, or a `quality` record (added by the reader's own branch) saying cells are missing.
 */
import type { TableRecord } from '../model/schema.js';

/** A `quality` record's signal of missing cells, read loosely: a count, a flag or a level. */
function qualitySaysMissing(q: unknown): boolean {
  if (!q || typeof q !== 'object') return false;
  for (const [k, v] of Object.entries(q as Record<string, unknown>)) {
    if (/missing|unread|lost|dropped/i.test(k) && ((typeof v === 'number' && v > 0) || v === true || (Array.isArray(v) && v.length > 0))) return true;
    if (/^complete$/i.test(k) && v === false) return true;
    if (/^(level|grade|status)$/i.test(k) && typeof v === 'string' && /partial|poor|incomplete|low/i.test(v)) return true;
  }
  return false;
}

export function readIncompletely(t: TableRecord | undefined): boolean {
  if (!t) return false;
  if (qualitySaysMissing((t as TableRecord & { quality?: unknown }).quality)) return true;
  if (t.rows.some((r) => r.cells.some((c) => /^col\d+$/.test(c.column) && c.value !== null))) return true;
  return t.rows.some((r) => r.label && r.cells.length === 0 && /^\d{3,9}$/.test(r.key));
}
