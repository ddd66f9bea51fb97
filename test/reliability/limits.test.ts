import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

describe('request limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ MAX_URL_LENGTH: '512' });
  });
  afterAll(() => t.close());

  it('refuses an over-long URL with a problem naming the limit', async () => {
    const res = await t.app.inject(`/v1/episodes?cursor=${'x'.repeat(600)}`);
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toMatch(/the limit is 512/);
  });

  it('sets security headers on every response, errors included', async () => {
    for (const url of ['/health', '/v1/episodes/no-such-episode']) {
      const res = await t.app.inject(url);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });
});

describe('load shedding', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A heap limit every process exceeds: the API is "under pressure" from the first sample.
    t = await createTestApp({ PRESSURE_MAX_HEAP_USED_BYTES: '1' });
  });
  afterAll(() => t.close());

  it('answers API requests with 503 and Retry-After under pressure, while /health still answers', async () => {
    let res = await t.app.inject('/v1/episodes');
    for (let i = 0; i < 40 && res.statusCode !== 503; i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await t.app.inject('/v1/episodes');
    }
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.json()).toMatchObject({ type: 'https://castindex.dev/problems/overloaded', status: 503 });
    expect((await t.app.inject('/health')).statusCode).toBe(200);
  });
});
