/**
 * 附件 项目支出绩效自评表: form spans → typed EvaluationForm records and performance_evaluation facts.
 */
import type { EvaluationForm, Fact } from '../model/schema.js';
import type { Segmented } from '../segment/segment.js';

export function parseForms(_seg: Segmented): { forms: EvaluationForm[]; facts: Fact[] } {
  return { forms: [], facts: [] };
}
