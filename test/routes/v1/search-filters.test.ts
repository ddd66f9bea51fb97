import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResultsDto } from '../../../src/modules/search/search.schemas.js';
import { chartRoomDraft } from '../../fixtures/search/chart-room.draft.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { NO_LOAD_SHEDDING, storeDraft } from '../../helpers/search.js';

// A person or topic filter may name its target loosely, but a name that fits several is
// refused with the candidates, never resolved to whichever sorted first.

describe('GET /v1/search with a person or topic named ambiguously', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(NO_LOAD_SHEDDING);
    await storeDraft(t.database, chartRoomDraft(), 'chart-room.json');
    // A second episode: another Vogt, and a topic named like one of the first's.
    const other = chartRoomDraft();
    other.title = 'Reading the tides';
    other.people[1] = { ...other.people[1]!, name: 'Klaus Vogt' };
    other.topics[1] = { ...other.topics[1]!, slug: 'compass-roses', name: 'Compass roses' };
    await storeDraft(t.database, other, 'chart-room-2.json');
  }, 60_000);
  afterAll(() => t.close());

  async function get(params: Record<string, string>) {
    return t.app.inject({ url: `/v1/search?${new URLSearchParams(params).toString()}` });
  }

  it('answers 400 listing the people a name fits equally well', async () => {
    const res = await get({ q: 'charts', person: 'vogt' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.errors).toEqual([{ field: 'query.person', message: expect.stringContaining('Klaus Vogt') }]);
    expect(body.errors[0].message).toContain('Henrike Vogt');
    expect(body.candidates.map((c: { slug: string }) => c.slug).sort()).toEqual([
      'henrike-vogt',
      'klaus-vogt',
    ]);
  });

  it('answers 400 listing the topics a name fits equally well', async () => {
    const res = await get({ q: 'charts', topic: 'compass' });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .candidates.map((c: { slug: string }) => c.slug)
        .sort(),
    ).toEqual(['compass-rose', 'compass-roses']);
  });

  it('searches for the one meant when the name, slug or a closer spelling tells them apart', async () => {
    for (const [field, value, expected] of [
      ['person', 'Klaus Vogt', 'Klaus Vogt'],
      ['person', 'henrike-vogt', 'Henrike Vogt'],
      ['person', 'Henrike Fogt', 'Henrike Vogt'],
      ['topic', 'Compass rose', 'Compass rose'],
      ['topic', 'compass-roses', 'Compass roses'],
    ] as const) {
      const res = await get({ q: 'charts', [field]: value });
      expect(res.statusCode, `${field}=${value}: ${res.body}`).toBe(200);
      expect((res.json() as SearchResultsDto).query[field]?.name).toBe(expected);
    }
  });
});
