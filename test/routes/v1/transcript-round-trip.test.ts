import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { parseTranscript } from '../../../src/ingest/formats/index.js';
import { parseSrtCues, parseVttCues, type ParsedCue } from '../../helpers/caption-parsers.js';
import { fixture } from '../../helpers/formats.js';
import { ingestService } from '../../helpers/ingest.js';

// Ingest a caption file, export it in the same format, read both with the format's own parser:
// the same cues, times, text and speakers come back, though one speaker's consecutive cues are
// stored as one turn.

interface PodcastSegment {
  speaker: string;
  startTime: number;
  endTime: number;
  body: string;
}

describe('caption files round-trip through ingestion and export', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const get = (url: string) => t.app.inject({ url });

  beforeAll(async () => {
    t = await createTestApp();
    const ingest = ingestService(t.database);
    for (const name of [
      'ferry-crossing.vtt',
      'ferry-crossing.srt',
      'ferry-crossing.json',
      'pocket-economics.words.json',
      'tidewater.hls.vtt',
      'allotment.auto.vtt',
      'shop-talk.diarized.srt',
      'morning-briefing.srt',
      'field-recordings.json',
    ]) {
      ids[name] = (await ingest.ingest({ name, content: fixture(name), trigger: 'cli' })).episode.id;
    }
  });
  afterAll(() => t.close());

  const exported = async (name: string, format: string) => {
    const res = await get(`/v1/episodes/${ids[name]}/transcript?format=${format}`);
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('gives back every WebVTT cue — same times, lines and voices — from a file with runs of one speaker, multi-line cues, settings, NOTE blocks and identifiers', async () => {
    const source = parseVttCues(fixture('ferry-crossing.vtt').toString('utf8'));
    // The reference parser predates header fields ("Kind:", "Language:") and only complains of them.
    expect(source.errors.map((e) => (e as { message: string }).message)).toEqual([
      'No blank line after the signature.',
      'No blank line after the signature.',
    ]);
    expect(source.cues).toHaveLength(14);
    const back = parseVttCues(await exported('ferry-crossing.vtt', 'vtt'));
    expect(back.errors).toEqual([]);
    expect(back.cues).toEqual(source.cues);
  });

  it('gives back every SubRip cue — same times, lines and "Name:" speakers', async () => {
    const source = parseSrtCues(fixture('ferry-crossing.srt').toString('utf8'));
    expect(source).toHaveLength(14);
    expect(parseSrtCues(await exported('ferry-crossing.srt', 'srt'))).toEqual(source);
  });

  it('gives back a phrase-level Podcasting 2.0 JSON transcript segment for segment', async () => {
    const source = JSON.parse(fixture('ferry-crossing.json').toString('utf8')) as {
      segments: PodcastSegment[];
    };
    const back = JSON.parse(await exported('ferry-crossing.json', 'podcast-json')) as {
      segments: PodcastSegment[];
    };
    expect(back.segments).toEqual(source.segments);
  });

  it('exports a word-level transcript as phrases that keep every word in order, each word’s time inside its phrase', async () => {
    const words = (
      JSON.parse(fixture('pocket-economics.words.json').toString('utf8')) as { segments: PodcastSegment[] }
    ).segments;
    const phrases = (
      JSON.parse(await exported('pocket-economics.words.json', 'podcast-json')) as {
        segments: PodcastSegment[];
      }
    ).segments;
    expect(phrases.length).toBeGreaterThan(6);
    expect(phrases.length).toBeLessThan(words.length / 4);
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    expect(squeeze(phrases.map((p) => p.body).join(''))).toBe(squeeze(words.map((w) => w.body).join('')));
    // Walk the words through the phrases by their characters.
    let p = 0;
    let used = 0;
    for (const w of words) {
      while (used >= squeeze(phrases[p]!.body).length) {
        p++;
        used = 0;
      }
      const phrase = phrases[p]!;
      expect(squeeze(phrase.body).slice(used, used + squeeze(w.body).length)).toBe(squeeze(w.body));
      used += squeeze(w.body).length;
      expect(phrase.speaker).toBe(w.speaker);
      expect(w.startTime).toBeGreaterThanOrEqual(phrase.startTime);
      expect(w.endTime).toBeLessThanOrEqual(phrase.endTime);
    }
    expect(phrases.every((ph) => ph.endTime - ph.startTime <= 7 && ph.body.length <= 80)).toBe(true);
  });

  /** Each speaker of one list stands for exactly one of the other, cue by cue. */
  function expectSameSpeakers(a: (string | undefined)[], b: (string | undefined)[]) {
    expect(b).toHaveLength(a.length);
    const forth = new Map<string | undefined, string | undefined>();
    const back = new Map<string | undefined, string | undefined>();
    a.forEach((speaker, i) => {
      expect(forth.get(speaker) ?? b[i]).toBe(b[i]);
      expect(back.get(b[i]) ?? speaker).toBe(speaker);
      forth.set(speaker, b[i]);
      back.set(b[i], speaker);
    });
  }
  const withoutSpeaker = ({ speaker: _, ...cue }: ParsedCue) => cue;

  it('gives back an HLS packager’s WebVTT (BOM, CRLF, X-TIMESTAMP-MAP, identifiers, tags, entities) cue for cue', async () => {
    const source = parseVttCues(fixture('tidewater.hls.vtt').toString('utf8'));
    expect(source.cues).toHaveLength(7);
    const back = parseVttCues(await exported('tidewater.hls.vtt', 'vtt'));
    expect(back.errors).toEqual([]);
    expect(back.cues).toEqual(source.cues);
  });

  it('exports YouTube auto-captions as the captions a viewer saw, each once', async () => {
    const back = parseVttCues(await exported('allotment.auto.vtt', 'vtt'));
    expect(back.errors).toEqual([]);
    expect(back.cues.map((c) => [c.startMs, c.endMs, c.lines])).toEqual([
      [2_990, 5_510, ['welcome back to the allotment show']],
      [5_520, 8_270, ["today we're planting garlic"]],
      [8_280, 11_049, ['which goes in before the frost']],
      [11_059, 13_500, ['and comes up in june']],
    ]);
  });

  it.each(['shop-talk.diarized.srt', 'morning-briefing.srt'])(
    'gives back the cues of %s with the same times and lines, one exported speaker per source label',
    async (name) => {
      const back = parseSrtCues(await exported(name, 'srt'));
      const parsed = parseTranscript(fixture(name), name);
      const expected = parsed.turns.flatMap((turn) =>
        turn.cues!.map((c) => ({
          startMs: c.startMs,
          endMs: c.endMs,
          speaker: turn.label,
          lines: c.text.split('\n'),
        })),
      );
      expect(back.map(withoutSpeaker)).toEqual(expected.map(withoutSpeaker));
      expectSameSpeakers(
        expected.map((c) => c.speaker),
        back.map((c) => c.speaker),
      );
    },
  );

  it('gives back a Podcasting 2.0 JSON transcript whose times were strings, as numbers', async () => {
    const source = JSON.parse(fixture('field-recordings.json').toString('utf8')) as {
      segments: { speaker: string; startTime: string | number; endTime: string | number; body: string }[];
    };
    const seconds = (v: string | number) =>
      typeof v === 'number' ? v : /:/.test(v) ? Number(v.slice(-6)) : Number(v.trim());
    const back = JSON.parse(await exported('field-recordings.json', 'podcast-json')) as {
      segments: PodcastSegment[];
    };
    expect(back.segments).toEqual(
      source.segments.map((s) => ({ ...s, startTime: seconds(s.startTime), endTime: seconds(s.endTime) })),
    );
  });

  it('still serves merged speaker turns as segments, with the source’s times flagged as such', async () => {
    const res = await get(`/v1/episodes/${ids['ferry-crossing.vtt']}/segments`);
    const data = res.json().data as {
      speaker: { name: string } | null;
      startMs: number;
      endMs: number;
      timing: string;
      startTiming: string;
      endTiming: string;
      text: string;
    }[];
    expect(data.map((s) => [s.speaker?.name, s.startMs, s.endMs])).toEqual([
      ['Noor Haddad', 0, 9_350],
      ['Elias Brandt', 9_800, 18_200],
      ['Noor Haddad', 18_700, 21_000],
      ['Elias Brandt', 21_000, 31_100],
      ['Noor Haddad', 31_600, 36_750],
    ]);
    expect(
      data.every((s) => s.timing === 'source' && s.startTiming === 'source' && s.endTiming === 'source'),
    ).toBe(true);
    expect(data[1]!.text).toBe(
      "Thank you. It's a calm night, which helps. In winter you'd be holding on to that table with both hands. And the coffee would be on the floor.",
    );
  });

  it('finds a turn by search with its source start time, whatever its cues', async () => {
    const res = await get(`/v1/search?q=${encodeURIComponent('"force ten"')}`);
    expect(res.statusCode).toBe(200);
    const hits = (res.json().data as { kind: string; episodeId: string; startMs: number }[]).filter(
      (h) => h.episodeId === ids['ferry-crossing.vtt'],
    );
    expect(hits).toEqual([expect.objectContaining({ kind: 'segment', startMs: 21_000 })]);
  });
});
