import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestService } from '../../src/ingest/ingest.service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ingestService } from '../helpers/ingest.js';

function talk(show: string | null, guest: string, subject: string): Buffer {
  const lines = [
    ...(show ? [`Show: ${show}`] : []),
    'Host: Ruth Adler',
    `Guest: ${guest}`,
    `Ruth Adler: Hello everyone. My guest knows everything about the ${subject}.`,
    `${guest}: Thanks, Ruth. The ${subject} has been my whole working life.`,
    `Ruth Adler: What makes a good ${subject}?`,
    `${guest}: A good ${subject} needs patience. Every ${subject} I built taught me patience.`,
    `Ruth Adler: Thank you. We will talk about the ${subject} again soon.`,
  ];
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('replacing an episode with a new version of its file', () => {
  let t: TestApp;
  let ingest: IngestService;
  const count = async (sql: string) =>
    (await t.database.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;
  const orphans = async () => ({
    people: await count(
      `people p WHERE NOT EXISTS (SELECT 1 FROM episode_people ep WHERE ep.person_id = p.id)
         AND NOT EXISTS (SELECT 1 FROM segments s WHERE s.person_id = p.id)
         AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.person_id = p.id)`,
    ),
    topics: await count(
      `topics t WHERE NOT EXISTS (SELECT 1 FROM episode_topics et WHERE et.topic_id = t.id)`,
    ),
    shows: await count(`shows s WHERE NOT EXISTS (SELECT 1 FROM episodes e WHERE e.show_id = s.id)`),
  });
  const showOf = async (episodeId: string) =>
    (
      await t.database.db.pool.query<{ slug: string; name: string }>(
        'SELECT s.slug, s.name FROM episodes e JOIN shows s ON s.id = e.show_id WHERE e.id = $1',
        [episodeId],
      )
    ).rows[0]!;

  beforeAll(async () => {
    t = await createTestApp();
    ingest = ingestService(t.database);
  });
  afterAll(() => t.close());

  it('removes the people, topics and show only the old version used', async () => {
    const first = await ingest.ingest({
      name: 'clay-01.txt',
      content: talk('Clay Hours', 'Emeka Obi', 'wood kiln'),
      trigger: 'cli',
    });
    expect(await count(`people WHERE slug = 'emeka-obi'`)).toBe(1);
    expect(await count(`topics WHERE slug = 'wood-kiln'`)).toBe(1);
    const second = await ingest.ingest({
      name: 'clay-01.txt',
      content: talk('Kiln Talk', 'Ada Eze', 'salt glaze'),
      trigger: 'cli',
    });
    expect(second.status).toBe('replaced');
    expect(second.episode.id).toBe(first.episode.id);
    expect(await count(`people WHERE slug = 'emeka-obi'`)).toBe(0);
    expect(await count(`topics WHERE slug = 'wood-kiln'`)).toBe(0);
    expect(await count(`shows WHERE slug = 'clay-hours'`)).toBe(0);
    // Who stays in the new version keeps their row.
    expect(await count(`people WHERE slug IN ('ruth-adler', 'ada-eze')`)).toBe(2);
    expect(await orphans()).toEqual({ people: 0, topics: 0, shows: 0 });
    expect((await t.app.inject({ url: '/v1/people/emeka-obi' })).statusCode).toBe(404);
  });

  it('files episodes that name no show under one "Unknown show", gone with the last of them', async () => {
    const a = await ingest.ingest({
      name: 'loose-a.txt',
      content: talk(null, 'Ada Eze', 'clay body'),
      trigger: 'cli',
    });
    const b = await ingest.ingest({
      name: 'loose-b.txt',
      content: talk(null, 'Emeka Obi', 'glaze recipe'),
      trigger: 'cli',
    });
    expect(await showOf(a.episode.id)).toEqual({ slug: 'unknown-show', name: 'Unknown show' });
    expect(await showOf(b.episode.id)).toEqual({ slug: 'unknown-show', name: 'Unknown show' });
    const listed = await t.app.inject({ url: '/v1/episodes?show=unknown-show' });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(
      listed
        .json()
        .data.map((e: { id: string }) => e.id)
        .sort(),
    ).toEqual([a.episode.id, b.episode.id].sort());

    await ingest.ingest({
      name: 'loose-a.txt',
      content: talk('Kiln Talk', 'Ada Eze', 'clay body'),
      trigger: 'cli',
    });
    expect(await count(`shows WHERE slug = 'unknown-show'`)).toBe(1);
    await ingest.ingest({
      name: 'loose-b.txt',
      content: talk('Kiln Talk', 'Emeka Obi', 'glaze recipe'),
      trigger: 'cli',
    });
    expect(await count(`shows WHERE slug = 'unknown-show'`)).toBe(0);
    expect(await orphans()).toEqual({ people: 0, topics: 0, shows: 0 });
  });
});
