import { z } from 'zod';
import { EpisodeSchema } from '../episodes/episodes.schemas.js';

/** The episode's identity for later replacements: a file name, no folders. */
export const SourceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^/\\\p{Cc}]+$/u, 'must be a file name: no slashes or control characters')
  .refine((s) => s !== '.' && s !== '..', 'must be a file name')
  .describe(
    'Source file name, e.g. "episode-12.vtt": the episode\'s identity. Uploading different content under the same name replaces that episode',
  );

export const IngestionReportSchema = z
  .object({
    id: z.string().describe('Id of the ingestion run'),
    sourceName: z
      .string()
      .describe('The name this upload was given: the identity later uploads replace it by'),
    format: z.string().describe('The transcript format that was recognised'),
    counts: z
      .record(z.string(), z.number())
      .describe('What was stored: segments, people, quotes, alignedQuotes, chapters, topics'),
    warnings: z
      .array(
        z.object({
          code: z.string().describe('Stable code, e.g. "unaligned-quote"'),
          message: z.string().describe('What was noticed, for a person'),
          line: z.number().int().optional().describe('Line of the source it concerns'),
        }),
      )
      .describe('What was stored but looked doubtful'),
    timings: z.record(z.string(), z.number()).describe('Milliseconds spent parsing, understanding, storing'),
  })
  .meta({ id: 'IngestionReport' });

export const UploadResultSchema = z
  .object({
    result: z
      .enum(['created', 'unchanged', 'replaced'])
      .describe(
        '"created": a new episode (201); "unchanged": this content was already stored (200); "replaced": it replaced the episode with the same source name (200)',
      ),
    episode: EpisodeSchema,
    ingestion: IngestionReportSchema,
  })
  .meta({
    id: 'UploadResult',
    example: {
      result: 'created',
      episode: {
        id: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
        slug: 'what-reinforcement-learning-teaches-us',
        title: 'What reinforcement learning teaches us',
        show: { id: 'show_01jdq3v4k2m8n6p0r5s7t9w1x4', slug: 'the-data-show', name: 'The Data Show' },
        publishedAt: '2026-06-04T00:00:00.000Z',
        durationMs: 2_878_000,
        description: 'A conversation about reinforcement learning and science.',
      },
      ingestion: {
        id: 'run_01jdq3v4k2m8n6p0r5s7t9w1x6',
        sourceName: 'episode-12.txt',
        format: 'summary-transcript',
        counts: { segments: 58, people: 2, quotes: 9, alignedQuotes: 9, chapters: 7, topics: 12 },
        warnings: [],
        timings: { parseMs: 3.1, understandMs: 41.7, storeMs: 88.2, totalMs: 133.4 },
      },
    },
  });

export type UploadResultDto = z.infer<typeof UploadResultSchema>;
