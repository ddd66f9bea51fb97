import { describe, expect, it } from 'vitest';
import { errorOf, parseFixture, parseText } from '../../helpers/formats.js';

const doc = (segments: unknown[]) => JSON.stringify({ version: '1.0.0', segments }, null, 2);

describe('the Podcasting 2.0 JSON transcript parser', () => {
  it('merges phrase-level segments of one speaker into turns with source times in milliseconds', () => {
    const parsed = parseFixture('deep-field.json');
    expect(parsed.format).toBe('podcast-json');
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs])).toEqual([
      ['Lena Marsh', 0, 10_200],
      ['Dr. Arjun Iyer', 10_600, 12_000],
      ['Lena Marsh', 12_000, 16_500],
      ['Dr. Arjun Iyer', 16_500, 31_000],
      ['Lena Marsh', 31_400, 34_000],
      ['Dr. Arjun Iyer', 34_000, 39_600],
      ['Lena Marsh', 39_600, 42_300],
      ['Dr. Arjun Iyer', 42_300, 53_000],
      ['Lena Marsh', 53_000, 56_200],
    ]);
    expect(parsed.turns[7]!.text).toBe(
      'Galaxies that look too mature for their age. Bright, massive, already full of dust & metals. Either they grew astonishingly fast, or our models are missing something.',
    );
    expect(parsed.turns[1]!.line).toBe(24);
  });

  it('joins word-level segments with the spacing punctuation and contractions want', () => {
    const parsed = parseFixture('pocket-economics.words.json');
    expect(parsed.turns.map((t) => t.label)).toEqual([
      'Sam Okoro',
      'Hana Lindqvist',
      'Sam Okoro',
      'Hana Lindqvist',
      'Sam Okoro',
      'Hana Lindqvist',
    ]);
    expect(parsed.turns.map((t) => t.text)).toEqual([
      "Welcome back to Pocket Economics, the five-minute show about money. I'm Sam Okoro.",
      "And I'm Hana Lindqvist. Today: why your coffee costs more than it did last spring.",
      'Is it the beans, or is it everything else?',
      "Mostly everything else. Beans are about a tenth of the price of a cup. Rent, wages and milk are the rest. It's not what people expect.",
      "So when the café raises prices, it doesn't mean the beans went up?",
      'Exactly. "Costs" means the whole shop (not just the harvest).',
    ]);
    expect(parsed.turns[0]).toMatchObject({ startMs: 350, endMs: 5465 });
  });

  it('keeps phrase-level segments as the turn’s cues, exactly as timed', () => {
    const parsed = parseFixture('deep-field.json');
    expect(parsed.turns[0]!.cues).toEqual([
      { startMs: 0, endMs: 3_400, text: 'From the edge of the observable universe, this is Deep Field.' },
      {
        startMs: 3_400,
        endMs: 7_900,
        text: "I'm Lena Marsh. Tonight: the telescope that sees heat from the first galaxies.",
      },
      { startMs: 7_900, endMs: 10_200, text: 'Joining me is Dr. Arjun Iyer, an infrared astronomer.' },
    ]);
  });

  it('groups word-level segments into phrase cues: at a sentence end, a pause, a new speaker or a caption’s length', () => {
    const word = (speaker: string, startTime: number, body: string, endTime = startTime + 0.3) => ({
      speaker,
      startTime,
      endTime,
      body,
    });
    const long = 'and then we walked along the whole of the northern coast path in one very long day'.split(
      ' ',
    );
    const parsed = parseText(
      doc([
        word('Rosa Lind', 0, 'Hello'),
        word('Rosa Lind', 0.4, 'there'),
        word('Rosa Lind', 0.7, '.', 0.75),
        word('Rosa Lind', 0.8, 'Welcome'),
        word('Rosa Lind', 3, 'back'),
        word('Ken Ito', 3.5, 'Thanks'),
        ...long.map((w, i) => word('Ken Ito', 4 + i * 0.35, w)),
        word('Ken Ito', 4 + long.length * 0.35, '.'),
      ]),
      'words.json',
    );
    expect(parsed.turns.map((t) => t.cues!.map((c) => c.text))).toEqual([
      ['Hello there.', 'Welcome', 'back'],
      ['Thanks and then we walked along the whole of the northern coast path in one very', 'long day.'],
    ]);
    expect(parsed.turns[0]!.cues![0]).toEqual({ startMs: 0, endMs: 750, text: 'Hello there.' });
    for (const c of parsed.turns.flatMap((t) => t.cues!)) {
      expect(c.text.length).toBeLessThanOrEqual(80);
      expect(c.endMs - c.startMs).toBeLessThanOrEqual(7000);
    }
  });

  it('says that a turn ending on a segment with no endTime has an estimated end', () => {
    const parsed = parseText(
      doc([
        { speaker: 'Rosa Lind', startTime: 1, endTime: 2, body: 'One.' },
        { speaker: 'Ken Ito', startTime: 3, body: 'Two.' },
        { speaker: 'Rosa Lind', startTime: 4, endTime: 5, body: 'Three.' },
      ]),
      'x.json',
    );
    expect(parsed.turns.map((t) => [t.endMs, t.endEstimated])).toEqual([
      [2000, undefined],
      [4000, true],
      [5000, undefined],
    ]);
  });

  it('continues the previous speaker where a segment names none, and fills a missing endTime', () => {
    const parsed = parseText(
      doc([
        { speaker: 'Rosa Lind', startTime: 1, endTime: 2, body: 'One,' },
        { startTime: 2, endTime: 3, body: 'two.' },
        { speaker: 'Ken Ito', startTime: 3.5, body: 'Three.' },
        { speaker: 'Ken Ito', startTime: 4.25, endTime: 5, body: 'Four.' },
      ]),
      'x.json',
    );
    expect(parsed.turns).toMatchObject([
      { label: 'Rosa Lind', text: 'One, two.', startMs: 1000, endMs: 3000 },
      { label: 'Ken Ito', text: 'Three. Four.', startMs: 3500, endMs: 5000 },
    ]);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['missing-end-times']);
  });

  it('accepts a bare array of segments, and times written as numeric or clock strings', () => {
    const parsed = parseText(
      JSON.stringify([
        { speaker: 'Rosa Lind', startTime: '0.5', endTime: '00:00:01.250', body: 'Hello.' },
        { speaker: 'Ken Ito', startTime: 1.25, endTime: 2, body: 'Hi.' },
      ]),
      'x.json',
    );
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs])).toEqual([
      ['Rosa Lind', 500, 1250],
      ['Ken Ito', 1250, 2000],
    ]);
  });

  it('reads times written as numeric strings, padded strings and clocks in a phrase-level file', () => {
    const parsed = parseFixture('field-recordings.json');
    expect(parsed.turns.map((t) => [t.label, t.cues])).toEqual([
      [
        'Priya Anand',
        [
          { startMs: 0, endMs: 2_750, text: 'Hello and welcome to Field Recordings.' },
          { startMs: 2_750, endMs: 5_500, text: 'Today: the sound of a glacier.' },
        ],
      ],
      [
        'Tomas Berg',
        [
          { startMs: 6_000, endMs: 9_250, text: 'It cracks like a rifle shot, then it hums.' },
          { startMs: 9_250, endMs: 12_000, text: 'The hum goes on for hours.' },
        ],
      ],
      ['Priya Anand', [{ startMs: 12_500, endMs: 14_000, text: 'Hours?' }]],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    ['no segments array', '{ "version": "1.0.0", "lines": [] }', 'malformed-transcript', /"segments" array/],
    [
      'a start time that is not a number',
      doc([{ speaker: 'A B', startTime: 'soon', endTime: 1, body: 'x' }]),
      'malformed-transcript',
      /^x\.json:6: segments\[0\]\.startTime: expected the start in seconds/,
    ],
    [
      'a body that is not text',
      doc([
        { speaker: 'A B', startTime: 0, endTime: 1, body: 'fine' },
        { speaker: 'A B', startTime: 1, endTime: 2, body: 42 },
      ]),
      'malformed-transcript',
      /segments\[1\]\.body: expected the words spoken as text/,
    ],
    [
      'a time more than 100 hours in',
      doc([{ speaker: 'A B', startTime: 0, endTime: 1e9, body: 'x' }]),
      'malformed-transcript',
      /segments\[0\]\.endTime: the end is more than 100 hours in/,
    ],
    ['invalid JSON', '{ "segments": [ { "body": "x", } ] }', 'malformed-transcript', /not valid JSON/],
    [
      'a segment that ends before it starts',
      doc([{ speaker: 'A B', startTime: 3, endTime: 2, body: 'x' }]),
      'invalid-timing',
      /segments\[0\] ends at 00:00:02\.000, before it starts at 00:00:03\.000/,
    ],
    [
      'segments that go back in time',
      doc([
        { speaker: 'A B', startTime: 5, endTime: 6, body: 'x' },
        { speaker: 'C D', startTime: 1, endTime: 2, body: 'y' },
      ]),
      'invalid-timing',
      /segments\[1\] starts at 00:00:01\.000, before segments\[0\]/,
    ],
    [
      'a chapters file sent as a transcript',
      '{ "version": "1.2.0", "chapters": [{ "startTime": 0, "title": "Intro" }] }',
      'unknown-format',
      /chapters file, not a transcript/,
    ],
    [
      'segments with no words',
      doc([{ speaker: 'A B', startTime: 0, endTime: 1, body: '  ' }]),
      'no-turns',
      /body/,
    ],
  ])('refuses %s with a message naming the JSON path or line', (_what, text, code, message) => {
    const error = errorOf(() => parseText(text, 'x.json'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('names the line of a JSON syntax error', () => {
    const error = errorOf(() =>
      parseText('{\n  "version": "1.0.0",\n  "segments": [\n    { "body": "x" }\n    { }\n]}', 'x.json'),
    );
    expect(error).toMatchObject({ code: 'malformed-transcript', line: 5 });
  });
});
