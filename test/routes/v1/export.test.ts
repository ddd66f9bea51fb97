import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { countQueries, insertEpisode, type InsertedEpisode } from '../../helpers/episodes.js';

const lines = (body: string) =>
  body
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('GET /v1/export/quotes.ndjson and /v1/export/segments.ndjson', () => {
  let t: TestApp;
  let small: InsertedEpisode;
  let big: InsertedEpisode;
  const BIG = 1_234;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  beforeAll(async () => {
    t = await createTestApp();
    const prisma = t.database.db.prisma;
    small = await insertEpisode(prisma, {
      title: 'Orchard grafting',
      people: [{ name: 'Wilhelmina Ostrowska', role: 'host' }],
      segments: [
        { speaker: 0, text: 'Cut the scion on a slant.', startMs: 0, endMs: 3_000 },
        { speaker: 0, text: 'Bind it tight and wait for spring.', startMs: 3_000, endMs: 6_000 },
      ],
      quotes: [{ speaker: 0, text: 'Bind it tight and wait for spring.', segment: 1 }],
    });
    big = await insertEpisode(prisma, {
      title: 'A very long reading',
      people: [{ name: 'Long Reader', role: 'host' }],
    });
    await prisma.segment.createMany({
      data: Array.from({ length: BIG }, (_, i) => ({
        id: newId('seg'),
        episodeId: big.id,
        ordinal: i + 1,
        personId: big.people[0]!.id,
        label: 'A',
        text: `Line ${i + 1} of the long reading.`,
        wordCount: 6,
        startMs: i * 1000,
        endMs: (i + 1) * 1000,
        timing: 'estimated' as const,
        kind: 'interview' as const,
      })),
    });
    await prisma.quote.createMany({
      data: Array.from({ length: 700 }, (_, i) => ({
        id: newId('qt'),
        episodeId: big.id,
        ordinal: i + 1,
        personId: big.people[0]!.id,
        text: `Line ${i + 1} of the long reading.`,
        alignmentScore: 0,
      })),
    });
  });
  afterAll(() => t.close());

  it('streams every segment as NDJSON, in episode and transcript order, batch after batch', async () => {
    const { result: res, queries } = await countQueries(t.database.db.read.pool, () =>
      get('/v1/export/segments.ndjson'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-length']).toBeUndefined();
    const rows = lines(res.body);
    expect(rows).toHaveLength(BIG + 2);
    const keys = rows.map((r) => `${r.episodeId} ${String(r.ordinal).padStart(6, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    // Read in batches of a few hundred rows, never all at once.
    expect(queries).toBeGreaterThanOrEqual(Math.ceil((BIG + 2) / 500));
    const one = (await get(`/v1/episodes/${small.id}/segments?limit=1`)).json().data[0];
    expect(rows.find((r) => r.id === one.id)).toEqual(one);
  });

  it('streams every quote as a citable Quote object a line', async () => {
    const res = await get('/v1/export/quotes.ndjson');
    expect(res.statusCode).toBe(200);
    const rows = lines(res.body);
    expect(rows).toHaveLength(701);
    const single = (await get(`/v1/quotes/${small.quotes[0]}`)).json();
    expect(rows.find((r) => r.id === small.quotes[0])).toEqual(single);
  });

  it('exports one episode with episode=', async () => {
    const rows = lines((await get(`/v1/export/segments.ndjson?episode=${small.slug}`)).body);
    expect(rows.map((r) => r.text)).toEqual([
      'Cut the scion on a slant.',
      'Bind it tight and wait for spring.',
    ]);
  });

  it('compresses the stream for a client that accepts gzip', async () => {
    const res = await get(`/v1/export/quotes.ndjson?episode=${big.id}`, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(lines(gunzipSync(res.rawPayload).toString('utf8'))).toHaveLength(700);
  });

  it('answers If-None-Match with 304 until an episode changes', async () => {
    const url = `/v1/export/segments.ndjson?episode=${small.id}`;
    const first = await get(url);
    expect(first.headers.etag).toMatch(/^W\/"\d+"$/);
    expect(first.headers['cache-control']).toMatch(/^public/);
    const again = await get(url, { 'if-none-match': first.headers.etag! });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // A conditional HEAD reads no more than a conditional GET: the version, not a row.
    const queries = vi.spyOn(t.database.db.pool, 'query');
    try {
      const counted = async (method: 'GET' | 'HEAD') => {
        queries.mockClear();
        const res = await t.app.inject({
          method,
          url: '/v1/export/segments.ndjson',
          headers: { 'if-none-match': first.headers.etag! },
        });
        expect(res.statusCode).toBe(304);
        // A stream drained after the response would read its rows by now.
        await new Promise((resolve) => setTimeout(resolve, 300));
        return queries.mock.calls.length;
      };
      expect(await counted('HEAD')).toBe(await counted('GET'));
    } finally {
      queries.mockRestore();
    }
    await insertEpisode(t.database.db.prisma, { title: 'A change elsewhere' });
    const changed = await get(url, { 'if-none-match': first.headers.etag! });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  it.each([
    ['/v1/export/quotes.ndjson?episode=no-such-episode', 'query.episode'],
    ['/v1/export/segments.ndjson?episode=no-such-episode', 'query.episode'],
    ['/v1/export/segments.ndjson?since=2024-01-01', 'query'],
  ])('answers %s with a 400 before streaming anything', async (url, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
