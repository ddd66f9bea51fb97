import { z } from 'zod';
import { IngestError } from '../errors.js';
import type { ParsedTranscript } from '../model.js';
import { squash } from './cue-text.js';
import { MAX_TIME_MS, readTime } from './cue-timing.js';
import { cuesToTurns, piecesFromLines, type Cue } from './cues.js';
import { firstIssue, keyLines, looksLikeJson, readJson } from './json-source.js';
import { isChaptersDocument } from './podcast-chapters.parser.js';
import { WarningTally } from './warning-tally.js';
import { groupWords, isWordLevel, type TimedWord } from './word-phrases.js';

// Podcasting 2.0 JSON transcripts (https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/transcripts/transcripts.md):
// { "version": "1.0.0", "segments": [{ "speaker": "Jane", "startTime": 0.5, "endTime": 2.1, "body": "Hello," }] }
// Segments are phrases or single words; either way consecutive segments of one speaker become
// one turn, and words are joined with the spacing punctuation wants. Phrases are the turn's cues
// as they are; words are grouped into phrases first (word-phrases.ts).

// Seconds as the format says, or as some exporters write them: "12.5" or "00:00:12.500".
const number = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^\d+(?:\.\d+)?$/)
    .transform(Number),
  z
    .string()
    .refine((v) => readTime(v) !== undefined)
    .transform((v) => readTime(v)! / 1000),
]);
const seconds = (what: string) =>
  z
    .unknown()
    .refine((v) => number.safeParse(v).success, { error: `expected the ${what} in seconds (a number)` })
    .transform((v) => number.parse(v))
    .pipe(
      z
        .number()
        .min(0, `the ${what} cannot be negative`)
        .max(MAX_TIME_MS / 1000, `the ${what} is more than 100 hours in`),
    );

const Segment = z.preprocess(
  // Whisper-style "start"/"end"/"text" are the same fields under other names.
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const s = v as Record<string, unknown>;
    return { ...s, startTime: s.startTime ?? s.start, endTime: s.endTime ?? s.end, body: s.body ?? s.text };
  },
  z.object({
    speaker: z.string({ error: 'expected the speaker as text' }).max(200).nullish(),
    startTime: seconds('start'),
    endTime: seconds('end').optional(),
    body: z.string({ error: 'expected the words spoken as text' }).max(100_000),
  }),
);

const Transcript = z.object({
  version: z.union([z.string(), z.number()]).optional(),
  segments: z.array(Segment, { error: 'expected a "segments" array' }).max(500_000),
});

export function looksLikePodcastJson(text: string): boolean {
  return looksLikeJson(text);
}

export function parsePodcastJson(text: string, source: string): ParsedTranscript {
  const value = readJson(text, source, 'malformed-transcript');
  if (isChaptersDocument(value) && !(value as { segments?: unknown }).segments) {
    throw new IngestError(
      'unknown-format',
      'this is a Podcasting 2.0 chapters file, not a transcript: put it beside the transcript as <name>.chapters.json, or send it to PUT /v1/episodes/{id}/chapters',
      source,
    );
  }
  const root = Array.isArray(value) ? { segments: value } : value;
  if (typeof root !== 'object' || root === null || !('segments' in root)) {
    throw new IngestError(
      'malformed-transcript',
      'expected a Podcasting 2.0 transcript: an object with a "segments" array of { speaker, startTime, endTime, body }',
      source,
    );
  }
  const named = keyLines(text, 'startTime');
  const lines = named.length ? named : keyLines(text, 'start');
  const parsed = Transcript.safeParse(root);
  if (!parsed.success) {
    const { path, message } = firstIssue(parsed.error);
    const at = /^segments\[(\d+)\]/.exec(path)?.[1];
    throw new IngestError(
      'malformed-transcript',
      `${path}: ${message}`,
      source,
      at ? lines[Number(at)] : undefined,
    );
  }
  const warnings = new WarningTally();
  const segments = parsed.data.segments;
  const words: TimedWord[] = [];
  segments.forEach((s, i) => {
    const body = squash(s.body);
    if (!body) return;
    let endSeconds = s.endTime;
    if (endSeconds === undefined) {
      endSeconds = Math.max(s.startTime, segments[i + 1]?.startTime ?? s.startTime);
      warnings.add('missing-end-times', 'segments without "endTime" end where the next one starts', lines[i]);
    }
    words.push({
      index: i,
      speaker: squash(s.speaker ?? ''),
      body,
      startMs: Math.round(s.startTime * 1000),
      endMs: Math.round(endSeconds * 1000),
      endEstimated: s.endTime === undefined,
    });
  });
  if (words.length === 0) throw new IngestError('no-turns', 'no segment has a body', source);
  const phrases = isWordLevel(words.map((w) => w.body))
    ? groupWords(words)
    : words.map(({ body, ...w }) => ({ ...w, text: body }));
  const cues: Cue[] = phrases.map((p) => ({
    line: lines[p.index] ?? 1,
    path: `segments[${p.index}]`,
    startMs: p.startMs,
    endMs: p.endMs,
    ...(p.endEstimated ? { endEstimated: true } : {}),
    pieces: p.speaker ? [{ voice: p.speaker, text: p.text }] : piecesFromLines([p.text]),
  }));
  const turns = cuesToTurns(cues, source, warnings);
  return {
    format: 'podcast-json',
    turns,
    meta: { people: [] },
    quotes: [],
    chapters: [],
    warnings: warnings.toWarnings(),
  };
}
