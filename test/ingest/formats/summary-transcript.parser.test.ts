import { describe, expect, it } from 'vitest';
import type { IngestError } from '../../../src/ingest/errors.js';
import { parseTranscript } from '../../../src/ingest/formats/index.js';

const parse = (text: string) => parseTranscript(Buffer.from(text), 'show.txt');
const refusal = (text: string | Buffer) => {
  try {
    parseTranscript(typeof text === 'string' ? Buffer.from(text) : text, 'show.txt');
  } catch (err) {
    return err as IngestError;
  }
  throw new Error('expected the transcript to be refused');
};

const TURNS = `Speaker 1
So tell me about the lighthouse keepers.
Speaker 2
They kept logs of every ship, every storm,
and every lamp they trimmed.
`;

describe('the summary-transcript format', () => {
  it('reads multi-line turns and every quote shape of the summary', () => {
    const parsed = parse(`${TURNS}Guest: Ines Duarte (Historian); Carl Berg
Host: Mo Abara
Date: 3 March 2025
A talk about lighthouse keepers and their logs.
Quote:
“They kept logs of every ship.”
— Ines Duarte ([00:12])
On Storms
"every storm, and every lamp" — Ines Duarte (1:02:03)
Memorable Quote: “every lamp they trimmed” — Carl Berg ([01:15])
| Time | Segment | |---|---| | 00:00 | Opening | | 00:40 | The logs |
Closing words.
`);
    expect(parsed.turns).toEqual([
      { label: 'Speaker 1', text: 'So tell me about the lighthouse keepers.', line: 1 },
      {
        label: 'Speaker 2',
        text: 'They kept logs of every ship, every storm,\nand every lamp they trimmed.',
        line: 3,
      },
    ]);
    expect(parsed.meta).toMatchObject({
      publishedAt: '2025-03-03',
      description: 'A talk about lighthouse keepers and their logs.',
      people: [
        { name: 'Ines Duarte', role: 'guest', title: 'Historian' },
        { name: 'Carl Berg', role: 'guest' },
        { name: 'Mo Abara', role: 'host' },
      ],
    });
    expect(parsed.quotes.map((q) => [q.text, q.attribution, q.statedMs, q.theme])).toEqual([
      ['They kept logs of every ship.', 'Ines Duarte', 12_000, undefined],
      ['every storm, and every lamp', 'Ines Duarte', 3_723_000, 'On Storms'],
      ['every lamp they trimmed', 'Carl Berg', 75_000, undefined],
    ]);
    expect(parsed.chapters).toEqual([
      { title: 'Opening', startMs: 0, line: 16 },
      { title: 'The logs', startMs: 40_000, line: 16 },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    ['a "Summary" heading', 'Summary\nGuest: Ines Duarte\nA talk about lighthouse keepers.'],
    ['a markdown "## Show notes" heading', '## Show notes\nA talk about lighthouse keepers.'],
    ['an "Episode summary:" heading', 'Episode summary:\nA talk about lighthouse keepers.'],
    ['a labelled description', 'Guest: Ines Duarte\nDescription: A talk about lighthouse keepers.'],
  ])('takes the description after %s, never the heading itself', (_what, summary) => {
    const parsed = parse(`${TURNS}${summary}\n`);
    expect(parsed.meta.description).toBe('A talk about lighthouse keepers.');
    expect(parsed.turns).toHaveLength(2);
  });

  it('keeps the transcript of a broken summary and says which lines it could not read', () => {
    const parsed = parse(`Loading...
${TURNS}Guest: Ines Duarte
Date: someday soon
“An opening quote mark that never closes
— Ines Duarte
“A fine quote.”
— Ines Duarte ([7:7])
| Time | Segment | |---|---| | 0:4x | Broken row | | 00:40 | The logs |
`);
    expect(parsed.turns).toHaveLength(2);
    expect(parsed.chapters).toEqual([{ title: 'The logs', startMs: 40_000, line: 13 }]);
    expect(parsed.quotes).toEqual([
      expect.objectContaining({ text: 'A fine quote.', attribution: 'Ines Duarte' }),
    ]);
    expect(parsed.quotes[0]!.statedMs).toBeUndefined();
    expect(parsed.meta.description).toBeUndefined();
    expect(parsed.warnings.map((w) => [w.code, w.line])).toEqual([
      ['ignored-preamble', 1],
      ['unreadable-date', 8],
      ['unreadable-quote', 9],
      ['unreadable-time', 12],
      ['unreadable-chapter', 13],
    ]);
  });

  it('refuses a summary with no transcript, naming the line the summary starts on', () => {
    const error = refusal('\nGuest: Ines Duarte\nQuote:\n“Logs matter.”\n— Ines Duarte ([00:12])\n');
    expect(error.code).toBe('no-turns');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^show\.txt:2: /);
  });

  it('names the line of binary data, of bytes that are not UTF-8, and of a label with no text', () => {
    const binary = refusal(Buffer.concat([Buffer.from('Speaker 1\nHello\n'), Buffer.from([0, 1, 2, 0])]));
    expect([binary.code, binary.line]).toEqual(['binary-content', 3]);
    const latin1 = refusal(
      Buffer.concat([Buffer.from('A\nok\nB\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    expect([latin1.code, latin1.line]).toEqual(['unsupported-encoding', 4]);
    const empty = refusal('Speaker 1\nHello there.\nSpeaker 2\nSpeaker 1\nAnd again.\n');
    expect([empty.code, empty.line, empty.message]).toEqual([
      'empty-turn',
      3,
      'show.txt:3: speaker label "Speaker 2" has no text',
    ]);
    expect(refusal('').message).toBe('show.txt:1: the file is empty');
  });
});
