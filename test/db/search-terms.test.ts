import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { ingestService } from '../helpers/ingest.js';
import { SEARCH_FIXTURES } from '../helpers/search.js';

// The vocabulary behind typo correction is kept by triggers in the same transaction as the
// texts; whatever writes segments and quotes, it must equal a recount from scratch.

describe('the search vocabulary (search_terms)', () => {
  let database: TestDatabase;
  let keepers: string;
  let orchard: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    [keepers, orchard] = (await Promise.all(
      ['tidewater-keepers.txt', 'orchard-hours.txt'].map((f) =>
        readFile(path.join(SEARCH_FIXTURES, f), 'utf8'),
      ),
    )) as [string, string];
  });
  afterAll(() => database.drop());

  const ingest = (name: string, content: string) =>
    ingestService(database).ingest({ name, content: Buffer.from(content), trigger: 'cli' });

  async function terms(): Promise<Map<string, number>> {
    const { rows } = await database.db.pool.query<{ term: string; ndoc: number }>(
      'SELECT term, ndoc FROM search_terms ORDER BY term',
    );
    return new Map(rows.map((r) => [r.term, r.ndoc]));
  }

  async function recount(): Promise<Map<string, number>> {
    const { rows } = await database.db.pool.query<{ term: string; ndoc: number }>(
      `SELECT w AS term, count(*)::int AS ndoc
         FROM (SELECT text AS doc FROM segments UNION ALL SELECT concat_ws(' ', text, theme) FROM quotes) d,
              LATERAL castindex_search_words(d.doc) AS w
        GROUP BY w ORDER BY w`,
    );
    return new Map(rows.map((r) => [r.term, r.ndoc]));
  }

  it('holds each word of the stored texts once, accents folded, with how many texts contain it', async () => {
    await ingest('keepers.txt', keepers);
    const vocabulary = await terms();
    expect(vocabulary.get('lantern')).toBe(1);
    expect(vocabulary.get('godel')).toBe(1);
    expect(vocabulary.get('rafal')).toBe(1);
    // In a segment and in the quote taken from it.
    expect(vocabulary.get('calculation')).toBe(2);
    for (const skipped of ['the', 'was', 'by', 'a', 'gödel'])
      expect(vocabulary.has(skipped), skipped).toBe(false);
    expect(vocabulary).toEqual(await recount());
  });

  it('follows a replaced episode: words that left are gone, new words are in, nothing counts twice', async () => {
    await ingest('orchard.txt', orchard);
    const before = await terms();
    await ingest('keepers.txt', keepers.replaceAll('lantern', 'beacon'));
    const after = await terms();
    expect(after.has('lantern')).toBe(false);
    expect(after.get('beacon')).toBe(1);
    expect(after.get('calculation')).toBe(before.get('calculation'));
    expect(after).toEqual(await recount());
  });

  it('follows a deleted episode: its own words are gone, shared words count one episode less', async () => {
    const before = await terms();
    await database.db.pool.query(`DELETE FROM episodes WHERE source_name = 'keepers.txt'`);
    const after = await terms();
    expect(after.has('godel')).toBe(false);
    expect(before.get('keeper')).toBeGreaterThan(1);
    expect(after.get('keeper')).toBe(1);
    expect(after).toEqual(await recount());
  });

  it('follows an edited text', async () => {
    await database.db.pool.query(
      `UPDATE segments SET text = replace(text, 'pear tree', 'quince tree') WHERE text LIKE '%pear tree%'`,
    );
    const after = await terms();
    expect(after.has('pear')).toBe(false);
    expect(after.get('quince')).toBe(1);
    expect(after).toEqual(await recount());
  });
});
