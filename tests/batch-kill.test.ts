/**
 * Killing a batch with SIGKILL at any moment loses no finished result and leaves no half-written file: run again,
 * the dataset has each document exactly once and equals the dataset of a clean run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_TABLES } from '../src/batch/dataset.js';
import { ROOT, sample } from './helpers/shared.js';
import { distinctCopy } from './helpers/copies.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'yjsgk-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const input = path.join(tmp, 'in');

const cli = (out: string) => [
  '--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'batch', input, '--out', out, '--ocr', 'never', '--jobs', '2', '--format', 'json',
];

/** Every dataset table as sorted lines, documents named by path; timings and row ids left out. */
function dump(db: string): Record<string, string[]> {
  const d = new Database(db, { readonly: true });
  try {
    const paths = new Map((d.prepare('SELECT doc_id, path FROM documents').all() as { doc_id: number; path: string }[]).map((r) => [r.doc_id, r.path]));
    const out: Record<string, string[]> = {};
    for (const t of DATASET_TABLES) {
      const rows = d.prepare(`SELECT * FROM "${t.name}"`).all() as Record<string, unknown>[];
      out[t.name] = rows
        .map((r) => {
          const { doc_id, ms, extracted_at, ...rest } = r;
          void ms;
          void extracted_at;
          return JSON.stringify({ doc: paths.get(doc_id as number), ...rest });
        })
        .sort();
    }
    return out;
  } finally {
    d.close();
  }
}

function okCount(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare("SELECT COUNT(*) AS n FROM manifest WHERE status = 'ok'").get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0; // not created yet
  }
}

function tmpFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'));
}

describe('a batch killed midway', () => {
  const N = 12;
  beforeAll(() => {
    for (let i = 0; i < N; i++) {
      const dir = path.join(input, `county-${i % 3}`);
      mkdirSync(dir, { recursive: true });
      // distinct bytes: the dataset keeps one document per content
      if (i % 3 === 0) distinctCopy(sample('fenyang-2024-final.pdf'), path.join(dir, `dept-${i}.pdf`), `dept ${i}`);
      else distinctCopy(sample('fenyang-2024-tables.xlsx'), path.join(dir, `dept-${i}.xlsx`), `dept ${i}`);
    }
  });

  it('resumes to the same dataset as a clean run, each document exactly once', async () => {
    const clean = path.join(tmp, 'clean');
    const r = spawnSync(process.execPath, cli(clean), { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${N} read, 0 skipped \\(done before\\), 0 failed`));

    const killed = path.join(tmp, 'killed');
    const db = path.join(killed, 'dataset.sqlite');
    const child = spawn(process.execPath, cli(killed), { cwd: ROOT, stdio: 'ignore' });
    const t0 = Date.now();
    while (okCount(db) < 3 && Date.now() - t0 < 180_000 && child.exitCode === null) await sleep(50);
    child.kill('SIGKILL');
    await new Promise((res) => child.once('exit', res));
    const atKill = okCount(db);
    expect(atKill).toBeGreaterThanOrEqual(3);
    expect(atKill).toBeLessThan(N); // it was midway

    const again = spawnSync(process.execPath, cli(killed), { encoding: 'utf8', cwd: ROOT });
    expect(again.status).toBe(0);
    // what was finished before the kill is not read again
    expect(again.stdout).toMatch(new RegExp(`${N - atKill} read, ${atKill} skipped \\(done before\\), 0 failed`));

    const a = dump(path.join(clean, 'dataset.sqlite'));
    const b = dump(db);
    expect(b.documents).toHaveLength(N);
    expect(new Set(b.documents.map((l) => JSON.parse(l).path)).size).toBe(N);
    for (const t of DATASET_TABLES) expect(b[t.name], t.name).toEqual(a[t.name]);
    expect(b.facts.length).toBeGreaterThan(N * 200);

    // no half-written file: no temporaries left, every output parses
    expect(tmpFiles(killed)).toEqual([]);
    const docs = readdirSync(path.join(killed, 'docs'));
    expect(docs).toHaveLength(N);
    for (const f of docs) expect(() => JSON.parse(readFileSync(path.join(killed, 'docs', f), 'utf8'))).not.toThrow();
    const manifest = JSON.parse(readFileSync(path.join(killed, 'manifest.json'), 'utf8')) as { ok: number; files: number };
    expect(manifest).toMatchObject({ ok: N, files: N });
  }, 480_000);
});
