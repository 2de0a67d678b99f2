/**
 * The outputs a new user opens besides the review page: the library called with bytes, the JSON Schema other
 * languages validate the output with, one CSV shape for the per-document and the dataset facts, and a package
 * `npm pack` can ship.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { FACT_COLUMNS, factsCsv } from '../src/export/csv.js';
import { outputJsonSchema } from '../src/export/schema.js';
import { expandInputs } from '../src/batch/inputs.js';
import { runBatch } from '../src/batch/run.js';
import { ROOT, sample } from './helpers/shared.js';

type Schema = {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[];
  const?: unknown; anyOf?: Schema[]; additionalProperties?: boolean | Schema; minimum?: number; maximum?: number;
  propertyNames?: Schema;
};

/** The JSON Schema keywords the generated schema uses, checked as draft 2020-12 defines them. */
function problems(s: Schema, v: unknown, at = '$'): string[] {
  const out: string[] = [];
  if (s.anyOf) return s.anyOf.some((x) => problems(x, v, at).length === 0) ? [] : [`${at}: matches none of anyOf`];
  if (s.const !== undefined && v !== s.const) out.push(`${at}: not ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.includes(v)) out.push(`${at}: ${JSON.stringify(v)} not in enum`);
  const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const ok = (ty: string) => ty === t || (ty === 'integer' && typeof v === 'number' && Number.isInteger(v));
  if (types.length && !types.some(ok)) return [...out, `${at}: ${t}, want ${types.join('|')}`];
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) out.push(`${at}: below minimum`);
    if (s.maximum !== undefined && v > s.maximum) out.push(`${at}: above maximum`);
  }
  if (Array.isArray(v) && s.items) v.forEach((x, i) => out.push(...problems(s.items!, x, `${at}[${i}]`)));
  if (t === 'object') {
    const o = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) out.push(`${at}: missing ${r}`);
    for (const [k, x] of Object.entries(o)) {
      if (s.properties?.[k]) out.push(...problems(s.properties[k], x, `${at}.${k}`));
      else if (s.additionalProperties === false) out.push(`${at}: unexpected ${k}`);
      else if (typeof s.additionalProperties === 'object') out.push(...problems(s.additionalProperties, x, `${at}.${k}`));
    }
  }
  return out;
}

describe('the library called with bytes', () => {
  const file = sample('fenyang-2024-tables.xlsx');

  it('reads a Buffer (named by options.name) and a { name, data } input like the path', async () => {
    const byPath = await extract(file);
    const buf = await extract(readFileSync(file), { name: 'tables.xlsx' });
    expect(buf.document.source).toBe('tables.xlsx');
    expect(buf.facts).toEqual(byPath.facts);
    const named = await extract({ name: 'x/tables.xlsx', data: new Uint8Array(readFileSync(file)) });
    expect(named.facts).toEqual(byPath.facts);
  });

  it('rejects anything else with a clear message', async () => {
    await expect(extract({ name: 'x.pdf' } as never)).rejects.toThrow(/x\.pdf: input must be a path, bytes \(Uint8Array\/Buffer\) or \{ name, data \}/);
  });
});

describe('yjsgk schema', () => {
  const schema = outputJsonSchema() as Schema & { $schema: string };
  const doc = JSON.parse(readFileSync(path.join(ROOT, 'output', 'fenyang-2024-final.json'), 'utf8'));

  it('is a draft 2020-12 JSON Schema the committed output validates against', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['document', 'tables', 'facts', 'issues']));
    expect(problems(schema, doc)).toEqual([]);
  });

  it('rejects an output whose fact value is text', () => {
    const bad = structuredClone(doc);
    bad.facts[0].value = '13759.26';
    expect(problems(schema, bad)).toEqual(['$.facts[0].value: string, want number']);
  });

  it('is printed by the command', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'schema'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(schema)));
  });
});

describe('one CSV shape for facts', () => {
  it('per-document facts.csv and the dataset facts.csv have the same columns (the dataset adds doc_id), both with a BOM', async () => {
    const file = sample('fenyang-2024-tables.xlsx');
    const out = mkdtempSync(path.join(tmpdir(), 'yjsgk-csv-'));
    const { inputs } = await expandInputs([file]);
    await runBatch(inputs, { out, progress: 'none', ocr: 'never', jobs: 1, formats: ['csv'], exports: ['csv'] });
    const one = readFileSync(path.join(out, 'docs', 'fenyang-2024-tables.facts.csv'), 'utf8');
    const all = readFileSync(path.join(out, 'dataset', 'facts.csv'), 'utf8');
    expect(one.startsWith('\ufeff')).toBe(true);
    expect(all.startsWith('\ufeff')).toBe(true);
    const head = (s: string) => s.slice(1).split('\n')[0].split(',');
    expect(head(one)).toEqual([...FACT_COLUMNS]);
    expect(head(all)).toEqual(['doc_id', ...FACT_COLUMNS]);
    // the same lines, behind the dataset's doc_id
    const lines = (s: string) => s.slice(1).trim().split('\n').slice(1);
    expect(lines(all).map((l) => l.slice(l.indexOf(',') + 1))).toEqual(lines(one));
    const doc = await extract(file);
    expect(factsCsv(doc)).toBe(one);
  });
});

describe('npm pack', () => {
  it('ships the built library, the command and the README, not the tests or samples', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/yjsgk.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']));
    expect(files.filter((f) => /^(tests|samples|output|src|scripts|bench)\//.test(f))).toEqual([]);
  });
});

describe('progress on a terminal', () => {
  const cli = path.join(ROOT, 'src/cli/main.ts');
  const pdf = sample('variants', 'two-per-page.pdf');
  const out = mkdtempSync(path.join(tmpdir(), 'yjsgk-progress-'));
  /** the command run under a pseudo-terminal (util-linux `script`), its terminal output */
  const onTty = (args: string[]) => {
    const cmd = [process.execPath, '--import', 'tsx', cli, ...args].map((a) => `'${a}'`).join(' ');
    return spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8' });
  };

  it('extract names the file and the page being read, on a terminal only', () => {
    const tty = onTty(['extract', pdf, '--out', out, '--format', 'json']);
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain(`${pdf}: page 2/11`);
    const piped = spawnSync(process.execPath, ['--import', 'tsx', cli, 'extract', pdf, '--out', out, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(/^ok {3}.*two-per-page\.pdf: 10 tables/);
  });

  it('the batch bar names the file and page in flight, on a terminal only', () => {
    const tty = onTty(['batch', pdf, '--out', path.join(out, 'b1'), '--ocr', 'never', '--jobs', '1']);
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/\d\/1 files .*two-per-page\.pdf p\.\d+/);
    const piped = spawnSync(process.execPath, ['--import', 'tsx', cli, 'batch', pdf, '--out', path.join(out, 'b2'), '--ocr', 'never', '--jobs', '1'], { cwd: ROOT, encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toMatch(/files \|/);
  });
});

describe('the same input gives the same output files', () => {
  it('JSON, XLSX and CSV written twice, a while apart, are the same bytes (output/ stays clean when regenerated)', async () => {
    const { writeOutputs } = await import('../src/export/index.js');
    const a = mkdtempSync(path.join(tmpdir(), 'yjsgk-same-a-'));
    const b = mkdtempSync(path.join(tmpdir(), 'yjsgk-same-b-'));
    await writeOutputs(await extract(sample('fenyang-2024-tables.xlsx')), a, 'doc', ['json', 'xlsx', 'csv']);
    // the zip writer stamps entries to the even second: wait past one
    await new Promise((r) => setTimeout(r, 2100));
    await writeOutputs(await extract(sample('fenyang-2024-tables.xlsx')), b, 'doc', ['json', 'xlsx', 'csv']);
    for (const f of ['doc.json', 'doc.xlsx', 'doc.facts.csv']) {
      expect(readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))), f).toBe(true);
    }
  });
});
