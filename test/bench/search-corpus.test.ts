import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSearchCorpus, RARE_WORDS, surnameOf } from '../../bench/search-corpus.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// The search benchmark's corpus loader writes around the app (COPY, triggers off), so it must
// keep up with the schema: a new NOT NULL column or constraint breaks it here, not in a
// benchmark run. What it writes must look like what ingestion writes.

const SEGMENTS = 2_000;

describe('the search benchmark corpus', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await loadSearchCorpus(first.db.pool, { segments: SEGMENTS, seed: 7 });
    await loadSearchCorpus(second.db.pool, { segments: SEGMENTS, seed: 7 });
  }, 120_000);
  afterAll(() => Promise.all([first.drop(), second.drop()]));

  const digest = async (database: TestDatabase, sql: string) =>
    (
      await database.db.pool.query<{ d: string }>(
        `SELECT md5(string_agg(r, ',' ORDER BY r)) AS d FROM (${sql}) x(r)`,
      )
    ).rows[0]!.d;

  it('loads the segments asked for, with quotes, people, chapters and topic links', async () => {
    const { rows } = await first.db.pool.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM segments) AS segments, (SELECT count(*) FROM quotes) AS quotes,
              (SELECT count(*) FROM episode_people) AS cast, (SELECT count(*) FROM chapters) AS chapters,
              (SELECT count(*) FROM segment_topics) AS links,
              (SELECT count(*) FROM segments WHERE search_vector IS NULL OR chapter_id IS NULL) AS incomplete`,
    );
    expect(Number(rows[0]!.segments)).toBe(SEGMENTS);
    expect(Number(rows[0]!.quotes)).toBeGreaterThan(SEGMENTS / 10);
    expect(Number(rows[0]!.cast)).toBeGreaterThan(0);
    expect(Number(rows[0]!.chapters)).toBeGreaterThan(0);
    expect(Number(rows[0]!.links)).toBeGreaterThan(0);
    expect(Number(rows[0]!.incomplete)).toBe(0);
  });

  it('holds what a benchmark looks for: a rare word, and the names surnameOf() gives', async () => {
    const { rows } = await first.db.pool.query<{ rare: string; named: string }>(
      `SELECT (SELECT count(*) FROM segments WHERE text LIKE '%' || $1 || '%') AS rare,
              (SELECT count(*) FROM episode_people ep JOIN people p ON p.id = ep.person_id
                WHERE ep.episode_id = (SELECT id FROM episodes ORDER BY id OFFSET 3 LIMIT 1)
                  AND ep.role = 'host' AND p.name LIKE '% ' || $2) AS named`,
      [RARE_WORDS[0], surnameOf(3, 0, 7)],
    );
    expect(Number(rows[0]!.rare)).toBe(1);
    expect(Number(rows[0]!.named)).toBe(1);
  });

  it('keeps the search vocabulary as the triggers would have', async () => {
    const stored = await digest(first, `SELECT term || ':' || ndoc FROM search_terms`);
    const recount = await digest(
      first,
      `SELECT w || ':' || count(*)
         FROM (SELECT text AS doc FROM segments UNION ALL SELECT concat_ws(' ', text, theme) FROM quotes) d,
              LATERAL castindex_search_words(d.doc) AS w
        GROUP BY w`,
    );
    expect(stored).toBe(recount);
  });

  it('writes the same rows for the same seed', async () => {
    for (const sql of [
      `SELECT id || text || coalesce(person_id, '') FROM segments`,
      `SELECT id || text FROM quotes`,
      `SELECT id || slug || coalesce(published_at::text, '') FROM episodes`,
    ]) {
      expect(await digest(first, sql)).toBe(await digest(second, sql));
    }
  });

  it("hands the caller's pooled connections back as they were (triggers on)", async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => first.db.pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query<{ role: string }>(
          `SELECT current_setting('session_replication_role') AS role`,
        );
        expect(rows[0]!.role).toBe('origin');
      }
    } finally {
      for (const client of clients) client.release();
    }
  });

  it('leaves the indexes the migrations made, and nothing of its own', async () => {
    const indexes = (database: TestDatabase) =>
      database.db.pool.query<{ def: string }>(
        `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
          WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1`,
      );
    const fresh = await createTestDatabase();
    try {
      expect((await indexes(first)).rows).toEqual((await indexes(fresh)).rows);
      const { rows } = await first.db.pool.query(`SELECT to_regclass('search_corpus_term_counts') AS t`);
      expect(rows[0]!.t).toBeNull();
    } finally {
      await fresh.drop();
    }
  });
});
