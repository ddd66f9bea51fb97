import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../src/ingest/formats/index.js';
import type { ParsedTranscript, RawTurn } from '../../../src/ingest/model.js';
import { understand } from '../../../src/ingest/understand/index.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures');

const base = (turns: RawTurn[], extra: Partial<ParsedTranscript> = {}): ParsedTranscript => ({
  format: 'plain',
  turns,
  meta: { people: [] },
  quotes: [],
  chapters: [],
  warnings: [],
  ...extra,
});

describe('understanding a whole transcript', () => {
  it('keeps source times and names from a timed transcript with names as labels', () => {
    const draft = understand({
      source: 'kelp.vtt',
      parsed: base(
        [
          {
            label: 'Ana Lima',
            text: 'Welcome to Kelp Talk. With me is Joe Park.',
            line: 1,
            startMs: 0,
            endMs: 4_000,
          },
          {
            label: 'Joe Park',
            text: 'Thanks, Ana. Kelp grows half a metre a day.',
            line: 4,
            startMs: 4_000,
            endMs: 9_000,
          },
          { label: 'Ana Lima', text: 'Half a metre? How?', line: 7, startMs: 9_500, endMs: 11_000 },
          {
            label: 'Joe Park',
            text: 'Cold water, sunlight and a lot of nitrogen.',
            line: 10,
            startMs: 11_000,
            endMs: 20_000,
          },
        ],
        {
          format: 'webvtt',
          chapters: [
            { title: 'Welcome', startMs: 0 },
            { title: 'Growth', startMs: 10_000 },
          ],
          quotes: [{ text: 'a lot of nitrogen', attribution: 'Joe Park', line: 30 }],
        },
      ),
    });
    expect(draft.segments.map((s) => [s.startMs, s.endMs, s.timing])).toEqual([
      [0, 4_000, 'source'],
      [4_000, 9_000, 'source'],
      [9_500, 11_000, 'source'],
      [11_000, 20_000, 'source'],
    ]);
    expect(draft.people.map((p) => [p.name, p.role, p.labels])).toEqual([
      ['Ana Lima', 'host', ['Ana Lima']],
      ['Joe Park', 'guest', ['Joe Park']],
    ]);
    // Linked by time: the turn starting at 9.5 s belongs to the first chapter.
    expect(draft.chapters.map((c) => [c.firstSegment, c.startMs, c.endMs])).toEqual([
      [0, 0, 10_000],
      [3, 10_000, 20_000],
    ]);
    expect(draft.segments.map((s) => s.chapter)).toEqual([0, 0, 0, 1]);
    expect(draft.quotes[0]).toMatchObject({ segment: 3, person: 1, chapter: 1 });
    expect(draft.quotes[0]!.startMs).toBeGreaterThan(11_000);
    expect(draft.durationMs).toBe(20_000);
    expect(draft.show.name).toBe('Kelp Talk');
  });

  it('estimates times from words and stated quote times when the source has none', () => {
    const filler = 'We counted every bird on the island twice a year for a decade. '.repeat(15);
    const draft = understand({
      source: 'birds.txt',
      parsed: base(
        [
          { label: 'Speaker 1', text: 'Welcome to Flight Path, this is Sam Ortiz.', line: 1 },
          { label: 'Speaker 2', text: `${filler} The puffins came back in the end.`, line: 3 },
          { label: 'Speaker 1', text: 'What brought them back?', line: 5 },
          { label: 'Speaker 2', text: `${filler} Fewer rats, more sand eels.`, line: 7 },
        ],
        {
          meta: { people: [{ name: 'Rhea Quinn', role: 'guest' }] },
          quotes: [
            { text: 'Fewer rats, more sand eels.', attribution: 'Rhea Quinn', statedMs: 130_000, line: 20 },
            { text: 'Penguins never left.', attribution: 'Rhea Quinn', statedMs: 10_000, line: 22 },
          ],
        },
      ),
    });
    expect(draft.segments.every((s) => s.timing === 'estimated')).toBe(true);
    draft.segments.forEach((s, i) => i > 0 && expect(s.startMs).toBe(draft.segments[i - 1]!.endMs));
    const [eels, penguins] = draft.quotes;
    expect(eels).toMatchObject({ segment: 3, person: 1 });
    expect(Math.abs(eels!.startMs! - 130_000)).toBeLessThanOrEqual(30_000);
    expect(penguins).toMatchObject({ segment: null, alignmentScore: 0, startMs: null, person: 1 });
    expect(draft.warnings).toEqual([expect.objectContaining({ code: 'unaligned-quote', line: 22 })]);
    expect(draft.people.map((p) => [p.name, p.labels])).toEqual([
      ['Sam Ortiz', ['Speaker 1']],
      ['Rhea Quinn', ['Speaker 2']],
    ]);
    expect(draft.title).toBe('Rhea Quinn');
  });
});

describe('a hand-made episode with known times', () => {
  // volcano-talk.txt: three labels (an announcer reads the ad and the sign-off), no teaser,
  // a multi-line chapter table, quotes stated at the start of the answer they are in.
  // Its turns were written at 150 words a minute, so their true starts are known.
  const TRUE_STARTS_S = [0, 12, 15, 19, 64, 68, 107, 116, 122, 157, 161, 194, 198, 202];
  const draft = understand({
    source: 'volcano-talk.txt',
    parsed: parseTranscript(readFileSync(path.join(FIXTURES, 'volcano-talk.txt')), 'volcano-talk.txt'),
  });

  it('estimates every segment’s start within a few seconds of the truth', () => {
    expect(draft.segments).toHaveLength(TRUE_STARTS_S.length);
    draft.segments.forEach((s, i) =>
      expect(Math.abs(s.startMs - TRUE_STARTS_S[i]! * 1000)).toBeLessThan(5_000),
    );
  });

  it('names host and guest with the metadata’s spelling and leaves the announcer unnamed', () => {
    expect(draft.people.map((p) => [p.name, p.role, p.labels])).toEqual([
      ['Sofia Márquez', 'host', ['Speaker 1']],
      ['Kenji Watanabe', 'guest', ['Speaker 2']],
      ['Speaker 3', 'host', ['Speaker 3']],
    ]);
    expect(draft.warnings.map((w) => w.code)).toEqual(['ignored-preamble', 'unresolved-label']);
  });

  it('finds the intro, the sponsor read and the outro, and places each chapter', () => {
    expect(draft.segments.map((s) => s.kind)).toEqual([
      'intro',
      ...Array<string>(5).fill('interview'),
      'ad',
      ...Array<string>(4).fill('interview'),
      'outro',
      'outro',
      'outro',
    ]);
    expect(draft.chapters.map((c) => c.firstSegment)).toEqual([0, 2, 4, 7, 9]);
    expect(draft.quotes.map((q) => [q.segment, q.theme, q.alignmentScore])).toEqual([
      [5, null, 1],
      [10, 'On Forecasting', 1],
    ]);
    expect(draft.show.name).toBe('Deep Time');
    // The description's subject is longer than a title: its first clause.
    expect(draft.title).toBe('Kenji Watanabe on why volcanoes erupt');
  });
});
