import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult, IngestService } from '../../src/ingest/ingest.service.js';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { episodeRowCounts, ingestService } from '../helpers/ingest.js';

// The acceptance list of issue 3, on the real seed, through the ingest service and Postgres.

const SEED = path.join(PROJECT_ROOT, 'seeds', '000_3f588ae5e4cd8754.txt');

interface SegmentRow {
  id: string;
  ordinal: number;
  label: string;
  text: string;
  kind: string;
  start_ms: number;
  end_ms: number;
  timing: string;
  person: string | null;
}

describe('the seed transcript', () => {
  let database: TestDatabase;
  let ingest: IngestService;
  let result: IngestResult;
  let segments: SegmentRow[];
  const query = async <T extends object>(sql: string, params: unknown[] = []) =>
    (await database.db.pool.query(sql, params)).rows as T[];

  beforeAll(async () => {
    database = await createTestDatabase();
    ingest = ingestService(database);
    result = await ingest.ingest({
      name: path.basename(SEED),
      content: await readFile(SEED),
      trigger: 'cli',
    });
    segments = await query<SegmentRow>(
      `SELECT s.id, s.ordinal, s.label, s.text, s.kind, s.start_ms, s.end_ms, s.timing, p.name AS person
         FROM segments s LEFT JOIN people p ON p.id = s.person_id
        WHERE s.episode_id = $1 ORDER BY s.ordinal`,
      [result.episode.id],
    );
  });
  afterAll(() => database.drop());

  it('resolves every label to one of two people, with the summary’s spelling and the host over two labels', async () => {
    const people = await query<{ name: string; role: string; labels: string[]; confidence: number }>(
      `SELECT p.name, ep.role, ep.labels, ep.confidence FROM episode_people ep
         JOIN people p ON p.id = ep.person_id WHERE ep.episode_id = $1 ORDER BY p.name`,
      [result.episode.id],
    );
    expect(people.map(({ name, role, labels }) => ({ name, role, labels: [...labels].sort() }))).toEqual([
      { name: 'Dan Roberts', role: 'guest', labels: ['A'] },
      { name: 'Matt Turck', role: 'host', labels: ['B', 'C'] },
    ]);
    for (const p of people) expect(p.confidence).toBeGreaterThan(0.5);
    expect(new Set(segments.map((s) => s.person))).toEqual(new Set(['Dan Roberts', 'Matt Turck']));
    expect(result.warnings.filter((w) => w.code === 'unresolved-label')).toEqual([]);
  });

  it('merges the fragment into the host’s sentence it completes', () => {
    expect(segments.some((s) => s.text === 'as the Erdos problems.')).toBe(false);
    const intro = segments.find((s) => s.text.includes('known as the Erdos problems.'));
    expect(intro).toMatchObject({ label: 'B', person: 'Matt Turck', kind: 'intro' });
    expect(intro!.text).toContain('A moment many view as a stunning breakthrough');
  });

  it('marks the cold open as a teaser at time zero and the closing thanks as the outro', () => {
    expect(segments[0]).toMatchObject({ kind: 'teaser', start_ms: 0, person: 'Dan Roberts' });
    expect(segments[1]!.kind).toBe('intro');
    expect(segments.filter((s) => s.kind === 'teaser')).toHaveLength(1);
    expect(segments.at(-1)).toMatchObject({ kind: 'outro', person: 'Matt Turck' });
    expect(segments.filter((s) => s.kind === 'interview').length).toBeGreaterThan(50);
  });

  it('stores 17 ordered chapters whose first segments start within 60 s of the chapter', async () => {
    const chapters = await query<{ start_ms: number; end_ms: number; first: number | null; title: string }>(
      `SELECT c.start_ms, c.end_ms, c.title, s.start_ms AS first FROM chapters c
         LEFT JOIN segments s ON s.id = c.first_segment_id WHERE c.episode_id = $1 ORDER BY c.ordinal`,
      [result.episode.id],
    );
    expect(chapters).toHaveLength(17);
    expect(chapters[0]).toMatchObject({ start_ms: 23_000, title: expect.stringMatching(/^Introduction/) });
    expect(chapters[16]!.start_ms).toBe((46 * 60 + 2) * 1000);
    const [episode] = await query<{ duration_ms: number }>(`SELECT duration_ms FROM episodes WHERE id = $1`, [
      result.episode.id,
    ]);
    chapters.forEach((c, i) => {
      expect(c.end_ms).toBe(chapters[i + 1]?.start_ms ?? episode!.duration_ms);
      expect(c.first).not.toBeNull();
      expect(Math.abs(c.first! - c.start_ms)).toBeLessThanOrEqual(60_000);
    });
  });

  it('aligns every distinct quote to the segment it comes from, within 30 s of its stated time', async () => {
    const quotes = await query<{
      text: string;
      theme: string | null;
      stated_ms: number;
      start_ms: number;
      char_start: number;
      char_end: number;
      alignment_score: number;
      segment: string;
      kind: string;
      person: string;
    }>(
      `SELECT q.text, q.theme, q.stated_ms, q.start_ms, q.char_start, q.char_end, q.alignment_score,
              s.text AS segment, s.kind, p.name AS person
         FROM quotes q JOIN segments s ON s.id = q.segment_id JOIN people p ON p.id = q.person_id
        WHERE q.episode_id = $1 ORDER BY q.ordinal`,
      [result.episode.id],
    );
    // Ten quotes in the summary, one of them listed twice at the same time.
    expect(quotes).toHaveLength(9);
    expect(result.counts.alignedQuotes).toBe(9);
    const words = (t: string) =>
      t
        .toLowerCase()
        .replace(/[’']/g, '')
        .match(/[a-z0-9]+/g)!;
    for (const q of quotes) {
      expect(q.person).toBe('Dan Roberts');
      expect(q.kind).not.toBe('teaser');
      expect(q.alignment_score).toBeGreaterThan(0.9);
      expect(Math.abs(q.start_ms - q.stated_ms)).toBeLessThanOrEqual(30_000);
      const said = words(q.segment.slice(q.char_start, q.char_end));
      expect(said.slice(0, 3)).toEqual(words(q.text.split('...')[0]!).slice(0, 3));
    }
    const doubled = quotes.filter((q) => q.text.startsWith('RL is really exciting'));
    expect(doubled).toEqual([expect.objectContaining({ theme: "On RL's Place in Modern LLMs" })]);
    const refuted = quotes.find((q) => q.theme === 'On How AI Refuted a Mathematical Conjecture')!;
    expect(refuted.segment).toMatch(/^This conjecture everyone assumed was true/);
    const reflection = quotes.find((q) => q.theme === 'Final Reflection')!;
    expect(reflection.segment).toMatch(/^Yeah, I think it's again, one of these smooth things/);
  });

  it('estimates monotonic segment times inside the episode’s duration', async () => {
    const [episode] = await query<{ duration_ms: number }>(`SELECT duration_ms FROM episodes WHERE id = $1`, [
      result.episode.id,
    ]);
    segments.forEach((s, i) => {
      expect(s.timing).toBe('estimated');
      expect(s.end_ms).toBeGreaterThanOrEqual(s.start_ms);
      if (i > 0) expect(s.start_ms).toBe(segments[i - 1]!.end_ms);
    });
    expect(segments.at(-1)!.end_ms).toBe(episode!.duration_ms);
    // The last chapter starts at 46:02 and a good three minutes of talk follow it.
    expect(episode!.duration_ms).toBeGreaterThan(48 * 60_000);
    expect(episode!.duration_ms).toBeLessThan(53 * 60_000);
  });

  it('recovers the show from the intro and derives a title from the guest and the summary', async () => {
    const [episode] = await query<{ title: string; show: string; published_at: Date }>(
      `SELECT e.title, s.name AS show, e.published_at FROM episodes e JOIN shows s ON s.id = e.show_id WHERE e.id = $1`,
      [result.episode.id],
    );
    expect(episode!.show).toBe('MAD Podcast');
    expect(episode!.title).toMatch(/^Dan Roberts on /);
    expect(episode!.published_at.toISOString()).toBe('2026-06-04T00:00:00.000Z');
  });

  it('finds topics in the chapters and the talk, without the speakers’ names', async () => {
    const topics = await query<{ slug: string; kind: string }>(
      `SELECT t.slug, t.kind FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id = $1`,
      [result.episode.id],
    );
    const slugs = topics.map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['reinforcement-learning', 'rlhf']));
    expect(slugs.some((s) => /turc?k|roberts/.test(s))).toBe(false);
    expect(topics.length).toBeLessThanOrEqual(20);
  });

  it('changes nothing when the same file is ingested again', async () => {
    const before = await episodeRowCounts(database);
    const again = await ingest.ingest({
      name: path.basename(SEED),
      content: await readFile(SEED),
      trigger: 'cli',
    });
    expect(again.status).toBe('unchanged');
    expect(again.episode.id).toBe(result.episode.id);
    expect(await episodeRowCounts(database)).toEqual(before);
  });
});
