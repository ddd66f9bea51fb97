import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { countQueries, insertEpisode, type InsertedEpisode } from '../../helpers/episodes.js';

interface SegmentJson {
  id: string;
  ordinal: number;
  startMs: number;
  endMs: number;
  kind: string;
  chapterId: string | null;
  speaker: { slug: string } | null;
}

describe('GET /v1/episodes/{id}/segments', () => {
  let t: TestApp;
  let ep: InsertedEpisode;
  let other: InsertedEpisode;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const list = async (query: string) => {
    const res = await get(`/v1/episodes/${ep.slug}/segments?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().data as SegmentJson[];
  };

  beforeAll(async () => {
    t = await createTestApp();
    ep = await insertEpisode(t.database.db.prisma, {
      title: 'Beekeeping through the winter',
      people: [
        { name: 'Rosalind Achterberg', role: 'host', title: 'Apiarist' },
        { name: 'Femi Oyelaran-Duke', role: 'guest' },
      ],
      chapters: [
        { title: 'Cold open', startMs: 0, endMs: 6_000 },
        { title: 'Clustering', startMs: 6_000, endMs: 30_000 },
      ],
      segments: [
        {
          speaker: 1,
          text: 'A hive in January sounds like a distant fridge.',
          startMs: 0,
          endMs: 3_000,
          chapter: 0,
          kind: 'teaser',
        },
        {
          speaker: 0,
          text: 'Welcome to the apiary hour.',
          startMs: 3_000,
          endMs: 6_000,
          chapter: 0,
          kind: 'intro',
        },
        { speaker: 0, text: 'How do bees survive the cold?', startMs: 6_000, endMs: 10_000, chapter: 1 },
        {
          speaker: 1,
          text: 'They cluster and shiver their flight muscles.',
          startMs: 10_000,
          endMs: 18_000,
          chapter: 1,
        },
        { speaker: 0, text: 'And the queen sits in the middle?', startMs: 18_000, endMs: 22_000, chapter: 1 },
        { speaker: 1, text: 'Always, warm and well fed.', startMs: 22_000, endMs: 26_000, chapter: 1 },
        {
          speaker: null,
          text: 'This hour was brought to you by a honey co-op.',
          startMs: 26_000,
          endMs: 30_000,
          chapter: 1,
          kind: 'ad',
          label: 'D',
        },
      ],
    });
    other = await insertEpisode(t.database.db.prisma, {
      title: 'Unrelated show about kites',
      people: [{ name: 'Ilse Kitemaker', role: 'host' }],
      segments: [{ speaker: 0, text: 'Kites need wind.', startMs: 0, endMs: 1_000 }],
    });
  });
  afterAll(() => t.close());

  it('lists an episode’s segments in order, each with its speaker, role, times, chapter and kind', async () => {
    const res = await get(`/v1/episodes/${ep.id}/segments`);
    expect(res.statusCode).toBe(200);
    const { data, page } = res.json();
    expect(page).toEqual({ nextCursor: null, limit: 100 });
    expect(data.map((s: SegmentJson) => s.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(data[3]).toEqual({
      id: ep.segments[3],
      episodeId: ep.id,
      ordinal: 4,
      speaker: {
        id: ep.people[1]!.id,
        slug: 'femi-oyelaran-duke',
        name: 'Femi Oyelaran-Duke',
        title: null,
        role: 'guest',
      },
      label: 'B',
      text: 'They cluster and shiver their flight muscles.',
      wordCount: 7,
      startMs: 10_000,
      endMs: 18_000,
      timing: 'estimated',
      startTiming: 'estimated',
      endTiming: 'estimated',
      chapterId: ep.chapters[1],
      kind: 'interview',
    });
    expect(data[6]).toMatchObject({ speaker: null, label: 'D', kind: 'ad' });
  });

  it('pages by ordinal without gaps or repeats, and picks up a segment added between pages', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let added = false;
    do {
      const res = await get(`/v1/episodes/${ep.id}/segments?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json();
      seen.push(...body.data.map((s: SegmentJson) => s.ordinal));
      cursor = body.page.nextCursor;
      if (!added) {
        added = true;
        await t.database.db.prisma.segment.create({
          data: {
            id: newId('seg'),
            episodeId: ep.id,
            ordinal: 8,
            label: 'A',
            personId: ep.people[0]!.id,
            text: 'Thanks for listening.',
            wordCount: 3,
            startMs: 30_000,
            endMs: 32_000,
            timing: 'estimated',
            kind: 'outro',
          },
        });
      }
    } while (cursor);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('filters by time range: the segments overlapping [fromMs, toMs)', async () => {
    expect((await list('fromMs=9000&toMs=18001')).map((s) => s.ordinal)).toEqual([3, 4, 5]);
    expect((await list('fromMs=10000&toMs=18000')).map((s) => s.ordinal)).toEqual([4]);
    expect((await list('toMs=3000')).map((s) => s.ordinal)).toEqual([1]);
  });

  it('filters by speaker (id or slug), chapter (id or ordinal) and kind', async () => {
    expect((await list('speaker=femi-oyelaran-duke')).map((s) => s.ordinal)).toEqual([1, 4, 6]);
    expect((await list(`speaker=${ep.people[0]!.id}&chapter=2`)).map((s) => s.ordinal)).toEqual([3, 5]);
    expect((await list(`chapter=${ep.chapters[0]}`)).map((s) => s.ordinal)).toEqual([1, 2]);
    expect((await list('kind=teaser,ad')).map((s) => s.kind)).toEqual(['teaser', 'ad']);
    expect((await list('kind=interview&speaker=rosalind-achterberg')).map((s) => s.ordinal)).toEqual([3, 5]);
  });

  it('answers a page of segments with their speakers in one query', async () => {
    const { result, queries } = await countQueries(t.database.db.read.pool, () =>
      get(`/v1/episodes/${ep.slug}/segments?speaker=femi-oyelaran-duke&chapter=1`),
    );
    expect(result.json().data.map((s: { ordinal: number }) => s.ordinal)).toEqual([1]);
    expect(queries).toBe(1);
  });

  it('answers a speaker who exists but is not in the episode with an empty page', async () => {
    expect(await list('speaker=ilse-kitemaker')).toEqual([]);
  });

  it.each([
    ['a speaker that does not exist', 'speaker=no-such-person', 'query.speaker', /no person with id or slug/],
    ['a chapter the episode does not have', 'chapter=9', 'query.chapter', /has no chapter "9"/],
    ['a chapter of another episode', 'chapter=OTHER', 'query.chapter', /has no chapter/],
    ['an unknown kind', 'kind=interview,musical', 'query.kind', /unknown value "musical"/],
    ['an empty time range', 'fromMs=5000&toMs=5000', 'query.toMs', /greater than fromMs/],
    ['a negative time', 'fromMs=-1', 'query.fromMs', /./],
    ['a limit over the maximum', 'limit=501', 'query.limit', /at most 500/],
    ['a malformed cursor', 'cursor=eyJub3BlIjp0cnVlfQ', 'query.cursor', /malformed/],
    ['an unknown parameter', 'speakers=x', 'query', /speakers/],
  ])('answers %s with a 400 naming the field', async (_what, query, field, detail) => {
    const res = await get(`/v1/episodes/${ep.id}/segments?${query.replace('OTHER', other.segments[0]!)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(res.json().detail).toMatch(detail);
  });

  it('answers an unknown episode with a 404, even with a bad filter', async () => {
    const res = await get('/v1/episodes/no-such-episode/segments?speaker=no-such-person');
    expect(res.statusCode).toBe(404);
  });

  it('answers a repeated request with If-None-Match with 304', async () => {
    const first = await get(`/v1/episodes/${ep.id}/segments?kind=interview`);
    const again = await get(`/v1/episodes/${ep.id}/segments?kind=interview`, {
      'if-none-match': first.headers.etag!,
    });
    expect(again.statusCode).toBe(304);
  });
});
