import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { insertEpisode, seedTranscript, type InsertedEpisode } from '../../helpers/episodes.js';
import { ingestService } from '../../helpers/ingest.js';
import { parseSrtCues, parseVttCues } from '../../helpers/caption-parsers.js';

// The formats' own parsers (test/helpers/caption-parsers.ts), in the shape these tests compare.
function parseVtt(text: string) {
  const { errors, cues } = parseVttCues(text, { carrySpeakers: false });
  return {
    errors,
    cues: cues.map((c) => ({
      start: c.startMs / 1000,
      end: c.endMs / 1000,
      speaker: c.speaker,
      text: c.lines.join('\n'),
    })),
  };
}
function parseSrt(text: string) {
  return parseSrtCues(text, { carrySpeakers: false }).map((c) => ({
    start: c.startMs,
    end: c.endMs,
    speaker: c.speaker,
    text: c.lines.join('\n'),
  }));
}

describe('GET /v1/episodes/{id}/transcript', () => {
  let t: TestApp;
  let ep: InsertedEpisode;
  let seedId: string;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  const SEGMENTS = [
    { speaker: 0, text: 'Good evening from the lighthouse keepers’ club.', startMs: 0, endMs: 4_250 },
    { speaker: 1, text: 'Thanks, Odalys. Fog & salt <always> win in the end.', startMs: 4_250, endMs: 9_000 },
    {
      speaker: null,
      text: 'A listener\nsent a question\n\nin two paragraphs.',
      startMs: 9_000,
      endMs: 12_500,
    },
    {
      speaker: 1,
      text: 'Lamps were lit at dusk, every single day, for two centuries.',
      startMs: 3_723_004,
      endMs: 3_725_100,
    },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    ep = await insertEpisode(t.database.db.prisma, {
      title: 'Keepers of the light',
      people: [
        { name: 'Odalys Brennan-Moya', role: 'host' },
        { name: 'Teodor Lindqvist', role: 'guest' },
      ],
      segments: SEGMENTS.map((s, i) => ({ ...s, label: i === 2 ? 'C' : undefined })),
    });
    const seed = await seedTranscript();
    seedId = (await ingestService(t.database).ingest({ ...seed, trigger: 'cli' })).episode.id;
  });
  afterAll(() => t.close());

  const NAMES = ['Odalys Brennan-Moya', 'Teodor Lindqvist', 'C', 'Teodor Lindqvist'];

  it('serves castindex’s own JSON by default: every Segment, with speakers and times', async () => {
    const res = await get(`/v1/episodes/${ep.slug}/transcript`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    expect(body.episode).toEqual({ id: ep.id, slug: ep.slug, title: 'Keepers of the light' });
    expect(body.segments).toHaveLength(4);
    expect(body.segments[1]).toMatchObject({
      ordinal: 2,
      speaker: { name: 'Teodor Lindqvist', role: 'guest' },
      startMs: 4_250,
      endMs: 9_000,
      text: SEGMENTS[1]!.text,
    });
    expect(body.segments[2].speaker).toBeNull();
  });

  const oneLine = (text: string) => text.replace(/\s+/g, ' ');

  it('serves Podcasting 2.0 JSON with speakers and times in seconds', async () => {
    const res = await get(`/v1/episodes/${ep.id}/transcript?format=podcast-json`);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual({
      version: '1.0.0',
      segments: SEGMENTS.map((s, i) => ({
        speaker: NAMES[i],
        startTime: s.startMs / 1000,
        endTime: s.endMs / 1000,
        body: oneLine(s.text),
      })),
    });
  });

  it('serves WebVTT that a WebVTT parser reads without errors, one voice-tagged cue per short segment', async () => {
    const res = await get(`/v1/episodes/${ep.id}/transcript?format=vtt`);
    expect(res.headers['content-type']).toBe('text/vtt; charset=utf-8');
    const { errors, cues } = parseVtt(res.body);
    expect(errors).toEqual([]);
    expect(cues.map((c) => ({ ...c, text: oneLine(c.text) }))).toEqual(
      SEGMENTS.map((s, i) => ({
        start: s.startMs / 1000,
        end: s.endMs / 1000,
        speaker: NAMES[i],
        text: oneLine(s.text),
      })),
    );
    expect(res.body).toContain('01:02:03.004 --> 01:02:05.100');
    // A caption longer than one line is broken in two, near the middle.
    expect(res.body).toContain(
      '<v Teodor Lindqvist>Thanks, Odalys. Fog &amp; salt\n&lt;always&gt; win in the end.',
    );
  });

  it('serves SubRip that a SubRip parser reads, each cue starting with the speaker’s name', async () => {
    const res = await get(`/v1/episodes/${ep.id}/transcript?format=srt`);
    expect(res.headers['content-type']).toBe('application/x-subrip; charset=utf-8');
    expect(parseSrt(res.body).map((c) => ({ ...c, text: oneLine(c.text ?? '') }))).toEqual(
      SEGMENTS.map((s, i) => ({
        start: s.startMs,
        end: s.endMs,
        speaker: NAMES[i],
        text: oneLine(s.text),
      })),
    );
    expect(res.body.split('\n').slice(0, 4)).toEqual([
      '1',
      '00:00:00,000 --> 00:00:04,250',
      'Odalys Brennan-Moya: Good evening from the',
      'lighthouse keepers’ club.',
    ]);
  });

  it('serves plain text: one paragraph per segment with its time and speaker', async () => {
    const res = await get(`/v1/episodes/${ep.id}/transcript?format=text`);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const paragraphs = res.body.trim().split(/\n\n(?=\[)/);
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toBe(
      '[00:00:00] Odalys Brennan-Moya: Good evening from the lighthouse keepers’ club.',
    );
    expect(paragraphs[3]).toMatch(/^\[01:02:03\] Teodor Lindqvist: Lamps were lit/);
  });

  it.each([
    ['text/vtt', 'text/vtt; charset=utf-8'],
    ['application/x-subrip', 'application/x-subrip; charset=utf-8'],
    ['application/srt', 'application/x-subrip; charset=utf-8'],
    ['text/plain', 'text/plain; charset=utf-8'],
    ['application/json', 'application/json; charset=utf-8'],
    ['text/html, */*;q=0.1', 'application/json; charset=utf-8'],
    ['application/xml;q=0.5, text/vtt;q=0.9, text/plain;q=0.2', 'text/vtt; charset=utf-8'],
  ])('chooses the format from Accept: %s', async (accept, contentType) => {
    const res = await get(`/v1/episodes/${ep.id}/transcript`, { accept });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(contentType);
    expect(res.headers.vary).toMatch(/Accept/);
  });

  it('lets format= win over the Accept header', async () => {
    const res = await get(`/v1/episodes/${ep.id}/transcript?format=srt`, { accept: 'text/vtt' });
    expect(res.headers['content-type']).toBe('application/x-subrip; charset=utf-8');
  });

  it('answers an Accept header it cannot satisfy with a 406 listing what it can serve', async () => {
    const res = await get(`/v1/episodes/${ep.id}/transcript`, { accept: 'image/png' });
    expect(res.statusCode).toBe(406);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toMatch(/text\/vtt/);
  });

  /** Each caption's speaker and text, whatever the format. */
  function captionsOf(format: 'vtt' | 'srt' | 'podcast-json', body: string) {
    if (format === 'vtt') {
      const parsed = parseVtt(body);
      expect(parsed.errors).toEqual([]);
      return parsed.cues.map((c) => ({ speaker: c.speaker, text: c.text, ms: (c.end - c.start) * 1000 }));
    }
    if (format === 'srt')
      return parseSrt(body).map((c) => ({ speaker: c.speaker, text: c.text!, ms: c.end - c.start }));
    return (
      JSON.parse(body) as {
        segments: { speaker: string; body: string; startTime: number; endTime: number }[];
      }
    ).segments.map((s) => ({ speaker: s.speaker, text: s.body, ms: (s.endTime - s.startTime) * 1000 }));
  }

  it.each(['vtt', 'srt', 'podcast-json'] as const)(
    'cuts the seed episode’s estimated turns into short captions that keep every word and speaker: %s',
    async (format) => {
      const json = (await get(`/v1/episodes/${seedId}/transcript?format=json`)).json();
      const segments = json.segments as { speaker: { name: string } | null; label: string; text: string }[];
      expect(segments.length).toBeGreaterThan(10);
      const captions = captionsOf(
        format,
        (await get(`/v1/episodes/${seedId}/transcript?format=${format}`)).body,
      );
      expect(captions.length).toBeGreaterThan(segments.length * 3);
      for (const c of captions) {
        expect(c.text.replace(/\s+/g, ' ').length).toBeLessThanOrEqual(90);
        expect(c.text.split('\n').length).toBeLessThanOrEqual(2);
        expect(c.ms).toBeLessThanOrEqual(7_500);
      }
      // The captions of each run of one speaker hold that segment's words, in order.
      const runs: { speaker: string | undefined; text: string }[] = [];
      for (const c of captions) {
        const last = runs.at(-1);
        if (last && last.speaker === c.speaker) last.text += ` ${c.text}`;
        else runs.push({ speaker: c.speaker, text: c.text });
      }
      const words = (text: string) => text.split(/\s+/).filter(Boolean);
      const expected: { speaker: string; text: string }[] = [];
      for (const s of segments) {
        const speaker = s.speaker?.name ?? s.label;
        const last = expected.at(-1);
        if (last?.speaker === speaker) last.text += ` ${s.text}`;
        else expected.push({ speaker, text: s.text });
      }
      expect(runs.map((r) => [r.speaker, words(r.text)])).toEqual(
        expected.map((r) => [r.speaker, words(r.text)]),
      );
    },
  );

  it.each([
    ['vtt', 'seed-again.vtt'],
    ['srt', 'seed-again.srt'],
    ['podcast-json', 'seed-again.json'],
  ] as const)(
    'round-trips the seed episode’s turns, speaker names and words through %s: exported, then ingested again',
    async (format, name) => {
      type Row = { speaker: { name: string } | null; label: string; text: string };
      // A caption file cannot say where one speaker's turn ends and their next begins, so two
      // segments of one speaker in a row (a teaser, then the introduction) come back as one.
      const turns = (rows: Row[]) => {
        const out: { speaker: string; words: string[] }[] = [];
        for (const r of rows) {
          const speaker = r.speaker?.name ?? r.label;
          const words = r.text.split(/\s+/).filter(Boolean);
          const last = out.at(-1);
          if (last?.speaker === speaker) last.words.push(...words);
          else out.push({ speaker, words });
        }
        return out;
      };
      const before = (await get(`/v1/episodes/${seedId}/transcript?format=json`)).json();
      const exported = await get(`/v1/episodes/${seedId}/transcript?format=${format}`);
      const again = await ingestService(t.database).ingest({
        name,
        content: Buffer.from(exported.body),
        trigger: 'cli',
      });
      const after = (await get(`/v1/episodes/${again.episode.id}/transcript?format=json`)).json();
      expect(after.segments.length).toBe(turns(before.segments).length);
      expect(turns(after.segments)).toEqual(turns(before.segments));
    },
  );

  it('compresses a large transcript for a client that accepts gzip', async () => {
    const res = await t.app.inject({
      url: `/v1/episodes/${seedId}/transcript?format=vtt`,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    const text = gunzipSync(res.rawPayload).toString('utf8');
    expect(parseVtt(text).errors).toEqual([]);
  });

  it('answers a repeated request with If-None-Match with 304', async () => {
    const first = await get(`/v1/episodes/${ep.id}/transcript?format=vtt`);
    expect(first.headers['cache-control']).toMatch(/^public/);
    const again = await get(`/v1/episodes/${ep.id}/transcript?format=vtt`, {
      'if-none-match': first.headers.etag!,
    });
    expect(again.statusCode).toBe(304);
  });

  it.each([
    ['an unknown format', '?format=docx', 400],
    ['an unknown parameter', '?format=vtt&lang=fr', 400],
  ])('answers %s with a 400', async (_what, query, status) => {
    const res = await get(`/v1/episodes/${ep.id}/transcript${query}`);
    expect(res.statusCode).toBe(status);
    expect(res.json().type).toBe('https://castindex.dev/problems/validation');
  });

  it('answers an unknown episode with a 404', async () => {
    const res = await get('/v1/episodes/no-such-episode/transcript?format=vtt');
    expect(res.statusCode).toBe(404);
  });
});
