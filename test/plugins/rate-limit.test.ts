import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { createTestApp, testConfig, type TestApp } from '../helpers/app.js';
import { apiKey, bearer } from '../helpers/keys.js';
import { freePort } from '../helpers/process.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

// CI runs with Redis; elsewhere the shared-limit tests need one and say so when skipped.
const withRedis = (await redisReachable()) || Boolean(process.env.CI);

describe('rate limits in memory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_ANONYMOUS: '3',
      RATE_LIMIT_KEY: '5',
      RATE_LIMIT_WINDOW_MS: '60000',
    });
  });
  afterAll(() => t.close());

  it('counts anonymous requests per address with RateLimit headers, then answers 429 with Retry-After', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ url: '/v1/episodes', remoteAddress: '203.0.113.7' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(res.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
      remaining.push(String(res.headers['ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const over = await t.app.inject({ url: '/v1/episodes', remoteAddress: '203.0.113.7' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(over.json()).toMatchObject({
      type: 'https://castindex.dev/problems/rate-limited',
      status: 429,
      detail: expect.stringMatching(/^Rate limit of 3 requests per 60 s exceeded; retry in /),
    });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.headers['ratelimit-remaining']).toBe('0');
    const otherAddress = await t.app.inject({ url: '/v1/episodes', remoteAddress: '198.51.100.2' });
    expect(otherAddress.statusCode).toBe(200);
  });

  it('gives each key its own, larger budget, whatever address it comes from', async () => {
    const key = await apiKey(t.app, ['read']);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.app.inject({
        url: '/v1/episodes',
        headers: bearer(key),
        remoteAddress: `192.0.2.${i + 1}`,
      });
      statuses.push(res.statusCode);
      if (i === 0) expect(res.headers['ratelimit-limit']).toBe('5');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('counts refused requests too, so guessing keys is limited like anything else', async () => {
    const headers = { 'x-api-key': 'ck_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({ url: '/v1/episodes', headers, remoteAddress: '203.0.113.99' });
      statuses.push(res.statusCode);
      expect(res.headers['ratelimit-limit']).toBe('3');
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('leaves health checks and metrics unlimited', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await t.app.inject({ url: '/health', remoteAddress: '203.0.113.50' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
  });

  it('keeps each instance its own count without Redis', async () => {
    const other = await buildApp({ config: t.config, db: t.database.db, logger: pino({ level: 'silent' }) });
    const res = await other.inject({ url: '/v1/episodes', remoteAddress: '203.0.113.7' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['ratelimit-remaining']).toBe('2');
    await other.close();
  });
});

describe.skipIf(!withRedis)('rate limits in Redis', () => {
  let t: TestApp;
  let apps: App[];
  const prefix = `castindex-test-${randomBytes(4).toString('hex')}:`;
  const redis = new Redis(REDIS_URL, { lazyConnect: true });

  beforeAll(async () => {
    await redis.connect();
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_ANONYMOUS: '4',
      RATE_LIMIT_KEY: '4',
      RATE_LIMIT_WINDOW_MS: '60000',
    };
    t = await createTestApp(env);
    const config = testConfig({ DATABASE_URL: t.config.database.url!, ...env });
    const second = await buildApp({ config, db: t.database.db, logger: pino({ level: 'silent' }) });
    apps = [t.app, second];
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await apps[1]?.close();
    await t.close();
  });

  it('shares one budget between two instances', async () => {
    const seen: { instance: number; status: number; remaining: unknown }[] = [];
    for (let i = 0; i < 6; i++) {
      const instance = i % 2;
      const res = await apps[instance]!.inject({ url: '/v1/episodes', remoteAddress: '203.0.113.8' });
      seen.push({ instance, status: res.statusCode, remaining: res.headers['ratelimit-remaining'] });
    }
    expect(seen).toEqual([
      { instance: 0, status: 200, remaining: '3' },
      { instance: 1, status: 200, remaining: '2' },
      { instance: 0, status: 200, remaining: '1' },
      { instance: 1, status: 200, remaining: '0' },
      { instance: 0, status: 429, remaining: '0' },
      { instance: 1, status: 429, remaining: '0' },
    ]);
    expect(await redis.keys(`${prefix}ratelimit:*`)).not.toHaveLength(0);
  });

  it("shares a key's budget between instances too", async () => {
    const key = await apiKey(t.app, ['read']);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await apps[i % 2]!.inject({ url: '/v1/episodes', headers: bearer(key) })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});

describe('when Redis is unreachable', () => {
  it('keeps answering, uncounted, rather than failing requests', async () => {
    const t = await createTestApp({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      RATE_LIMIT_ANONYMOUS: '1',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.app.inject('/v1/episodes')).statusCode);
    expect(statuses).toEqual([200, 200, 200]);
    await t.close();
  });
});
