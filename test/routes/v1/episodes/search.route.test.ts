import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHitDto, SearchResultsDto } from '../../../../src/modules/search/search.schemas.js';
import { chartRoomDraft, CHART_ROOM_SOURCE } from '../../../fixtures/search/chart-room.draft.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { ingestFiles, NO_LOAD_SHEDDING, SEARCH_FIXTURES, storeDraft } from '../../../helpers/search.js';

describe('GET /v1/episodes/{idOrSlug}/search', () => {
  let t: TestApp;
  let chartRoom: { id: string; slug: string };
  let keepers: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp(NO_LOAD_SHEDDING);
    chartRoom = await storeDraft(t.database, chartRoomDraft(), CHART_ROOM_SOURCE);
    keepers = (await ingestFiles(t.database, [path.join(SEARCH_FIXTURES, 'tidewater-keepers.txt')]))[
      'tidewater-keepers.txt'
    ]!;
  }, 60_000);
  afterAll(() => t.close());

  async function search(episode: string, params: Record<string, string | number>) {
    const query = new URLSearchParams(
      Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
    );
    return t.app.inject({ url: `/v1/episodes/${episode}/search?${query.toString()}` });
  }

  async function ok(episode: string, params: Record<string, string | number>): Promise<SearchResultsDto> {
    const res = await search(episode, params);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function ordinals(ids: string[]): Promise<Map<string, number>> {
    const { rows } = await t.database.db.pool.query<{ id: string; ordinal: number }>(
      'SELECT id, ordinal FROM segments WHERE id = ANY($1)',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.ordinal]));
  }

  it('returns the hits of one episode in transcript order, each quote right after its segment', async () => {
    const r = await ok(chartRoom.slug, { q: 'charts' });
    expect(r.data.length).toBeGreaterThan(4);
    expect(new Set(r.data.map((h) => h.episodeId))).toEqual(new Set([chartRoom.id]));
    expect(r.query.episode).toMatchObject({ id: chartRoom.id, slug: chartRoom.slug });
    const position = await ordinals(r.data.map((h) => h.segmentId!));
    const keys = r.data.map((h) => [position.get(h.segmentId!)!, h.kind === 'segment' ? 0 : 1]);
    const sorted = [...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    expect(keys).toEqual(sorted);
    const quote = r.data.findIndex((h) => h.kind === 'quote');
    expect(r.data[quote - 1]).toMatchObject({ kind: 'segment', id: r.data[quote]!.segmentId });
  });

  it('finds the episode by id as well as slug, and the same hits either way', async () => {
    const bySlug = await ok(chartRoom.slug, { q: 'compass' });
    const byId = await ok(chartRoom.id, { q: 'compass' });
    expect(byId.data).toEqual(bySlug.data);
  });

  it('pages in transcript order without repeats or gaps', async () => {
    const whole = await ok(chartRoom.slug, { q: 'charts or compass', limit: 50 });
    const paged: SearchHitDto[] = [];
    let cursor: string | null = null;
    do {
      const page: SearchResultsDto = await ok(chartRoom.slug, {
        q: 'charts or compass',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      paged.push(...page.data);
      cursor = page.page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole.data);
  });

  it('applies the person and kind filters inside the episode', async () => {
    const host = await ok(chartRoom.slug, { q: 'charts', person: 'Oluwaseun Adebayo' });
    expect(host.data.length).toBeGreaterThan(0);
    expect(new Set(host.data.map((h) => h.speaker?.name))).toEqual(new Set(['Oluwaseun Adébáyọ̀']));
    const quotes = await ok(chartRoom.slug, { q: 'charts', kind: 'quote' });
    expect(quotes.data.length).toBe(2);
    expect(quotes.data.every((h) => h.kind === 'quote')).toBe(true);
  });

  it('corrects a misspelled word inside the episode too', async () => {
    const r = await ok(keepers.slug, { q: 'logbok' });
    expect(r.didYouMean).toBe('logbook');
    expect(r.data.length).toBeGreaterThan(0);
  });

  it('does not return hits of other episodes', async () => {
    const r = await ok(keepers.slug, { q: 'charts' });
    expect(r.data).toEqual([]);
  });

  it('answers 404 for an unknown episode and 400 for a bad query', async () => {
    expect((await search('no-such-episode', { q: 'charts' })).statusCode).toBe(404);
    expect((await search(chartRoom.slug, { q: '' })).statusCode).toBe(400);
    expect((await search(chartRoom.slug, { q: 'charts', episode: chartRoom.id })).statusCode).toBe(400);
  });
});
