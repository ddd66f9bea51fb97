import { describe, expect, it } from 'vitest';
import { parseChapters } from '../../../src/ingest/formats/index.js';
import { errorOf, fixture } from '../../helpers/formats.js';

const chapters = (list: unknown[]) =>
  Buffer.from(JSON.stringify({ version: '1.2.0', chapters: list }, null, 2));

describe('the Podcasting 2.0 JSON chapters parser', () => {
  it('reads titles and times in milliseconds and skips chapters left out of the table of contents', () => {
    const parsed = parseChapters(fixture('garden-hour.chapters.json'), 'garden-hour.chapters.json');
    expect(parsed.chapters).toEqual([
      { title: 'Welcome', startMs: 0, line: 6 },
      { title: 'Why a rooftop?', startMs: 19_300, line: 7 },
      { title: 'What is in the beds', startMs: 38_600, endMs: 58_000, line: 8 },
      { title: 'Before the break', startMs: 58_000, line: 10 },
    ]);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['silent-chapters-skipped']);
  });

  it('sorts chapters into time order, keeps the first of two at the same time and clips overlaps', () => {
    const parsed = parseChapters(
      chapters([
        { startTime: 60, title: 'Second' },
        { startTime: 0, endTime: 75, title: 'First' },
        { startTime: 60, title: 'Second again' },
        { startTime: 120, title: '' },
      ]),
      'c.json',
    );
    expect(parsed.chapters.map((c) => [c.title, c.startMs, c.endMs])).toEqual([
      ['First', 0, 60_000],
      ['Second', 60_000, undefined],
    ]);
    expect(parsed.warnings.map((w) => w.code).sort()).toEqual([
      'chapter-overlap-clipped',
      'chapters-reordered',
      'duplicate-chapter',
      'untitled-chapters-skipped',
    ]);
  });

  it.each([
    ['no chapters array', Buffer.from('{ "version": "1.2.0" }'), /^c\.json: chapters: /],
    [
      'a start time that is not a number',
      chapters([
        { startTime: 0, title: 'A' },
        { startTime: '1:00', title: 'B' },
      ]),
      /^c\.json:9: chapters\[1\]\.startTime: expected the start in seconds/,
    ],
    [
      'a negative start',
      chapters([{ startTime: -5, title: 'A' }]),
      /chapters\[0\]\.startTime: the start cannot be negative/,
    ],
    [
      'a chapter that ends before it starts',
      chapters([{ startTime: 30, endTime: 10, title: 'A' }]),
      /chapters\[0\]: endTime \(10 s\) is before startTime \(30 s\)/,
    ],
    ['invalid JSON', Buffer.from('{ "chapters": [ }'), /not valid JSON/],
  ])('refuses %s with an invalid-chapters error naming the JSON path', (_what, content, message) => {
    const error = errorOf(() => parseChapters(content, 'c.json'));
    expect(error.code).toBe('invalid-chapters');
    expect(error.message).toMatch(message);
  });
});
