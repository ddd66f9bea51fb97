import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { insertEpisode, type InsertedEpisode } from '../../helpers/episodes.js';

describe('GET /v1/topics and /v1/topics/{slug}', () => {
  let t: TestApp;
  let a: InsertedEpisode;
  let b: InsertedEpisode;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  beforeAll(async () => {
    t = await createTestApp();
    const prisma = t.database.db.prisma;
    a = await insertEpisode(prisma, {
      title: 'Volcano weather',
      people: [{ name: 'Gudrun Eyjolfsdottir', role: 'host' }],
      segments: [
        { speaker: 0, text: 'Ash clouds make their own lightning.', startMs: 0, endMs: 5_000 },
        { speaker: 0, text: 'Lava cools into new coastline.', startMs: 5_000, endMs: 9_000 },
      ],
      topics: [
        { name: 'Volcanic lightning', weight: 0.95, mentions: 3, segments: [{ segment: 0, weight: 0.9 }] },
        { name: 'Coastlines', weight: 0.3, mentions: 1, segments: [{ segment: 1, weight: 0.4 }] },
      ],
    });
    b = await insertEpisode(prisma, {
      title: 'Shorelines in motion',
      people: [{ name: 'Matteo Quarantotto', role: 'host' }],
      segments: [{ speaker: 0, text: 'Every coastline is temporary.', startMs: 0, endMs: 4_000 }],
      topics: [{ name: 'Coastlines', weight: 0.9, mentions: 5, segments: [{ segment: 0, weight: 0.8 }] }],
    });
    await prisma.topic.create({
      data: { id: newId('top'), slug: 'reykjavik', name: 'Reykjavik', kind: 'place' },
    });
  });
  afterAll(() => t.close());

  it('lists topics by name with how many episodes each has', async () => {
    const res = await get('/v1/topics');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      data: [
        { id: a.topics[1]!.id, slug: 'coastlines', name: 'Coastlines', kind: 'topic', episodeCount: 2 },
        { id: expect.any(String), slug: 'reykjavik', name: 'Reykjavik', kind: 'place', episodeCount: 0 },
        expect.objectContaining({ slug: 'volcanic-lightning', episodeCount: 1 }),
      ],
      page: { nextCursor: null, limit: 20 },
    });
  });

  it('filters by part of the name and by kind', async () => {
    const slugs = async (q: string) =>
      (await get(`/v1/topics?${q}`)).json().data.map((x: { slug: string }) => x.slug);
    expect(await slugs('q=LIGHT')).toEqual(['volcanic-lightning']);
    expect(await slugs('kind=place')).toEqual(['reykjavik']);
  });

  it('pages by name without gaps or repeats while topics are added', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let n = 0;
    do {
      const body: { data: { slug: string }[]; page: { nextCursor: string | null } } = (
        await get(`/v1/topics?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...body.data.map((x: { slug: string }) => x.slug));
      cursor = body.page.nextCursor;
      n++;
      await t.database.db.prisma.topic.create({
        data: {
          id: newId('top'),
          slug: `added-${n}`,
          name: `${n % 2 ? 'Aardvark' : 'Zebra'} ${n}`,
          kind: 'topic',
        },
      });
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['coastlines', 'reykjavik', 'volcanic-lightning']));
    expect(seen.indexOf('coastlines')).toBeLessThan(seen.indexOf('volcanic-lightning'));
  });

  it('gets a topic with its episodes and segments, heaviest first', async () => {
    const res = await get('/v1/topics/coastlines');
    expect(res.statusCode).toBe(200);
    const topic = res.json();
    expect(topic).toMatchObject({
      slug: 'coastlines',
      name: 'Coastlines',
      kind: 'topic',
      episodeCount: 2,
      segmentCount: 2,
    });
    expect(
      topic.episodes.map((e: { episode: { id: string }; weight: number; mentions: number }) => [
        e.episode.id,
        e.weight,
        e.mentions,
      ]),
    ).toEqual([
      [b.id, 0.9, 5],
      [a.id, 0.3, 1],
    ]);
    expect(topic.segments).toEqual([
      {
        segment: expect.objectContaining({
          id: b.segments[0],
          text: 'Every coastline is temporary.',
          speaker: expect.objectContaining({ role: 'host' }),
        }),
        episode: { id: b.id, slug: b.slug, title: 'Shorelines in motion' },
        weight: 0.8,
      },
      expect.objectContaining({ segment: expect.objectContaining({ id: a.segments[1] }), weight: 0.4 }),
    ]);
    expect((await get(`/v1/topics/${a.topics[1]!.id}`)).json()).toEqual(topic);
  });

  it.each([
    ['/v1/topics?kind=animal', 400],
    ['/v1/topics?limit=0', 400],
    ['/v1/topics?cursor=abc', 400],
    ['/v1/topics?sort=name', 400],
    ['/v1/topics/coastlines?expand=all', 400],
    ['/v1/topics/no-such-topic', 404],
  ])('answers %s with %i', async (url, status) => {
    expect((await get(url)).statusCode).toBe(status);
  });

  it('lists names in one order whatever their case and accents, and finds them without the accents', async () => {
    for (const [slug, name] of [
      ['zebu-herding', 'zebu herding'],
      ['ai', 'AI'],
      ['agroforestry', 'agroforestry'],
      ['eclairs', 'Éclairs'],
    ] as const) {
      await t.database.db.prisma.topic.create({ data: { id: newId('top'), slug, name, kind: 'topic' } });
    }
    const slugs = async (q: string) =>
      (await get(`/v1/topics?limit=100&${q}`)).json().data.map((x: { slug: string }) => x.slug);
    const mine = ['zebu-herding', 'ai', 'agroforestry', 'eclairs'];
    expect((await slugs('')).filter((s: string) => mine.includes(s))).toEqual([
      'agroforestry',
      'ai',
      'eclairs',
      'zebu-herding',
    ]);
    expect(await slugs('q=eclair')).toEqual(['eclairs']);
    expect(await slugs('q=%C3%89CLAIR')).toEqual(['eclairs']);
    // Symbols are not folded away: "C++" is not "c", which would find every word starting with c.
    await t.database.db.prisma.topic.create({
      data: { id: newId('top'), slug: 'c-plus-plus', name: 'C++', kind: 'topic' },
    });
    expect(await slugs('q=C%2B%2B')).toEqual(['c-plus-plus']);
    // A cursor of the earlier name order is refused rather than misread.
    const old = Buffer.from(JSON.stringify(['topics', 'Coastlines', 'top_x'])).toString('base64url');
    expect((await get(`/v1/topics?cursor=${old}`)).statusCode).toBe(400);
  });

  it('answers a repeated request with If-None-Match with 304', async () => {
    const one = await get('/v1/topics/coastlines');
    expect((await get('/v1/topics/coastlines', { 'if-none-match': one.headers.etag! })).statusCode).toBe(304);
  });
});
