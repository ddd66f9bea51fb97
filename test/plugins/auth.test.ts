import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import auth from '../../src/plugins/app/auth.js';
import { createTestApp, testConfig, type TestApp } from '../helpers/app.js';
import { apiKey, bearer, revokedKey } from '../helpers/keys.js';
import { concretePath, registeredRoutes } from '../helpers/routes.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

describe('API keys and scopes', () => {
  let t: TestApp;
  let keys: { read: string; ingest: string; admin: string; revoked: string };
  beforeAll(async () => {
    t = await createTestApp();
    keys = {
      read: await apiKey(t.app, ['read']),
      ingest: await apiKey(t.app, ['ingest']),
      admin: await apiKey(t.app, ['admin']),
      revoked: await revokedKey(t.app),
    };
  });
  afterAll(() => t.close());

  const writeRoutes = () => registeredRoutes(t.app).filter((r) => !SAFE.has(r.method));

  it('finds the write routes in the route table (the checks below are not vacuous)', () => {
    expect(writeRoutes()).toEqual(
      expect.arrayContaining([
        { method: 'POST', url: '/v1/episodes' },
        { method: 'DELETE', url: '/v1/episodes/:idOrSlug' },
        { method: 'POST', url: '/v1/keys' },
        { method: 'DELETE', url: '/v1/keys/:idOrPrefix' },
      ]),
    );
  });

  it('refuses every route that changes data without a key: 401 problem with a Bearer challenge', async () => {
    for (const route of writeRoutes()) {
      const res = await t.app.inject({ method: route.method as 'POST', url: concretePath(route.url) });
      const where = `${route.method} ${route.url}`;
      expect(res.statusCode, where).toBe(401);
      expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate'], where).toBe('Bearer realm="castindex"');
      expect(res.json().type, where).toBe('https://castindex.dev/problems/unauthorized');
    }
  });

  it('refuses every route that changes data with a read-only key: 403 problem naming the scope', async () => {
    for (const route of writeRoutes()) {
      const res = await t.app.inject({
        method: route.method as 'POST',
        url: concretePath(route.url),
        headers: bearer(keys.read),
      });
      const where = `${route.method} ${route.url}`;
      expect(res.statusCode, where).toBe(403);
      expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
      expect(res.json().detail, where).toMatch(/needs "(ingest|admin)"/);
    }
  });

  it('refuses every route that changes data with a revoked key: 401 "invalid_token"', async () => {
    for (const route of writeRoutes()) {
      const res = await t.app.inject({
        method: route.method as 'POST',
        url: concretePath(route.url),
        headers: { 'x-api-key': keys.revoked },
      });
      const where = `${route.method} ${route.url}`;
      expect(res.statusCode, where).toBe(401);
      expect(res.headers['www-authenticate'], where).toBe('Bearer realm="castindex", error="invalid_token"');
      expect(res.json().detail, where).toBe('The API key has been revoked');
    }
  });

  it('lets an ingest key upload but not administer, and an admin key do both', async () => {
    const upload = { method: 'POST' as const, url: '/v1/episodes?name=a.txt' };
    const asIngest = await t.app.inject({
      ...upload,
      headers: { ...bearer(keys.ingest), 'content-type': 'text/plain' },
      payload: '',
    });
    expect(asIngest.statusCode).toBe(422); // past authorization: the empty body is judged by ingestion
    const deleteAsIngest = await t.app.inject({
      method: 'DELETE',
      url: '/v1/episodes/x',
      headers: bearer(keys.ingest),
    });
    expect(deleteAsIngest.statusCode).toBe(403);
    const deleteAsAdmin = await t.app.inject({
      method: 'DELETE',
      url: '/v1/episodes/x',
      headers: bearer(keys.admin),
    });
    expect(deleteAsAdmin.statusCode).toBe(404);
  });

  it('reads anonymously by default, and with any valid key', async () => {
    expect((await t.app.inject('/v1/episodes')).statusCode).toBe(200);
    for (const key of [keys.read, keys.ingest, keys.admin]) {
      expect((await t.app.inject({ url: '/v1/episodes', headers: { 'x-api-key': key } })).statusCode).toBe(
        200,
      );
    }
  });

  it.each([
    ['an unknown key', { authorization: 'Bearer ck_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
    ['a malformed key', { 'x-api-key': 'not-a-key' }],
    ['another auth scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers %s with 401 even where anonymous reads are allowed', async (_what, headers) => {
    const res = await t.app.inject({ url: '/v1/episodes', headers });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="castindex", error="invalid_token"/);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses a key whose secret is wrong even though its prefix exists', async () => {
    const forged = `${keys.admin.slice(0, 16)}${'A'.repeat(32)}`;
    expect(forged).not.toBe(keys.admin);
    const res = await t.app.inject({ method: 'DELETE', url: '/v1/episodes/x', headers: bearer(forged) });
    expect(res.statusCode).toBe(401);
  });

  it('keeps health checks, metrics and the docs open without a key', async () => {
    for (const url of ['/health', '/metrics', '/openapi.json']) {
      expect((await t.app.inject(url)).statusCode, url).toBe(200);
    }
  });

  it('documents the policy it enforces: writes need a key, reads take one optionally', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const keyOnly = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(doc.paths['/v1/episodes'].post.security).toEqual(keyOnly);
    expect(doc.paths['/v1/episodes/{idOrSlug}'].delete.security).toEqual(keyOnly);
    expect(doc.paths['/v1/keys'].get.security).toEqual(keyOnly);
    expect(doc.paths['/v1/episodes'].get.security).toEqual([{}, ...keyOnly]);
    expect(doc.paths['/health'].get.security).toBeUndefined();
    expect(Object.keys(doc.paths['/v1/episodes'].post.responses)).toEqual(
      expect.arrayContaining(['401', '403', '429']),
    );
  });
});

describe('without anonymous reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ANONYMOUS_READS: 'false' });
  });
  afterAll(() => t.close());

  it('asks for a key on reads, accepts a read key, and keeps responses out of shared caches', async () => {
    const anonymous = await t.app.inject('/v1/episodes');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="castindex"');
    const withKey = await t.app.inject({
      url: '/v1/episodes',
      headers: bearer(await apiKey(t.app, ['read'])),
    });
    expect(withKey.statusCode).toBe(200);
    expect(withKey.headers['cache-control']).toMatch(/^private/);
  });

  it('documents reads as needing a key', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    expect(doc.paths['/v1/episodes'].get.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
  });
});

describe('the route check', () => {
  const unusedKeys = {
    authenticate: () => Promise.reject(new Error('no request is made')),
    settle: async () => undefined,
  };

  it('stops the application when a route changes data without declaring a write scope', async () => {
    const app = Fastify();
    await app.register(auth, { anonymousReads: true, apiKeys: unusedKeys });
    const register = () => app.post('/v1/forgotten', async () => 'ok');
    expect(register).toThrow(/POST \/v1\/forgotten changes data but declares no write scope/);
    await app.close();
  });

  it('accepts a write route that declares one', async () => {
    const app = Fastify();
    await app.register(auth, { anonymousReads: true, apiKeys: unusedKeys });
    expect(() => app.put('/v1/things/:id', { config: { scope: 'ingest' } }, async () => 'ok')).not.toThrow();
    await app.close();
  });
});

describe('logs', () => {
  it('never contain a key, whichever header carries it and whatever becomes of it', async () => {
    const t = await createTestApp();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = testConfig({ DATABASE_URL: t.config.database.url!, LOG_LEVEL: 'trace' });
    const logger = createLogger(config, sink);
    const app = await buildApp({ config, db: t.database.db, logger });
    const good = await apiKey(app, ['read']);
    const revoked = await revokedKey(app);
    const secrets = [good, revoked].map((k) => k.slice(16));
    for (const key of [good, revoked, `${good.slice(0, 16)}${'B'.repeat(32)}`]) {
      await app.inject({ url: '/v1/episodes', headers: bearer(key) });
      await app.inject({ url: '/v1/episodes', headers: { 'x-api-key': key } });
      await app.inject({ method: 'POST', url: '/v1/episodes', headers: bearer(key) });
    }
    // Whatever logs a request's headers gets them redacted.
    logger.info({ req: { headers: { authorization: `Bearer ${good}`, 'x-api-key': good } } }, 'headers');
    await app.close();
    const output = lines.join('');
    expect(output).toContain('API key refused'); // the refusals were logged…
    expect(output).toContain('[redacted]');
    for (const secret of secrets) expect(output).not.toContain(secret); // …without the secrets
    expect(output).not.toContain(good);
    await t.close();
  });
});
