import { describe, expect, it } from 'vitest';
import {
  CAPTION_CHARS,
  CAPTION_MS,
  captions,
  cutSegment,
  LINE_CHARS,
} from '../../../src/modules/transcripts/captions.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('captions for the caption exports', () => {
  const LONG =
    'We counted every bird on the island twice a year, in spring and in autumn, for a decade. ' +
    'Puffins came back first. Then, slowly and against every prediction anyone had made at the ' +
    'start of the survey, the terns returned as well, nesting on the same ledges their grandparents ' +
    'had abandoned. Nobody expected that.';

  it('cuts a long turn without source cues into short captions of whole sentences where they fit', () => {
    const cues = cutSegment({ startMs: 60_000, endMs: 120_000, text: LONG });
    expect(cues.length).toBeGreaterThan(4);
    expect(words(cues.map((c) => c.text).join(' '))).toEqual(words(LONG));
    for (const c of cues) {
      expect(c.text.replace('\n', ' ').length).toBeLessThanOrEqual(CAPTION_CHARS);
      expect(c.text.split('\n').every((line) => line.length <= LINE_CHARS + 10)).toBe(true);
      expect(c.endMs - c.startMs).toBeLessThanOrEqual(CAPTION_MS);
    }
    expect(cues.map((c) => c.text.replace('\n', ' '))).toContain('Puffins came back first.');
    expect(cues.at(-1)!.text).toMatch(/Nobody expected that\.$/);
  });

  it('shares the turn’s span among its captions by characters, end to end with no gaps', () => {
    const cues = cutSegment({ startMs: 60_000, endMs: 120_000, text: LONG });
    expect(cues[0]!.startMs).toBe(60_000);
    expect(cues.at(-1)!.endMs).toBe(120_000);
    cues.forEach((c, i) => i > 0 && expect(c.startMs).toBe(cues[i - 1]!.endMs));
    const total = cues.reduce((n, c) => n + c.text.length + 1, 0);
    for (const c of cues) {
      expect(c.endMs - c.startMs).toBeCloseTo((60_000 * (c.text.length + 1)) / total, -1);
    }
  });

  it('splits slow speech so that no caption stays on screen longer than the limit', () => {
    const cues = cutSegment({ startMs: 0, endMs: 30_000, text: 'Well. I suppose so, in the end.' });
    expect(cues.length).toBeGreaterThanOrEqual(Math.ceil(30_000 / CAPTION_MS));
    expect(cues.every((c) => c.endMs - c.startMs <= CAPTION_MS)).toBe(true);
    expect(words(cues.map((c) => c.text).join(' '))).toEqual(words('Well. I suppose so, in the end.'));
  });

  it('keeps a short turn as one caption, and packs short sentences together', () => {
    expect(cutSegment({ startMs: 1000, endMs: 3000, text: 'Yes. Right. Go on.' })).toEqual([
      { startMs: 1000, endMs: 3000, text: 'Yes. Right. Go on.' },
    ]);
  });

  it('gives a segment’s source cues back exactly as they were, each with the speaker', () => {
    const cues = [
      { startMs: 500, endMs: 2000, text: 'First line\nand its second.' },
      { startMs: 2000, endMs: 2000, text: 'A cue of no length.' },
    ];
    expect(
      captions([{ speaker: 'Ana Lima', startMs: 500, endMs: 2000, text: 'ignored here', cues }]),
    ).toEqual(cues.map((c) => ({ speaker: 'Ana Lima', ...c })));
  });
});
