import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { ingestFixture, insertEpisode, type InsertedEpisode } from '../../helpers/episodes.js';
import { ingestService } from '../../helpers/ingest.js';

describe('GET /v1/episodes/{id}/chapters', () => {
  let t: TestApp;
  let ep: InsertedEpisode;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  beforeAll(async () => {
    t = await createTestApp();
    ep = await insertEpisode(t.database.db.prisma, {
      title: 'Glassblowing for beginners',
      people: [{ name: 'Henrike Solvang', role: 'host' }],
      chapters: [
        { title: 'The furnace', startMs: 0, endMs: 61_500 },
        { title: 'Gathering glass', startMs: 61_500, endMs: 125_250 },
        { title: 'Annealing', startMs: 125_250, endMs: 200_000 },
      ],
      segments: [
        { speaker: 0, text: 'The furnace runs all night.', startMs: 0, endMs: 61_500, chapter: 0 },
        { speaker: 0, text: 'Gather slowly.', startMs: 61_500, endMs: 125_250, chapter: 1 },
        { speaker: 0, text: 'Cool it for a day.', startMs: 125_250, endMs: 200_000, chapter: 2 },
      ],
    });
  });
  afterAll(() => t.close());

  it('lists chapters in order as Chapter objects', async () => {
    const res = await get(`/v1/episodes/${ep.slug}/chapters`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({
      data: [
        {
          id: ep.chapters[0],
          ordinal: 1,
          title: 'The furnace',
          startMs: 0,
          endMs: 61_500,
          firstSegmentId: ep.segments[0],
        },
        expect.objectContaining({ ordinal: 2, title: 'Gathering glass', firstSegmentId: ep.segments[1] }),
        expect.objectContaining({ ordinal: 3, title: 'Annealing', startMs: 125_250, endMs: 200_000 }),
      ],
      page: { nextCursor: null, limit: 100 },
    });
  });

  it('pages through chapters without gaps or repeats', async () => {
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const body: { data: { title: string }[]; page: { nextCursor: string | null } } = (
        await get(`/v1/episodes/${ep.id}/chapters?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      titles.push(...body.data.map((c: { title: string }) => c.title));
      cursor = body.page.nextCursor;
    } while (cursor);
    expect(titles).toEqual(['The furnace', 'Gathering glass', 'Annealing']);
  });

  const PODCAST = {
    version: '1.2.0',
    chapters: [
      { startTime: 0, endTime: 61.5, title: 'The furnace' },
      { startTime: 61.5, endTime: 125.25, title: 'Gathering glass' },
      { startTime: 125.25, endTime: 200, title: 'Annealing' },
    ],
  };

  it('serves Podcasting 2.0 JSON chapters with format=podcast-json, as application/json+chapters', async () => {
    const res = await get(`/v1/episodes/${ep.id}/chapters?format=podcast-json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json+chapters; charset=utf-8');
    expect(res.json()).toEqual(PODCAST);
  });

  it('serves Podcasting 2.0 JSON chapters to Accept: application/json+chapters', async () => {
    const res = await get(`/v1/episodes/${ep.id}/chapters`, { accept: 'application/json+chapters' });
    expect(res.headers['content-type']).toBe('application/json+chapters; charset=utf-8');
    expect(res.json()).toEqual(PODCAST);
    expect(res.headers.vary).toMatch(/Accept/);
  });

  it('serves the chapters parsed from an ingested transcript’s chapter table', async () => {
    const result = await ingestFixture(ingestService(t.database), 'night-market-lanterns.txt');
    const res = await get(`/v1/episodes/${result.episode.id}/chapters?format=podcast-json`);
    expect(
      res.json().chapters.map((c: { startTime: number; title: string }) => [c.startTime, c.title]),
    ).toEqual([
      [0, 'Opening and introductions'],
      [30, 'Where lantern festivals come from'],
      [60, 'Folding your first lantern'],
    ]);
  });

  it('answers an episode without chapters with an empty list', async () => {
    const bare = await insertEpisode(t.database.db.prisma, { title: 'No chapters here' });
    expect((await get(`/v1/episodes/${bare.id}/chapters`)).json().data).toEqual([]);
    expect((await get(`/v1/episodes/${bare.id}/chapters?format=podcast-json`)).json()).toEqual({
      version: '1.2.0',
      chapters: [],
    });
  });

  it.each([
    ['an unknown format', 'format=mp4', 'query.format'],
    ['paging the Podcasting 2.0 document', 'format=podcast-json&limit=1', 'query.limit'],
    ['a limit over the maximum', 'limit=501', 'query.limit'],
    ['a malformed cursor', 'cursor=bm9wZQ', 'query.cursor'],
    ['an unknown parameter', 'lang=de', 'query'],
  ])('answers %s with a 400 naming the field', async (_what, query, field) => {
    const res = await get(`/v1/episodes/${ep.id}/chapters?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers an Accept header it cannot satisfy with a 406', async () => {
    expect((await get(`/v1/episodes/${ep.id}/chapters`, { accept: 'text/html' })).statusCode).toBe(406);
  });

  it('answers an unknown episode with a 404', async () => {
    expect((await get('/v1/episodes/nothing/chapters')).statusCode).toBe(404);
  });

  it('answers a repeated request with If-None-Match with 304', async () => {
    const first = await get(`/v1/episodes/${ep.id}/chapters?format=podcast-json`);
    const again = await get(`/v1/episodes/${ep.id}/chapters?format=podcast-json`, {
      'if-none-match': first.headers.etag!,
    });
    expect(again.statusCode).toBe(304);
  });
});
