/**
 * The normalize stage of a document: its segmented tables and forms → table records and facts. Each table span
 * is normalized (normalize/table.ts); a table printed twice (a 续表 title, a repeated page) is merged into the
 * first; how completely each table was read is measured (quality.ts); the 附件 forms are parsed (forms.ts) and
 * listed as one table kind.
 */
import type { TextItem } from '../model/page.js';
import type { EvaluationForm, Fact, TableRecord } from '../model/schema.js';
import type { Segmented } from '../segment/segment.js';
import { formsTable, parseForms } from './forms.js';
import { tableQuality } from './quality.js';
import { normalizeTable, uniqueKeys } from './table.js';

export interface Normalized {
  tables: TableRecord[];
  facts: Fact[];
  forms: EvaluationForm[];
}

/** The tables of the document, one record per kind: a kind met again adds the facts not there yet. */
function normalizeTables(seg: Segmented): { tables: TableRecord[]; facts: Fact[]; repeated: Fact[] } {
  const tables: TableRecord[] = [];
  const facts: Fact[] = [];
  const repeated: Fact[] = [];
  const firstOfKind = new Map<string, TableRecord>();
  for (const span of seg.tables) {
    const { table, facts: tableFacts, repeated: again } = normalizeTable(span, { docKind: seg.kind, docUnit: seg.unit, docYear: seg.year });
    repeated.push(...again);
    const first = firstOfKind.get(table.kind);
    if (!first) {
      firstOfKind.set(table.kind, table);
      tables.push(table);
      facts.push(...tableFacts);
      continue;
    }
    // a table printed twice (a 续表 title, a repeated page): merge facts that are not there yet
    const extra = uniqueKeys(tableFacts, new Set(facts.filter((x) => x.table === table.kind).map((x) => `${x.table}|${x.row}|${x.column}`)));
    facts.push(...extra);
    first.pages = [...new Set([...first.pages, ...table.pages])];
    first.rows.push(...table.rows);
    first.empty = first.empty && extra.length === 0;
  }
  return { tables, facts, repeated };
}

/**
 * Tables, facts and forms of a segmented document. `runsOf` gives a page's text runs (text layer or OCR words),
 * against which the tables' quality is measured; without them the grids' cells stand for the page's text.
 */
export function normalizeDocument(seg: Segmented, runsOf?: (page: number) => TextItem[] | undefined): Normalized {
  const { tables, facts, repeated } = normalizeTables(seg);
  // how completely each table was read: its printed amounts against its facts
  tableQuality({ tables, spans: seg.tables, facts, repeated, runsOf });
  const { forms, facts: formFacts } = parseForms(seg);
  facts.push(...formFacts);
  const listing = formsTable(forms, formFacts, tables);
  if (listing) tables.push(listing);
  return { tables, facts, forms };
}
