import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { countQueries, insertEpisode, type InsertedEpisode } from '../../helpers/episodes.js';

interface QuoteJson {
  id: string;
  text: string;
  episodeId: string;
  ordinal: number;
}

describe('GET /v1/quotes, /v1/quotes/{id} and /v1/quotes/random', () => {
  let t: TestApp;
  let older: InsertedEpisode;
  let newer: InsertedEpisode;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const texts = async (query: string) => {
    const res = await get(`/v1/quotes?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().data.map((q: QuoteJson) => q.text);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const prisma = t.database.db.prisma;
    older = await insertEpisode(prisma, {
      title: 'Rivers that changed course',
      publishedAt: new Date('2022-09-01T00:00:00Z'),
      people: [
        { name: 'Anouk Verhaegen', role: 'host' },
        { name: 'Rafael Okonkwo-Lind', role: 'guest', title: 'Hydrologist' },
      ],
      chapters: [{ title: 'Meanders', startMs: 0, endMs: 60_000 }],
      segments: [
        { speaker: 0, text: 'Rivers wander more than we admit.', startMs: 0, endMs: 20_000, chapter: 0 },
        {
          speaker: 1,
          text: 'A river is a slow argument between water and stone.',
          startMs: 20_000,
          endMs: 45_500,
          chapter: 0,
        },
      ],
      quotes: [
        {
          speaker: 1,
          text: 'A river is a slow argument between water and stone.',
          segment: 1,
          statedMs: 21_000,
        },
        { speaker: 0, text: 'Rivers wander.', statedMs: 2_000, theme: 'On Wandering' },
      ],
      topics: [{ name: 'Erosion', weight: 0.7, segments: [{ segment: 1, weight: 0.9 }] }],
    });
    newer = await insertEpisode(prisma, {
      title: 'Deltas and the sea',
      publishedAt: new Date('2024-09-01T00:00:00Z'),
      people: [{ name: 'Rafael Okonkwo-Lind', role: 'guest' }],
      segments: [
        { speaker: 0, text: 'Deltas are where rivers forget their names.', startMs: 0, endMs: 10_000 },
        { speaker: 0, text: 'Silt builds land faster than you think.', startMs: 10_000, endMs: 20_000 },
      ],
      quotes: [
        { speaker: 0, text: 'Deltas are where rivers forget their names.', segment: 0 },
        { speaker: 0, text: 'Silt builds land', segment: 1 },
        { speaker: null, text: 'Unattributed wisdom about tides.' },
      ],
      topics: [{ name: 'Sediment', weight: 0.8, quotes: [{ quote: 1, weight: 1 }] }],
    });
  });
  afterAll(() => t.close());

  it('lists quotes from the newest episode first, each episode’s in the order said', async () => {
    expect(await texts('')).toEqual([
      'Deltas are where rivers forget their names.',
      'Silt builds land',
      'Unattributed wisdom about tides.',
      'A river is a slow argument between water and stone.',
      'Rivers wander.',
    ]);
  });

  it('makes every quote citable: speaker, episode, chapter, segment, times, alignment and a deep link', async () => {
    const res = await get(`/v1/quotes/${older.quotes[0]}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: older.quotes[0],
      episodeId: older.id,
      ordinal: 1,
      text: 'A river is a slow argument between water and stone.',
      theme: null,
      speaker: {
        id: older.people[1]!.id,
        slug: 'rafael-okonkwo-lind',
        name: 'Rafael Okonkwo-Lind',
        title: 'Hydrologist',
        role: 'guest',
      },
      attributedName: 'Rafael Okonkwo-Lind',
      statedMs: 21_000,
      segmentId: older.segments[1],
      chapterId: older.chapters[0],
      startMs: 20_000,
      alignment: { score: 1, charStart: 0, charEnd: 51 },
      episode: { id: older.id, slug: older.slug, title: 'Rivers that changed course' },
      chapter: { id: older.chapters[0], ordinal: 1, title: 'Meanders' },
      url: `/v1/episodes/${older.slug}#t=20`,
    });
    const unaligned = (await get(`/v1/quotes/${older.quotes[1]}`)).json();
    expect(unaligned).toMatchObject({
      segmentId: null,
      startMs: null,
      theme: 'On Wandering',
      alignment: { score: 0, charStart: null, charEnd: null },
      url: `/v1/episodes/${older.slug}#t=2`,
    });
    expect((await get(`/v1/quotes/${newer.quotes[2]}`)).json()).toMatchObject({
      speaker: null,
      url: `/v1/episodes/${newer.slug}`,
    });
  });

  it('gives absolute deep links when PUBLIC_BASE_URL is configured', async () => {
    const app = await buildApp({
      config: { ...t.config, publicBaseUrl: 'https://api.example.org/' },
      db: t.database.db,
      logger: pino({ level: 'silent' }),
    });
    const res = await app.inject(`/v1/quotes/${newer.quotes[0]}`);
    expect(res.json().url).toBe(`https://api.example.org/v1/episodes/${newer.slug}#t=0`);
    await app.close();
  });

  it('filters by person, episode, topic (tagged, or said in a tagged segment), words and length', async () => {
    expect(await texts(`person=rafael-okonkwo-lind&episode=${older.slug}`)).toEqual([
      'A river is a slow argument between water and stone.',
    ]);
    expect(await texts(`episode=${newer.id}`)).toHaveLength(3);
    expect(await texts('topic=erosion')).toEqual(['A river is a slow argument between water and stone.']);
    expect(await texts('topic=sediment')).toEqual(['Silt builds land']);
    expect(await texts('q=argument stone')).toEqual(['A river is a slow argument between water and stone.']);
    expect(await texts('q=wandering')).toEqual(['Rivers wander.']);
    expect(await texts('maxLength=16')).toEqual(['Silt builds land', 'Rivers wander.']);
    expect(await texts('minLength=40&person=rafael-okonkwo-lind')).toEqual([
      'Deltas are where rivers forget their names.',
      'A river is a slow argument between water and stone.',
    ]);
  });

  it('answers a page of quotes with their speakers, episodes and chapters in one query', async () => {
    const { result, queries } = await countQueries(t.database.db.read.pool, () =>
      get('/v1/quotes?person=rafael-okonkwo-lind'),
    );
    expect(result.json().data).toHaveLength(3);
    expect(queries).toBe(1);
  });

  it('pages without gaps or repeats while quotes are added between pages', async () => {
    const before: string[] = (await get('/v1/quotes?limit=100')).json().data.map((q: QuoteJson) => q.id);
    const seen: QuoteJson[] = [];
    let cursor: string | null = null;
    let n = 0;
    do {
      const res = await get(`/v1/quotes?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().data);
      cursor = res.json().page.nextCursor;
      n++;
      await insertEpisode(t.database.db.prisma, {
        title: `Inserted while paging quotes ${n}`,
        publishedAt: new Date(n % 2 ? '2030-01-01T00:00:00Z' : '2001-01-01T00:00:00Z'),
        quotes: [{ speaker: null, text: `Inserted quote ${n}` }],
      });
    } while (cursor);
    const ids = seen.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of before) expect(ids).toContain(id);
  });

  it('picks a random quote among those matching the filters, never cached', async () => {
    const res = await get('/v1/quotes/random?person=rafael-okonkwo-lind&maxLength=20');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({ text: 'Silt builds land', speaker: { slug: 'rafael-okonkwo-lind' } });
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      seen.add((await get(`/v1/quotes/random?episode=${older.id}`)).json().id);
    }
    expect(seen).toEqual(new Set(older.quotes));
  });

  it('answers a random request that nothing matches with a 404', async () => {
    const res = await get('/v1/quotes/random?q=zeppelin');
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('No quote matches these filters');
  });

  it.each([
    ['/v1/quotes?person=no-one', 'query.person'],
    ['/v1/quotes?episode=no-episode', 'query.episode'],
    ['/v1/quotes?topic=no-topic', 'query.topic'],
    ['/v1/quotes?minLength=50&maxLength=10', 'query.maxLength'],
    ['/v1/quotes?minLength=0', 'query.minLength'],
    ['/v1/quotes?limit=1000', 'query.limit'],
    ['/v1/quotes?cursor=WyJxdW90ZXMiXQ', 'query.cursor'],
    ['/v1/quotes?speaker=x', 'query'],
    ['/v1/quotes/random?person=no-one', 'query.person'],
    ['/v1/quotes/random?limit=5', 'query'],
    ['/v1/quotes/qt_x?full=true', 'query'],
  ])('answers %s with a 400 naming %s', async (url, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers an unknown quote with a 404', async () => {
    expect((await get('/v1/quotes/qt_nothing')).statusCode).toBe(404);
  });

  it('answers a repeated request with If-None-Match with 304', async () => {
    const one = await get(`/v1/quotes?episode=${older.id}`);
    expect(one.headers['cache-control']).toMatch(/^public/);
    expect(
      (await get(`/v1/quotes?episode=${older.id}`, { 'if-none-match': one.headers.etag! })).statusCode,
    ).toBe(304);
  });
});
