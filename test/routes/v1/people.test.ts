import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { insertEpisode, type InsertedEpisode } from '../../helpers/episodes.js';

interface PersonJson {
  id: string;
  slug: string;
  name: string;
  episodeCount: number;
  quoteCount: number;
}

describe('GET /v1/people and /v1/people/{idOrSlug}', () => {
  let t: TestApp;
  let first: InsertedEpisode;
  let second: InsertedEpisode;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const names = async (query: string) => {
    const res = await get(`/v1/people?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().data.map((p: PersonJson) => p.name);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const prisma = t.database.db.prisma;
    first = await insertEpisode(prisma, {
      title: 'Ferments of the north',
      publishedAt: new Date('2024-02-01T00:00:00Z'),
      people: [
        { name: 'Solveig Amundsen-Rao', role: 'host', title: 'Chef' },
        { name: 'Dario 100% Fermenti', role: 'guest' },
      ],
      segments: [
        { speaker: 0, text: 'Welcome to the cellar.', startMs: 0, endMs: 5_000 },
        { speaker: 1, text: 'Salt, time and patience make sauerkraut.', startMs: 5_000, endMs: 17_000 },
        { speaker: 0, text: 'How much salt exactly?', startMs: 17_000, endMs: 20_000 },
      ],
      quotes: [{ speaker: 1, text: 'Salt, time and patience make sauerkraut.', segment: 1 }],
    });
    second = await insertEpisode(prisma, {
      title: 'Koji and its cousins',
      publishedAt: new Date('2024-05-10T00:00:00Z'),
      people: [
        { name: 'Solveig Amundsen-Rao', role: 'host', labels: ['SPEAKER_0', 'SPEAKER_2'] },
        { name: 'Yuki Haraguchi_Ode', role: 'guest' },
      ],
      segments: [
        { speaker: 0, text: 'Koji is a mould we cook with.', startMs: 0, endMs: 6_000 },
        { speaker: 1, text: 'It turns starch into sweetness.', startMs: 6_000, endMs: 10_000 },
        { speaker: 0, text: 'Sweetness from mould, who knew.', startMs: 10_000, endMs: 14_000 },
      ],
      quotes: [
        { speaker: 0, text: 'Koji is a mould we cook with.', segment: 0 },
        { speaker: 0, text: 'Sweetness from mould', segment: 2 },
      ],
    });
  });
  afterAll(() => t.close());

  it('lists people by name with how many episodes they appear in and how often they are quoted', async () => {
    const res = await get('/v1/people');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      data: [
        {
          id: first.people[1]!.id,
          slug: 'dario-100-fermenti',
          name: 'Dario 100% Fermenti',
          title: null,
          episodeCount: 1,
          quoteCount: 1,
        },
        {
          id: first.people[0]!.id,
          slug: 'solveig-amundsen-rao',
          name: 'Solveig Amundsen-Rao',
          title: 'Chef',
          episodeCount: 2,
          quoteCount: 2,
        },
        expect.objectContaining({ name: 'Yuki Haraguchi_Ode', episodeCount: 1, quoteCount: 0 }),
      ],
      page: { nextCursor: null, limit: 20 },
    });
  });

  it('filters by part of the name (wildcards taken literally), by episode and by role', async () => {
    expect(await names('q=AMUNDSEN')).toEqual(['Solveig Amundsen-Rao']);
    // Accents folded, either way round.
    expect(await names('q=haraguchi%20ode')).toEqual(['Yuki Haraguchi_Ode']);
    expect(await names('q=S%C3%B3lveig')).toEqual(['Solveig Amundsen-Rao']);
    expect(await names('q=100%25')).toEqual(['Dario 100% Fermenti']);
    expect(await names('q=%25')).toEqual(['Dario 100% Fermenti']);
    expect(await names('q=_')).toEqual(['Yuki Haraguchi_Ode']);
    expect(await names(`episode=${second.slug}`)).toEqual(['Solveig Amundsen-Rao', 'Yuki Haraguchi_Ode']);
    expect(await names('role=guest')).toEqual(['Dario 100% Fermenti', 'Yuki Haraguchi_Ode']);
    expect(await names(`role=host&episode=${first.id}`)).toEqual(['Solveig Amundsen-Rao']);
  });

  it.each(['name', '-name'])(
    'pages through sort=%s without gaps or repeats while people are added',
    async (sort) => {
      const before: string[] = (await get('/v1/people?limit=100')).json().data.map((p: PersonJson) => p.id);
      const seen: PersonJson[] = [];
      let cursor: string | null = null;
      let n = 0;
      do {
        const res = await get(`/v1/people?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        seen.push(...res.json().data);
        cursor = res.json().page.nextCursor;
        n++;
        await t.database.db.prisma.person.create({
          data: {
            id: newId('per'),
            slug: `added-${sort}-${n}`,
            name: `${n % 2 ? 'Aaron' : 'Zelda'} Added ${sort} ${n}`,
          },
        });
      } while (cursor);
      const ids = seen.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of before) expect(ids).toContain(id);
      const { rows } = await t.database.db.pool.query<{ id: string }>(
        `SELECT id FROM people ORDER BY name ${sort === 'name' ? 'ASC' : 'DESC'}, id ${sort === 'name' ? 'ASC' : 'DESC'}`,
      );
      expect(rows.map((r) => r.id).filter((id) => ids.includes(id))).toEqual(ids);
    },
  );

  it.each([
    ['an episode that does not exist', 'episode=no-such-episode', 'query.episode'],
    ['an unknown role', 'role=producer', 'query.role'],
    ['a limit over the maximum', 'limit=101', 'query.limit'],
    ['a malformed cursor', 'cursor=%%%', 'query.cursor'],
    ['an unknown parameter', 'sortBy=name', 'query'],
  ])('answers %s with a 400 naming the field', async (_what, query, field) => {
    const res = await get(`/v1/people?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a cursor from the other sort order', async () => {
    const page = (await get('/v1/people?limit=1')).json();
    expect((await get(`/v1/people?sort=-name&cursor=${page.page.nextCursor}`)).statusCode).toBe(400);
  });

  it('gets a speaker page: appearances with role, labels, talk time and words, totals, latest quotes', async () => {
    const res = await get('/v1/people/solveig-amundsen-rao');
    expect(res.statusCode).toBe(200);
    const person = res.json();
    expect(person).toMatchObject({
      id: first.people[0]!.id,
      slug: 'solveig-amundsen-rao',
      name: 'Solveig Amundsen-Rao',
      title: 'Chef',
      stats: { episodeCount: 2, quoteCount: 2, segmentCount: 4, wordCount: 20, talkMs: 18_000 },
    });
    expect(person.episodes).toEqual([
      {
        episode: {
          id: second.id,
          slug: second.slug,
          title: 'Koji and its cousins',
          show: expect.objectContaining({ slug: 'test-bench-radio' }),
          publishedAt: '2024-05-10T00:00:00.000Z',
          durationMs: 14_000,
        },
        role: 'host',
        labels: ['SPEAKER_0', 'SPEAKER_2'],
        confidence: 0.9,
        segmentCount: 2,
        wordCount: 12,
        talkMs: 10_000,
        quoteCount: 2,
      },
      expect.objectContaining({
        episode: expect.objectContaining({ id: first.id }),
        segmentCount: 2,
        wordCount: 8,
        talkMs: 8_000,
        quoteCount: 0,
      }),
    ]);
    expect(person.quotes.map((q: { text: string }) => q.text)).toEqual([
      'Koji is a mould we cook with.',
      'Sweetness from mould',
    ]);
    expect(person.quotes[0].speaker).toMatchObject({ slug: 'solveig-amundsen-rao', role: 'host' });
    expect((await get(`/v1/people/${first.people[0]!.id}`)).json()).toEqual(person);
  });

  it('answers an unknown person with a 404 and an unknown parameter with a 400', async () => {
    expect((await get('/v1/people/nobody-we-know')).statusCode).toBe(404);
    expect((await get('/v1/people/solveig-amundsen-rao?include=quotes')).statusCode).toBe(400);
  });

  it('answers a repeated request with If-None-Match with 304', async () => {
    const one = await get('/v1/people/solveig-amundsen-rao');
    expect(
      (await get('/v1/people/solveig-amundsen-rao', { 'if-none-match': one.headers.etag! })).statusCode,
    ).toBe(304);
  });
});
