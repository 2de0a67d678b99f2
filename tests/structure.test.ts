/**
 * The pipeline's structure as a newcomer reads it: src/ folders are the stages in data order, and no stage
 * imports a later one (domain knowledge and the record types are shared by all; the CLI, batch and queue sit on the
 * library API above them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/shared.js';

const STAGES = ['sources', 'ocr', 'layout', 'tables', 'segment', 'normalize', 'validate', 'export'];
const SHARED = ['domain', 'model', 'types'];
const SRC = path.join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import of src/: [importing folder, imported folder, file]. */
function imports(): { from: string; to: string; file: string }[] {
  const out: { from: string; to: string; file: string }[] = [];
  for (const f of files(SRC)) {
    const from = path.relative(SRC, f).split(path.sep)[0];
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
      const target = path.relative(SRC, path.resolve(path.dirname(f), m[1]));
      out.push({ from, to: target.split(path.sep)[0], file: path.relative(ROOT, f) });
    }
  }
  return out;
}

/** Imports that still run back up the pipeline, each with the reason it is still there (issue: one pipeline). */
const KNOWN: Record<string, string> = {
  // the workbook source builds its grids and segments its sheets itself
  'sources→segment': 'src/sources/workbook.ts',
  'sources→tables': 'src/sources/workbook.ts',
  'sources→layout': 'src/sources/workbook.ts',
};

describe('src/ follows the pipeline', () => {
  it('no stage imports a later stage (but the back-imports still listed as open)', () => {
    const back = imports().filter((i) => STAGES.includes(i.from) && STAGES.includes(i.to) && STAGES.indexOf(i.to) > STAGES.indexOf(i.from));
    const unexpected = back.filter((i) => KNOWN[`${i.from}→${i.to}`] !== i.file);
    expect(unexpected.map((i) => `${i.file}: ${i.from} → ${i.to}`)).toEqual([]);
  });

  it('domain knowledge and record types import no stage', () => {
    const bad = imports().filter((i) => SHARED.includes(i.from) && (STAGES.includes(i.to) || ['cli', 'batch', 'queue'].includes(i.to)));
    expect(bad.map((i) => `${i.file}: ${i.from} → ${i.to}`)).toEqual([]);
  });

  it('the stages import neither the CLI, the batch runner nor the queue', () => {
    const bad = imports().filter((i) => STAGES.includes(i.from) && ['cli', 'batch', 'queue'].includes(i.to));
    expect(bad.map((i) => `${i.file}: ${i.from} → ${i.to}`)).toEqual([]);
  });
});
