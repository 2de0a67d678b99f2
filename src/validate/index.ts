/**
 * Validation: data-driven rules (src/domain/checks.ts) over the typed document. Numbers come from the facts only
 * (the one source of truth; table rows give names and which rows a table prints); each issue names its rule,
 * severity, the numbers involved (expected vs printed, tolerance, values) and where they are (refs, page, and
 * the sentence for the narrative).
 */
import type { Extraction, FactRef, Issue } from '../model/schema.js';
import { Ctx } from './context.js';
import { tableRules } from './tables.js';
import { crossRules } from './cross.js';
import { narrativeRules } from './narrative.js';
import { attachFormChecks, formRules } from './forms.js';
import { completenessRules } from './completeness.js';
import { attachIdentities } from './extraction.js';
import { plausibilityRules } from './plausibility.js';
import { executionRules } from './execution.js';
import { structureRules } from './structure.js';
import { textRules } from './text.js';
import { contradictionRules } from './contradiction.js';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

export function validate(doc: Extraction): Issue[] {
  const ctx = new Ctx(doc);
  tableRules(ctx);
  crossRules(ctx);
  narrativeRules(ctx);
  formRules(ctx);
  completenessRules(ctx);
  // soundness: plausibility reads the cross-table and narrative issues above, so it runs after them
  executionRules(ctx);
  structureRules(ctx);
  textRules(ctx);
  contradictionRules(ctx);
  plausibilityRules(ctx);
  // one issue per rule and location and numbers
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const i of ctx.issues) {
    const k = `${i.rule}|${i.refs.map((r) => `${r.table}/${r.row}/${r.column}`).join(',')}|${i.printed}|${i.expected}|${i.sentence ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  suspects(out);
  // each table's quality report says which identities it satisfies or breaks (from these issues)
  attachIdentities(doc, out, ctx.evaluated);
  // each form's checks are the form issues naming it (one verdict)
  attachFormChecks(doc, out);
  return out.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.page ?? 1e9) - (b.page ?? 1e9));
}

const refKey = (r: FactRef) => `${r.table}/${r.row ?? ''}/${r.column ?? ''}`;

/**
 * A wrong number usually breaks several identities (its 款 sum, the same row in another table …): of an
 * issue's refs, the one named by the most error/warning issues — more than any other of its refs, and by at
 * least two — is its suspect.
 */
function suspects(issues: Issue[]): void {
  // (a reader's gap names the cells it could not judge, not a number suspected wrong)
  const serious = issues.filter((i) => i.severity !== 'info' && !i.gap);
  const count = new Map<string, number>();
  for (const i of serious) for (const k of new Set(i.refs.map(refKey))) count.set(k, (count.get(k) ?? 0) + 1);
  for (const i of serious) {
    if (i.refs.length < 2) continue;
    const ranked = [...new Map(i.refs.map((r) => [refKey(r), r])).entries()]
      .map(([k, r]) => ({ r, n: count.get(k) ?? 0 }))
      .sort((a, b) => b.n - a.n);
    if (ranked[0].n >= 2 && ranked[0].n > (ranked[1]?.n ?? 0)) i.suspect = ranked[0].r;
  }
}
