import { z } from 'zod';
import { EpisodeRefSchema } from '../refs/refs.schemas.js';
import { SegmentSchema } from '../segments/segments.schemas.js';

export const TRANSCRIPT_FORMATS = ['json', 'podcast-json', 'vtt', 'srt', 'text'] as const;

export const TranscriptSchema = z
  .object({
    episode: EpisodeRefSchema,
    segments: z.array(SegmentSchema).describe('Every segment, in order'),
  })
  .meta({ id: 'Transcript', description: 'The whole transcript in castindex’s own shape' });

export const PodcastTranscriptSchema = z
  .object({
    version: z.literal('1.0.0').describe('Version of the Podcasting 2.0 JSON transcript format'),
    segments: z.array(
      z.object({
        speaker: z.string().describe('Speaker name (the source’s label when the speaker is unresolved)'),
        startTime: z.number().describe('Start, in seconds'),
        endTime: z.number().describe('End, in seconds'),
        body: z.string().describe('What was said'),
      }),
    ),
  })
  .meta({
    id: 'PodcastTranscript',
    description: 'A Podcasting 2.0 JSON transcript',
    example: {
      version: '1.0.0',
      segments: [
        { speaker: 'Priya Natarajan', startTime: 0, endTime: 3.75, body: 'Welcome back to the show.' },
        { speaker: 'Tomasz Wierzbicki', startTime: 3.75, endTime: 6.2, body: 'Glad to be here.' },
      ],
    },
  });

export const TranscriptQuerySchema = z
  .object({
    format: z
      .enum(TRANSCRIPT_FORMATS)
      .optional()
      .describe(
        'json (castindex’s shape), podcast-json (Podcasting 2.0 JSON), vtt (WebVTT with <v> voice tags), srt (SubRip with "Name:" prefixes) or text. Without it the Accept header decides; the default is json.',
      ),
  })
  .strict();

/** A segment's source cues as stored (segments.cues): what the caption exports give back. */
export const StoredCuesSchema = z.array(
  z.object({
    startMs: z.number().int().min(0),
    endMs: z.number().int().min(0),
    text: z.string(),
  }),
);

export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];
export type TranscriptDto = z.infer<typeof TranscriptSchema>;
export type PodcastTranscriptDto = z.infer<typeof PodcastTranscriptSchema>;
export type StoredCue = z.infer<typeof StoredCuesSchema>[number];
