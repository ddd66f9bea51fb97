import { describe, expect, it } from 'vitest';
import { placeChapters } from '../../../src/ingest/understand/chapters.js';
import { tokenize } from '../../../src/ingest/understand/tokens.js';

const TEXTS = [
  'Welcome to Garden Hour, today with a beekeeper.',
  'Thanks for having me.',
  'How did you start keeping bees?',
  'My grandmother kept hives behind the orchard and I inherited them, bees and all.',
  'What about the winter, do hives survive the cold?',
  'Hives cluster in winter; the bees shiver to keep the queen warm through the cold months.',
  'And honey, how much do you harvest?',
  'In a good year forty kilos of honey per hive, in a bad one nothing.',
];

function segments(wordsPerSecond = 2.5) {
  let word = 0;
  return TEXTS.map((text, i) => {
    const tokens = tokenize(text);
    const s = { text, tokens, kind: i === 0 ? ('intro' as const) : ('interview' as const), wordStart: word };
    word += tokens.length;
    return { ...s, startMs: Math.round((s.wordStart / wordsPerSecond) * 1000) };
  });
}

describe('chapter placement', () => {
  it('places each chapter on the segment its title speaks of, near its time, in order', () => {
    const segs = segments();
    const timeOf = (word: number) => (word / 2.5) * 1000;
    const at = (i: number) => segs[i]!.startMs;
    const chapters = [
      { title: 'Introduction', startMs: 0 },
      { title: 'Inheriting the hives', startMs: at(2) + 1_000 },
      { title: 'Bees in winter', startMs: at(4) - 2_000 },
      { title: 'The honey harvest', startMs: at(6) },
    ];
    expect(placeChapters(chapters, segs, timeOf, 60_000)).toEqual([0, 2, 4, 6]);
  });

  it('starts a chapter at 0:00 with the audio, teaser and all', () => {
    const segs = segments().map((s, i) => ({ ...s, kind: i === 0 ? ('teaser' as const) : s.kind }));
    const timeOf = (word: number) => (word / 2.5) * 1000;
    const chapters = [
      { title: 'Introduction', startMs: 0 },
      { title: 'Bees in winter', startMs: segs[4]!.startMs },
    ];
    expect(placeChapters(chapters, segs, timeOf, 60_000)).toEqual([0, 4]);
  });

  it('keeps chapters in order even when a later title’s words come up early', () => {
    const segs = segments();
    const timeOf = (word: number) => (word / 2.5) * 1000;
    const chapters = [
      { title: 'Winter hives', startMs: 19_000 },
      { title: 'Grandmother’s orchard', startMs: 30_000 },
    ];
    const [first, second] = placeChapters(chapters, segs, timeOf, 20_000);
    expect(first).toBeLessThan(second!);
  });
});
