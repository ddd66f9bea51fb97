import { describe, expect, it } from 'vitest';
import { errorOf, parseFixture, parseText } from '../../helpers/formats.js';

describe('the plain "Name: text" transcript parser', () => {
  it('reads "Name: text" turns, multi-line turns, and the metadata lines above the first turn', () => {
    const parsed = parseFixture('bookshelf.txt');
    expect(parsed.format).toBe('plain');
    expect(parsed.turns.map((t) => t.label)).toEqual([
      'Nadia Kowalczyk',
      'Benedict Osei',
      'Nadia Kowalczyk',
      'Benedict Osei',
      'Nadia Kowalczyk',
      'Benedict Osei',
      'Nadia Kowalczyk',
      'Benedict Osei',
    ]);
    expect(parsed.turns[2]).toEqual({
      label: 'Nadia Kowalczyk',
      line: 11,
      text: "Let's begin with the confession. How many unread books are on your shelves right now? Be honest.",
    });
    expect(parsed.turns.every((t) => t.startMs === undefined)).toBe(true);
    expect(parsed.meta).toEqual({
      title: 'The Unread Shelf',
      show: 'Bookshelf Confessions',
      publishedAt: '2025-02-03',
      people: [
        { name: 'Nadia Kowalczyk', role: 'host' },
        { name: 'Benedict Osei', role: 'guest', title: 'Librarian and author' },
      ],
    });
  });

  it('keeps "Note:" and "Update:" lines inside a turn instead of taking them for speakers', () => {
    const turns = parseFixture('bookshelf.txt').turns;
    expect(turns[3]!.text).toBe(
      "Around four hundred. Note: I'm counting the ones in the garage. The Japanese have a word for it, tsundoku: buying books and letting them pile up.",
    );
    expect(turns[6]!.text).toBe('Update: my producer says she has six hundred. We are in good company.');
  });

  it('reads "Name (00:01:23): text" times as source times, each turn ending where the next starts', () => {
    const parsed = parseFixture('kitchen-table.txt');
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.endMs])).toEqual([
      ['Jonah Field', 2000, 8000],
      ['Jonah Field', 8000, 13_000],
      ['Amara Nwosu', 13_000, 62_000],
      ['Jonah Field', 62_000, 65_000],
      ['Amara Nwosu', 65_000, 3_690_000],
      ['Jonah Field', 3_690_000, undefined],
    ]);
    // The text gives starts only: each end is inferred, not read.
    expect(parsed.turns.every((t) => t.endMs === undefined || t.endEstimated)).toBe(true);
    expect(parsed.turns.every((t) => t.cues === undefined)).toBe(true);
    expect(parsed.turns[4]!.text).toBe(
      "Croissants. They've been resting since the afternoon before, so the morning is just shaping and baking. It sounds simple. It isn't.",
    );
  });

  it('reads "[00:01:23] Name: text" lines and ignores a preamble before the first speaker', () => {
    const parsed = parseFixture('city-desk.txt');
    expect(parsed.turns.map((t) => [t.label, t.startMs])).toEqual([
      ['Marcus Bell', 0],
      ['Marcus Bell', 9000],
      ['Councillor Ruth Adebayo', 14_000],
      ['Marcus Bell', 17_000],
      ['Councillor Ruth Adebayo', 22_000],
      ['Marcus Bell', 34_000],
      ['Councillor Ruth Adebayo', 39_000],
      ['Marcus Bell', 62_000],
    ]);
    expect(parsed.turns[4]!.text).toBe(
      "Tomorrow morning, honestly, nothing visible. Surveys first, then utilities. The first track won't be laid for eighteen months.",
    );
    expect(parsed.warnings.map((w) => w.code)).toEqual(['ignored-preamble']);
  });

  it('keeps "Speaker N" labels exactly as written', () => {
    const parsed = parseFixture('qa-session.txt');
    expect(parsed.turns.map((t) => t.label)).toEqual([
      'Speaker 1',
      'Speaker 2',
      'Speaker 1',
      'Speaker 2',
      'Speaker 3',
      'Speaker 2',
      'Speaker 3',
      'Speaker 2',
    ]);
  });

  it('reads a speaker and time on a line of their own above the turn', () => {
    const parsed = parseFixture('support-call.txt');
    expect(parsed.turns.map((t) => [t.label, t.startMs, t.line])).toEqual([
      ['Speaker 1', 3000, 1],
      ['Speaker 2', 11_000, 4],
      ['Speaker 1', 19_000, 7],
      ['Speaker 3', 22_000, 10],
      ['Speaker 2', 31_000, 14],
      ['Speaker 1', 36_000, 17],
    ]);
    expect(parsed.turns[3]!.text).toBe(
      'Up by about a third. I think the new button confuses people. Most of them just want a spreadsheet.',
    );
  });

  it('reads "Name (Host): text" roles into the people list', () => {
    const parsed = parseText(
      'Iris Vale (Host): Welcome in.\nPablo Ruiz (Guest): Glad to be here.\nIris Vale (Host): Let us start.\n',
    );
    expect(parsed.turns.map((t) => t.label)).toEqual(['Iris Vale', 'Pablo Ruiz', 'Iris Vale']);
    expect(parsed.meta.people).toEqual([
      { name: 'Iris Vale', role: 'host', labels: ['Iris Vale'] },
      { name: 'Pablo Ruiz', role: 'guest', labels: ['Pablo Ruiz'] },
    ]);
  });

  it('reads speakers set in Markdown bold, and a heading above them as the title', () => {
    const parsed = parseText(
      '# Tide tables\n\n**Iris Vale:** Welcome in.\n\n**Pablo Ruiz**: Glad to be here.\n',
    );
    expect(parsed.meta.title).toBe('Tide tables');
    expect(parsed.turns.map((t) => [t.label, t.text])).toEqual([
      ['Iris Vale', 'Welcome in.'],
      ['Pablo Ruiz', 'Glad to be here.'],
    ]);
  });

  it('takes a "Host: Welcome…" line for a turn, not for metadata', () => {
    const parsed = parseText(
      'Host: Welcome to the late show!\nGuest: Thanks for having me.\nHost: Shall we?\nGuest: We shall.\n',
    );
    expect(parsed.turns.map((t) => [t.label, t.text])).toEqual([
      ['Host', 'Welcome to the late show!'],
      ['Guest', 'Thanks for having me.'],
      ['Host', 'Shall we?'],
      ['Guest', 'We shall.'],
    ]);
    expect(parsed.meta.people).toEqual([]);
  });

  it.each([
    [
      'times that go backwards',
      '[00:05:00] Iris Vale: Later.\n[00:01:00] Pablo Ruiz: Earlier.\n',
      'invalid-timing',
      2,
      /starts at 00:01:00\.000, before the turn at line 1/,
    ],
    [
      'a speaker line with no text',
      'Iris Vale:\n\nPablo Ruiz: Hello.\nIris Vale: Hi.\n',
      'empty-turn',
      1,
      /speaker label "Iris Vale" has no text/,
    ],
  ])('refuses %s, naming the line', (_what, text, code, line, message) => {
    const error = errorOf(() => parseText(text, 'bad.txt'));
    expect(error).toMatchObject({ code, line });
    expect(error.message).toMatch(message);
  });
});
