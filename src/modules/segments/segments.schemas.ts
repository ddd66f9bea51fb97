import { z } from 'zod';
import { commaListQuery, cursorQuery, idOrSlugFilter, limitQuery } from '../../lib/api-schemas.js';
import { PersonSchema, SegmentKindSchema, TimingSchema } from '../refs/refs.schemas.js';

export const SEGMENT_KINDS = ['teaser', 'intro', 'interview', 'outro', 'ad'] as const;
export const MAX_SEGMENT_LIMIT = 500;
const MAX_MS = 2_147_483_647;

export const SegmentSchema = z
  .object({
    id: z.string().describe('Opaque, stable segment id'),
    episodeId: z.string().describe('The episode the segment belongs to'),
    ordinal: z.number().int().describe('1-based position in the transcript'),
    speaker: PersonSchema.nullable().describe(
      'Who speaks, with their role in the episode; null when unknown',
    ),
    label: z.string().describe('The speaker label the source used for this turn (e.g. "A", "Speaker 2")'),
    text: z.string().describe('What was said'),
    wordCount: z.number().int().describe('Number of words in `text`'),
    startMs: z.number().int().describe('Start, in milliseconds from the beginning of the episode'),
    endMs: z.number().int().describe('End, in milliseconds from the beginning of the episode'),
    timing: TimingSchema.describe(
      '"source" when both times come from the file, "estimated" when either was worked out',
    ),
    startTiming: TimingSchema.describe(
      '"source" when `startMs` was read from the file, "estimated" when interpolated',
    ),
    endTiming: TimingSchema.describe(
      '"source" when `endMs` was read from the file, "estimated" when worked out (interpolated, or where the next turn starts)',
    ),
    chapterId: z.string().nullable().describe('The chapter the segment falls in'),
    kind: SegmentKindSchema.describe('What part of the show this is, so a player can skip a teaser or an ad'),
  })
  .meta({
    id: 'Segment',
    example: {
      id: 'seg_01jdq3v4k2m8n6p0r5s7t9w1x7',
      episodeId: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
      ordinal: 4,
      speaker: {
        id: 'per_01jdq3v4k2m8n6p0r5s7t9w1x8',
        slug: 'tomasz-wierzbicki',
        name: 'Tomasz Wierzbicki',
        title: 'Historian',
        role: 'guest',
      },
      label: 'B',
      text: 'They were the first public infrastructure many towns ever had.',
      wordCount: 10,
      startMs: 40_000,
      endMs: 43_750,
      timing: 'estimated',
      startTiming: 'estimated',
      endTiming: 'estimated',
      chapterId: 'chp_01jdq3v4k2m8n6p0r5s7t9w1x6',
      kind: 'interview',
    },
  });

const msQuery = (description: string) =>
  z.coerce.number().int().min(0).max(MAX_MS).optional().describe(description);

export const SegmentListQuerySchema = z
  .object({
    fromMs: msQuery('Only segments that end after this time (milliseconds)'),
    toMs: msQuery('Only segments that start before this time (milliseconds)'),
    speaker: idOrSlugFilter('Only segments spoken by this person (id or slug)'),
    chapter: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Only segments in this chapter: its id, or its 1-based ordinal in the episode'),
    kind: commaListQuery(SEGMENT_KINDS, 'Only segments of these kinds.'),
    limit: limitQuery(100, MAX_SEGMENT_LIMIT),
    cursor: cursorQuery,
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.fromMs !== undefined && q.toMs !== undefined && q.fromMs >= q.toMs) {
      ctx.addIssue({ code: 'custom', path: ['toMs'], message: 'must be greater than fromMs' });
    }
  });

export type SegmentDto = z.infer<typeof SegmentSchema>;
export type SegmentListQuery = z.output<typeof SegmentListQuerySchema>;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];
