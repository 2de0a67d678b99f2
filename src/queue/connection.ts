/**
 * The Redis the queue lives on: `--redis URL`, else YJSGK_REDIS_URL, else redis://127.0.0.1:6379. Commands that
 * ask once (add, status, schedule) give up on an unreachable server after a few tries with a clear error; a
 * worker keeps reconnecting once it has started (BullMQ needs maxRetriesPerRequest null for its blocking reads).
 */
import { Redis } from 'ioredis';
import { redactUrl } from '../batch/log.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function redisUrl(given?: string): string {
  return given || process.env.YJSGK_REDIS_URL || DEFAULT_REDIS_URL;
}

/** Connects, or throws "cannot connect to Redis at URL: reason" within a few seconds. */
export async function connect(url: string, opts: { worker?: boolean } = {}): Promise<Redis> {
  let lastError = '';
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (n) => (n > 3 ? null : 250 * n),
  });
  probe.on('error', (e: Error) => {
    lastError = e.message;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    probe.disconnect();
    throw new Error(`cannot connect to Redis at ${redactUrl(url)}: ${lastError || (err instanceof Error ? err.message : String(err))}`);
  }
  if (!opts.worker) return probe;
  probe.disconnect();
  const conn = new Redis(url, { maxRetriesPerRequest: null });
  // reconnection is automatic; the error event only needs a listener so it is not thrown
  conn.on('error', () => undefined);
  return conn;
}
