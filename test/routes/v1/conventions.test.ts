import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { createDb } from '../../../src/db/client.js';
import { createTestApp, testConfig, type TestApp } from '../../helpers/app.js';
import { insertEpisode, type InsertedEpisode } from '../../helpers/episodes.js';
import { apiKey, bearer } from '../../helpers/keys.js';

// The conventions every read route keeps, checked route by route against one complete episode.

describe('every read route', () => {
  let t: TestApp;
  let ep: InsertedEpisode;
  let routes: { url: string; cache: 'public' | 'no-store' }[];

  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://player.example.com' });
    ep = await insertEpisode(t.database.db.prisma, {
      title: 'Conventions episode',
      people: [{ name: 'Priscilla Conventional', role: 'host' }],
      chapters: [{ title: 'Only chapter', startMs: 0, endMs: 5_000 }],
      segments: [
        { speaker: 0, text: 'Every route keeps its promises.', startMs: 0, endMs: 5_000, chapter: 0 },
      ],
      quotes: [{ speaker: 0, text: 'Every route keeps its promises.', segment: 0 }],
      topics: [{ name: 'Promises', weight: 1, segments: [{ segment: 0, weight: 1 }] }],
    });
    routes = [
      { url: '/v1/episodes', cache: 'public' },
      { url: `/v1/episodes/${ep.slug}?include=people,chapters,quotes,topics`, cache: 'public' },
      { url: `/v1/episodes/${ep.id}/segments`, cache: 'public' },
      { url: `/v1/episodes/${ep.id}/transcript?format=vtt`, cache: 'public' },
      { url: `/v1/episodes/${ep.id}/chapters`, cache: 'public' },
      { url: '/v1/people', cache: 'public' },
      { url: `/v1/people/${ep.people[0]!.slug}`, cache: 'public' },
      { url: '/v1/quotes', cache: 'public' },
      { url: `/v1/quotes/${ep.quotes[0]}`, cache: 'public' },
      { url: '/v1/quotes/random', cache: 'no-store' },
      { url: '/v1/topics', cache: 'public' },
      { url: '/v1/topics/promises', cache: 'public' },
      { url: '/v1/changes', cache: 'public' },
      { url: '/v1/export/quotes.ndjson', cache: 'public' },
      { url: '/v1/export/segments.ndjson', cache: 'public' },
    ];
  });
  afterAll(() => t.close());

  const withParam = (url: string, param: string) => `${url}${url.includes('?') ? '&' : '?'}${param}`;

  it('checks every documented read of episodes, people, quotes, topics and sync', async () => {
    const document = (await t.app.inject('/openapi.json')).json();
    const READ_TAGS = ['episodes', 'people', 'quotes', 'topics', 'sync'];
    const templates = Object.keys(document.paths).filter((p) =>
      document.paths[p].get?.tags.some((tag: string) => READ_TAGS.includes(tag)),
    );
    expect(templates.length).toBeGreaterThanOrEqual(routes.length);
    const matches = (template: string, url: string) =>
      new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?|$)`).test(url);
    for (const template of templates) {
      expect(
        routes.some((r) => matches(template, r.url)),
        template,
      ).toBe(true);
    }
  });

  it('answers 200 with an ETag and the right Cache-Control, and 304 to If-None-Match', async () => {
    for (const { url, cache } of routes) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers.etag, url).toBeTruthy();
      expect(res.headers['cache-control'], url).toBe(
        cache === 'public' ? 'public, max-age=60, stale-while-revalidate=60' : 'no-store',
      );
      if (cache === 'no-store') continue;
      const again = await t.app.inject({ url, headers: { 'if-none-match': res.headers.etag! } });
      expect(again.statusCode, url).toBe(304);
    }
  });

  it('answers If-None-Match as RFC 9110 reads it: a list of tags, weakly compared, or *', async () => {
    const { url } = routes.find((r) => r.cache === 'public')!;
    const tag = (await t.app.inject({ url })).headers.etag as string;
    const strong = tag.replace(/^W\//, '');
    const status = async (condition: string, method: 'GET' | 'HEAD' = 'GET', at = url) =>
      (await t.app.inject({ method, url: at, headers: { 'if-none-match': condition } })).statusCode;
    expect(await status(`W/"an-old-one", ${tag}`)).toBe(304);
    // A 304 says nothing of a body's length (RFC 9110 §8.6): none is sent.
    const notModified = await t.app.inject({ url, headers: { 'if-none-match': tag } });
    expect(notModified.headers['content-length']).toBeUndefined();
    expect(notModified.body).toBe('');
    expect(await status(`"an-old-one",${strong}`)).toBe(304);
    expect(await status('*')).toBe(304);
    expect(await status(tag, 'HEAD')).toBe(304);
    expect(await status('W/"an-old-one", "another"')).toBe(200);
    expect(await status(strong.replace(/"$/, 'x"'))).toBe(200);
    // Nothing is there to match: the 404 stands.
    expect(await status('*', 'GET', '/v1/episodes/no-such-episode')).toBe(404);
  });

  it('allows the configured browser origin and exposes the ETag to it', async () => {
    for (const { url } of routes) {
      const res = await t.app.inject({ url, headers: { origin: 'https://player.example.com' } });
      expect(res.headers['access-control-allow-origin'], url).toBe('https://player.example.com');
      expect(res.headers['access-control-expose-headers'], url).toMatch(/etag/);
      const stranger = await t.app.inject({ url, headers: { origin: 'https://elsewhere.example' } });
      expect(stranger.headers['access-control-allow-origin'], url).toBeUndefined();
    }
  });

  it('answers an unknown query parameter with a 400 problem naming it, never a 200', async () => {
    for (const { url } of routes) {
      const res = await t.app.inject(withParam(url, 'surprise=1'));
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.json().detail, url).toMatch(/surprise/);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});

describe('every read route, when the database is down', () => {
  it('answers 503 with Retry-After, whether the query is Prisma’s, raw SQL or a transaction', async () => {
    const db = createDb({
      url: 'postgresql://nobody@127.0.0.1:1/none',
      poolMax: 2,
      statementTimeoutMs: 1000,
    });
    const app = await buildApp({ config: testConfig(), db, logger: pino({ level: 'silent' }) });
    try {
      for (const url of [
        '/v1/episodes',
        '/v1/quotes?q=tides',
        '/v1/quotes/random',
        '/v1/changes',
        '/v1/people/someone',
        '/v1/export/quotes.ndjson',
      ]) {
        const res = await app.inject(url);
        expect(res.statusCode, url).toBe(503);
        expect(res.headers['retry-after'], url).toBe('5');
      }
    } finally {
      await app.close();
      await db.close();
    }
  });
});

describe('every read route, when reads need a key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ANONYMOUS_READS: 'false' });
  });
  afterAll(() => t.close());

  it('lets only the client cache what it read with its key, never a shared cache', async () => {
    const key = await apiKey(t.app, ['read']);
    expect((await t.app.inject('/v1/quotes')).statusCode).toBe(401);
    const res = await t.app.inject({ url: '/v1/quotes', headers: bearer(key) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, max-age=60, stale-while-revalidate=60');
  });
});
