import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.js';
import type { IngestService } from '../../src/ingest/ingest.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { episodeRowCounts, ingestService } from '../helpers/ingest.js';

const TRANSCRIPT = `Skip this header
A
Welcome back to the Harbor Lights show, I'm Priya Natarajan.
B
Thanks Priya, glad to be here. I'm Tomasz Wierzbicki.
A
Tell us about lighthouses and how they shaped coastal trade.
B
They were the first public infrastructure many towns ever had, and they changed everything.
Guest: Tomasz Wierzbicki, Historian
Host: Priya Natarajan
Date: March 2, 2025
A conversation about lighthouses.
Quote:
“They were the first public infrastructure many towns ever had”
— Tomasz Wierzbicki ([00:40])
`;

describe('ingestion pipeline storage', () => {
  let database: TestDatabase;
  let ingest: IngestService;
  beforeAll(async () => {
    database = await createTestDatabase();
    ingest = ingestService(database);
  });
  afterAll(() => database.drop());

  it('stores a new transcript once; the same content again is "unchanged" and writes no episode rows', async () => {
    const first = await ingest.ingest({
      name: 'harbor.txt',
      content: Buffer.from(TRANSCRIPT),
      trigger: 'cli',
    });
    expect(first.status).toBe('created');
    expect(first.counts.segments).toBe(4);
    const before = await episodeRowCounts(database);
    const again = await ingest.ingest({
      name: 'harbor.txt',
      content: Buffer.from(TRANSCRIPT),
      trigger: 'cli',
    });
    expect(again.status).toBe('unchanged');
    expect(again.episode.id).toBe(first.episode.id);
    expect(await episodeRowCounts(database)).toEqual(before);
  });

  it('replaces the episode when the same source changes, keeping its id and slug', async () => {
    const first = await ingest.ingest({
      name: 'harbor.txt',
      content: Buffer.from(TRANSCRIPT),
      trigger: 'cli',
    });
    const changed = TRANSCRIPT.replace('changed everything', 'changed coastal life forever');
    const replaced = await ingest.ingest({
      name: 'harbor.txt',
      content: Buffer.from(changed),
      trigger: 'cli',
    });
    expect(replaced.status).toBe('replaced');
    expect(replaced.episode.id).toBe(first.episode.id);
    expect(replaced.episode.slug).toBe(first.episode.slug);
    const { rows } = await database.db.pool.query(
      `SELECT text FROM segments WHERE episode_id = $1 ORDER BY ordinal`,
      [first.episode.id],
    );
    expect(rows).toHaveLength(4);
    expect(rows[3].text).toContain('coastal life forever');
    const changes = await database.db.pool.query(
      `SELECT type FROM episode_changes WHERE episode_id = $1 ORDER BY seq`,
      [first.episode.id],
    );
    expect(changes.rows.map((r) => r.type)).toEqual(['created', 'updated']);
  });

  it.each([
    ['an empty file', '', 'empty-file'],
    ['binary data', '\u0000\u0001\u0002PNG\u0000\u0000', 'binary-content'],
    ['text with no turns', 'Just a paragraph of prose.\nAnd another one.', 'unknown-format'],
    ['a label with no text', 'A\nHello there, this is a test.\nB\nB\nHi.\nA\n', 'empty-turn'],
  ])('refuses %s with a specific error and writes nothing', async (_what, content, code) => {
    const before = await episodeRowCounts(database);
    const error = await ingest
      .ingest({ name: 'bad.txt', content: Buffer.from(content), trigger: 'cli' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe(code);
    expect((error as IngestError).message).toMatch(/^bad\.txt/);
    expect(await episodeRowCounts(database)).toEqual(before);
    const run = await database.db.pool.query(
      `SELECT status, error FROM ingestion_runs WHERE source_name = 'bad.txt' ORDER BY started_at DESC LIMIT 1`,
    );
    expect(run.rows[0]).toMatchObject({ status: 'failed', error: { code } });
  });

  it('names the line of a label with no text', async () => {
    const error = (await ingest
      .ingest({ name: 'gap.txt', content: Buffer.from('A\nHello there.\nB\nC\nHi.\n'), trigger: 'cli' })
      .catch((e) => e)) as IngestError;
    expect(error.code).toBe('empty-turn');
    expect(error.line).toBe(3);
    expect(error.message).toBe('gap.txt:3: speaker label "B" has no text');
  });
});
