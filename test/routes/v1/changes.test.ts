import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IngestService } from '../../../src/ingest/ingest.service.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { smallTranscript } from '../../helpers/episodes.js';
import { ingestService } from '../../helpers/ingest.js';

interface ChangeJson {
  seq: string;
  type: string;
  episodeId: string;
  episodeSlug: string;
  occurredAt: string;
}

describe('GET /v1/changes', () => {
  let t: TestApp;
  let ingest: IngestService;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const feed = async (query = '') => {
    const res = await get(`/v1/changes?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { data: ChangeJson[]; page: { nextCursor: string | null }; resumeCursor: string };
  };
  let n = 0;
  const ingestOne = (name = `tide-${++n}.txt`, content = smallTranscript(n, 'May 3, 2024')) =>
    ingest.ingest({ name, content, trigger: 'cli' });

  beforeAll(async () => {
    t = await createTestApp();
    ingest = ingestService(t.database);
  });
  afterAll(() => t.close());

  it('records created and updated episodes in order, and starts at the beginning without since', async () => {
    const a = await ingestOne('estuary.txt', smallTranscript(100));
    const b = await ingestOne();
    await ingestOne('estuary.txt', smallTranscript(101));
    const body = await feed();
    expect(body.data.map((c) => [c.type, c.episodeId])).toEqual([
      ['created', a.episode.id],
      ['created', b.episode.id],
      ['updated', a.episode.id],
    ]);
    expect(body.data[0]).toEqual({
      seq: expect.stringMatching(/^\d+$/),
      type: 'created',
      episodeId: a.episode.id,
      episodeSlug: a.episode.slug,
      occurredAt: expect.any(String),
    });
    const seqs = body.data.map((c) => BigInt(c.seq));
    expect([...seqs].sort((x, y) => (x < y ? -1 : 1))).toEqual(seqs);
    expect(body.page.nextCursor).toBeNull();
  });

  it('pages without gaps or repeats while episodes keep changing, and resumes where it stopped', async () => {
    const before = (await feed('limit=1000')).data.map((c) => c.seq);
    const seen: ChangeJson[] = [];
    let cursor: string | null = null;
    let resume = '';
    let added = 0;
    do {
      const body = await feed(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.data);
      cursor = body.page.nextCursor;
      resume = body.resumeCursor;
      if (cursor && added < 3) {
        added++;
        await ingestOne();
      }
    } while (cursor);
    expect(added).toBeGreaterThan(0);
    const seqs = seen.map((c) => c.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.slice(0, before.length)).toEqual(before);
    expect(seqs.length).toBe(before.length + added);

    expect((await feed(`since=${resume}`)).data).toEqual([]);
    const later = await ingestOne();
    const next = await feed(`since=${resume}`);
    expect(next.data.map((c) => c.episodeId)).toEqual([later.episode.id]);
    expect((await feed(`since=${next.resumeCursor}`)).resumeCursor).toBe(next.resumeCursor);
  });

  it('takes an ISO date-time as since: the changes recorded at or after it', async () => {
    const all = (await feed('limit=1000')).data;
    const pivot = all[2]!;
    const body = await feed(`since=${pivot.occurredAt}&limit=1000`);
    expect(body.data[0]!.seq).toBe(pivot.seq);
    expect(body.data.length).toBe(all.length - 2);
    const future = await feed('since=2999-01-01T00:00:00Z');
    expect(future.data).toEqual([]);
    // Nothing is newer yet, so the next sync resumes after everything there is.
    const later = await ingestOne();
    expect((await feed(`since=${future.resumeCursor}`)).data.map((c) => c.episodeId)).toEqual([
      later.episode.id,
    ]);
  });

  it('serves deletions too', async () => {
    const gone = await ingestOne();
    await t.database.db.prisma.episodeChange.create({
      data: { episodeId: gone.episode.id, episodeSlug: gone.episode.slug, type: 'deleted' },
    });
    const last = (await feed('limit=1000')).data.at(-1)!;
    expect(last).toMatchObject({ type: 'deleted', episodeId: gone.episode.id });
  });

  it('never lets a reader skip a change that commits after a later-numbered one', async () => {
    const url = t.database.url;
    const a = new pg.Client({ connectionString: url });
    const b = new pg.Client({ connectionString: url });
    await a.connect();
    await b.connect();
    try {
      const { resumeCursor } = await feed();
      await a.query('BEGIN');
      await a.query(
        `INSERT INTO episode_changes (episode_id, episode_slug, type) VALUES ('ep_a', 'a', 'created')`,
      );
      const bPid = (await b.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await b.query('BEGIN');
      const bInsert = b.query(
        `INSERT INTO episode_changes (episode_id, episode_slug, type) VALUES ('ep_b', 'b', 'created') RETURNING seq`,
      );
      // b waits for a's lock, so it cannot take a number and commit ahead of a.
      for (;;) {
        const { rows } = await t.database.db.pool.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1`,
          [bPid],
        );
        if (rows.length) break;
      }
      expect((await feed(`since=${resumeCursor}`)).data).toEqual([]);
      await a.query('COMMIT');
      const bSeq = (await bInsert).rows[0].seq;
      // a is not this app's writer: the app learns of its commit by notification, and a read
      // in between may still be answered from the response cache.
      const afterA = await vi.waitFor(async () => {
        const page = await feed(`since=${resumeCursor}`);
        expect(page.data.map((c) => c.episodeId)).toEqual(['ep_a']);
        return page;
      });
      expect(BigInt(bSeq)).toBeGreaterThan(BigInt(afterA.data[0]!.seq));
      await b.query('COMMIT');
      expect((await feed(`since=${afterA.resumeCursor}`)).data.map((c) => c.episodeId)).toEqual(['ep_b']);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it.each([
    ['a since that is neither a time nor a cursor', 'since=last-tuesday', 'query.since'],
    ['both since and cursor', 'since=2024-01-01&cursor=abc', 'query.cursor'],
    ['a malformed cursor', 'cursor=abc', 'query.cursor'],
    [
      'a cursor whose sequence number is a word',
      `cursor=${Buffer.from(JSON.stringify(['changes', 'segments'])).toString('base64url')}`,
      'query.cursor',
    ],
    [
      'another listing’s cursor',
      `cursor=${Buffer.from(JSON.stringify([0, 'segments'])).toString('base64url')}`,
      'query.cursor',
    ],
    ['a limit over the maximum', 'limit=1001', 'query.limit'],
    ['an unknown parameter', 'type=deleted', 'query'],
  ])('answers %s with a 400 naming the field', async (_what, query, field) => {
    const res = await get(`/v1/changes?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('says what since may be when it is neither', async () => {
    const res = await get('/v1/changes?since=yesterday');
    expect(res.json().errors).toEqual([
      {
        field: 'query.since',
        message: expect.stringMatching(/ISO 8601 date or date-time .* or the resumeCursor/),
      },
    ]);
  });

  it('answers a repeated request with If-None-Match with 304', async () => {
    const one = await get('/v1/changes?limit=5');
    expect((await get('/v1/changes?limit=5', { 'if-none-match': one.headers.etag! })).statusCode).toBe(304);
  });
});
