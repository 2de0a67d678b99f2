/**
 * The multi-worker scenario the queue must survive, shared by the SQLite and PostgreSQL dataset tests: 16 files
 * (14 distinct contents, two of them also copied under a second name) queued on a real Redis, three `yjsgk queue
 * work` processes, one killed with SIGKILL while it reads a file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { distinctCopy } from './copies.js';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expect } from 'vitest';
import { connect } from '../../src/queue/connection.js';
import { fileQueue, queueStatus, scanQueue } from '../../src/queue/queue.js';
import { ROOT, sample } from './shared.js';

/** 16 files, 14 distinct contents; returns the copies as [copy, original]. */
export function makeDropFolder(dir: string): { files: string[]; copies: [string, string][] } {
  const files: string[] = [];
  const put = (src: string, rel: string, extra?: string) => {
    const dest = path.join(dir, rel);
    mkdirSync(path.dirname(dest), { recursive: true });
    if (extra) distinctCopy(src, dest, extra);
    else copyFileSync(src, dest);
    files.push(dest);
    return dest;
  };
  const variants = readdirSync(sample('variants')).filter((f) => f.endsWith('.pdf')).sort();
  variants.forEach((f, i) => put(sample('variants', f), `county-${i % 3}/${f}`));
  put(sample('fenyang-2024-final.pdf'), 'county-3/fenyang.pdf');
  put(sample('fenyang-2024-final-borderless.pdf'), 'county-3/fenyang-borderless.pdf');
  put(sample('fenyang-2024-tables.xlsx'), 'county-3/fenyang-tables.xlsx');
  put(sample('variants', variants[0]), 'county-4/reissued-a.pdf', 'reissued a');
  put(sample('variants', variants[1]), 'county-4/reissued-b.pdf', 'reissued b');
  const c1 = put(sample('variants', variants[2]), 'mirror/copy-1.pdf');
  const c2 = put(sample('variants', variants[3]), 'mirror/copy-2.pdf');
  return {
    files,
    copies: [
      [c1, path.join(dir, `county-2/${variants[2]}`)],
      [c2, path.join(dir, `county-0/${variants[3]}`)],
    ],
  };
}

export const cliArgs = (...args: string[]) => ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args];

export function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, cliArgs(...args), { encoding: 'utf8', cwd: ROOT, env: { ...process.env, YJSGK_REDIS_URL: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Worker {
  child: ChildProcess;
  out: string[];
  exit: Promise<number | null>;
}

export function startWorker(redis: string, dataset: string, extra: string[] = []): Worker {
  const child = spawn(
    process.execPath,
    cliArgs('queue', 'work', '--redis', redis, '--dataset', dataset, '--concurrency', '1', '--ocr', 'never', '--lock', '3', ...extra),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (s: string) => out.push(...s.split('\n').filter(Boolean)));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => out.push(...s.split('\n').filter(Boolean)));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? (sig ? -1 : null))));
  return { child, out, exit };
}

export async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The scenario, for any dataset: `sql` reads it. */
export async function threeWorkers(url: string, dataset: string, sql: <T>(q: string) => Promise<T[]>): Promise<void> {
  const drop = mkdtempSync(path.join(tmpdir(), 'yjsgk-drop-'));
  try {
    const { files, copies } = makeDropFolder(drop);
    expect(files).toHaveLength(16);
    const add = runCli('queue', 'add', drop, '--redis', url);
    expect(add.status).toBe(0);
    expect(add.stdout).toMatch(/^queued 14 new jobs \(2 copies of queued files/m);

    const workers = [0, 1, 2].map(() => startWorker(url, dataset, ['--until-idle']));
    const conn = await connect(url);
    const q = fileQueue(conn);
    // the victim is killed while it holds a job (its name is on the active job), after others were read
    const victim = workers[0];
    await until(
      async () => {
        const done = (await q.getJobCounts('completed')).completed;
        const active = await q.getActive();
        return done >= 2 && active.some((j) => j.processedBy?.endsWith(`:${victim.child.pid}`));
      },
      180_000,
      'the first worker to hold a job after two were read',
    );
    const held = (await q.getActive()).find((j) => j.processedBy?.endsWith(`:${victim.child.pid}`))!;
    victim.child.kill('SIGKILL');
    expect(await victim.exit).toBe(-1);
    const codes = await Promise.all(workers.slice(1).map((w) => w.exit));
    expect(codes, workers.map((w) => w.out.join('\n')).join('\n---\n')).toEqual([0, 0]);

    const st = await queueStatus(q, scanQueue(conn));
    expect(st).toMatchObject({ waiting: 0, active: 0, delayed: 0, completed: 14, failed: 0 });
    // the killed worker's job was taken again by another worker
    const again = await q.getJob(held.id!);
    expect(await again!.getState()).toBe('completed');
    expect(again!.processedBy).not.toMatch(new RegExp(`:${victim.child.pid}$`));

    const docs = await sql<{ path: string; sha256: string }>('SELECT path, sha256 FROM documents');
    expect(docs).toHaveLength(14);
    expect(new Set(docs.map((d) => d.sha256)).size).toBe(14);
    const manifest = await sql<{ path: string; status: string; alias_of: string | null }>('SELECT path, status, alias_of FROM manifest ORDER BY path');
    expect(manifest).toHaveLength(16);
    expect(manifest.filter((m) => m.status === 'ok')).toHaveLength(14);
    // each copy is recorded as an alias of the path that holds its document
    const aliases = manifest.filter((m) => m.status === 'alias');
    expect(aliases).toHaveLength(2);
    const holder = new Map(docs.map((d) => [d.sha256, d.path]));
    for (const [copy, original] of copies) {
      const m = manifest.find((x) => x.path === copy) ?? manifest.find((x) => x.path === original)!;
      const other = m.path === copy ? original : copy;
      expect(m.status).toBe('alias');
      expect(m.alias_of).toBe(other);
      expect([...holder.values()]).toContain(other);
    }
    const facts = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM facts');
    expect(Number(facts[0].n)).toBeGreaterThan(14 * 150);
    await q.close();
    conn.disconnect();
  } finally {
    rmSync(drop, { recursive: true, force: true });
  }
}
