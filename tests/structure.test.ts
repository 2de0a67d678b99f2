/**
 * The pipeline's structure as a newcomer reads it: src/ folders are the stages in data order, and no stage
 * imports a later one (domain knowledge and the record types are shared by all; the CLI, batch and queue sit on the
 * library API above them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
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

/** Imports that still run back up the pipeline, each with the reason it is still there: none is left. */
const KNOWN: Record<string, string> = {};

describe('src/ follows the pipeline', () => {
  it('no stage imports a later stage', () => {
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

/** The regex literals of a file holding CJK characters (ideographs, CJK and full-width punctuation). */
function cjkRegexLiterals(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral && /[\u2e80-\u9fff\uff00-\uffef]/.test(n.getText(src))) out.push(n.getText(src));
    n.forEachChild(visit);
  };
  visit(src);
  return out;
}

/**
 * Files outside src/domain/ that still hold Chinese regex literals, each with why: both are other branches' files
 * this session (the OCR stage's own; the stream builder the lead is changing), to move to domain/ocr.ts and
 * domain/cells.ts (SEQ_ROW) when they land.
 */
const CJK_PATTERNS_OPEN: Record<string, string> = {
  'src/ocr/page.ts': 'OCR misreadings of list marks (一、 read as 二、) and full-width colons',
  'src/ocr/reread.ts': 'a full-width colon',
  'src/ocr/pictures.ts': 'title words of a pasted table picture',
  'src/tables/stream.ts': '栏次/行次 rows and amounts glued to a name',
};

describe('domain knowledge is data in src/domain/', () => {
  it('no file outside src/domain/ holds a regex literal with Chinese text (but the few listed as open)', () => {
    const found = files(SRC)
      .filter((f) => !path.relative(SRC, f).startsWith(`domain${path.sep}`))
      .map((f) => ({ file: path.relative(ROOT, f).split(path.sep).join('/'), res: cjkRegexLiterals(f) }))
      .filter((x) => x.res.length && !CJK_PATTERNS_OPEN[x.file]);
    expect(found).toEqual([]);
  });

  it('the detector finds a Chinese regex literal and ignores Chinese strings and template text', () => {
    const dir = readdirSync(path.join(SRC, 'domain')).map((n) => path.join(SRC, 'domain', n));
    expect(dir.some((f) => cjkRegexLiterals(f).length > 0)).toBe(true);
    // the review page builds HTML with Chinese text in templates holding slashes: no regex literal there
    expect(cjkRegexLiterals(path.join(SRC, 'export', 'html', 'page.ts'))).toEqual([]);
    expect(cjkRegexLiterals(path.join(SRC, 'ocr', 'pictures.ts')).length).toBeGreaterThan(0);
  });
});
