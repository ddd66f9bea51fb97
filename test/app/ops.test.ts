import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createDb } from '../../src/db/client.js';
import { createTestApp, testConfig, type TestApp } from '../helpers/app.js';

describe('operational endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /health without touching the database', async () => {
    const res = await t.app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers and every migration is applied', async () => {
    const res = await t.app.inject('/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('is not ready while a migration is pending', async () => {
    await t.database.db.pool.query(`DELETE FROM _prisma_migrations`);
    const other = await buildApp({ config: t.config, db: t.database.db, logger: pino({ level: 'silent' }) });
    const res = await other.inject('/ready');
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.migrations).toBe('pending');
    expect(res.json().pendingMigrations.length).toBeGreaterThan(0);
    await other.close();
  });

  it('exports request counts, latency histograms and pool gauges to Prometheus', async () => {
    await t.app.inject('/health');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /castindex_http_requests_total\{method="GET",route="\/health",status="200"\} \d+/,
    );
    expect(res.body).toContain('castindex_http_request_duration_seconds_bucket');
    expect(res.body).toContain('castindex_db_pool_connections');
    expect(res.body).toContain('# TYPE castindex_ingestions_total counter');
  });

  it('gives every response a request id, keeping a well-formed one the caller sent', async () => {
    const mine = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'trace-123' } });
    expect(mine.headers['x-request-id']).toBe('trace-123');
    const bogus = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(bogus.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a 404 problem document', async () => {
    const res = await t.app.inject('/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: 'https://castindex.dev/problems/not-found',
      status: 404,
      instance: '/v1/nothing-here',
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers an invalid query with a 400 problem naming the field', async () => {
    const res = await t.app.inject('/v1/episodes?limit=1000');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.type).toBe('https://castindex.dev/problems/validation');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'query.limit' })]);
  });
});

describe('when the database is down', () => {
  it('reports not ready quickly and answers reads with a problem, not a hang or a stack trace', async () => {
    const db = createDb({
      url: 'postgresql://nobody@127.0.0.1:1/none',
      poolMax: 2,
      statementTimeoutMs: 1000,
    });
    const app = await buildApp({ config: testConfig(), db, logger: pino({ level: 'silent' }) });
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.database).toBe('unreachable');
    const read = await app.inject('/v1/episodes');
    expect(read.statusCode).toBe(503);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(read.body).not.toMatch(/ECONNREFUSED|at .*\.ts:|prisma/i);
    await app.close();
    await db.close();
  });
});
