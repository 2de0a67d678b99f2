/**
 * Validation: data-driven rules (src/domain/checks.ts) over the typed document. Numbers come from the facts only
 * (the one source of truth; table rows give names and which rows a table prints); each issue names its rule,
 * severity, the numbers involved (expected vs printed, tolerance, values) and where they are (refs, page, and
 * the sentence for the narrative).
 */
import type { Extraction, Issue } from '../model/schema.js';
import { Ctx } from './context.js';
import { tableRules } from './tables.js';
import { crossRules } from './cross.js';
import { narrativeRules } from './narrative.js';
import { formRules } from './forms.js';
import { completenessRules } from './completeness.js';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

export function validate(doc: Extraction): Issue[] {
  const ctx = new Ctx(doc);
  tableRules(ctx);
  crossRules(ctx);
  narrativeRules(ctx);
  formRules(ctx);
  completenessRules(ctx);
  // one issue per rule and location and numbers
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const i of ctx.issues) {
    const k = `${i.rule}|${i.refs.map((r) => `${r.table}/${r.row}/${r.column}`).join(',')}|${i.printed}|${i.expected}|${i.sentence ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  return out.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.page ?? 1e9) - (b.page ?? 1e9));
}
