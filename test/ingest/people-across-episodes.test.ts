import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ingestService } from '../helpers/ingest.js';

const NAMES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'names');

describe('one person across episodes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const ingest = ingestService(t.database);
    for (const file of ['tidepool-01.txt', 'tidepool-02.txt']) {
      await ingest.ingest({ name: file, content: readFileSync(path.join(NAMES_DIR, file)), trigger: 'cli' });
    }
  });
  afterAll(() => t.close());

  it('is one row whether a transcript calls them "Dr. Jane Roe" or "Jane Roe"; the honorific is their title', async () => {
    const { rows } = await t.database.db.pool.query<{ slug: string; name: string; title: string | null }>(
      `SELECT slug, name, title FROM people ORDER BY slug`,
    );
    expect(rows).toEqual([
      { slug: 'jane-roe', name: 'Jane Roe', title: 'Dr.' },
      { slug: 'sam-ortiz', name: 'Sam Ortiz', title: null },
    ]);
    const res = await t.app.inject({ url: '/v1/people/jane-roe' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Jane Roe', title: 'Dr.', stats: { episodeCount: 2 } });
  });

  it('keeps the label as the transcript wrote it', async () => {
    const { rows } = await t.database.db.pool.query<{ labels: string[] }>(
      `SELECT ep.labels FROM episode_people ep JOIN people p ON p.id = ep.person_id
        WHERE p.slug = 'jane-roe' ORDER BY ep.labels`,
    );
    expect(rows.map((r) => r.labels)).toEqual([['B'], ['Dr. Jane Roe']]);
  });
});
