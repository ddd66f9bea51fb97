import { describe, expect, it } from 'vitest';
import { errorOf, parseFixture, parseText } from '../../helpers/formats.js';

const vtt = (cues: string) => `WEBVTT\n\n${cues}`;

describe('the WebVTT parser', () => {
  it('takes speakers from <v> voice tags and merges one speaker’s consecutive cues into a turn', () => {
    const parsed = parseFixture('garden-hour.vtt');
    expect(parsed.format).toBe('webvtt');
    expect(parsed.turns.map((t) => t.label)).toEqual([
      'Mira Okafor',
      'Tomás Reyes',
      'Mira Okafor',
      'Tomás Reyes',
      'Mira Okafor',
      'Tomás Reyes',
      'Mira Okafor',
      'Tomás Reyes',
      'Mira Okafor',
      'Tomás Reyes',
      'Mira Okafor',
    ]);
    const first = parsed.turns[0]!;
    expect(first).toMatchObject({ startMs: 0, endMs: 11_400, line: 13 });
    expect(first.text).toBe(
      "Good morning, and welcome to The Garden Hour. I'm Mira Okafor, and this week we're talking about soil & the life in it. My guest grows vegetables on a rooftop in Leeds. Tomás, welcome.",
    );
  });

  it('keeps one speaker’s cues apart when a long silence falls between them', () => {
    const parsed = parseText(
      vtt(
        [
          '00:01:12.000 --> 00:01:30.000\n<v Ana Lima>Automation saved money, but it removed the eyes.',
          '00:01:33.000 --> 00:01:40.000\n<v Ana Lima>A machine does not notice a boat in trouble.',
          '00:59:58.000 --> 01:00:05.500\n<v Ana Lima>The sea always wins in the end.',
        ].join('\n\n'),
      ),
      'pause.vtt',
    );
    expect(parsed.turns.map((t) => [t.startMs, t.endMs])).toEqual([
      [72_000, 100_000],
      [3_598_000, 3_605_500],
    ]);
    expect(parsed.turns[0]!.text).toBe(
      'Automation saved money, but it removed the eyes. A machine does not notice a boat in trouble.',
    );
  });

  it('strips styling tags and karaoke timestamps, decodes entities, and drops sound descriptions', () => {
    const turns = parseFixture('garden-hour.vtt').turns;
    expect(turns[1]!.text).toBe(
      "Thanks, Mira. It's lovely to be here — finally. I've listened to the show for years, so this is a bit surreal.",
    );
    expect(turns[3]!.text).toContain(
      'Ground rent in the city is brutal. So I built raised beds, forty centimetres',
    );
    expect(turns[8]!.text).toBe('Uninvited guests are the best kind in a garden.');
  });

  it('splits a cue holding two voices, sharing its time by their words', () => {
    const turns = parseFixture('garden-hour.vtt').turns;
    expect(turns[4]).toMatchObject({
      label: 'Mira Okafor',
      text: 'Forty centimetres is enough?',
      startMs: 31_000,
    });
    expect(turns[5]).toMatchObject({ label: 'Tomás Reyes', endMs: 38_600 });
    expect(turns[4]!.endMs).toBe(turns[5]!.startMs);
    expect(turns[4]!.endMs).toBeGreaterThan(31_000);
    expect(turns[4]!.endMs).toBeLessThan(33_250);
    // Where one voice hands over to the other inside the cue is an estimate, not a source time.
    expect(turns[4]).toMatchObject({ endEstimated: true });
    expect(turns[4]!.startEstimated).toBeUndefined();
    expect(turns[5]).toMatchObject({ startEstimated: true });
    expect(turns[5]!.endEstimated).toBeUndefined();
  });

  it('skips NOTE, STYLE and REGION blocks, reads cue identifiers and settings, and the header language', () => {
    const parsed = parseText(
      vtt(`REGION
id:bill
width:40%

NOTE a comment
00:00:01.000 --> 00:00:02.000 is not a cue here

STYLE
::cue { color: lime }

cue-1
00:00:01.000 --> 00:00:03.000 region:bill align:left size:50%
<v Ada Brooks>First.

cue-2
00:00:03.000 --> 00:00:05.000 vertical:rl
<v Ivo Marek>Second.
`).replace('WEBVTT\n', 'WEBVTT\nLanguage: pt-BR\n'),
    );
    expect(parsed.turns).toEqual([
      {
        label: 'Ada Brooks',
        text: 'First.',
        line: 15,
        startMs: 1000,
        endMs: 3000,
        cues: [{ startMs: 1000, endMs: 3000, text: 'First.' }],
      },
      {
        label: 'Ivo Marek',
        text: 'Second.',
        line: 19,
        startMs: 3000,
        endMs: 5000,
        cues: [{ startMs: 3000, endMs: 5000, text: 'Second.' }],
      },
    ]);
    expect(parsed.meta.language).toBe('pt-BR');
    expect(parsed.warnings).toEqual([]);
  });

  it('takes speakers from "Name:" prefixes, and a cue with no speaker continues the previous one', () => {
    const parsed = parseFixture('night-shift.vtt');
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs])).toEqual([
      ['Priya Raman', 500, 8250],
      ['Okonkwo Adeyemi', 8250, 10_000],
      ['Priya Raman', 10_000, 14_400],
      ['Okonkwo Adeyemi', 14_400, 23_000],
      ['Priya Raman', 23_000, 26_800],
      ['Okonkwo Adeyemi', 26_800, 32_300],
      ['Priya Raman', 32_300, 35_900],
    ]);
    expect(parsed.turns[3]!.text).toBe(
      "There isn't. We start at seven, check the vehicle, restock, and then the radio decides. Some nights it's quiet until three. Then everything happens at once: a fall, a chest pain, a car on the ring road.",
    );
  });

  it('reads a file with a byte-order mark, CRLF line ends, trailing spaces and no final newline', () => {
    const parsed = parseFixture('night-shift.vtt');
    expect(parsed.warnings).toEqual([]);
    expect(parsed.turns[0]!.text).toBe(
      "You're listening to Night Shift, the show for people who work while everyone else sleeps. Tonight I'm joined by a paramedic who has worked nights for eleven years.",
    );
    expect(parsed.turns.at(-1)!.text).toBe("Non-negotiable. I like that. We'll be right back.");
  });

  it('does not take a one-off "Note:" inside a cue for a speaker', () => {
    const parsed = parseText(
      vtt(`00:00:01.000 --> 00:00:04.000
Femi Ola: The river floods every spring.

00:00:04.000 --> 00:00:07.000
Note: the old bridge was built for it.

00:00:07.000 --> 00:00:09.000
Jess Harlow: And the new one?
`),
    );
    expect(parsed.turns.map((t) => t.label)).toEqual(['Femi Ola', 'Jess Harlow']);
    expect(parsed.turns[0]!.text).toBe(
      'The river floods every spring. Note: the old bridge was built for it.',
    );
  });

  it('repairs a missing WEBVTT header on otherwise good cues, with a warning', () => {
    const parsed = parseText(`00:00:01.000 --> 00:00:02.500
<v Ines Duarte>Hello.

00:00:02.500 --> 00:00:04.000
<v Theo Grant>Hi.
`);
    expect(parsed.format).toBe('webvtt');
    expect(parsed.turns.map((t) => t.label)).toEqual(['Ines Duarte', 'Theo Grant']);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['missing-webvtt-header']);
  });

  it('reads near-miss timings (comma milliseconds, missing hours) with a warning', () => {
    const parsed = parseText(
      vtt(`00:01,5 --> 00:03,250
<v Ines Duarte>Hello.
`),
    );
    expect(parsed.turns[0]).toMatchObject({ startMs: 1500, endMs: 3250 });
    expect(parsed.warnings.map((w) => w.code)).toEqual(['nonstandard-timing']);
  });

  it('keeps text after a blank line inside a cue in that cue, with a warning', () => {
    const parsed = parseText(
      vtt(`00:00:01.000 --> 00:00:04.000
<v Ines Duarte>First part

and the rest of it.

00:00:04.000 --> 00:00:06.000
<v Theo Grant>Next.
`),
    );
    expect(parsed.turns[0]!.text).toBe('First part and the rest of it.');
    expect(parsed.warnings.map((w) => w.code)).toEqual(['blank-line-in-cue']);
  });

  it('clips a small overlap between speakers and keeps a long one as crosstalk', () => {
    const parsed = parseText(
      vtt(`00:00:01.000 --> 00:00:04.400
<v Ines Duarte>One.

00:00:04.000 --> 00:00:08.000
<v Theo Grant>Two.

00:00:05.000 --> 00:00:06.000
<v Ines Duarte>Three.
`),
    );
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs])).toEqual([
      ['Ines Duarte', 1000, 4000],
      ['Theo Grant', 4000, 8000],
      ['Ines Duarte', 5000, 6000],
    ]);
    expect(parsed.warnings.map((w) => w.code).sort()).toEqual(['overlap-clipped', 'overlapping-speakers']);
  });

  it('drops caption lines repeated from the previous cue by rolling auto-captions', () => {
    const parsed = parseText(
      vtt(`00:00:00.000 --> 00:00:02.000
the tide comes in

00:00:02.000 --> 00:00:02.010
the tide comes in

00:00:02.010 --> 00:00:04.000
the tide comes in
twice a day here
`),
    );
    expect(parsed.turns.map((t) => t.text)).toEqual(['the tide comes in twice a day here']);
    expect(parsed.turns[0]!.label).toBe('Speaker 1');
    expect(parsed.warnings.map((w) => w.code).sort()).toEqual(['no-speaker-labels', 'rolling-captions']);
  });

  it('reads a packager’s HLS WebVTT: byte-order mark, CRLF, X-TIMESTAMP-MAP, cue identifiers, <c>/<i>/<b> tags and character references', () => {
    const parsed = parseFixture('tidewater.hls.vtt');
    expect(parsed.format).toBe('webvtt');
    expect(parsed.warnings).toEqual([]);
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs, t.cues!.length])).toEqual([
      ['Imogen Salt', 0, 8_000, 3],
      ['Kwame Asante', 8_600, 15_100, 2],
      ['Imogen Salt', 15_600, 17_750, 1],
      ['Kwame Asante', 17_750, 20_000, 1],
    ]);
    expect(parsed.turns[0]!.cues![1]).toEqual({
      startMs: 3_250,
      endMs: 6_400,
      text: "I'm Imogen Salt, and today it’s boats & the\npeople who mend them.",
    });
    expect(parsed.turns[1]!.cues!.map((c) => c.text)).toEqual([
      'Thirty-one in March. My father\nhad the yard before me.',
      'Wood, mostly. Fibreglass if I have to <sigh>.',
    ]);
    expect(parsed.turns[0]!.cues![2]!.text).toBe("Kwame, you've been at it for thirty years?");
  });

  it('reads YouTube auto-captions: rolling repeats dropped, karaoke timestamps gone, a line of spaces kept inside its cue', () => {
    const parsed = parseFixture('allotment.auto.vtt');
    expect(parsed.turns).toHaveLength(1);
    expect(parsed.turns[0]!.cues).toEqual([
      { startMs: 2_990, endMs: 5_510, text: 'welcome back to the allotment show' },
      { startMs: 5_520, endMs: 8_270, text: "today we're planting garlic" },
      { startMs: 8_280, endMs: 11_049, text: 'which goes in before the frost' },
      { startMs: 11_059, endMs: 13_500, text: 'and comes up in june' },
    ]);
    // To WebVTT a line of spaces is cue text, not a blank line: nothing was repaired.
    expect(parsed.warnings.map((w) => w.code).sort()).toEqual(['no-speaker-labels', 'rolling-captions']);
  });

  it('labels speech before the first named speaker as an unnamed speaker', () => {
    const parsed = parseText(
      vtt(`00:00:00.000 --> 00:00:02.000
Previously on the show…

00:00:02.000 --> 00:00:04.000
<v Ines Duarte>Welcome back.
`),
    );
    expect(parsed.turns.map((t) => t.label)).toEqual(['Speaker 1', 'Ines Duarte']);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['unlabelled-speech']);
  });

  it.each([
    [
      'a timing that does not parse',
      vtt('00:00:01.000 --> 00:00:0x.000\n<v Ines Duarte>Hi.\n'),
      'invalid-time',
      3,
      /cannot read the cue timing "00:00:01\.000 --> 00:00:0x\.000"/,
    ],
    [
      'seconds past 59',
      vtt('00:00:01.000 --> 00:00:75.000\n<v Ines Duarte>Hi.\n'),
      'invalid-time',
      3,
      /more than 59 seconds/,
    ],
    [
      'a broken arrow',
      vtt('1\n00:00:01.000 -> 00:00:02.000\n<v Ines Duarte>Hi.\n'),
      'invalid-time',
      4,
      /cannot read the cue timing/,
    ],
    [
      'a cue that ends before it starts',
      vtt('00:00:05.000 --> 00:00:03.000\n<v Ines Duarte>Hi.\n'),
      'invalid-timing',
      3,
      /ends at 00:00:03\.000, before it starts at 00:00:05\.000/,
    ],
    [
      'cues that go back in time',
      vtt(
        '00:00:05.000 --> 00:00:06.000\n<v Ines Duarte>Hi.\n\n00:00:01.000 --> 00:00:02.000\n<v Theo Grant>Yo.\n',
      ),
      'invalid-timing',
      6,
      /starts at 00:00:01\.000, before the previous cue \(line 3\)/,
    ],
    [
      'a time more than 100 hours in',
      vtt('00:00:01.000 --> 250:00:00.000\n<v Ines Duarte>Hi.\n'),
      'invalid-time',
      3,
      /more than 100 hours/,
    ],
    ['no cues at all', 'WEBVTT\n\nNOTE nothing here\n', 'no-turns', undefined, /no cues/],
  ])('refuses %s, naming the line', (_what, text, code, line, message) => {
    const error = errorOf(() => parseText(text, 'bad.vtt'));
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
  });
});
