/** The JSON Schema of the JSON output, generated from the zod schemas (the one source of the shape). */
import { z } from 'zod';
import { Extraction } from '../model/schema.js';

export function outputJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(Extraction, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>),
    title: 'yjsgk extraction',
  };
}
