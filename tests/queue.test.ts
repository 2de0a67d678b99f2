/**
 * The queue on a real Redis (BullMQ): a file queued twice is one job, a copy under another name is recorded as an
 * alias, a broken file fails with its reason, a failing attempt is retried with back-off, a scheduled scan queues
 * new files, SIGTERM lets the file in hand finish, and three workers — one killed with SIGKILL mid-file — drain
 * the queue into a dataset that holds each distinct document exactly once.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../src/batch/inputs.js';
import { connect } from '../src/queue/connection.js';
import { addFiles, fileQueue, jobIdOf, queueStatus, scanQueue, scheduleScan } from '../src/queue/queue.js';
import { workQueue } from '../src/queue/work.js';
import { createLogger } from '../src/batch/log.js';
import { sample } from './helpers/shared.js';
import { HAS_REDIS, startRedis, type Service } from './helpers/services.js';
import { runCli, startWorker, threeWorkers, until } from './helpers/queueRun.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'yjsgk-queue-'));
let redis: Service;
let db = 0;
/** a fresh logical database of the server for each test: queues do not see each other */
const fresh = () => `${redis.url}/${++db}`;

beforeAll(async () => {
  if (HAS_REDIS) redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function query<T>(file: string, sql: string): T[] {
  const d = new Database(file, { readonly: true });
  try {
    return d.prepare(sql).all() as T[];
  } finally {
    d.close();
  }
}

const silent = createLogger({ out: () => {}, err: () => {} });

describe.skipIf(!HAS_REDIS)('queue add / status', () => {
  it('makes one job per content: a file queued twice is one job, a copy under another name rides along', async () => {
    const dir = path.join(tmp, 'add');
    mkdirSync(dir, { recursive: true });
    copyFileSync(sample('fenyang-2024-tables.xlsx'), path.join(dir, 'a.xlsx'));
    copyFileSync(sample('fenyang-2024-tables.xlsx'), path.join(dir, 'a-copy.xlsx'));
    copyFileSync(sample('variants', 'rotated.pdf'), path.join(dir, 'b.pdf'));
    writeFileSync(path.join(dir, 'notes.docx'), 'not an input');
    const url = fresh();
    const r1 = runCli('queue', 'add', dir, '--redis', url);
    expect(r1.status).toBe(0);
    expect(r1.stdout).toMatch(/^queued 2 new jobs \(1 copies of queued files, 0 already queued or done/m);
    expect(r1.stderr).toMatch(/skipped: .*notes\.docx \(not a PDF or workbook\)/);
    const r2 = runCli('queue', 'add', path.join(dir, 'a.xlsx'), path.join(dir, 'b.pdf'), '--redis', url);
    expect(r2.stdout).toMatch(/^queued 0 new jobs \(0 copies of queued files, 2 already queued or done/m);

    const st = runCli('queue', 'status', '--redis', url, '--json');
    expect(st.status).toBe(0);
    expect(JSON.parse(st.stdout)).toMatchObject({ waiting: 2, active: 0, delayed: 0, completed: 0, failed: 0, failures: [] });
    const conn = await connect(url);
    const q = fileQueue(conn);
    const { inputs } = await expandInputs([path.join(dir, 'a.xlsx')]);
    const job = await q.getJobs(['waiting']).then((js) => js.find((j) => j.data.paths.includes(inputs[0].path)));
    expect(job?.data.paths.map((p) => path.basename(p)).sort()).toEqual(['a-copy.xlsx', 'a.xlsx']);
    expect(job?.id).toBe(jobIdOf(job!.data.sha256));
    await q.close();
    conn.disconnect();
  });

  it('says so, exit 2, when Redis cannot be reached (and creates nothing)', () => {
    const r = runCli('queue', 'status', '--redis', 'redis://127.0.0.1:1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot connect to Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('queue work with a dataset in a folder that does not exist: exit 2, no dataset made', () => {
    const ds = path.join(tmp, 'typo-dir', 'dataset.sqlite');
    const r = runCli('queue', 'work', '--redis', fresh(), '--dataset', ds, '--until-idle');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/does not exist/);
    expect(existsSync(path.dirname(ds))).toBe(false);
  });
});

describe.skipIf(!HAS_REDIS)('queue work', () => {
  it('fails a broken file at once with its reason; retries a file over its time limit, then fails it', async () => {
    const dir = path.join(tmp, 'fail');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'truncated.pdf'), '%PDF-1.4 truncated');
    copyFileSync(sample('variants', 'rotated.pdf'), path.join(dir, 'slow.pdf'));
    const url = fresh();
    const conn = await connect(url);
    const q = fileQueue(conn);
    const dataset = path.join(tmp, 'fail.sqlite');
    const lines: string[] = [];
    const logger = createLogger({ out: (s) => lines.push(s), err: (s) => lines.push(s), stamp: false });
    const add = async (f: string) => addFiles(q, (await expandInputs([path.join(dir, f)])).inputs, { attempts: 2, backoffMs: 50 });
    await add('truncated.pdf');
    const s1 = await workQueue({ redis: url, dataset, concurrency: 1, ocr: 'never', untilIdle: true, logger });
    expect(s1).toMatchObject({ read: 0, failed: 1, retrying: 0 });
    // a time limit no file can meet: a failure another attempt might cure
    await add('slow.pdf');
    const s2 = await workQueue({ redis: url, dataset, concurrency: 1, ocr: 'never', timeoutMs: 1, untilIdle: true, logger });
    expect(s2).toMatchObject({ read: 0, failed: 1, retrying: 1 });
    const st = await queueStatus(q, scanQueue(conn));
    expect(st).toMatchObject({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 2 });
    const byFile = Object.fromEntries(st.failures.map((f) => [path.basename(f.path), f]));
    expect(byFile['truncated.pdf']).toMatchObject({ attempts: 1 });
    expect(byFile['truncated.pdf'].reason).toMatch(/truncated PDF|not a PDF|corrupt/);
    expect(byFile['slow.pdf']).toMatchObject({ attempts: 2 });
    expect(byFile['slow.pdf'].reason).toMatch(/took longer than the 1 ms limit/);
    expect(lines.some((l) => /^FAIL .*slow\.pdf: .*\(attempt 1 of 2: tried again later\)$/.test(l))).toBe(true);
    // the manifest in the dataset says why
    expect(query<{ file: string; status: string; code: string }>(dataset, 'SELECT file, status, code FROM manifest ORDER BY file')).toEqual([
      { file: 'slow.pdf', status: 'failed', code: 'timeout' },
      { file: 'truncated.pdf', status: 'failed', code: expect.stringMatching(/truncated|corrupt|not_pdf/) },
    ]);
    // queued again, a known failure is listed and not retried unless asked
    const again = runCli('queue', 'add', dir, '--redis', url);
    expect(again.stderr).toMatch(/known failure .*truncated\.pdf: .* \(not queued again; --retry-failed does\)/);
    const retry = runCli('queue', 'add', dir, '--redis', url, '--retry-failed');
    expect(retry.stdout).toMatch(/2 failed before and queued again/);
    await q.close();
    conn.disconnect();
  }, 300_000);

  it('a scheduled scan queues the files that appear in a folder', async () => {
    const dir = path.join(tmp, 'drop');
    mkdirSync(dir, { recursive: true });
    copyFileSync(sample('fenyang-2024-tables.xlsx'), path.join(dir, 'day1.xlsx'));
    const url = fresh();
    const conn = await connect(url);
    const scans = scanQueue(conn);
    await scheduleScan(scans, [dir], { everyMs: 1000 });
    const r = runCli('queue', 'status', '--redis', url);
    expect(r.stdout).toMatch(new RegExp(`^scan ${dir} every 1s, next `, 'm'));
    const q = fileQueue(conn);
    const ac = new AbortController();
    const dataset = path.join(tmp, 'drop.sqlite');
    const run = workQueue({ redis: url, dataset, concurrency: 1, ocr: 'never', logger: silent, signal: ac.signal });
    const completed = async () => (await q.getJobCounts('completed')).completed;
    await until(async () => (await completed()) === 1, 60_000, 'the first file');
    // the next day another file is dropped in: the next scan finds it, the first is not read again
    writeFileSync(path.join(dir, 'day2.xlsx'), new Uint8Array(0));
    copyFileSync(sample('variants', 'two-per-page.pdf'), path.join(dir, 'day2.pdf'));
    await until(async () => (await completed()) === 2, 60_000, 'the new file');
    ac.abort();
    await run;
    expect(query<{ file: string }>(dataset, 'SELECT file FROM documents ORDER BY file')).toEqual([{ file: 'day1.xlsx' }, { file: 'day2.pdf' }]);
    expect((await q.getJobCounts('failed')).failed).toBe(1); // the empty day2.xlsx, with its reason
    await scans.close();
    await q.close();
    conn.disconnect();
  }, 300_000);

  it('SIGTERM: the file in hand is finished and recorded, then the worker exits 143', async () => {
    const dir = path.join(tmp, 'term');
    mkdirSync(dir, { recursive: true });
    copyFileSync(sample('fenyang-2024-final.pdf'), path.join(dir, 'big.pdf'));
    copyFileSync(sample('variants', 'rotated.pdf'), path.join(dir, 'next.pdf'));
    const url = fresh();
    expect(runCli('queue', 'add', path.join(dir, 'big.pdf'), '--redis', url).status).toBe(0);
    const dataset = path.join(tmp, 'term.sqlite');
    const w = startWorker(url, dataset);
    const conn = await connect(url);
    const q = fileQueue(conn);
    await until(async () => (await q.getJobCounts('active')).active === 1, 60_000, 'the worker to take the file');
    expect(runCli('queue', 'add', path.join(dir, 'next.pdf'), '--redis', url).status).toBe(0);
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(143);
    expect(w.out.some((l) => /^ok {3}.*big\.pdf: /.test(l))).toBe(true);
    expect(w.out.some((l) => /^queue work: 1 read, 0 copies, 0 failed, 0 to retry \(stopped\)$/.test(l))).toBe(true);
    expect(await q.getJobCounts('completed', 'waiting', 'active')).toEqual({ completed: 1, waiting: 1, active: 0 });
    expect(query<{ file: string }>(dataset, 'SELECT file FROM documents')).toEqual([{ file: 'big.pdf' }]);
    await q.close();
    conn.disconnect();
  }, 300_000);
});

describe.skipIf(!HAS_REDIS)('three workers, one killed with SIGKILL mid-file', () => {
  it('drain the queue into a SQLite dataset holding each distinct document exactly once', async () => {
    await threeWorkers(fresh(), path.join(tmp, 'three.sqlite'), async (sql) => query(path.join(tmp, 'three.sqlite'), sql));
  }, 300_000);
});

