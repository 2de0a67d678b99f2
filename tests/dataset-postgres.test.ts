/**
 * The PostgreSQL dataset on a real server: the same long tables as SQLite; a document replaced in one
 * transaction (a write failing halfway leaves the previous document whole); idempotent by content hash and
 * pipeline version; many concurrent writers of one content store it once; `batch --dataset postgres://…`; and the
 * three-worker queue run (one killed with SIGKILL) into PostgreSQL.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { DATASET_TABLES, manifestRecord, openDataset } from '../src/batch/dataset.js';
import { expandInputs } from '../src/batch/inputs.js';
import { runBatch } from '../src/batch/run.js';
import type { Extraction } from '../src/model/schema.js';
import { sample } from './helpers/shared.js';
import { HAS_POSTGRES, HAS_REDIS, startPostgres, startRedis, type Service } from './helpers/services.js';
import { threeWorkers } from './helpers/queueRun.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'yjsgk-pg-test-'));
let server: Service;
let redis: Service | undefined;
let client: pg.Client;
let n = 0;

/** a fresh database on the server for each test */
async function freshDb(): Promise<string> {
  const name = `t${++n}`;
  await client.query(`CREATE DATABASE ${name}`);
  return server.url.replace(/\/postgres$/, `/${name}`);
}

async function rows<T>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (!HAS_POSTGRES) return;
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  if (HAS_REDIS) redis = await startRedis();
}, 120_000);
afterAll(async () => {
  await client?.end();
  await server?.stop();
  await redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

let doc: Extraction;
const rec = (p: string, d: Extraction) => manifestRecord({ path: p, sha256: d.document.sha256!, size: 1, attempts: 1 }, { doc: d, ms: 1 });

describe.skipIf(!HAS_POSTGRES)('the PostgreSQL dataset', () => {
  beforeAll(async () => {
    doc = await extract(sample('fenyang-2024-tables.xlsx'));
  }, 60_000);

  it('has the same long tables as the SQLite dataset', async () => {
    const url = await freshDb();
    const ds = await openDataset(url);
    await ds.close();
    const cols = await rows<{ table_name: string; column_name: string }>(
      url,
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
    );
    for (const t of DATASET_TABLES) {
      expect(cols.filter((c) => c.table_name === t.name).map((c) => c.column_name), t.name).toEqual(t.columns.map(([c]) => c));
    }
  });

  it('is idempotent by content hash and pipeline version: written again, one document; another path with the same bytes is an alias', async () => {
    const url = await freshDb();
    const ds = await openDataset(url);
    expect(await ds.writeDocument('/data/a.xlsx', doc, rec('/data/a.xlsx', doc))).toBe('document');
    expect(await ds.writeDocument('/data/a.xlsx', doc, rec('/data/a.xlsx', doc))).toBe('document');
    expect(await ds.writeDocument('/data/copy.xlsx', doc, rec('/data/copy.xlsx', doc))).toBe('alias');
    await ds.close();
    expect(await rows(url, 'SELECT path FROM documents')).toEqual([{ path: '/data/a.xlsx' }]);
    expect(await rows(url, 'SELECT COUNT(*)::int AS n FROM facts')).toEqual([{ n: doc.facts.length }]);
    expect(await rows(url, 'SELECT path, status, alias_of FROM manifest ORDER BY path')).toEqual([
      { path: '/data/a.xlsx', status: 'ok', alias_of: null },
      { path: '/data/copy.xlsx', status: 'alias', alias_of: '/data/a.xlsx' },
    ]);
    const sum = await rows<{ department: string; table_kind: string; yuan: number }>(
      url,
      'SELECT department, table_kind, SUM(value_yuan) AS yuan FROM facts GROUP BY 1, 2 ORDER BY 2',
    );
    expect(sum.length).toBeGreaterThan(5);
  });

  it('replaces a document in one transaction: a write that fails halfway leaves the previous document whole', async () => {
    const url = await freshDb();
    const ds = await openDataset(url);
    await ds.writeDocument('/data/a.xlsx', doc, rec('/data/a.xlsx', doc));
    const changed = structuredClone(doc);
    changed.document.sha256 = 'f'.repeat(64);
    // the last fact cannot be stored (a value that is no number): the insert of the facts fails after the document row
    changed.facts.push({ ...changed.facts[0], value: 'not a number' as unknown as number });
    await expect(ds.writeDocument('/data/a.xlsx', changed, rec('/data/a.xlsx', changed))).rejects.toThrow();
    await ds.close();
    expect(await rows(url, 'SELECT sha256 FROM documents')).toEqual([{ sha256: doc.document.sha256 }]);
    expect(await rows(url, 'SELECT COUNT(*)::int AS n FROM facts')).toEqual([{ n: doc.facts.length }]);
  });

  it('many writers at once (separate connections) store one content once', async () => {
    const url = await freshDb();
    const stores = await Promise.all(Array.from({ length: 6 }, () => openDataset(url)));
    const results = await Promise.all(stores.map((s, i) => s.writeDocument(`/m${i}/a.xlsx`, doc, rec(`/m${i}/a.xlsx`, doc))));
    await Promise.all(stores.map((s) => s.close()));
    expect(results.filter((r) => r === 'document')).toHaveLength(1);
    expect(await rows(url, 'SELECT COUNT(*)::int AS n FROM documents')).toEqual([{ n: 1 }]);
    expect(await rows(url, 'SELECT COUNT(*)::int AS n FROM facts')).toEqual([{ n: doc.facts.length }]);
    expect(await rows(url, "SELECT COUNT(*)::int AS n FROM manifest WHERE status = 'alias'")).toEqual([{ n: 5 }]);
  });

  it('batch --dataset postgres://… writes the same documents as into SQLite', async () => {
    const url = await freshDb();
    const input = path.join(tmp, 'in');
    mkdirSync(input, { recursive: true });
    copyFileSync(sample('fenyang-2024-tables.xlsx'), path.join(input, 'a.xlsx'));
    copyFileSync(sample('variants', 'two-per-page.pdf'), path.join(input, 'b.pdf'));
    const { inputs } = await expandInputs([input]);
    const s = await runBatch(inputs, { out: path.join(tmp, 'out-pg'), dataset: url, jobs: 1, ocr: 'never', progress: 'none' });
    expect([s.ok, s.failed.length]).toEqual([2, 0]);
    const sq = path.join(tmp, 'out-sqlite', 'dataset.sqlite');
    await runBatch(inputs, { out: path.join(tmp, 'out-sqlite'), dataset: sq, jobs: 1, ocr: 'never', progress: 'none' });
    const lite = await openDataset(sq);
    const a = (await lite.driver.all<{ table_kind: string; row_key: string; column_key: string; value: number }>('SELECT table_kind, row_key, column_key, value FROM facts ORDER BY 1, 2, 3, 4'));
    await lite.close();
    const b = await rows(url, 'SELECT table_kind, row_key, column_key, value FROM facts ORDER BY 1, 2, 3, 4');
    expect(b).toEqual(a);
    // a re-run skips both (content and version unchanged)
    const again = await runBatch(inputs, { out: path.join(tmp, 'out-pg'), dataset: url, jobs: 1, ocr: 'never', progress: 'none' });
    expect([again.ok, again.skipped]).toEqual([0, 2]);
  }, 120_000);
});

describe.skipIf(!HAS_POSTGRES || !HAS_REDIS)('three queue workers into PostgreSQL, one killed with SIGKILL mid-file', () => {
  it('drain the queue; the dataset holds each distinct document exactly once', async () => {
    const url = await freshDb();
    await threeWorkers(`${redis!.url}/0`, url, (sql) => rows(url, sql));
  }, 300_000);
});
