import { describe, expect, it } from 'vitest';
import { alignInSegment, quoteAligner, quotePieces } from '../../../src/ingest/understand/quote-alignment.js';
import { chooseAlignment, dedupeQuotes } from '../../../src/ingest/understand/quotes.js';
import { tokenize } from '../../../src/ingest/understand/tokens.js';

const SEGMENTS = [
  'So tell me, what did the drought change for farmers?',
  "Well, it changed everything. We don't plant maize anymore, we plant sorghum. The old seeds just didn't survive the heat, and honestly, nobody wanted to admit it for years.",
  'That sounds hard.',
];

describe('quote alignment', () => {
  it('splits a quote at its ellipses into pieces of words', () => {
    expect(quotePieces('We don’t plant maize...we plant sorghum…nobody')).toEqual([
      ['we', 'dont', 'plant', 'maize'],
      ['we', 'plant', 'sorghum'],
      ['nobody'],
    ]);
  });

  it('finds a quote despite ellipses, curly apostrophes, dashes and light edits, with its character range', () => {
    const segments = SEGMENTS.map(tokenize);
    const [best] = quoteAligner(segments)(
      '“We don’t plant maize anymore—we plant sorghum... nobody wanted to admit it for years.”',
    );
    expect(best).toMatchObject({ segment: 1 });
    expect(best!.score).toBeGreaterThan(0.95);
    expect(SEGMENTS[1]!.slice(best!.charStart, best!.charEnd)).toBe(
      "We don't plant maize anymore, we plant sorghum. The old seeds just didn't survive the heat, and honestly, nobody wanted to admit it for years",
    );
    expect(best!.wordStart).toBe(4);
  });

  it('scores a reworded quote lower, and finds nothing for words never said', () => {
    const words = tokenize(SEGMENTS[1]!);
    const edited = alignInSegment(quotePieces('The old seed simply did not survive the heat'), words)!;
    expect(edited.score).toBeGreaterThan(0.6);
    expect(edited.score).toBeLessThan(0.9);
    expect(
      quoteAligner(SEGMENTS.map(tokenize))('Rainfall doubled in the northern provinces last year.'),
    ).toEqual([]);
  });
});

describe('quote choice and de-duplication', () => {
  it('keeps one quote for the same words at the same time, with the theme heading', () => {
    const quotes = dedupeQuotes([
      { text: 'Sorghum saved us.', attribution: 'Ama', statedMs: 60_000, line: 10 },
      { text: 'Sorghum saved us', theme: 'On Adapting', attribution: 'Ama', statedMs: 60_000, line: 14 },
      { text: 'Sorghum saved us.', attribution: 'Ama', statedMs: 300_000, line: 16 },
    ]);
    expect(quotes).toEqual([
      expect.objectContaining({ theme: 'On Adapting', statedMs: 60_000, lines: [10, 14] }),
      expect.objectContaining({ statedMs: 300_000, lines: [16] }),
    ]);
  });

  it('prefers the later saying of a teaser’s words, and the place nearest the stated time', () => {
    const candidates = [
      { segment: 0, charStart: 0, charEnd: 10, wordStart: 0, score: 1 },
      { segment: 5, charStart: 0, charEnd: 10, wordStart: 0, score: 0.97 },
      { segment: 9, charStart: 0, charEnd: 10, wordStart: 0, score: 0.95 },
      { segment: 12, charStart: 0, charEnd: 10, wordStart: 0, score: 0.6 },
    ];
    const rough = (segment: number) => segment * 60_000;
    const teaser = (segment: number) => segment === 0;
    expect(chooseAlignment(candidates, 540_000, teaser, rough)?.segment).toBe(9);
    expect(chooseAlignment(candidates, 300_000, teaser, rough)?.segment).toBe(5);
    expect(chooseAlignment(candidates, undefined, teaser, rough)?.segment).toBe(5);
    expect(chooseAlignment([], 0, teaser, rough)).toBeNull();
  });
});
