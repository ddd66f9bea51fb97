import { describe, expect, it } from 'vitest';
import { splitTurnsAtChapters } from '../../../src/ingest/formats/chapter-turns.js';
import { prepare } from '../../../src/ingest/prepare.js';
import { parseText } from '../../helpers/formats.js';

// One speaker's answer runs from 18 s to 44 s over two cues; a chapter starts at the second.
const json = JSON.stringify({
  version: '1.0.0',
  segments: [
    { speaker: 'Magnus Berg', startTime: 13, endTime: 18, body: 'Anaïs, what is the Lucena position?' },
    {
      speaker: 'Anaïs Morel',
      startTime: 18,
      endTime: 35,
      body: 'The Lucena position is the winning rook endgame.',
    },
    { speaker: 'Anaïs Morel', startTime: 35, endTime: 44, body: 'And the Philidor position is its defence.' },
    { speaker: 'Magnus Berg', startTime: 44, endTime: 50, body: 'Thank you, Anaïs.' },
  ],
});

describe('turns split at chapter starts', () => {
  const parsed = parseText(json, 'endgames.json');
  const withChapters = (...starts: number[]) => ({
    ...parsed,
    chapters: starts.map((startMs, i) => ({ title: `Chapter ${i + 1}`, startMs })),
  });

  it('starts a new turn at the cue a chapter starts with, or starts near', () => {
    expect(parsed.turns.map((t) => t.label)).toEqual(['Magnus Berg', 'Anaïs Morel', 'Magnus Berg']);
    for (const chapterMs of [35_000, 33_200]) {
      const turns = splitTurnsAtChapters(withChapters(0, chapterMs)).turns;
      expect(turns.map((t) => [t.label, t.startMs, t.endMs, t.text])).toEqual([
        ['Magnus Berg', 13_000, 18_000, 'Anaïs, what is the Lucena position?'],
        ['Anaïs Morel', 18_000, 35_000, 'The Lucena position is the winning rook endgame.'],
        ['Anaïs Morel', 35_000, 44_000, 'And the Philidor position is its defence.'],
        ['Magnus Berg', 44_000, 50_000, 'Thank you, Anaïs.'],
      ]);
      expect(turns[2]!.cues).toEqual([
        { startMs: 35_000, endMs: 44_000, text: 'And the Philidor position is its defence.' },
      ]);
    }
  });

  it('leaves turns whole when no chapter starts near one of their cues', () => {
    expect(splitTurnsAtChapters(withChapters(0, 40_000)).turns).toEqual(parsed.turns);
    // A cue that starts before the chapter would leave its segment in the chapter before.
    expect(splitTurnsAtChapters(withChapters(0, 36_500)).turns).toEqual(parsed.turns);
    // Times worked out rather than read (segments without an end) are not split.
    const untimed = parseText(json.replace(/,"endTime":\d+/g, ''), 'endgames.json');
    expect(untimed.turns[1]!.endEstimated).toBe(true);
    const chaptered = {
      ...untimed,
      chapters: [
        { title: 'A', startMs: 0 },
        { title: 'B', startMs: 35_000 },
      ],
    };
    expect(splitTurnsAtChapters(chaptered).turns).toEqual(untimed.turns);
    expect(splitTurnsAtChapters(withChapters(0, 18_000)).turns).toEqual(parsed.turns);
  });

  it('gives each chapter its own first segment when a file is ingested with them', () => {
    const chapters = JSON.stringify({
      version: '1.2.0',
      chapters: [
        { startTime: 0, title: 'Lucena' },
        { startTime: 35, title: 'Philidor' },
      ],
    });
    const { draft } = prepare({ name: 'endgames.json', content: Buffer.from(json), chapters });
    const philidor = draft.chapters[1]!;
    expect(draft.segments[philidor.firstSegment!]!.text).toBe('And the Philidor position is its defence.');
    expect(draft.segments[philidor.firstSegment! - 1]!.chapter).toBe(0);
  });
});
