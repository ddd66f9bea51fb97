import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHitDto, SearchResultsDto } from '../../../src/modules/search/search.schemas.js';
import { chartRoomDraft, CHART_ROOM_SOURCE } from '../../fixtures/search/chart-room.draft.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { ingestFiles, NO_LOAD_SHEDDING, SEARCH_FIXTURES, SEED, storeDraft } from '../../helpers/search.js';

const BASE_URL = 'https://casts.example.org';

describe('GET /v1/search', () => {
  let t: TestApp;
  let keepers: { id: string; slug: string };
  let orchard: { id: string; slug: string };
  let chartRoom: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp({ ...NO_LOAD_SHEDDING, PUBLIC_BASE_URL: BASE_URL });
    const files = await ingestFiles(t.database, [
      SEED,
      path.join(SEARCH_FIXTURES, 'tidewater-keepers.txt'),
      path.join(SEARCH_FIXTURES, 'orchard-hours.txt'),
    ]);
    keepers = files['tidewater-keepers.txt']!;
    orchard = files['orchard-hours.txt']!;
    chartRoom = await storeDraft(t.database, chartRoomDraft(), CHART_ROOM_SOURCE);
  }, 60_000);
  afterAll(() => t.close());

  async function search(params: Record<string, string | number>): Promise<SearchResultsDto> {
    const query = new URLSearchParams(
      Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const res = await t.app.inject({ url: `/v1/search?${query.toString()}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function problem(params: Record<string, string>) {
    const res = await t.app.inject({ url: `/v1/search?${new URLSearchParams(params).toString()}` });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return { status: res.statusCode, body: res.json() as { detail: string; type: string } };
  }

  const text = (hit: SearchHitDto) => hit.snippet.replace(/<\/?mark>/g, '');
  const marked = (hit: SearchHitDto) => [...hit.snippet.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]);
  const episodesOf = (r: SearchResultsDto) => new Set(r.data.map((h) => h.episodeId));

  describe('matching', () => {
    it('finds an exact word and ranks the segment that says it first', async () => {
      const r = await search({ q: 'logbooks' });
      expect(r.data.length).toBeGreaterThan(0);
      expect(r.data[0]!.episodeId).toBe(keepers.id);
      expect(marked(r.data[0]!)).toContain('logbooks');
    });

    it('finds other forms of a word through stemming ("calculating" finds "calculation")', async () => {
      const r = await search({ q: 'calculating', limit: 50 });
      const forms = new Set(r.data.flatMap(marked).map((w) => w!.toLowerCase()));
      expect(forms).toContain('calculation');
      expect(forms).toContain('calculating');
      expect(episodesOf(r)).toContain(keepers.id);
      expect(episodesOf(r)).toContain(orchard.id);
    });

    it('matches a quoted phrase only where its words are adjacent', async () => {
      const loose = await search({ q: 'fog signal', limit: 50 });
      const phrase = await search({ q: '"fog signal"', limit: 50 });
      expect(phrase.data.length).toBeGreaterThan(0);
      expect(phrase.data.length).toBeLessThan(loose.data.length);
      for (const hit of phrase.data) expect(text(hit).toLowerCase()).toContain('fog signal');
      expect(loose.data.some((h) => /rockets meant to signal/.test(text(h)))).toBe(true);
    });

    it('leaves out hits containing an excluded word', async () => {
      const all = await search({ q: 'lighthouse', limit: 50 });
      const without = await search({ q: 'lighthouse -pear', limit: 50 });
      expect(all.data.some((h) => /pear/i.test(text(h)))).toBe(true);
      expect(without.data.length).toBe(all.data.length - 1);
      expect(without.data.some((h) => /pear/i.test(text(h)))).toBe(false);
    });

    it('matches either alternative with "or"', async () => {
      const r = await search({ q: 'blossoms or engravers', limit: 50 });
      expect(episodesOf(r)).toEqual(new Set([orchard.id, chartRoom.id]));
      for (const hit of r.data) expect(text(hit)).toMatch(/blossoms|engravers/);
    });

    it('finds accented words with or without their accents', async () => {
      for (const q of ['Gödel', 'Godel', 'Rafał', 'Rafal']) {
        const r = await search({ q });
        expect(r.data[0]?.episodeId, q).toBe(keepers.id);
        expect(
          marked(r.data[0]!).some((w) => /^(Gödel|Rafał)$/.test(w!)),
          q,
        ).toBe(true);
      }
    });
  });

  describe('typo tolerance', () => {
    it('corrects a misspelled word, searches the correction and says so in didYouMean', async () => {
      const r = await search({ q: 'lanturn' });
      expect(r.didYouMean).toBe('lantern');
      expect(r.query).toMatchObject({ q: 'lanturn', searched: 'lantern' });
      expect(r.data.length).toBeGreaterThan(0);
      expect(marked(r.data[0]!)).toContain('lantern');
    });

    it('corrects only the misspelled word of a phrase and keeps the syntax', async () => {
      const r = await search({ q: '"lanturn glass"' });
      expect(r.didYouMean).toBe('"lantern glass"');
      expect(r.data.length).toBe(1);
    });

    it('does not correct a query that found what it asked for', async () => {
      const r = await search({ q: 'calculating' });
      expect(r.didYouMean).toBeUndefined();
      expect(r.query.searched).toBe('calculating');
    });

    it('pages a corrected search with the correction', async () => {
      const first = await search({ q: 'harbur', limit: 1 });
      expect(first.didYouMean).toBe('harbour');
      const second = await search({ q: 'harbur', limit: 1, cursor: first.page.nextCursor! });
      expect(second.didYouMean).toBe('harbour');
      expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
      expect(marked(second.data[0]!)).toContain('harbour');
    });
  });

  describe('ranking', () => {
    it('ranks a quote above the segment it was taken from', async () => {
      const r = await search({ q: 'paper charts survive' });
      expect(r.data[0]).toMatchObject({ kind: 'quote', episodeId: chartRoom.id });
      expect(r.data[1]).toMatchObject({ kind: 'segment', id: r.data[0]!.segmentId });
    });

    it('ranks a dense match above a long turn where the words are far apart', async () => {
      const r = await search({ q: 'tidal charts', limit: 50 });
      const dense = r.data.findIndex((h) => text(h) === 'Tidal charts matter');
      const sparse = r.data.findIndex((h) => text(h).startsWith('Tidal work starts'));
      expect(dense).toBeGreaterThanOrEqual(0);
      expect(sparse).toBeGreaterThan(dense);
      expect(r.data[dense]!.score).toBeGreaterThan(r.data[sparse]!.score);
    });
  });

  describe('snippets', () => {
    it('escapes markup from the transcript and marks only the matches', async () => {
      const r = await search({ q: 'injected' });
      const snippet = r.data[0]!.snippet;
      expect(marked(r.data[0]!)).toEqual(['injected']);
      expect(snippet).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(snippet).not.toMatch(/<(?!\/?mark>)/);
      const tags = await search({ q: 'incompleteness' });
      expect(tags.data[0]!.snippet).toContain('<mark>incompleteness</mark>');
      expect(tags.data[0]!.snippet).not.toMatch(/<(?!\/?mark>)/);
    });
  });

  describe('deep links', () => {
    it('gives a segment hit its episode, segment, chapter, start time and speaker', async () => {
      const r = await search({ q: '"compass rose"', kind: 'segment', limit: 50 });
      const { rows } = await t.database.db.pool.query<{ id: string; start_ms: number; chapter_id: string }>(
        `SELECT s.id, s.start_ms, s.chapter_id FROM segments s WHERE s.episode_id = $1 AND s.text ILIKE '%compass rose%'`,
        [chartRoom.id],
      );
      expect(r.data.map((h) => h.id).sort()).toEqual(rows.map((row) => row.id).sort());
      for (const hit of r.data) {
        const row = rows.find((x) => x.id === hit.id)!;
        expect(hit).toMatchObject({
          kind: 'segment',
          episodeId: chartRoom.id,
          segmentId: hit.id,
          quoteId: null,
          chapterId: row.chapter_id,
          startMs: row.start_ms,
          episode: { id: chartRoom.id, slug: chartRoom.slug, title: 'Drawing the tides' },
          url: `${BASE_URL}/v1/episodes/${chartRoom.slug}#t=${row.start_ms / 1000}`,
        });
        expect(hit.speaker?.name).toMatch(/^(Henrike Vogt|Oluwaseun Adébáyọ̀)$/);
      }
    });

    it('ties a quote hit to the segment it was aligned to and the moment it starts', async () => {
      const r = await search({ q: 'decoration', kind: 'quote' });
      const { rows } = await t.database.db.pool.query<{ id: string; segment_id: string; start_ms: number }>(
        `SELECT id, segment_id, start_ms FROM quotes WHERE episode_id = $1 AND text ILIKE '%decoration%'`,
        [chartRoom.id],
      );
      expect(r.data).toHaveLength(1);
      expect(r.data[0]).toMatchObject({
        kind: 'quote',
        id: rows[0]!.id,
        quoteId: rows[0]!.id,
        segmentId: rows[0]!.segment_id,
        startMs: 260_500,
        url: `${BASE_URL}/v1/episodes/${chartRoom.slug}#t=260.5`,
        // Unattributed in the summary: the speaker of its segment.
        speaker: { name: 'Henrike Vogt' },
      });
    });
  });

  describe('filters', () => {
    it('narrows to one episode by id or slug', async () => {
      const all = await search({ q: 'lighthouse', limit: 50 });
      expect(episodesOf(all).size).toBeGreaterThan(1);
      for (const episode of [orchard.id, orchard.slug]) {
        const r = await search({ q: 'lighthouse', episode, limit: 50 });
        expect(episodesOf(r)).toEqual(new Set([orchard.id]));
        expect(r.query.episode).toMatchObject({ id: orchard.id, slug: orchard.slug });
      }
    });

    it('narrows to what one person said, found by id, slug or a misspelled name', async () => {
      const all = await search({ q: 'charts', limit: 50 });
      const speakers = new Set(all.data.map((h) => h.speaker?.name));
      expect(speakers).toContain('Henrike Vogt');
      expect(speakers).toContain('Oluwaseun Adébáyọ̀');
      for (const person of ['henrike-vogt', 'Henrike Fogt', 'vogt']) {
        const r = await search({ q: 'charts', person, limit: 50 });
        expect(r.query.person?.name, person).toBe('Henrike Vogt');
        expect(r.data.length).toBeGreaterThan(0);
        expect(new Set(r.data.map((h) => h.speaker?.name))).toEqual(new Set(['Henrike Vogt']));
      }
      const host = await search({ q: 'charts', person: 'Adebayo', limit: 50 });
      expect(host.query.person?.name).toBe('Oluwaseun Adébáyọ̀');
      expect(new Set(host.data.map((h) => h.speaker?.name))).toEqual(new Set(['Oluwaseun Adébáyọ̀']));
    });

    it('narrows to a topic by slug or name', async () => {
      const all = await search({ q: 'charts', limit: 50 });
      for (const topic of ['compass-rose', 'Compas rose']) {
        const r = await search({ q: 'charts', topic, limit: 50 });
        expect(r.query.topic).toEqual({ slug: 'compass-rose', name: 'Compass rose' });
        expect(r.data.length).toBeGreaterThan(0);
        expect(r.data.length).toBeLessThan(all.data.length);
        for (const hit of r.data) expect(text(hit)).toMatch(/compass rose/i);
      }
    });

    it('narrows to segments or to quotes', async () => {
      const segments = await search({ q: 'calculating', kind: 'segment', limit: 50 });
      const quotes = await search({ q: 'calculating', kind: 'quote', limit: 50 });
      expect(segments.data.length).toBeGreaterThan(0);
      expect(quotes.data.length).toBeGreaterThan(0);
      expect(segments.data.every((h) => h.kind === 'segment')).toBe(true);
      expect(quotes.data.every((h) => h.kind === 'quote')).toBe(true);
    });

    it('narrows to episodes published in a date range, both bounds inclusive', async () => {
      const all = await search({ q: 'fog or charts', limit: 50 });
      for (const episode of [keepers, orchard, chartRoom]) expect(episodesOf(all)).toContain(episode.id);
      const march = await search({
        q: 'fog or charts',
        publishedFrom: '2025-03-02',
        publishedTo: '2025-03-02',
        limit: 50,
      });
      expect(episodesOf(march)).toEqual(new Set([keepers.id]));
      const later = await search({
        q: 'fog or charts',
        publishedFrom: '2025-03-03T00:00:00Z',
        publishedTo: '2025-12-31',
        limit: 50,
      });
      expect(episodesOf(later)).toEqual(new Set([orchard.id]));
      const earlier = await search({ q: 'fog or charts', publishedTo: '2025-03-01', limit: 50 });
      expect(episodesOf(earlier)).toEqual(new Set([chartRoom.id]));
    });

    it('answers 400 naming the filter when a filter names nothing that exists', async () => {
      for (const [field, value] of [
        ['episode', 'no-such-episode'],
        ['person', 'Zzyzx Qwvbn'],
        ['topic', 'xqzv-nothing'],
      ]) {
        const { status, body } = await problem({ q: 'fog', [field!]: value! });
        expect(status).toBe(400);
        expect(body).toMatchObject({ errors: [{ field: `query.${field}` }] });
      }
    });
  });

  describe('paging', () => {
    it('pages through the same hits as one big page, with no repeats or gaps', async () => {
      const q = 'charts or lighthouse or fog or calculating';
      const whole = await search({ q, limit: 50 });
      expect(whole.page.nextCursor).toBeNull();
      expect(whole.data.length).toBeGreaterThan(7);
      const paged: SearchHitDto[] = [];
      let cursor: string | null = null;
      do {
        const page: SearchResultsDto = await search({ q, limit: 3, ...(cursor ? { cursor } : {}) });
        expect(page.data.length).toBeLessThanOrEqual(3);
        paged.push(...page.data);
        cursor = page.page.nextCursor;
      } while (cursor);
      expect(paged.map((h) => h.id)).toEqual(whole.data.map((h) => h.id));
      expect(paged).toEqual(whole.data);
    });

    it('refuses a cursor from another search, or a malformed one', async () => {
      const first = await search({ q: 'charts', limit: 1 });
      const other = await problem({ q: 'fog', limit: '1', cursor: first.page.nextCursor! });
      expect(other.status).toBe(400);
      expect(other.body.detail).toMatch(/another search/);
      expect((await problem({ q: 'fog', cursor: 'not-a-cursor' })).status).toBe(400);
    });
  });

  describe('bounds', () => {
    it('answers 400 for a missing, empty, blank or over-long query', async () => {
      expect((await problem({})).status).toBe(400);
      expect((await problem({ q: '' })).status).toBe(400);
      expect((await problem({ q: '   ' })).status).toBe(400);
      const long = await problem({ q: 'a'.repeat(201) });
      expect(long.status).toBe(400);
      expect(long.body.detail).toMatch(/200/);
      expect((await search({ q: ` ${'fog '.repeat(49)}fog ` })).query.q).toBe(`${'fog '.repeat(49)}fog`);
    });

    it('answers 400 for a query with nothing to look for', async () => {
      for (const q of ['the', '!!!', '-fog', '-"fog signal"']) {
        const p = await problem({ q });
        expect(p.status, q).toBe(400);
        expect(p.body.detail, q).toMatch(/nothing to search for/);
      }
    });

    it('answers 400 for an unknown parameter, a bad kind, date or limit', async () => {
      const cases: Record<string, string>[] = [
        { q: 'fog', sort: 'date' },
        { q: 'fog', kind: 'chapter' },
        { q: 'fog', publishedFrom: 'yesterday' },
        { q: 'fog', limit: '51' },
        { q: 'fog', limit: '0' },
      ];
      for (const params of cases) {
        expect((await problem(params)).status, JSON.stringify(params)).toBe(400);
      }
    });
  });
});
