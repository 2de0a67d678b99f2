/**
 * Validation: rules over the typed document; each issue names its rule, severity, values and location.
 */
import type { Extraction, Issue } from '../model/schema.js';

export function validate(_doc: Extraction): Issue[] {
  return [];
}
