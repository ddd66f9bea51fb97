import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult, IngestService } from '../../src/ingest/ingest.service.js';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ingestService } from '../helpers/ingest.js';

const NAMES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'names');

interface Speaker {
  name: string;
  slug: string;
  labels: string[];
}

describe('ingesting transcripts whose people are named in any script', () => {
  let t: TestApp;
  let ingest: IngestService;
  const stored = new Map<string, IngestResult>();

  beforeAll(async () => {
    t = await createTestApp();
    ingest = ingestService(t.database);
    for (const file of [
      'star-cellar.txt',
      'four-voices.txt',
      'two-wangs.vtt',
      'tea-house.txt',
      'fault-line.srt',
    ]) {
      const content = readFileSync(path.join(NAMES_DIR, file));
      stored.set(file, await ingest.ingest({ name: file, content, trigger: 'cli' }));
    }
  });
  afterAll(() => t.close());

  async function speakers(file: string): Promise<Speaker[]> {
    const { rows } = await t.database.db.pool.query<Speaker>(
      `SELECT p.name, p.slug, ep.labels FROM episode_people ep JOIN people p ON p.id = ep.person_id
        WHERE ep.episode_id = $1 ORDER BY p.name`,
      [stored.get(file)!.episode.id],
    );
    return rows;
  }

  it('resolves Cyrillic and Chinese speakers of the seed format to their own people', async () => {
    const people = await speakers('star-cellar.txt');
    expect(people.map((p) => [p.name, p.labels])).toEqual([
      ['Анна Петрова', ['A']],
      ['王伟', ['B']],
    ]);
  });

  it('gives each person of a "Name: text" transcript in Greek, Arabic or accented Latin their own slug', async () => {
    const people = await speakers('four-voices.txt');
    expect(people.map((p) => p.name).sort()).toEqual(
      ['Zoltán Erdős', 'Γιώργος Παπαδόπουλος', 'محمد علي'].sort(),
    );
    expect(people.find((p) => p.name === 'Zoltán Erdős')!.slug).toBe('zoltan-erdos');
    expect(people.find((p) => p.name === 'Γιώργος Παπαδόπουλος')!.slug).toMatch(/^giorgos-papadopoylos-/);
    expect(new Set(people.map((p) => p.slug)).size).toBe(3);
  });

  it('names a diarized guest from their introduction, a word of who they are between', async () => {
    const people = await speakers('fault-line.srt');
    expect(people.map((p) => [p.name, p.labels])).toEqual([
      ['Folasade Okonjo', ['SPEAKER_00']],
      ['Þórdís Hallgrímsdóttir', ['SPEAKER_01']],
    ]);
  });

  it('reads "名字：text" lines with a full-width colon as speakers', async () => {
    const people = await speakers('tea-house.txt');
    expect(people.map((p) => [p.name, p.labels])).toEqual([
      ['李娜', ['李娜']],
      ['王伟', ['王伟']],
    ]);
  });

  it('keeps two names that romanise alike apart, and one name one person across episodes', async () => {
    const people = await speakers('two-wangs.vtt');
    expect(people.map((p) => [p.name, p.labels])).toEqual([
      ['Анна Петрова', ['Анна Петрова']],
      ['汪巍', ['汪巍']],
      ['王伟', ['王伟']],
    ]);
    const [anna, wang2, wang1] = people;
    expect(wang1!.slug).not.toBe(wang2!.slug);
    const seed = await speakers('star-cellar.txt');
    expect(seed.map((p) => p.slug).sort()).toEqual([anna!.slug, wang1!.slug].sort());
    const { rows } = await t.database.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM people WHERE slug = '' OR slug IN ('unknown', 'show')`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('serves every such person at their slug', async () => {
    const all = [
      ...(await speakers('star-cellar.txt')),
      ...(await speakers('four-voices.txt')),
      ...(await speakers('two-wangs.vtt')),
      ...(await speakers('tea-house.txt')),
    ];
    for (const p of all) {
      expect(p.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      const res = await t.app.inject({ url: `/v1/people/${encodeURIComponent(p.slug)}` });
      expect(res.statusCode, `${p.name} at ${p.slug}`).toBe(200);
      expect(res.json().name).toBe(p.name);
    }
  });

  it('names shows written in other scripts by their own slugs', async () => {
    const file = 'кухня.txt';
    const content = Buffer.from(
      'Ирина Волкова: Добро пожаловать. Welcome to the show.\nОлег Смирнов: Спасибо, Ирина. Thank you.\n',
    );
    const sidecar = JSON.stringify({ show: 'Кухня' });
    const other = JSON.stringify({ show: '厨房' });
    const first = await ingest.ingest({ name: file, content, sidecar, trigger: 'cli' });
    const second = await ingest.ingest({ name: 'chufang.txt', content, sidecar: other, trigger: 'cli' });
    const { rows } = await t.database.db.pool.query<{ slug: string; name: string }>(
      `SELECT s.slug, s.name FROM episodes e JOIN shows s ON s.id = e.show_id WHERE e.id = ANY($1) ORDER BY s.name`,
      [[first.episode.id, second.episode.id]],
    );
    expect(rows.map((r) => r.name)).toEqual(['Кухня', '厨房']);
    expect(rows[0]!.slug).toMatch(/^kuhnya-[0-9a-f]{8}$/);
    expect(rows[1]!.slug).toMatch(/^chu-fang-[0-9a-f]{8}$/);
    expect(first.episode.slug).not.toBe('episode');
  });
});
