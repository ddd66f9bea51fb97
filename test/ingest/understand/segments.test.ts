import { describe, expect, it } from 'vitest';
import type { RawTurn } from '../../../src/ingest/model.js';
import { buildSegments, isFragment, joinSamePerson } from '../../../src/ingest/understand/segments.js';

const turn = (label: string, text: string, line: number, times?: [number, number]): RawTurn => ({
  label,
  text,
  line,
  ...(times ? { startMs: times[0], endMs: times[1] } : {}),
});

describe('turns → segments', () => {
  it("merges a diarization fragment into the previous speaker's unfinished sentence", () => {
    const { segments, fragments } = buildSegments([
      turn('Speaker 1', 'Good morning, this week we look at tidal power along the coast of', 1),
      turn('Speaker 2', 'northern Portugal.', 3),
      turn('Speaker 1', 'It is a story about engineers and fishermen.', 5),
      turn('Speaker 2', 'Glad to be here.', 7),
    ]);
    expect(segments.map((s) => [s.labels, s.text])).toEqual([
      [
        ['Speaker 1'],
        'Good morning, this week we look at tidal power along the coast of northern Portugal. It is a story about engineers and fishermen.',
      ],
      [['Speaker 2'], 'Glad to be here.'],
    ]);
    expect(fragments).toEqual([{ label: 'Speaker 2', line: 3, into: 'Speaker 1' }]);
    expect(segments[0]!.wordCount).toBe(23);
    expect(segments[0]!.parts.map((p) => p.turn)).toEqual([0, 1, 2]);
  });

  it('keeps a reply that starts in lower case as the replier’s own turn', () => {
    const previous = turn('X', 'and if you want me to go on about the harbour,', 1);
    expect(isFragment(previous, turn('Y', 'yes, tell us a little more.', 3))).toBe(false);
    expect(isFragment(previous, turn('Y', 'the old harbour in particular.', 3))).toBe(true);
  });

  it('keeps a long lower-case turn, and any turn after a finished sentence, apart', () => {
    const long = `very hard is the part where ${'the tide keeps turning and nobody knows why '.repeat(4)}`;
    expect(isFragment(turn('X', 'What is the hard part', 1), turn('Y', long, 3))).toBe(false);
    expect(isFragment(turn('X', 'What is the hard part?', 1), turn('Y', 'the tide.', 3))).toBe(false);
  });

  it('keeps timed turns as the source gives them, even of one speaker', () => {
    const { segments } = buildSegments([
      turn('Ana', 'First part.', 1, [0, 2000]),
      turn('Ana', 'Second part.', 2, [2000, 4000]),
      turn('Ana', 'After a long pause.', 3, [9000, 11000]),
    ]);
    expect(segments.map((s) => [s.text, s.startMs, s.endMs])).toEqual([
      ['First part.', 0, 2000],
      ['Second part.', 2000, 4000],
      ['After a long pause.', 9000, 11000],
    ]);
  });

  it('joins neighbouring segments of one person split over two labels, moving offsets with them', () => {
    const { segments } = buildSegments([
      turn('A', 'So where does the water go?', 1),
      turn('B', 'Into the turbines first.', 3),
      turn('C', 'And then back out to sea.', 5),
      turn('A', 'Fascinating.', 7),
    ]);
    const people = new Map([
      ['A', 0],
      ['B', 1],
      ['C', 1],
    ]);
    const joined = joinSamePerson(segments, (s) => people.get(s.labels[0]!) ?? null, [
      'interview',
      'interview',
      'interview',
      'interview',
    ]);
    expect(joined.segments.map((s) => [s.labels, s.text])).toEqual([
      [['A'], 'So where does the water go?'],
      [['B', 'C'], 'Into the turbines first. And then back out to sea.'],
      [['A'], 'Fascinating.'],
    ]);
    expect(joined.map).toEqual([
      { index: 0, offset: 0 },
      { index: 1, offset: 0 },
      { index: 1, offset: 25 },
      { index: 2, offset: 0 },
    ]);
    expect(joined.segments[1]!.wordCount).toBe(10);
  });

  it('keeps one person’s segments apart when they are different kinds of speech', () => {
    const { segments } = buildSegments([
      turn('H1', 'Welcome to the show, today we talk about kelp.', 1),
      turn('H2', 'Hi there, so tell me about kelp.', 3),
    ]);
    const joined = joinSamePerson(segments, () => 0, ['intro', 'interview']);
    expect(joined.segments).toHaveLength(2);
  });
});
