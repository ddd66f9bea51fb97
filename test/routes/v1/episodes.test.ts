import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPISODE_SORTS } from '../../../src/modules/episodes/episodes.schemas.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import {
  countQueries,
  ingestFixture,
  insertEpisode,
  seedTranscript,
  type InsertedEpisode,
} from '../../helpers/episodes.js';
import { ingestService } from '../../helpers/ingest.js';

interface EpisodeJson {
  id: string;
  slug: string;
  title: string;
  publishedAt: string | null;
  createdAt: string;
  show: { slug: string };
  [k: string]: unknown;
}

describe('GET /v1/episodes and /v1/episodes/{idOrSlug}', () => {
  let t: TestApp;
  let atlas: InsertedEpisode;
  let harbour: InsertedEpisode;
  let undated: InsertedEpisode;

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  async function allPages(query: string, limit: number, between?: (page: number) => Promise<void>) {
    const seen: EpisodeJson[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await get(`/v1/episodes?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.page.limit).toBe(limit);
      seen.push(...body.data);
      cursor = body.page.nextCursor;
      if (!cursor) return seen;
      await between?.(page);
    }
    throw new Error('pagination did not end');
  }

  beforeAll(async () => {
    t = await createTestApp();
    const ingest = ingestService(t.database);
    const seed = await seedTranscript();
    await ingest.ingest({ ...seed, trigger: 'cli' });
    await ingestFixture(ingest, 'night-market-lanterns.txt');
    const prisma = t.database.db.prisma;
    atlas = await insertEpisode(prisma, {
      show: 'Cartographers Hour',
      title: 'Atlas of forgotten islands',
      description: 'Mapping phantom islands that sailors swore they saw.',
      publishedAt: new Date('2023-01-15T08:00:00Z'),
      people: [
        { name: 'Marisol Vantongeren', role: 'host', title: 'Map librarian' },
        { name: 'Kwame Asante-Holt', role: 'guest', title: 'Naval historian' },
      ],
      chapters: [
        { title: 'Phantom islands', startMs: 0, endMs: 20_000 },
        { title: 'Why maps lied', startMs: 20_000, endMs: 40_000 },
      ],
      segments: [
        {
          speaker: 0,
          text: 'Welcome, I am Marisol and this is the hour of maps.',
          startMs: 0,
          endMs: 10_000,
          chapter: 0,
          kind: 'intro',
        },
        {
          speaker: 1,
          text: 'Sandy Island was on charts for a century and never existed.',
          startMs: 10_000,
          endMs: 20_000,
          chapter: 0,
        },
        {
          speaker: 0,
          text: 'Why did cartographers keep copying it?',
          startMs: 20_000,
          endMs: 30_000,
          chapter: 1,
        },
        {
          speaker: 1,
          text: 'Because a blank sea looked like laziness, and nobody wanted to be lazy.',
          startMs: 30_000,
          endMs: 40_000,
          chapter: 1,
        },
      ],
      quotes: [
        { speaker: 1, text: 'Sandy Island was on charts for a century', segment: 1, statedMs: 11_000 },
        {
          speaker: 1,
          text: 'a blank sea looked like laziness',
          segment: 3,
          theme: 'On Honest Maps',
          statedMs: 31_000,
        },
      ],
      topics: [
        { name: 'Phantom islands', weight: 0.9, mentions: 4, segments: [{ segment: 1, weight: 0.8 }] },
        { name: 'Cartography', weight: 0.6, mentions: 2 },
      ],
    });
    harbour = await insertEpisode(prisma, {
      show: 'Cartographers Hour',
      title: 'Harbour charts and the tide',
      description: 'How harbour pilots read tides before tables existed.',
      publishedAt: new Date('2023-03-02T00:00:00Z'),
      people: [{ name: 'Marisol Vantongeren', role: 'host' }],
      segments: [{ speaker: 0, text: 'Tide tables changed harbour life.', startMs: 0, endMs: 4_000 }],
      topics: [{ name: 'Cartography', weight: 0.4 }],
    });
    // A title long enough that a cursor carrying it is long too.
    await insertEpisode(prisma, {
      title: `Lengthy ${'and winding '.repeat(60)}title`,
      slug: 'lengthy-title',
      publishedAt: new Date('2021-06-01T00:00:00Z'),
    });
    undated = await insertEpisode(prisma, {
      title: 'Zephyr notes without a date',
      segments: [{ speaker: null, text: 'An episode nobody dated.', startMs: 0, endMs: 2_000 }],
    });
  });
  afterAll(() => t.close());

  it('lists episodes newest first, undated ones last, with the show and no internal columns', async () => {
    const res = await get('/v1/episodes?limit=100');
    expect(res.statusCode).toBe(200);
    const { data, page } = res.json();
    expect(page).toEqual({ nextCursor: null, limit: 100 });
    expect(data).toHaveLength(6);
    const dates = data.map((e: EpisodeJson) => e.publishedAt);
    const dated = dates.filter((d: string | null) => d !== null);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(dates.at(-1)).toBeNull();
    expect(data.at(-1).id).toBe(undated.id);
    const first = data.find((e: EpisodeJson) => e.id === atlas.id);
    expect(first).toEqual({
      id: atlas.id,
      slug: atlas.slug,
      title: 'Atlas of forgotten islands',
      show: { id: atlas.showId, slug: 'cartographers-hour', name: 'Cartographers Hour' },
      publishedAt: '2023-01-15T08:00:00.000Z',
      durationMs: 40_000,
      description: 'Mapping phantom islands that sailors swore they saw.',
      language: 'en',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  const ORDER_BY: Record<(typeof EPISODE_SORTS)[number], string> = {
    '-publishedAt': `coalesce(published_at, '-infinity') DESC, id DESC`,
    publishedAt: `coalesce(published_at, '-infinity') ASC, id ASC`,
    title: 'title ASC, id ASC',
    '-title': 'title DESC, id DESC',
    createdAt: 'created_at ASC, id ASC',
    '-createdAt': 'created_at DESC, id DESC',
  };
  let inserted = 0;

  it.each(EPISODE_SORTS)(
    'pages through sort=%s without gaps or repeats while episodes are added between pages',
    async (sort) => {
      const before = (await get('/v1/episodes?limit=100')).json().data.map((e: EpisodeJson) => e.id);
      let added = 0;
      const seen = await allPages(`sort=${sort}`, 2, async () => {
        if (added === 3) return;
        added++;
        inserted++;
        // Alternately sorting before and after anything listed so far.
        await insertEpisode(t.database.db.prisma, {
          title: `${inserted % 2 ? 'Aaa' : 'Zzz'} inserted mid-listing ${inserted}`,
          publishedAt:
            inserted % 2 ? new Date(Date.UTC(2030, 0, inserted)) : new Date(Date.UTC(2001, 0, inserted)),
          segments: [{ speaker: null, text: 'Added while a client was paging.', startMs: 0, endMs: 1_000 }],
        });
      });
      expect(added).toBeGreaterThan(1);
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of before) expect(ids).toContain(id);
      const { rows } = await t.database.db.pool.query<{ id: string }>(
        `SELECT id FROM episodes ORDER BY ${ORDER_BY[sort]}`,
      );
      expect(rows.map((r) => r.id).filter((id) => ids.includes(id))).toEqual(ids);
    },
  );

  it('filters by show, person, topic, publication range and text', async () => {
    const ids = async (query: string) =>
      (await get(`/v1/episodes?${query}`))
        .json()
        .data.map((e: EpisodeJson) => e.id)
        .sort();
    const both = [atlas.id, harbour.id].sort();
    expect(await ids('show=cartographers-hour')).toEqual(both);
    expect(await ids(`show=${atlas.showId}`)).toEqual(both);
    expect(await ids(`person=${atlas.people[1]!.slug}`)).toEqual([atlas.id]);
    expect(await ids(`person=${atlas.people[0]!.id}`)).toEqual(both);
    expect(await ids('topic=phantom-islands')).toEqual([atlas.id]);
    expect(await ids('topic=cartography&show=cartographers-hour')).toEqual(both);
    expect(await ids('publishedFrom=2023-01-01&publishedTo=2023-01-15')).toEqual([atlas.id]);
    expect(await ids('publishedFrom=2023-01-15T08:00:01Z&publishedTo=2023-12-31')).toEqual([harbour.id]);
    expect(await ids('q=phantom islands')).toEqual([atlas.id]);
    expect(await ids('q=tides')).toEqual([harbour.id]);
    expect(await ids('q=lanterns')).toHaveLength(1);
  });

  it.each([
    [
      'a show that does not exist',
      'show=no-such-show',
      'query.show',
      /no show with id or slug "no-such-show"/,
    ],
    ['a person that does not exist', 'person=nobody-at-all', 'query.person', /no person/],
    ['a topic that does not exist', 'topic=nothing-here', 'query.topic', /no topic/],
    ['a limit over the maximum', 'limit=101', 'query.limit', /at most 100/],
    ['a malformed cursor', 'cursor=not-a-cursor', 'query.cursor', /malformed/],
    ['an unknown parameter', 'colour=blue', 'query', /colour/],
    ['an unknown sort', 'sort=popularity', 'query.sort', /./],
    ['a date that is not one', 'publishedFrom=yesterday', 'query.publishedFrom', /date/],
    [
      'a range that ends before it starts',
      'publishedFrom=2024-02-01&publishedTo=2024-01-01',
      'query.publishedTo',
      /before/,
    ],
    ['words that can match nothing', 'q=%22%20the%20-%22', 'query.q', /nothing to search for/],
  ])('answers %s with a 400 problem naming the field', async (_what, query, field, detail) => {
    const res = await get(`/v1/episodes?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.type).toBe('https://castindex.dev/problems/validation');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(body.detail).toMatch(detail);
  });

  it('refuses a cursor made for another sort order', async () => {
    const first = (await get('/v1/episodes?sort=title&limit=1')).json();
    const res = await get(`/v1/episodes?sort=-createdAt&limit=1&cursor=${first.page.nextCursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/another listing/);
  });

  it('gets an episode by id or by slug, without embedded data unless asked', async () => {
    const byId = await get(`/v1/episodes/${atlas.id}`);
    const bySlug = await get(`/v1/episodes/${atlas.slug}`);
    expect(byId.statusCode).toBe(200);
    expect(bySlug.json()).toEqual(byId.json());
    expect(Object.keys(byId.json())).not.toEqual(expect.arrayContaining(['people']));
    expect(byId.json()).not.toHaveProperty('quotes');
  });

  it('embeds people, chapters, quotes and topics with include=', async () => {
    const res = await get(`/v1/episodes/${atlas.slug}?include=people,chapters,quotes,topics`);
    expect(res.statusCode).toBe(200);
    const e = res.json();
    expect(e.people).toEqual([
      {
        id: atlas.people[0]!.id,
        slug: 'marisol-vantongeren',
        name: 'Marisol Vantongeren',
        title: 'Map librarian',
        role: 'host',
        labels: ['A'],
        confidence: 0.9,
        segmentCount: 2,
        wordCount: 17,
        talkMs: 20_000,
      },
      expect.objectContaining({ name: 'Kwame Asante-Holt', role: 'guest', labels: ['B'], talkMs: 20_000 }),
    ]);
    expect(e.chapters).toEqual([
      {
        id: atlas.chapters[0],
        ordinal: 1,
        title: 'Phantom islands',
        startMs: 0,
        endMs: 20_000,
        firstSegmentId: atlas.segments[0],
      },
      expect.objectContaining({ ordinal: 2, title: 'Why maps lied', firstSegmentId: atlas.segments[2] }),
    ]);
    expect(e.quotes).toHaveLength(2);
    expect(e.quotes[1]).toEqual({
      id: atlas.quotes[1],
      episodeId: atlas.id,
      ordinal: 2,
      text: 'a blank sea looked like laziness',
      theme: 'On Honest Maps',
      speaker: {
        id: atlas.people[1]!.id,
        slug: 'kwame-asante-holt',
        name: 'Kwame Asante-Holt',
        title: 'Naval historian',
        role: 'guest',
      },
      attributedName: 'Kwame Asante-Holt',
      statedMs: 31_000,
      segmentId: atlas.segments[3],
      chapterId: atlas.chapters[1],
      startMs: 30_000,
      alignment: { score: 1, charStart: 8, charEnd: 40 },
      episode: { id: atlas.id, slug: atlas.slug, title: 'Atlas of forgotten islands' },
      chapter: { id: atlas.chapters[1], ordinal: 2, title: 'Why maps lied' },
      url: `/v1/episodes/${atlas.slug}#t=30`,
    });
    expect(e.topics).toEqual([
      {
        id: atlas.topics[0]!.id,
        slug: 'phantom-islands',
        name: 'Phantom islands',
        kind: 'topic',
        weight: 0.9,
        mentions: 4,
      },
      expect.objectContaining({ slug: 'cartography', weight: 0.6 }),
    ]);
  });

  it('answers an episode page in one query however many people, quotes and chapters it has', async () => {
    const many = await insertEpisode(t.database.db.prisma, {
      title: 'A crowded roundtable',
      people: Array.from({ length: 8 }, (_, i) => ({
        name: `Panelist Number ${i + 1}`,
        role: 'guest' as const,
      })),
      chapters: Array.from({ length: 12 }, (_, i) => ({
        title: `Part ${i + 1}`,
        startMs: i * 1000,
        endMs: (i + 1) * 1000,
      })),
      segments: Array.from({ length: 40 }, (_, i) => ({
        speaker: i % 8,
        text: `Point number ${i} from the panel.`,
        startMs: i * 300,
        endMs: (i + 1) * 300,
        chapter: Math.min(11, Math.floor(i / 4)),
      })),
      quotes: Array.from({ length: 30 }, (_, i) => ({
        speaker: i % 8,
        text: `Point number ${i}`,
        segment: i,
      })),
      topics: Array.from({ length: 10 }, (_, i) => ({ name: `Roundtable theme ${i}`, weight: 1 - i / 20 })),
    });
    const url = (slug: string) => `/v1/episodes/${slug}?include=people,chapters,quotes,topics`;
    const pool = t.database.db.read.pool;
    const small = await countQueries(pool, () => get(url(harbour.slug)));
    const large = await countQueries(pool, () => get(url(many.slug)));
    expect(large.result.statusCode).toBe(200);
    expect(large.result.json().quotes).toHaveLength(30);
    expect(large.result.json().people).toHaveLength(8);
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBe(1);
  });

  it('answers an unknown include with a 400 listing the allowed values', async () => {
    const res = await get(`/v1/episodes/${atlas.slug}?include=people,comments`);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/unknown value "comments"; allowed: people, chapters, quotes, topics/);
  });

  it('answers an unknown episode with a 404 problem', async () => {
    const res = await get('/v1/episodes/ep_does_not_exist?include=people');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      type: 'https://castindex.dev/problems/not-found',
      detail: 'No episode with id or slug "ep_does_not_exist"',
    });
  });

  it('answers a repeated request with If-None-Match with 304 Not Modified', async () => {
    const first = await get(`/v1/episodes/${atlas.slug}?include=quotes`);
    expect(first.headers.etag).toBeTruthy();
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    const again = await get(`/v1/episodes/${atlas.slug}?include=quotes`, {
      'if-none-match': first.headers.etag!,
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
