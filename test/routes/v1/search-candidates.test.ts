import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHitDto, SearchResultsDto } from '../../../src/modules/search/search.schemas.js';
import { chartRoomDraft } from '../../fixtures/search/chart-room.draft.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { NO_LOAD_SHEDDING, storeDraft } from '../../helpers/search.js';

const CAP = 100;

describe('GET /v1/search over a query that matches very many texts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...NO_LOAD_SHEDDING, SEARCH_MAX_CANDIDATES: String(CAP) });
    const draft = chartRoomDraft();
    const template = draft.segments[1]!;
    draft.segments = Array.from({ length: CAP + 30 }, (_, i) => ({
      ...template,
      text: `The beacon log, entry ${i + 1}.`,
      startMs: i * 1000,
      endMs: i * 1000 + 1000,
      chapter: null,
    }));
    draft.chapters = [];
    draft.quotes = [];
    draft.topics = [];
    await storeDraft(t.database, draft, 'beacon-log.json');
  }, 60_000);
  afterAll(() => t.close());

  async function page(params: Record<string, string>): Promise<SearchResultsDto> {
    const res = await t.app.inject({ url: `/v1/search?${new URLSearchParams(params).toString()}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('ranks the configured number of newest matches, and pages through equal scores without repeats', async () => {
    const hits: SearchHitDto[] = [];
    let cursor: string | null = null;
    do {
      const r: SearchResultsDto = await page({ q: 'beacon', limit: '7', ...(cursor ? { cursor } : {}) });
      hits.push(...r.data);
      cursor = r.page.nextCursor;
    } while (cursor);
    expect(hits).toHaveLength(CAP);
    expect(new Set(hits.map((h) => h.id)).size).toBe(CAP);
    const { rows } = await t.database.db.pool.query<{ id: string }>(
      `SELECT id FROM segments WHERE text LIKE 'The beacon log%' ORDER BY id DESC LIMIT $1`,
      [CAP],
    );
    expect(new Set(hits.map((h) => h.id))).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('still finds everything a narrower query matches', async () => {
    const r = await page({ q: 'beacon "entry 7"', limit: '50' });
    expect(r.data.map((h) => h.snippet)).toEqual([
      'The <mark>beacon</mark> log, <mark>entry</mark> <mark>7</mark>',
    ]);
  });

  it('says on every page when the cap left older matches unranked, and not when it did not', async () => {
    const first = await page({ q: 'beacon', limit: '7' });
    expect(first.page.candidatesCapped).toBe(true);
    const second = await page({ q: 'beacon', limit: '7', cursor: first.page.nextCursor! });
    expect(second.page.candidatesCapped).toBe(true);
    expect((await page({ q: 'beacon "entry 7"' })).page.candidatesCapped).toBe(false);
  });
});
