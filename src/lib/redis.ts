import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * A Redis client that fails fast instead of queueing: while Redis is unreachable a command
 * errors at once (no offline queue, no retries, a short timeout), so a caller can fall back
 * rather than hold a request. It keeps reconnecting in the background and logs each outage
 * once, not once per retry.
 */
export function createRedis(url: string, log: Pick<Logger, 'warn' | 'info'>): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: { message: err.message } }, 'Redis is unreachable; retrying in the background');
  });
  redis.on('ready', () => {
    if (down) log.info('Redis is reachable again');
    down = false;
  });
  return redis;
}

/** Connects, tolerating an unreachable Redis: the client keeps trying in the background. */
export async function connectRedis(redis: Redis): Promise<void> {
  await redis.connect().catch(() => undefined);
}

export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
