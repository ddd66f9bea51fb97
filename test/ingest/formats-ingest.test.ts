import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.js';
import { parseTranscript } from '../../src/ingest/formats/index.js';
import { expandPaths, type IngestService } from '../../src/ingest/ingest.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { fixture, FORMATS_DIR } from '../helpers/formats.js';
import { episodeRowCounts, ingestService } from '../helpers/ingest.js';

interface SegmentRow {
  ordinal: number;
  label: string;
  text: string;
  start_ms: number;
  end_ms: number;
  timing: string;
  start_timing: string;
  end_timing: string;
  cues: { startMs: number; endMs: number; text: string }[] | null;
  person_name: string | null;
  person_labels: string[] | null;
  chapter_title: string | null;
}

describe('ingesting the formats partners send', () => {
  let database: TestDatabase;
  let ingest: IngestService;
  beforeAll(async () => {
    database = await createTestDatabase();
    ingest = ingestService(database);
  });
  afterAll(() => database.drop());

  async function segments(episodeId: string): Promise<SegmentRow[]> {
    const { rows } = await database.db.pool.query<SegmentRow>(
      `SELECT s.ordinal, s.label, s.text, s.start_ms, s.end_ms, s.timing, s.start_timing, s.end_timing,
              s.cues, p.name AS person_name,
              ep.labels AS person_labels, c.title AS chapter_title
         FROM segments s
         LEFT JOIN people p ON p.id = s.person_id
         LEFT JOIN episode_people ep ON ep.episode_id = s.episode_id AND ep.person_id = s.person_id
         LEFT JOIN chapters c ON c.id = s.chapter_id
        WHERE s.episode_id = $1 ORDER BY s.ordinal`,
      [episodeId],
    );
    return rows;
  }

  async function chapters(episodeId: string) {
    const { rows } = await database.db.pool.query<{
      title: string;
      start_ms: number;
      end_ms: number;
      first_ordinal: number | null;
    }>(
      `SELECT c.title, c.start_ms, c.end_ms, s.ordinal AS first_ordinal
         FROM chapters c LEFT JOIN segments s ON s.id = c.first_segment_id
        WHERE c.episode_id = $1 ORDER BY c.ordinal`,
      [episodeId],
    );
    return rows;
  }

  async function episode(id: string) {
    const { rows } = await database.db.pool.query(
      `SELECT e.title, e.description, e.published_at, e.format, e.duration_ms, s.name AS show
         FROM episodes e JOIN shows s ON s.id = e.show_id WHERE e.id = $1`,
      [id],
    );
    return rows[0] as {
      title: string;
      description: string | null;
      published_at: Date | null;
      format: string;
      duration_ms: number;
      show: string;
    };
  }

  // Times: "cues" — the source's cues kept, start and end read from them (but where a cue
  // holding two voices hands over); "starts" — read starts, ends where the next turn starts;
  // "none" — every time estimated.
  it.each([
    ['garden-hour.vtt', 'webvtt', 'cues'],
    ['night-shift.vtt', 'webvtt', 'cues'],
    ['harbour-history.srt', 'srt', 'cues'],
    ['startup-stories.srt', 'srt', 'cues'],
    ['deep-field.json', 'podcast-json', 'cues'],
    ['pocket-economics.words.json', 'podcast-json', 'cues'],
    ['city-desk.txt', 'plain', 'starts'],
    ['kitchen-table.txt', 'plain', 'starts'],
    ['support-call.txt', 'plain', 'starts'],
    ['bookshelf.txt', 'plain', 'none'],
    ['qa-session.txt', 'plain', 'none'],
  ])(
    'stores %s (%s) turn by turn, with each speaker as written and times from %s',
    async (name, format, times) => {
      const parsed = parseTranscript(fixture(name), name);
      const result = await ingest.ingestFile(path.join(FORMATS_DIR, name), 'cli');
      expect(result.status).toBe('created');
      expect(result.format).toBe(format);
      const rows = await segments(result.episode.id);
      expect(rows.map((r) => [r.label, r.text])).toEqual(parsed.turns.map((t) => [t.label, t.text]));
      for (const [i, row] of rows.entries()) {
        const turn = parsed.turns[i]!;
        // Every label is tied to one person of the episode, whose name it carries.
        expect(row.person_labels).toContain(row.label);
        expect(row.person_name).toContain(row.label.split(' ').at(-1));
        const origin = (read: boolean) => (read ? 'source' : 'estimated');
        const startTiming = origin(turn.startMs !== undefined && !turn.startEstimated);
        const endTiming = origin(turn.endMs !== undefined && !turn.endEstimated);
        expect(row).toMatchObject({
          start_timing: startTiming,
          end_timing: endTiming,
          timing: origin(startTiming === 'source' && endTiming === 'source'),
          cues: turn.cues ?? null,
        });
        if (turn.startMs !== undefined) expect(row.start_ms).toBe(turn.startMs);
        if (turn.endMs !== undefined) expect(row.end_ms).toBe(turn.endMs);
      }
      const starts = rows.filter((r) => r.start_timing === 'source').length;
      const ends = rows.filter((r) => r.end_timing === 'source').length;
      if (times === 'cues') {
        expect(rows.every((r) => r.cues?.length)).toBe(true);
        expect(starts).toBeGreaterThanOrEqual(rows.length - 1);
        expect(ends).toBeGreaterThanOrEqual(rows.length - 1);
      } else {
        expect(rows.every((r) => r.cues === null && r.timing === 'estimated')).toBe(true);
        expect([starts, ends]).toEqual(times === 'starts' ? [rows.length, 0] : [0, 0]);
      }
      const labels = new Set(rows.map((r) => r.label));
      const people = await database.db.pool.query(`SELECT labels FROM episode_people WHERE episode_id = $1`, [
        result.episode.id,
      ]);
      expect(new Set(people.rows.flatMap((r) => r.labels as string[]))).toEqual(labels);
    },
  );

  it('keeps source times over estimates: the episode lasts until the last cue ends', async () => {
    const result = await ingest.ingest({
      name: 'harbour-2.srt',
      content: fixture('harbour-history.srt'),
      trigger: 'cli',
    });
    expect((await episode(result.episode.id)).duration_ms).toBe(46_000);
  });

  it('attaches <base>.chapters.json to the transcript beside it and links each chapter to its first segment', async () => {
    const result = await ingest.ingestFile(path.join(FORMATS_DIR, 'garden-hour.vtt'), 'cli');
    expect(await chapters(result.episode.id)).toEqual([
      { title: 'Welcome', start_ms: 0, end_ms: 19_300, first_ordinal: 1 },
      { title: 'Why a rooftop?', start_ms: 19_300, end_ms: 38_600, first_ordinal: 3 },
      { title: 'What is in the beds', start_ms: 38_600, end_ms: 58_000, first_ordinal: 7 },
      { title: 'Before the break', start_ms: 58_000, end_ms: 62_500, first_ordinal: 11 },
    ]);
    const rows = await segments(result.episode.id);
    expect(rows.map((r) => r.chapter_title)).toEqual([
      'Welcome',
      'Welcome',
      'Why a rooftop?',
      'Why a rooftop?',
      'Why a rooftop?',
      'Why a rooftop?',
      'What is in the beds',
      'What is in the beds',
      'What is in the beds',
      'What is in the beds',
      'Before the break',
    ]);
  });

  it('takes title, show, date, description and chapters from the sidecar', async () => {
    const result = await ingest.ingestFile(path.join(FORMATS_DIR, 'deep-field.json'), 'cli');
    expect(await episode(result.episode.id)).toMatchObject({
      title: 'Heat from the first galaxies',
      show: 'Deep Field',
      published_at: new Date('2025-11-14T00:00:00.000Z'),
      description: 'An infrared astronomer on what the newest space telescope sees at the edge of time.',
    });
    expect((await chapters(result.episode.id)).map((c) => [c.title, c.start_ms, c.end_ms])).toEqual([
      ['Introductions', 0, 12_000],
      ['Why infrared', 12_000, 39_600],
      ['Early galaxies', 39_600, 56_200],
    ]);
  });

  it('lets the sidecar override what a plain transcript says about itself, keeping the rest', async () => {
    const result = await ingest.ingestFile(path.join(FORMATS_DIR, 'bookshelf.txt'), 'cli');
    expect(await episode(result.episode.id)).toMatchObject({
      title: 'Four hundred unread books',
      show: 'Bookshelf Confessions',
      published_at: new Date('2025-02-03T00:00:00.000Z'),
    });
    expect((await chapters(result.episode.id)).map((c) => c.title)).toEqual([
      'Introductions',
      'The confession',
    ]);
  });

  const SIDECAR = JSON.stringify({
    show: 'Field Notes Weekly',
    title: 'The one with the sidecar',
    date: '2024-09-30',
    description: 'Metadata that arrived beside the transcript.',
    people: [{ name: 'Quinn Abara', role: 'host' }],
    chapters: [
      { title: 'Opening', startTime: 0 },
      { title: 'Middle', startTime: 20 },
    ],
  });

  it.each(['night-shift.vtt', 'startup-stories.srt', 'pocket-economics.words.json', 'city-desk.txt'])(
    'passes a sidecar to understanding whatever the format: %s',
    async (name) => {
      const result = await ingest.ingest({
        name: `sidecar-${name}`,
        content: fixture(name),
        sidecar: SIDECAR,
        trigger: 'cli',
      });
      expect(await episode(result.episode.id)).toMatchObject({
        title: 'The one with the sidecar',
        show: 'Field Notes Weekly',
        published_at: new Date('2024-09-30T00:00:00.000Z'),
        description: 'Metadata that arrived beside the transcript.',
      });
      expect((await chapters(result.episode.id)).map((c) => [c.title, c.start_ms])).toEqual([
        ['Opening', 0],
        ['Middle', 20_000],
      ]);
    },
  );

  it('prefers a chapters file to the sidecar’s chapters, and re-ingests when only the chapters change', async () => {
    const first = await ingest.ingest({
      name: 'prefer.vtt',
      content: fixture('night-shift.vtt'),
      sidecar: SIDECAR,
      chapters: '{"version":"1.2.0","chapters":[{"startTime":0,"title":"From the file"}]}',
      trigger: 'cli',
    });
    expect((await chapters(first.episode.id)).map((c) => c.title)).toEqual(['From the file']);
    const second = await ingest.ingest({
      name: 'prefer.vtt',
      content: fixture('night-shift.vtt'),
      sidecar: SIDECAR,
      chapters: '{"version":"1.2.0","chapters":[{"startTime":0,"title":"Changed"}]}',
      trigger: 'cli',
    });
    expect(second.status).toBe('replaced');
    expect((await chapters(first.episode.id)).map((c) => c.title)).toEqual(['Changed']);
  });

  it('walks a folder: a chapters file and a sidecar beside a transcript belong to it, not to episodes of their own', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'castindex-formats-'));
    try {
      // Content of its own: the same bytes again would be recognised as the episode already stored.
      await writeFile(path.join(dir, 'ep41.vtt'), `${fixture('garden-hour.vtt').toString()}\nNOTE a copy\n`);
      await cp(path.join(FORMATS_DIR, 'garden-hour.chapters.json'), path.join(dir, 'ep41.chapters.json'));
      await cp(path.join(FORMATS_DIR, 'deep-field.json'), path.join(dir, 'ep42.json'));
      await cp(path.join(FORMATS_DIR, 'deep-field.json.meta.json'), path.join(dir, 'ep42.json.meta.json'));
      await writeFile(
        path.join(dir, 'ep42.chapters.json'),
        '{"version":"1.2.0","chapters":[{"startTime":0,"title":"Only chapter"}]}',
      );
      const files = await expandPaths([dir]);
      expect(files.map((f) => path.basename(f))).toEqual(['ep41.vtt', 'ep42.json']);
      const before = await database.db.pool.query(`SELECT count(*)::int AS n FROM episodes`);
      const results = [];
      for (const file of files) results.push(await ingest.ingestFile(file, 'cli'));
      const after = await database.db.pool.query(`SELECT count(*)::int AS n FROM episodes`);
      expect(after.rows[0].n - before.rows[0].n).toBe(2);
      expect((await chapters(results[0]!.episode.id)).map((c) => c.title)).toEqual([
        'Welcome',
        'Why a rooftop?',
        'What is in the beds',
        'Before the break',
      ]);
      expect((await chapters(results[1]!.episode.id)).map((c) => c.title)).toEqual(['Only chapter']);
      expect((await episode(results[1]!.episode.id)).title).toBe('Heat from the first galaxies');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('round trip', () => {
    // Runs of one speaker's cues, as captions come: stored as one turn that keeps every cue.
    const CUES = [
      { label: 'Ada Brooks', start: 0, end: 2_100, text: 'Welcome to the late edition.' },
      { label: 'Ada Brooks', start: 2_100, end: 4_250, text: 'It is nearly midnight.' },
      { label: 'Ivo Marek', start: 4_250, end: 9_999, text: 'Thanks. Good to be back & on time.' },
      { label: 'Ada Brooks', start: 10_500, end: 3_600_001, text: 'That was a long answer.' },
      { label: 'Ivo Marek', start: 3_600_001, end: 3_700_000, text: 'It was a long question.' },
      { label: 'Ivo Marek', start: 3_700_250, end: 3_725_432, text: 'And a longer one follows.' },
    ];
    const TURNS = [
      { label: 'Ada Brooks', start: 0, end: 4_250, cues: 2 },
      { label: 'Ivo Marek', start: 4_250, end: 9_999, cues: 1 },
      { label: 'Ada Brooks', start: 10_500, end: 3_600_001, cues: 1 },
      { label: 'Ivo Marek', start: 3_600_001, end: 3_725_432, cues: 2 },
    ];
    const stamp = (ms: number, sep: string) => {
      const pad = (n: number, w = 2) => String(n).padStart(w, '0');
      return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${sep}${pad(ms % 1000, 3)}`;
    };
    const vtt = `WEBVTT\n\n${CUES.map(
      (c) => `${stamp(c.start, '.')} --> ${stamp(c.end, '.')}\n<v ${c.label}>${c.text.replace('&', '&amp;')}`,
    ).join('\n\n')}\n`;
    const srt = CUES.map(
      (c, i) => `${i + 1}\n${stamp(c.start, ',')} --> ${stamp(c.end, ',')}\n${c.label}: ${c.text}`,
    ).join('\n\n');
    const json = JSON.stringify({
      version: '1.0.0',
      segments: CUES.map((c) => ({
        speaker: c.label,
        startTime: c.start / 1000,
        endTime: c.end / 1000,
        body: c.text,
      })),
    });

    it.each([
      ['round.vtt', vtt],
      ['round.srt', srt],
      ['round.json', json],
    ])(
      'stores the cues of %s with exactly their times, text and speakers, one speaker’s run as one turn',
      async (name, content) => {
        const result = await ingest.ingest({ name, content: Buffer.from(content), trigger: 'cli' });
        const rows = await segments(result.episode.id);
        expect(
          rows.map((r) => ({ label: r.label, start: r.start_ms, end: r.end_ms, cues: r.cues?.length })),
        ).toEqual(TURNS);
        expect(
          rows.flatMap((r) =>
            r.cues!.map((c) => ({ label: r.label, start: c.startMs, end: c.endMs, text: c.text })),
          ),
        ).toEqual(CUES);
        expect(rows.every((r) => r.timing === 'source')).toBe(true);
      },
    );
  });

  it.each([
    [
      'a WebVTT cue with a broken timing',
      'bad.vtt',
      'WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\n<v A B>Hi.\n',
      'invalid-time',
    ],
    [
      'a WebVTT file whose times go backwards',
      'bad.vtt',
      'WEBVTT\n\n00:00:05.000 --> 00:00:06.000\n<v A B>Hi.\n\n00:00:01.000 --> 00:00:02.000\n<v C D>Yo.\n',
      'invalid-timing',
    ],
    [
      'an SRT cue without a timing line',
      'bad.srt',
      '1\n00:00:01,000 --> 00:00:02,000\nA B: Hi.\n\n2\nC D: Hello.\n',
      'malformed-transcript',
    ],
    [
      'a JSON transcript of the wrong shape',
      'bad.json',
      '{"version":"1.0.0","segments":[{"speaker":"A","startTime":"later","body":"x"}]}',
      'malformed-transcript',
    ],
    [
      'a plain transcript with times going backwards',
      'bad.txt',
      '[00:02:00] A B: One.\n[00:01:00] C D: Two.\n',
      'invalid-timing',
    ],
  ])('refuses %s and writes nothing', async (_what, name, content, code) => {
    const before = await episodeRowCounts(database);
    const error = await ingest
      .ingest({ name, content: Buffer.from(content), trigger: 'cli' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe(code);
    expect(await episodeRowCounts(database)).toEqual(before);
    const run = await database.db.pool.query(
      `SELECT status, error FROM ingestion_runs WHERE source_name = $1 ORDER BY started_at DESC LIMIT 1`,
      [name],
    );
    expect(run.rows[0]).toMatchObject({ status: 'failed', error: { code } });
  });

  it('refuses a transcript whose chapters file is invalid, naming the chapters file, and writes nothing', async () => {
    const before = await episodeRowCounts(database);
    const error = (await ingest
      .ingest({
        name: 'chaptered.vtt',
        content: fixture('night-shift.vtt'),
        chapters: '{"version":"1.2.0","chapters":[{"startTime":30,"endTime":10,"title":"Backwards"}]}',
        trigger: 'cli',
      })
      .catch((e) => e)) as IngestError;
    expect(error.code).toBe('invalid-chapters');
    expect(error.message).toMatch(
      /^chaptered\.vtt\.chapters\.json:1: chapters\[0\]: endTime \(10 s\) is before startTime/,
    );
    expect(await episodeRowCounts(database)).toEqual(before);
  });
});
