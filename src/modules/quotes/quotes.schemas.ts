import { z } from 'zod';
import { cursorQuery, idOrSlugFilter, limitQuery } from '../../lib/api-schemas.js';
import { ChapterRefSchema, EpisodeRefSchema, PersonSchema } from '../refs/refs.schemas.js';

const MAX_QUOTE_LENGTH = 10_000;

export const QuoteSchema = z
  .object({
    id: z.string().describe('Opaque, stable quote id'),
    episodeId: z.string().describe('The episode the quote comes from'),
    ordinal: z.number().int().describe('1-based position among the episode’s quotes'),
    text: z.string().describe('The quote as the editors wrote it'),
    theme: z.string().nullable().describe('The heading the quote sits under, if any'),
    speaker: PersonSchema.nullable().describe(
      'Who said it, with their role in the episode; null when unresolved',
    ),
    attributedName: z.string().nullable().describe('The attribution exactly as the source wrote it'),
    statedMs: z.number().int().nullable().describe('The time the source states for the quote (milliseconds)'),
    segmentId: z.string().nullable().describe('The transcript segment the quote was found in'),
    chapterId: z.string().nullable().describe('The chapter the quote falls in'),
    startMs: z
      .number()
      .int()
      .nullable()
      .describe('When the quote starts in the audio (milliseconds), from its segment; null when unaligned'),
    alignment: z
      .object({
        score: z.number().describe('0..1: how well the quote was found in its segment; 0 when unaligned'),
        charStart: z.number().int().nullable().describe('Start of the quote within the segment text'),
        charEnd: z.number().int().nullable().describe('End (exclusive) of the quote within the segment text'),
      })
      .describe('Where the quote sits in its segment'),
    episode: EpisodeRefSchema,
    chapter: ChapterRefSchema.nullable().describe('The chapter the quote falls in'),
    url: z
      .string()
      .describe('A deep link to the moment: the episode URL with a `#t=<seconds>` media fragment when timed'),
  })
  .meta({
    id: 'Quote',
    example: {
      id: 'qt_01jdq3v4k2m8n6p0r5s7t9w1x9',
      episodeId: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
      ordinal: 1,
      text: 'They were the first public infrastructure many towns ever had',
      theme: null,
      speaker: {
        id: 'per_01jdq3v4k2m8n6p0r5s7t9w1x8',
        slug: 'tomasz-wierzbicki',
        name: 'Tomasz Wierzbicki',
        title: 'Historian',
        role: 'guest',
      },
      attributedName: 'Tomasz Wierzbicki',
      statedMs: 40_000,
      segmentId: 'seg_01jdq3v4k2m8n6p0r5s7t9w1x7',
      chapterId: 'chp_01jdq3v4k2m8n6p0r5s7t9w1x6',
      startMs: 40_000,
      alignment: { score: 0.97, charStart: 0, charEnd: 62 },
      episode: {
        id: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
        slug: 'lighthouses-and-coastal-trade',
        title: 'Lighthouses and coastal trade',
      },
      chapter: { id: 'chp_01jdq3v4k2m8n6p0r5s7t9w1x6', ordinal: 2, title: 'Lighthouses and coastal trade' },
      url: 'https://api.example.com/v1/episodes/lighthouses-and-coastal-trade#t=40',
    },
  });

const lengthQuery = (description: string) =>
  z.coerce.number().int().min(1).max(MAX_QUOTE_LENGTH).optional().describe(description);

const filters = {
  person: idOrSlugFilter('Only quotes said by this person (id or slug)'),
  episode: idOrSlugFilter('Only quotes from this episode (id or slug)'),
  topic: idOrSlugFilter(
    'Only quotes about this topic (id or slug): tagged with it, or said in a segment that is',
  ),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words the quote (or its theme) must contain; web-search syntax ("a phrase", -not, or)'),
  minLength: lengthQuery('Only quotes at least this many characters long'),
  maxLength: lengthQuery('Only quotes at most this many characters long'),
};

const lengthsInOrder = (
  q: { minLength?: number | undefined; maxLength?: number | undefined },
  ctx: z.RefinementCtx,
) => {
  if (q.minLength !== undefined && q.maxLength !== undefined && q.minLength > q.maxLength) {
    ctx.addIssue({ code: 'custom', path: ['maxLength'], message: 'must be at least minLength' });
  }
};

export const QuoteListQuerySchema = z
  .object({ ...filters, limit: limitQuery(), cursor: cursorQuery })
  .strict()
  .superRefine(lengthsInOrder);

export const QuoteRandomQuerySchema = z.object(filters).strict().superRefine(lengthsInOrder);

export type QuoteDto = z.infer<typeof QuoteSchema>;
export type QuoteListQuery = z.output<typeof QuoteListQuerySchema>;
export type QuoteFilterQuery = z.output<typeof QuoteRandomQuerySchema>;
