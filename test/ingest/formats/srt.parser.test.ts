import { describe, expect, it } from 'vitest';
import { dropSounds } from '../../../src/ingest/formats/cue-text.js';
import { errorOf, parseFixture, parseText } from '../../helpers/formats.js';

describe('the SRT parser', () => {
  it('takes speakers from ">> NAME:", [Name] and (Name) labels and reads them as one speaker per name', () => {
    const parsed = parseFixture('harbour-history.srt');
    expect(parsed.format).toBe('srt');
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs])).toEqual([
      ['Eleanor Voss', 4000, 12_000],
      ['Kwame Mensah', 12_000, 20_000],
      ['Eleanor Voss', 20_000, 23_900],
      ['Kwame Mensah', 23_900, 31_200],
      ['Eleanor Voss', 31_200, 35_000],
      ['Kwame Mensah', 35_000, 40_500],
      ['Eleanor Voss', 42_000, 46_000],
    ]);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['label-case']);
  });

  it('reads a diarization tool’s SubRip: [SPEAKER_00] labels, a missing blank line, dot milliseconds', () => {
    const parsed = parseFixture('shop-talk.diarized.srt');
    expect(parsed.format).toBe('srt');
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs, t.cues!.map((c) => c.text)])).toEqual([
      [
        'SPEAKER_00',
        480,
        5_900,
        ["Okay, we're recording. Welcome to Shop Talk.", 'Today we have a locksmith with us.'],
      ],
      [
        'SPEAKER_01',
        6_300,
        11_200,
        ["Hi, I'm Dana Whitcombe.\nThanks for having me.", 'Forty years in the trade, give or take.'],
      ],
      ['SPEAKER_00', 11_700, 13_400, ["What's the hardest lock you've opened?"]],
      ['SPEAKER_01', 13_400, 16_800, ['A safe from 1890.\nIt took two days.']],
    ]);
    expect(parsed.warnings).toEqual([
      expect.objectContaining({ code: 'no-blank-between-cues', line: 9 }),
      expect.objectContaining({ code: 'nonstandard-timing', line: 14 }),
    ]);
  });

  it('reads "SPEAKER 1:" labels, an unlabelled cue continuing the speaker before it', () => {
    const parsed = parseFixture('morning-briefing.srt');
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs, t.cues!.length])).toEqual([
      ['SPEAKER 1', 1_000, 6_000, 2],
      ['SPEAKER 2', 6_400, 9_000, 1],
      ['SPEAKER 1', 9_000, 10_500, 1],
    ]);
    expect(parsed.turns[0]!.text).toBe(
      'This is the morning briefing. Three stories today, starting with the weather.',
    );
    expect(parsed.warnings).toEqual([]);
  });

  it('continues the previous speaker on unlabelled cues, strips tags and drops music-only cues', () => {
    const turns = parseFixture('harbour-history.srt').turns;
    expect(turns[1]!.text).toBe(
      "Thank you for having me. It's a subject close to my heart. My grandfather kept the light at Saltness Point for thirty years.",
    );
    expect(turns[3]!.text).toBe(
      'Long. The lamp was lit at dusk and the wick had to be trimmed every four hours. The keepers called it "the graveyard watch".',
    );
    expect(turns.map((t) => t.text).join(' ')).not.toMatch(/MUSIC|♪|<i>|laughs/);
  });

  it('drops sound descriptions inside a line as well as around it, and keeps other brackets', () => {
    const parsed = parseText(
      [
        '1\n00:00:00,000 --> 00:00:04,000\nKwame Mensah: Thanks, Siobhán. (laughs) Happy to talk about sourdough.',
        '2\n00:00:04,000 --> 00:00:08,000\nSiobhán Kelly: It was a great loaf (laughter).',
        '3\n00:00:08,000 --> 00:00:12,000\nKwame Mensah: We started baking (in 2019) [MUSIC] and never stopped.',
      ].join('\n\n'),
      'bakery.srt',
    );
    expect(parsed.turns.map((t) => t.text)).toEqual([
      'Thanks, Siobhán. Happy to talk about sourdough.',
      'It was a great loaf.',
      'We started baking (in 2019) and never stopped.',
    ]);
    // Around quotes and dashes nothing is left in its place, and a line break it stood across stays.
    expect(dropSounds('“(laughs) Hi,” she said. Hi—(laughs)—yes.')).toBe('“Hi,” she said. Hi——yes.');
    expect(dropSounds('We kept going (laughs)\nand never stopped.')).toBe(
      'We kept going\nand never stopped.',
    );
  });

  it('keeps file order when numbering is out of order or missing, with warnings', () => {
    const parsed = parseFixture('startup-stories.srt');
    expect(parsed.turns.map((t) => t.label)).toEqual([
      'Dana Whitfield',
      'Rafael Costa',
      'Dana Whitfield',
      'Rafael Costa',
      'Dana Whitfield',
      'Rafael Costa',
      'Dana Whitfield',
    ]);
    expect(parsed.turns[1]).toMatchObject({
      text: 'Guilty. Although "left" is generous; the bank and I agreed to part ways.',
      startMs: 9300,
      endMs: 15_000,
    });
    expect(parsed.warnings.map((w) => w.code).sort()).toEqual(['srt-numbering', 'srt-unnumbered']);
  });

  it('does not take a line starting "Note:" for a speaker', () => {
    const turns = parseFixture('startup-stories.srt').turns;
    expect(turns[5]!.text).toBe("Four thousand and change. Note: that's after two years of losing money.");
  });

  it('puts shuffled cues back in order when their numbers agree with their times', () => {
    const parsed = parseText(`2
00:00:03,000 --> 00:00:05,000
Oren Tal: Second.

1
00:00:01,000 --> 00:00:03,000
Mae Quinn: First.
`);
    expect(parsed.turns.map((t) => t.text)).toEqual(['First.', 'Second.']);
    expect(parsed.warnings.map((w) => w.code)).toContain('cues-reordered');
  });

  it('ignores a preamble before the first cue and reads dot milliseconds with a warning', () => {
    const parsed = parseText(`Transcript exported by the studio

1
00:00:01.000 --> 00:00:03.000
Mae Quinn: Hello.

2
00:00:03.000 --> 00:00:04.000
Oren Tal: Hi.
`);
    expect(parsed.format).toBe('srt');
    expect(parsed.turns.map((t) => [t.label, t.startMs])).toEqual([
      ['Mae Quinn', 1000],
      ['Oren Tal', 3000],
    ]);
    expect(parsed.warnings.map((w) => w.code).sort()).toEqual(['ignored-preamble', 'nonstandard-timing']);
  });

  it('splits a cue into two speakers on dialogue lines', () => {
    const parsed = parseText(`1
00:00:01,000 --> 00:00:05,000
- Mae Quinn: Are you coming?
- Oren Tal: In a minute.

2
00:00:05,000 --> 00:00:06,000
Mae Quinn: Hurry.
`);
    expect(parsed.turns.map((t) => [t.label, t.text, t.startMs, t.endMs])).toEqual([
      ['Mae Quinn', 'Are you coming?', 1000, 3000],
      ['Oren Tal', 'In a minute.', 3000, 5000],
      ['Mae Quinn', 'Hurry.', 5000, 6000],
    ]);
  });

  it('reads a speaker standing alone on the line above the speech', () => {
    const parsed = parseText(`1
00:00:01,000 --> 00:00:03,000
MAE:
Are you ready?

2
00:00:03,000 --> 00:00:05,000
OREN:
Almost.

3
00:00:05,000 --> 00:00:06,000
MAE:
Good.
`);
    expect(parsed.turns.map((t) => [t.label, t.text])).toEqual([
      ['MAE', 'Are you ready?'],
      ['OREN', 'Almost.'],
      ['MAE', 'Good.'],
    ]);
  });

  it('cuts speech with no speaker at all into paragraphs at long pauses', () => {
    const parsed = parseText(`1
00:00:01,000 --> 00:00:03,000
The weather today is calm.

2
00:00:03,000 --> 00:00:05,000
Winds are light.

3
00:00:09,000 --> 00:00:11,000
In sport, the cup final is tonight.
`);
    expect(parsed.turns.map((t) => [t.label, t.text])).toEqual([
      ['Speaker 1', 'The weather today is calm. Winds are light.'],
      ['Speaker 1', 'In sport, the cup final is tonight.'],
    ]);
  });

  it.each([
    [
      'a cue number with no timing line',
      '1\n00:00:01,000 --> 00:00:02,000\nMae Quinn: Hi.\n\n2\nOren Tal: Hello.\n',
      'malformed-transcript',
      5,
      /cue 2 has no timing line/,
    ],
    [
      'a timing that does not parse',
      '1\n00:00:01,000 --> 00:00:02,000\nMae Quinn: Hi.\n\n2\n00:00:02,000 --> 00:00:0a,000\nOren Tal: Hello.\n',
      'invalid-time',
      6,
      /cannot read the cue timing "00:00:02,000 --> 00:00:0a,000"/,
    ],
    [
      'a mistyped arrow',
      '1\n00:00:01,000 --> 00:00:02,000\nMae Quinn: Hi.\n\n2\n00:00:02,000 - 00:00:03,000\nOren Tal: Hello.\n',
      'invalid-time',
      6,
      /cannot read the cue timing/,
    ],
    [
      'a cue that ends before it starts',
      '1\n00:00:04,000 --> 00:00:02,000\nMae Quinn: Hi.\n\n2\n00:00:05,000 --> 00:00:06,000\nOren Tal: Hello.\n',
      'invalid-timing',
      2,
      /ends at 00:00:02\.000, before it starts/,
    ],
    [
      'times that go backwards against the numbering',
      '1\n00:00:04,000 --> 00:00:05,000\nMae Quinn: Hi.\n\n2\n00:00:01,000 --> 00:00:02,000\nOren Tal: Hello.\n',
      'invalid-timing',
      6,
      /before the previous cue \(line 2\)/,
    ],
  ])('refuses %s, naming the line', (_what, text, code, line, message) => {
    const error = errorOf(() => parseText(text, 'bad.srt'));
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^bad\\.srt:${line}: `));
  });
});
