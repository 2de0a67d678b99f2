/**
 * `yjsgk queue work`: takes ready jobs from the queue and reads them with the batch runner (same workers,
 * outputs, dataset and manifest), marking each done, or failed with a retry after a back-off, or dead after its
 * last attempt. Without --poll it stops when no job is ready (for cron); with --poll it waits for more.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runBatch, type BatchOptions } from '../batch/run.js';
import { Queue, type QueueCounts } from './queue.js';

export interface WorkOptions extends Omit<BatchOptions, 'onRecord' | 'force'> {
  /** seconds to wait for new jobs when none is ready; 0 (default): stop */
  pollSeconds?: number;
  /** first retry delay; doubles with each attempt (default 60 s) */
  backoffMs?: number;
  /** a running job whose worker has been silent this long is taken again (default 1 h) */
  leaseMs?: number;
  /** jobs taken at a time (default 4 per worker) */
  chunk?: number;
}

export interface WorkSummary {
  done: number;
  retried: number;
  dead: number;
  counts: QueueCounts;
}

export async function workQueue(opts: WorkOptions): Promise<WorkSummary> {
  const out = path.resolve(opts.out);
  const dataset = path.resolve(opts.dataset ?? path.join(out, 'dataset.sqlite'));
  const queue = new Queue(dataset);
  const me = `${hostname()}:${process.pid}`;
  const log = opts.log ?? console.log;
  const s: WorkSummary = { done: 0, retried: 0, dead: 0, counts: queue.counts() };
  const chunk = opts.chunk ?? Math.max(1, (opts.jobs ?? 2) * 4);
  try {
    for (;;) {
      if (opts.signal?.aborted) break;
      const jobs = queue.claim(chunk, me, { leaseMs: opts.leaseMs });
      if (!jobs.length) {
        if (!opts.pollSeconds) break;
        try {
          await sleep(opts.pollSeconds * 1000, undefined, { signal: opts.signal });
        } catch {
          break;
        }
        continue;
      }
      const byPath = new Map(jobs.map((j) => [j.path, j]));
      const settled = new Set<number>();
      await runBatch(
        jobs.map((j) => ({ path: j.path, stem: j.stem })),
        {
          ...opts,
          out,
          dataset,
          onRecord: (rec) => {
            const job = byPath.get(rec.path);
            if (!job) return;
            settled.add(job.id);
            if (rec.status === 'ok') {
              queue.complete(job.id);
              s.done++;
            } else {
              const st = queue.fail(job.id, rec.error ?? 'failed', { backoffMs: opts.backoffMs });
              if (st === 'dead') {
                s.dead++;
                log(`dead ${job.path}: ${rec.error} (after ${job.attempts + 1} attempts)`);
              } else s.retried++;
            }
          },
        },
      );
      // files the batch skipped (read before from the same bytes by the same version) are done too;
      // files cut short by a stop go back to the queue as they were
      const rest = jobs.filter((j) => !settled.has(j.id));
      if (opts.signal?.aborted) queue.release(rest.map((j) => j.id));
      else
        for (const j of rest) {
          queue.complete(j.id);
          s.done++;
        }
    }
  } finally {
    s.counts = queue.counts();
    queue.close();
  }
  return s;
}
