import { z } from 'zod';
import { PodcastChaptersSchema } from '../../ingest/formats/podcast-chapters.parser.js';
import { cursorQuery } from '../../lib/api-schemas.js';

export const CHAPTER_FORMATS = ['json', 'podcast-json'] as const;
export const MAX_CHAPTER_LIMIT = 500;

export const ChapterSchema = z
  .object({
    id: z.string().describe('Opaque, stable chapter id'),
    ordinal: z.number().int().describe('Position in the episode, from 1'),
    title: z.string().describe('Chapter title'),
    startMs: z.number().int().describe('Start, in milliseconds from the start of the audio'),
    endMs: z.number().int().describe('End, in milliseconds (the next chapter’s start when not given)'),
    firstSegmentId: z
      .string()
      .nullable()
      .describe(
        'The first segment of the chapter (where a player jumps to); null when no speech falls in it',
      ),
  })
  .meta({
    id: 'Chapter',
    example: {
      id: 'chp_01jdq3v4k2m8n6p0r5s7t9w1x5',
      ordinal: 2,
      title: 'Why soil matters',
      startMs: 95_000,
      endMs: 412_500,
      firstSegmentId: 'seg_01jdq3v4k2m8n6p0r5s7t9w1x6',
    },
  });

export type ChapterDto = z.infer<typeof ChapterSchema>;

/** What GET …/chapters serves in the Podcasting 2.0 format: always with both times. */
export const PodcastChaptersDocumentSchema = z
  .object({
    version: z.literal('1.2.0').describe('Version of the Podcasting 2.0 JSON chapters format'),
    chapters: z.array(
      z.object({
        startTime: z.number().describe('Start, in seconds'),
        endTime: z.number().describe('End, in seconds'),
        title: z.string().describe('Chapter title'),
      }),
    ),
  })
  .meta({
    id: 'PodcastChapters',
    description: 'Podcasting 2.0 JSON chapters (served as application/json+chapters)',
    example: {
      version: '1.2.0',
      chapters: [
        { startTime: 0, endTime: 188, title: 'Introduction' },
        { startTime: 188, endTime: 446, title: 'Lighthouses and coastal trade' },
      ],
    },
  });

export const ChapterListQuerySchema = z
  .object({
    format: z
      .enum(CHAPTER_FORMATS)
      .optional()
      .describe(
        '`json` (a page of Chapter objects) or `podcast-json` (the whole Podcasting 2.0 chapters document, application/json+chapters). Without it the Accept header decides; the default is `json`.',
      ),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_CHAPTER_LIMIT, `must be at most ${MAX_CHAPTER_LIMIT}`)
      .optional()
      .describe(`Page size for \`json\`, 1 to ${MAX_CHAPTER_LIMIT} (default 100)`),
    cursor: cursorQuery,
  })
  .strict();

export type PodcastChaptersDto = z.infer<typeof PodcastChaptersDocumentSchema>;
export type ChapterFormat = (typeof CHAPTER_FORMATS)[number];

export const ChaptersUploadSchema = PodcastChaptersSchema.meta({
  id: 'ChaptersUpload',
  description:
    'Podcasting 2.0 JSON chapters (times in seconds). Other fields of the format (img, url, location, …) are accepted and ignored.',
  example: {
    version: '1.2.0',
    chapters: [
      { startTime: 0, title: 'Cold open' },
      { startTime: 95, title: 'Why soil matters' },
      { startTime: 412.5, endTime: 1830, title: 'Composting at home' },
    ],
  },
});

export const ChapterWarningSchema = z.object({
  code: z.string().describe('Stable code of the repair, e.g. "chapters-reordered"'),
  message: z.string().describe('What was repaired, for a person'),
});

export const ReplacedChaptersSchema = z
  .object({
    data: z.array(ChapterSchema).describe('The episode’s chapters now, in order'),
    warnings: z
      .array(ChapterWarningSchema)
      .describe('Repairs made to the upload (sorting, clipping, skipping)'),
  })
  .meta({
    id: 'ReplacedChapters',
    example: {
      data: [
        {
          id: 'chp_01jdq3v4k2m8n6p0r5s7t9w1x5',
          ordinal: 1,
          title: 'Cold open',
          startMs: 0,
          endMs: 95_000,
          firstSegmentId: 'seg_01jdq3v4k2m8n6p0r5s7t9w1x6',
        },
      ],
      warnings: [{ code: 'chapters-reordered', message: 'chapters were not in time order; sorted them' }],
    },
  });

export type ReplacedChaptersDto = z.infer<typeof ReplacedChaptersSchema>;
