/**
 * Mutation testing of validation: change one fact by a non-trivial amount and see whether a new issue names it.
 * Facts are the one source of truth for numbers, so changing the fact is changing the document's number.
 */
import type { Extraction, Fact, Issue } from '../../src/model/schema.js';
import { validate } from '../../src/validate/index.js';

const key = (i: Issue) => `${i.rule}|${i.severity}|${i.refs.map((r) => `${r.table}/${r.row ?? ''}/${r.column ?? ''}`).join(',')}|${i.printed}|${i.expected}|${i.sentence ?? ''}`;

/** A non-trivial change: at least one unit of the table (1 万元, 1 辆) and at least 10 %. */
export function mutationDelta(f: Fact): number {
  const tenth = Math.abs(f.value) * 0.1;
  return Math.max(1, Math.round(tenth * 100) / 100);
}

export interface MutationResult {
  total: number;
  detected: number;
  coverage: number;
  missed: Fact[];
}

/** Coverage of one-fact changes, each fact moved up (sign 1) or down (sign −1) by mutationDelta. */
export function mutationCoverage(doc: Extraction, filter: (f: Fact) => boolean = () => true, sign: 1 | -1 = 1): MutationResult {
  const base = new Set(validate(doc).map(key));
  const missed: Fact[] = [];
  let total = 0;
  for (const f of doc.facts) {
    if (!filter(f)) continue;
    total++;
    const old = { value: f.value, printed: f.printed };
    f.value = Math.round((f.value + sign * mutationDelta(f)) * 1e6) / 1e6;
    if (f.printed !== undefined) {
      const d = f.printed.match(/\.(\d+)/)?.[1].length ?? 0;
      f.printed = f.value.toFixed(d);
    }
    const names = (i: Issue) => i.refs.some((r) => r.table === f.table && r.row === f.row && (r.column === undefined || r.column === f.column));
    const hit = validate(doc).some((i) => names(i) && !base.has(key(i)));
    f.value = old.value;
    f.printed = old.printed;
    if (!hit) missed.push(f);
  }
  return { total, detected: total - missed.length, coverage: total ? (total - missed.length) / total : 1, missed };
}
