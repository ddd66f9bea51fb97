import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { TooManyRequestsError } from '../../lib/errors.js';
import { closeRedis, connectRedis, createRedis } from '../../lib/redis.js';

/** One budget per API key; requests without a (valid) key share their IP's smaller one. */
function bucket(req: FastifyRequest): string {
  const p = req.principal;
  return p.kind === 'key' ? `key:${p.key.id}` : `ip:${normalizeIP(req.ip)}`;
}

/**
 * Rate limits from @fastify/rate-limit for every route registered after it (the auth
 * plugin must run first: the budget depends on the key). Counters live in Redis when
 * REDIS_URL is set, so every instance draws on the same budget, and in memory otherwise.
 * Responses carry the IETF draft RateLimit-Limit/-Remaining/-Reset headers; a request over
 * the limit gets a 429 problem with Retry-After. When Redis is unreachable requests are let
 * through uncounted: an outage of the limiter must not become an outage of the API.
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const redis = config.redisUrl
      ? createRedis(config.redisUrl, app.log.child({ component: 'redis' }))
      : undefined;
    if (redis) {
      await connectRedis(redis);
      app.addHook('onClose', () => closeRedis(redis));
    }
    const { anonymous, key, windowMs } = config.rateLimit;
    await app.register(rateLimit, {
      global: true,
      enableDraftSpec: true,
      timeWindow: windowMs,
      max: (req) => (req.principal.kind === 'key' ? key : anonymous),
      keyGenerator: bucket,
      skipOnError: true,
      ...(redis ? { redis, nameSpace: `${config.redisKeyPrefix}ratelimit:` } : {}),
      errorResponseBuilder: (_req, ctx) =>
        new TooManyRequestsError(
          `Rate limit of ${ctx.max} requests per ${Math.round(windowMs / 1000)} s exceeded; retry in ${ctx.after}`,
        ),
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
