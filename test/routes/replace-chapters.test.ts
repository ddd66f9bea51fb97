import Fastify, { type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import replaceChaptersRoute from '../../src/routes/v1/episodes/replace-chapters.route.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { fixture } from '../helpers/formats.js';
import { episodeRowCounts, ingestService } from '../helpers/ingest.js';
import { apiKey, bearer } from '../helpers/keys.js';

// A seed-format transcript with a quote, so that quotes are re-linked too.
const WITH_QUOTE = `A
Welcome to Tidewater, I'm Sol Brandt. Today we talk about harbours.
B
Thanks Sol. Harbours shaped every town on this coast, and they still do.
A
What about the old docks?
B
The old docks are flats now, but the cranes are still there as monuments.
Guest: Ottilie Sand, Historian
Host: Sol Brandt
Quote:
“The old docks are flats now”
— Ottilie Sand ([00:20])
`;

describe('PUT /v1/episodes/{idOrSlug}/chapters', () => {
  let t: TestApp;
  let vttEpisode: { id: string; slug: string };
  let quoteEpisode: { id: string; slug: string };
  let ingestKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    ingestKey = await apiKey(t.app, ['ingest']);
    const ingest = ingestService(t.database);
    vttEpisode = (
      await ingest.ingest({ name: 'garden.vtt', content: fixture('garden-hour.vtt'), trigger: 'cli' })
    ).episode;
    quoteEpisode = (
      await ingest.ingest({ name: 'tidewater.txt', content: Buffer.from(WITH_QUOTE), trigger: 'cli' })
    ).episode;
  });
  afterAll(() => t.close());

  const put = (idOrSlug: string, body: unknown, contentType = 'application/json') =>
    t.app.inject({
      method: 'PUT',
      url: `/v1/episodes/${idOrSlug}/chapters`,
      headers: { ...bearer(ingestKey), 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function segmentChapters(episodeId: string) {
    const { rows } = await t.database.db.pool.query<{ title: string | null }>(
      `SELECT c.title FROM segments s LEFT JOIN chapters c ON c.id = s.chapter_id
        WHERE s.episode_id = $1 ORDER BY s.ordinal`,
      [episodeId],
    );
    return rows.map((r) => r.title);
  }

  it('replaces the chapters, answers with them, and re-links every segment by time', async () => {
    const res = await put(vttEpisode.slug, {
      version: '1.2.0',
      chapters: [
        { startTime: 0, title: 'Hello' },
        { startTime: 22, title: 'Rooftops', url: 'https://example.org/rooftops' },
        { startTime: 52.4, endTime: 62.5, title: 'Worms' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.warnings).toEqual([]);
    expect(body.data.map((c: Record<string, unknown>) => [c.ordinal, c.title, c.startMs, c.endMs])).toEqual([
      [1, 'Hello', 0, 22_000],
      [2, 'Rooftops', 22_000, 52_400],
      [3, 'Worms', 52_400, 62_500],
    ]);
    expect(Object.keys(body.data[0]).sort()).toEqual([
      'endMs',
      'firstSegmentId',
      'id',
      'ordinal',
      'startMs',
      'title',
    ]);
    const first = await t.database.db.pool.query(
      `SELECT id FROM segments WHERE episode_id = $1 AND ordinal = 4`,
      [vttEpisode.id],
    );
    expect(body.data[1].firstSegmentId).toBe(first.rows[0].id);
    expect(await segmentChapters(vttEpisode.id)).toEqual([
      'Hello',
      'Hello',
      'Hello',
      'Rooftops',
      'Rooftops',
      'Rooftops',
      'Rooftops',
      'Rooftops',
      'Rooftops',
      'Worms',
      'Worms',
    ]);
  });

  it('records the change in the change feed', async () => {
    const before = await t.database.db.pool.query(
      `SELECT count(*)::int AS n FROM episode_changes WHERE episode_id = $1 AND type = 'updated'`,
      [vttEpisode.id],
    );
    expect(
      (await put(vttEpisode.id, { version: '1.2.0', chapters: [{ startTime: 0, title: 'All' }] })).statusCode,
    ).toBe(200);
    const after = await t.database.db.pool.query(
      `SELECT count(*)::int AS n, max(episode_slug) AS slug FROM episode_changes WHERE episode_id = $1 AND type = 'updated'`,
      [vttEpisode.id],
    );
    expect(after.rows[0]).toEqual({ n: before.rows[0].n + 1, slug: vttEpisode.slug });
  });

  it('accepts the Podcasting 2.0 media type application/json+chapters and repairs the order, with warnings', async () => {
    const res = await put(
      vttEpisode.id,
      JSON.stringify({
        version: '1.2.0',
        chapters: [
          { startTime: 30, title: 'Later' },
          { startTime: 0, title: 'Sooner' },
          { startTime: 10, title: 'Artwork only', toc: false },
        ],
      }),
      'application/json+chapters',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((c: { title: string }) => c.title)).toEqual(['Sooner', 'Later']);
    expect(
      res
        .json()
        .warnings.map((w: { code: string }) => w.code)
        .sort(),
    ).toEqual(['chapters-reordered', 'silent-chapters-skipped']);
  });

  it('re-links quotes to the chapter their time falls in', async () => {
    const res = await put(quoteEpisode.slug, {
      version: '1.2.0',
      chapters: [
        // The quote is aligned to the last turn, whose start is estimated at about 11 s.
        { startTime: 0, title: 'Arrivals' },
        { startTime: 10, title: 'Docks' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const { rows } = await t.database.db.pool.query(
      `SELECT c.title FROM quotes q JOIN chapters c ON c.id = q.chapter_id WHERE q.episode_id = $1`,
      [quoteEpisode.id],
    );
    expect(rows).toEqual([{ title: 'Docks' }]);
  });

  it('removes every chapter when sent an empty list', async () => {
    const res = await put(quoteEpisode.id, { version: '1.2.0', chapters: [] });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual([]);
    expect(new Set(await segmentChapters(quoteEpisode.id))).toEqual(new Set([null]));
  });

  it.each([
    [
      'chapters of the wrong shape',
      { version: '1.2.0', chapters: [{ startTime: 'soon', title: 'A' }] },
      400,
      'validation',
      /body\.chapters\.0\.startTime/,
    ],
    ['a body that is not JSON', '{ "chapters": [', 400, 'malformed-body', /JSON/],
    [
      'a chapter that ends before it starts',
      { version: '1.2.0', chapters: [{ startTime: 40, endTime: 20, title: 'Backwards' }] },
      422,
      'ingest/invalid-chapters',
      /chapters\[0\]: endTime \(20 s\) is before startTime \(40 s\)/,
    ],
  ])('refuses %s and changes nothing', async (_what, body, status, type, detail) => {
    const before = await episodeRowCounts(t.database);
    const chaptersBefore = await t.database.db.pool.query(`SELECT * FROM chapters ORDER BY id`);
    const res = await put(vttEpisode.id, body);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().type).toBe(`https://castindex.dev/problems/${type}`);
    expect(res.json().detail).toMatch(detail);
    expect(await episodeRowCounts(t.database)).toEqual(before);
    expect((await t.database.db.pool.query(`SELECT * FROM chapters ORDER BY id`)).rows).toEqual(
      chaptersBefore.rows,
    );
  });

  it('answers 404 for an episode that does not exist', async () => {
    const res = await put('ep_nope', { version: '1.2.0', chapters: [] });
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toBe('https://castindex.dev/problems/not-found');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await put(vttEpisode.id, '<chapters/>', 'application/xml');
    expect(res.statusCode).toBe(415);
    expect(res.json().type).toBe('https://castindex.dev/problems/unsupported-media-type');
  });
});

describe('the chapters route declaration', () => {
  it('requires the ingest scope and is never cached', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    const routes: RouteOptions[] = [];
    app.addHook('onRoute', (route) => void routes.push(route));
    await app.register(replaceChaptersRoute);
    await app.ready();
    const put = routes.find((r) => r.method === 'PUT');
    expect(put?.url).toBe('/episodes/:idOrSlug/chapters');
    expect(put?.config).toMatchObject({ scope: 'ingest', cache: 'no-store' });
    await app.close();
  });
});
