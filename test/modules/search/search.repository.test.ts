import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidatePlan } from '../../../src/modules/search/search.plan.js';
import {
  createSearchRepository,
  type HitRow,
  type SearchFilters,
} from '../../../src/modules/search/search.repository.js';
import { chartRoomDraft } from '../../fixtures/search/chart-room.draft.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { storeDraft } from '../../helpers/search.js';

// However the candidates of rank order are found (walking the newest documents, the GIN
// index, both, or a filter's own index), they are the same rows: the plan moves work, never
// results.

const CAP = 25;

const PLANS: CandidatePlan[] = [
  { walk: 0, indexText: true },
  { walk: 0, indexText: false },
  { walk: 1, indexText: true },
  { walk: 30, indexText: true },
  { walk: 90, indexText: true },
  { walk: 10_000, indexText: true },
];

describe('the candidates of a ranked search', () => {
  let database: TestDatabase;
  let personId: string;
  let topicId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const draft = chartRoomDraft();
    const template = draft.segments[1]!;
    // Words at different densities among 300 segments: in every one, every 3rd, every 7th
    // (as a phrase half the time) and every 40th, spoken by both people.
    draft.segments = Array.from({ length: 300 }, (_, i) => ({
      ...template,
      person: i % 2,
      text: [
        `The beacon log, entry ${i + 1}.`,
        i % 3 === 0 ? 'The lantern was lit.' : '',
        i % 7 === 0 ? (i % 14 === 0 ? 'A black hole in the chart.' : 'Black ink, a hole.') : '',
        i % 40 === 0 ? 'Fog came in.' : '',
      ].join(' '),
      startMs: i * 1000,
      endMs: i * 1000 + 1000,
      chapter: null,
    }));
    draft.chapters = [];
    draft.quotes = [];
    draft.topics[0]!.segments = draft.segments.flatMap((_, i) =>
      i % 5 === 0 ? [{ segment: i, weight: 1 }] : [],
    );
    draft.topics[1]!.segments = [];
    draft.topics[1]!.quotes = [];
    await storeDraft(database, draft, 'beacon-log.json');
    const ids = await database.db.pool.query<{ person: string; topic: string }>(
      `SELECT (SELECT id FROM people WHERE name = 'Henrike Vogt') AS person,
              (SELECT id FROM topics WHERE slug = 'tide-tables') AS topic`,
    );
    personId = ids.rows[0]!.person;
    topicId = ids.rows[0]!.topic;
  }, 60_000);
  afterAll(() => database.drop());

  const repository = () => createSearchRepository(() => database.db.read);

  async function ranked(text: string, filters: SearchFilters, plan: CandidatePlan): Promise<HitRow[]> {
    const rows: HitRow[] = [];
    let after: { score: string; id: string } | undefined;
    for (;;) {
      const page = await repository().hits({
        query: (await repository().parse(text)).query,
        filters,
        order: { by: 'rank', ...(after ? { after } : {}) },
        limit: 10,
        maxCandidates: CAP,
        plans: { segment: plan, quote: plan },
      });
      rows.push(...page.slice(0, 10));
      if (page.length <= 10) return rows;
      after = { score: rows.at(-1)!.score, id: rows.at(-1)!.id };
    }
  }

  async function newestMatches(text: string, extra = ''): Promise<string[]> {
    const { rows } = await database.db.pool.query<{ id: string }>(
      `SELECT id FROM segments s
        WHERE search_vector @@ websearch_to_tsquery('english', $1) ${extra}
        ORDER BY id DESC LIMIT $2`,
      [text, CAP],
    );
    return rows.map((r) => r.id);
  }

  for (const text of [
    'beacon',
    'lantern',
    '"black hole"',
    'black hole',
    'fog',
    'fog or lantern',
    'beacon -lantern',
  ]) {
    it(`ranks exactly the newest ${CAP} matches of "${text}" whichever way they are found`, async () => {
      const expected = await newestMatches(text);
      const baseline = await ranked(text, {}, PLANS[0]!);
      expect(new Set(baseline.map((r) => r.id))).toEqual(new Set(expected));
      for (const plan of PLANS.slice(1)) {
        const rows = await ranked(text, {}, plan);
        expect(
          rows.map((r) => [r.id, r.score, r.capped]),
          JSON.stringify(plan),
        ).toEqual(baseline.map((r) => [r.id, r.score, r.capped]));
      }
    });
  }

  it('finds the same candidates within a person or a topic, with or without the text index', async () => {
    for (const [filters, extra] of [
      [{ personId }, `AND s.person_id = '${personId}'`],
      [
        { topicId },
        `AND EXISTS (SELECT 1 FROM segment_topics t WHERE t.segment_id = s.id AND t.topic_id = '${topicId}')`,
      ],
    ] as const) {
      const expected = await newestMatches('beacon', extra);
      for (const indexText of [true, false]) {
        const rows = await ranked('beacon', filters, { walk: 0, indexText });
        expect(new Set(rows.map((r) => r.id))).toEqual(new Set(expected));
      }
    }
  });

  it('says whether the cap left matches unranked', async () => {
    const capped = await ranked('lantern', {}, { walk: 30, indexText: true });
    expect(capped.every((r) => r.capped)).toBe(true);
    const all = await ranked('fog', {}, { walk: 30, indexText: true });
    expect(all).toHaveLength(8);
    expect(all.some((r) => r.capped)).toBe(false);
  });
});
