/**
 * The queue for scheduled jobs: a scraper adds files every day, a worker reads them with retries; a file that
 * keeps failing is given up as dead with its reason; two workers never take the same file.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Queue, queueStem } from '../src/queue/queue.js';
import { workQueue } from '../src/queue/work.js';
import { sample } from './helpers/shared.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'yjsgk-queue-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the queue table', () => {
  it('hands each job to one worker, backs off after a failure and gives up after the last attempt', () => {
    const q = new Queue(path.join(tmp, 'unit.sqlite'));
    const t = 1_000_000;
    expect(q.add(['/data/a.pdf', '/data/b.pdf', '/data/c.xlsx'], { now: t, maxAttempts: 2 })).toEqual({ added: 3, requeued: 0, waiting: 0 });
    expect(q.add(['/data/a.pdf'], { now: t })).toEqual({ added: 0, requeued: 0, waiting: 1 });

    const w1 = q.claim(2, 'w1', { now: t });
    const w2 = q.claim(2, 'w2', { now: t });
    expect(w1.map((j) => j.path)).toEqual(['/data/a.pdf', '/data/b.pdf']);
    expect(w2.map((j) => j.path)).toEqual(['/data/c.xlsx']);
    expect(q.claim(5, 'w3', { now: t })).toEqual([]);

    q.complete(w1[0].id, { now: t });
    expect(q.fail(w1[1].id, 'truncated PDF', { now: t, backoffMs: 1000 })).toBe('pending');
    // not again before its back-off is over
    expect(q.claim(5, 'w1', { now: t + 999 })).toEqual([]);
    const again = q.claim(5, 'w1', { now: t + 1000 });
    expect(again.map((j) => [j.path, j.attempts])).toEqual([['/data/b.pdf', 1]]);
    expect(q.fail(again[0].id, 'truncated PDF', { now: t + 1000, backoffMs: 1000 })).toBe('dead');
    expect(q.jobs('dead').map((j) => [j.path, j.error, j.attempts])).toEqual([['/data/b.pdf', 'truncated PDF', 2]]);

    // w2 died holding c.xlsx: after its lease the job is taken again
    expect(q.claim(5, 'w4', { now: t + 10_000, leaseMs: 60_000 })).toEqual([]);
    expect(q.claim(5, 'w4', { now: t + 61_000, leaseMs: 60_000 }).map((j) => [j.path, j.claimed_by])).toEqual([['/data/c.xlsx', 'w4']]);

    // a done file added again (a corrected re-publication) is read again
    expect(q.add(['/data/a.pdf'], { now: t + 100_000 })).toEqual({ added: 0, requeued: 1, waiting: 0 });
    expect(q.counts()).toEqual({ pending: 1, running: 1, done: 0, dead: 1 });
    q.close();
  });

  it('names outputs by the path below the working directory', () => {
    expect(queueStem('/srv/drop/2025-06-01/财政局.pdf', '/srv/drop')).toBe('2025-06-01__财政局');
    expect(queueStem('/elsewhere/a.xlsx', '/srv/drop')).toBe('elsewhere__a');
  });
});

describe('queue work', () => {
  it('reads the files dropped in since the last run, retries a failing one and gives it up as dead', async () => {
    const drop = path.join(tmp, 'drop');
    const out = path.join(tmp, 'out');
    const db = path.join(out, 'dataset.sqlite');
    mkdirSync(path.join(drop, 'day1'), { recursive: true });
    mkdirSync(path.join(drop, 'day2'), { recursive: true });
    copyFileSync(sample('fenyang-2024-tables.xlsx'), path.join(drop, 'day1', 'fenyang.xlsx'));
    writeFileSync(path.join(drop, 'day1', 'bad.pdf'), '%PDF-1.4 truncated');

    const q = new Queue(db);
    q.add([path.join(drop, 'day1', 'fenyang.xlsx'), path.join(drop, 'day1', 'bad.pdf')], { maxAttempts: 2 });
    q.close();
    const logs: string[] = [];
    const opts = { out, jobs: 1, ocr: 'never' as const, progress: 'none' as const, backoffMs: 0, log: (s: string) => logs.push(s) };
    const s1 = await workQueue(opts);
    expect(s1).toMatchObject({ done: 1, retried: 1, dead: 1, counts: { pending: 0, running: 0, done: 1, dead: 1 } });
    expect(logs.some((l) => /^dead .*bad\.pdf: .+ \(after 2 attempts\)$/.test(l))).toBe(true);

    // the next day: one new file; the finished one is not read again
    copyFileSync(sample('fenyang-2024-tables.xlsx'), path.join(drop, 'day2', 'fenyang.xlsx'));
    const q2 = new Queue(db);
    q2.add([path.join(drop, 'day2', 'fenyang.xlsx')]);
    q2.close();
    const s2 = await workQueue(opts);
    expect(s2).toMatchObject({ done: 1, retried: 0, dead: 0, counts: { pending: 0, running: 0, done: 2, dead: 1 } });

    const d = new Database(db, { readonly: true });
    const docs = d.prepare('SELECT path, facts FROM documents ORDER BY path').all() as { path: string; facts: number }[];
    const manifest = d.prepare('SELECT path, status, attempts FROM manifest ORDER BY path').all();
    d.close();
    expect(docs.map((x) => [path.relative(drop, x.path), x.facts])).toEqual([['day1/fenyang.xlsx', 265], ['day2/fenyang.xlsx', 265]]);
    expect(manifest).toEqual([
      { path: path.join(drop, 'day1', 'bad.pdf'), status: 'failed', attempts: 2 },
      { path: path.join(drop, 'day1', 'fenyang.xlsx'), status: 'ok', attempts: 1 },
      { path: path.join(drop, 'day2', 'fenyang.xlsx'), status: 'ok', attempts: 1 },
    ]);
  });
});
