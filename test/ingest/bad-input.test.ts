import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.js';
import type { IngestService } from '../../src/ingest/ingest.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { episodeRowCounts, ingestService } from '../helpers/ingest.js';

const TURNS = `SPEAKER_1
Good evening. I'm Leila Haddad and this is Night Market.
SPEAKER_2
Thanks, Leila. I have sold dumplings here for thirty years.
SPEAKER_1
What changed in thirty years?
SPEAKER_2
The rent, mostly. The dumplings stayed the same.
`;

describe('bad input', () => {
  let database: TestDatabase;
  let ingest: IngestService;
  beforeAll(async () => {
    database = await createTestDatabase();
    ingest = ingestService(database);
  });
  afterAll(() => database.drop());

  it('refuses a summary without a transcript, naming the file and line, and writes nothing', async () => {
    const before = await episodeRowCounts(database);
    const error = (await ingest
      .ingest({
        name: 'summary-only.txt',
        content: Buffer.from('\n\nHost: Leila Haddad\nA chat.\n'),
        trigger: 'cli',
      })
      .catch((e) => e)) as IngestError;
    expect(error).toBeInstanceOf(IngestError);
    expect([error.code, error.line]).toEqual(['no-turns', 3]);
    expect(error.message).toMatch(/^summary-only\.txt:3: /);
    expect(await episodeRowCounts(database)).toEqual(before);
  });

  it('ingests the turns under a broken summary and reports what it could not read', async () => {
    const broken = `${TURNS}Host: Leila Haddad
Date: the 45th of Smarch
“The rent, mostly.
— Leila Haddad ([99:99])
| Time | Segment | |---|---| | soon | Rent |
`;
    const result = await ingest.ingest({ name: 'market.txt', content: Buffer.from(broken), trigger: 'cli' });
    expect(result.status).toBe('created');
    expect(result.counts.segments).toBe(4);
    expect(result.warnings.map((w) => [w.code, w.line])).toEqual(
      expect.arrayContaining([
        ['unreadable-date', 10],
        ['unreadable-quote', 11],
        ['unreadable-chapter', 13],
      ]),
    );
    const { rows } = await database.db.pool.query(
      `SELECT warnings FROM ingestion_runs WHERE source_name = 'market.txt' AND status = 'created'`,
    );
    expect(rows[0].warnings).toEqual(result.warnings);
    const people = await database.db.pool.query(
      `SELECT p.name, ep.role FROM episode_people ep JOIN people p ON p.id = ep.person_id ORDER BY p.name`,
    );
    expect(people.rows).toEqual([
      expect.objectContaining({ name: 'Leila Haddad', role: 'host' }),
      expect.anything(),
    ]);
  });

  it('keeps an unnamed speaker to its own episode', async () => {
    const other = TURNS.replace('Leila', 'Lina').replace('Night Market', 'Day Market');
    await ingest.ingest({ name: 'a.txt', content: Buffer.from(`Z\nHello there.\n${TURNS}`), trigger: 'cli' });
    await ingest.ingest({ name: 'b.txt', content: Buffer.from(`Z\nHello again.\n${other}`), trigger: 'cli' });
    const { rows } = await database.db.pool.query(
      `SELECT DISTINCT p.slug FROM episode_people ep JOIN people p ON p.id = ep.person_id WHERE 'Z' = ANY(ep.labels)`,
    );
    expect(rows).toHaveLength(2);
  });
});
