/**
 * Real servers for the queue and dataset tests: a redis-server and a PostgreSQL cluster started in a temporary
 * folder on a free loopback port, stopped after the tests. The tests skip only where the binaries are absent; in
 * CI (CI=true) they never skip: .ci/run installs redis-server and postgresql.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function which(bin: string, extra: string[] = []): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...extra]) {
    const p = path.join(dir, bin);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

function pgBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().reverse().map((v) => path.join(root, v, 'bin'));
}

export const REDIS_SERVER = which('redis-server');
export const PG_BIN = (() => {
  const initdb = which('initdb', pgBinDirs());
  return initdb ? path.dirname(initdb) : null;
})();
/** In CI a missing server is a failure, not a skip. */
export const HAS_REDIS = REDIS_SERVER !== null || process.env.CI === 'true';
export const HAS_POSTGRES = PG_BIN !== null || process.env.CI === 'true';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = tcpConnect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - t0 > ms) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await sleep(100);
  }
}

export interface Service {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<Service> {
  if (!REDIS_SERVER) throw new Error('redis-server is not installed (.ci/run installs it)');
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  await waitForPort(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A throwaway PostgreSQL cluster (trust auth, user yjsgk). As root, it runs as the postgres user. */
export async function startPostgres(): Promise<Service> {
  if (!PG_BIN) throw new Error('PostgreSQL (initdb, pg_ctl) is not installed (.ci/run installs it)');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'yjsgk-pg-'));
  chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  mkdirSync(sock);
  if (root) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const as = (bin: string, args: string[]) => (root ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN!, bin), ...args]] : [path.join(PG_BIN!, bin), args]) as [string, string[]];
  const run = (bin: string, args: string[]) => {
    const [cmd, a] = as(bin, args);
    const r = spawnSync(cmd, a, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'yjsgk', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`, 'start']);
  return {
    url: `postgres://yjsgk@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
