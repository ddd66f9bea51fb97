import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.js';
import { parseChapters, parseTranscript } from '../../src/ingest/formats/index.js';

// Every parser under random and mutated transcripts: each input either parses or fails
// with the documented IngestError — never another exception, never a hang. FUZZ_RUNS sets
// the cases per parser (10,000 in `npm test`; `npm run fuzz` runs many more).

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
// A hang guard, not a speed target: no single input may take this long.
const HANG_MS = 2_000;

const word = fc.oneof(
  fc.constantFrom(
    'the',
    'and',
    'signal',
    'harbour',
    'Δelta',
    'naïve',
    'café',
    '—',
    '...',
    '“quoted”',
    "it's",
    '?',
    '<b>',
    '&amp;',
    '-->',
    ':',
    '|',
  ),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const sentence = fc.array(word, { minLength: 1, maxLength: 14 }).map((w) => w.join(' '));
const name = fc.oneof(
  fc.constantFrom('Ana Ruiz', 'Speaker 1', 'SPEAKER_02', 'Dr. Lee', 'B', 'Q', 'host', 'Jean-Luc Picard'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const seconds = fc.oneof(
  fc.double({ min: -5, max: 400_000, noNaN: true }),
  fc.integer({ min: 0, max: 7200 }),
);
const clock = (sep: '.' | ',') =>
  seconds.map((s) => {
    const v = Math.abs(s);
    const h = Math.floor(v / 3600);
    const m = Math.floor((v % 3600) / 60);
    const sec = Math.floor(v % 60);
    const ms = Math.floor((v % 1) * 1000);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(h)}:${p(m)}:${p(sec)}${sep}${p(ms, 3)}`;
  });

const vtt = fc
  .array(fc.tuple(clock('.'), clock('.'), name, sentence, fc.boolean()), { maxLength: 30 })
  .map((cues) =>
    [
      'WEBVTT',
      '',
      ...cues.flatMap(([a, b, who, text, voice]) => [
        `${a} --> ${b}`,
        voice ? `<v ${who}>${text}` : `${who}: ${text}`,
        '',
      ]),
    ].join('\n'),
  );
const srt = fc
  .array(fc.tuple(clock(','), clock(','), name, sentence), { maxLength: 30 })
  .map((cues) =>
    cues
      .flatMap(([a, b, who, text], i) => [String(i + 1), `${a} --> ${b}`, `${who}: ${text}`, ''])
      .join('\n'),
  );
const podcastJson = fc
  .array(
    fc.record({ speaker: fc.option(name), startTime: seconds, endTime: fc.option(seconds), body: sentence }),
    { maxLength: 40 },
  )
  .chain((segments) =>
    fc.constantFrom({ version: '1.0.0', segments }, segments, { segments: 'nope' }, { version: 1 }),
  )
  .map((doc) => JSON.stringify(doc));
const chaptersJson = fc
  .array(fc.record({ startTime: seconds, endTime: fc.option(seconds), title: sentence }), { maxLength: 30 })
  .chain((chapters) => fc.constantFrom({ version: '1.2.0', chapters }, { chapters: {} }, chapters))
  .map((doc) => JSON.stringify(doc));
const plain = fc
  .array(fc.tuple(name, fc.option(clock('.')), sentence), { maxLength: 40 })
  .map((turns) =>
    turns
      .map(([who, at, text]) => (at ? `[${at.slice(0, 8)}] ${who}: ${text}` : `${who}: ${text}`))
      .join('\n'),
  );
const summaryTranscript = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D1', 'SPEAKER_1'), sentence), { maxLength: 30 }),
    fc.array(sentence, { maxLength: 5 }),
    fc.array(fc.tuple(sentence, name, fc.integer({ min: 0, max: 9999 })), { maxLength: 5 }),
  )
  .map(([turns, meta, quotes]) =>
    [
      'Loading summary',
      ...turns.flatMap(([label, text]) => [label, text]),
      `Guest: ${meta[0] ?? ''}`,
      `Date: ${meta[1] ?? 'June 4, 2026'}`,
      ...quotes.flatMap(([q, who, s]) => [
        'Quote:',
        `“${q}”`,
        `— ${who} ([${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}])`,
      ]),
      `| Time | Segment | |---|---| | 00:10 | ${meta[2] ?? 'Intro'} | | 01:xx | broken |`,
    ].join('\n'),
  );

/** Realistic damage: truncation, shuffled or duplicated lines, stray bytes, a huge line. */
function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  return fc
    .tuple(
      base,
      fc.constantFrom(
        'none',
        'truncate',
        'shuffle',
        'duplicate',
        'bytes',
        'hugeLine',
        'crlf',
        'bom',
        'utf16',
      ),
      fc.nat(),
      fc.uint8Array({ maxLength: 16 }),
    )
    .map(([text, how, n, bytes]) => {
      const lines = text.split('\n');
      switch (how) {
        case 'truncate':
          return Buffer.from(text.slice(0, n % (text.length + 1)));
        case 'shuffle':
          return Buffer.from(lines.map((l, i) => lines[(i * 7 + n) % lines.length] ?? l).join('\n'));
        case 'duplicate':
          return Buffer.from([...lines, ...lines.slice(0, n % (lines.length + 1))].join('\n'));
        case 'bytes': {
          const at = n % (text.length + 1);
          return Buffer.concat([
            Buffer.from(text.slice(0, at)),
            Buffer.from(bytes),
            Buffer.from(text.slice(at)),
          ]);
        }
        case 'hugeLine':
          return Buffer.from(`${text}\n${'x'.repeat(20_000 + (n % 50_000))}`);
        case 'crlf':
          return Buffer.from(text.replace(/\n/g, '\r\n'));
        case 'bom':
          return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
        case 'utf16':
          return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
        default:
          return Buffer.from(text);
      }
    });
}

function parsesOrRefuses(parse: (b: Buffer) => unknown) {
  return (input: Buffer) => {
    const started = performance.now();
    try {
      parse(input);
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      expect(err.message.length).toBeGreaterThan(0);
    }
    expect(performance.now() - started, 'hang guard').toBeLessThan(HANG_MS);
  };
}

const transcript = parsesOrRefuses((b) => parseTranscript(b, 'fuzz.txt'));

describe('parsers under random and mutated input', () => {
  it.each([
    ['WebVTT', vtt],
    ['SubRip', srt],
    ['Podcasting 2.0 JSON', podcastJson],
    ['plain "Name: text"', plain],
    ['label-and-summary transcripts', summaryTranscript],
  ])(
    '%s either parses or fails with an IngestError',
    (_format, arbitrary) => {
      fc.assert(fc.property(mutated(arbitrary), transcript), { numRuns: RUNS });
    },
    600_000,
  );

  it('Podcasting 2.0 JSON chapters either parse or fail with an IngestError', () => {
    fc.assert(
      fc.property(
        mutated(chaptersJson),
        parsesOrRefuses((b) => parseChapters(b, 'fuzz.chapters.json')),
      ),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('arbitrary bytes either parse or fail with an IngestError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
        transcript,
      ),
      { numRuns: RUNS },
    );
  }, 600_000);
});
