import { z } from 'zod';
import {
  commaListQuery,
  cursorQuery,
  dateOrDateTimeQuery,
  idOrSlugFilter,
  limitQuery,
} from '../../lib/api-schemas.js';
import { ChapterSchema } from '../chapters/chapters.schemas.js';
import { EpisodePersonSchema } from '../people/people.schemas.js';
import { QuoteSchema } from '../quotes/quotes.schemas.js';
import { ShowSchema } from '../refs/refs.schemas.js';
import { EpisodeTopicSchema } from '../topics/topics.schemas.js';

export const EPISODE_SORTS = [
  '-publishedAt',
  'publishedAt',
  'title',
  '-title',
  '-createdAt',
  'createdAt',
] as const;
export const EPISODE_INCLUDES = ['people', 'chapters', 'quotes', 'topics'] as const;

export const EpisodeSchema = z
  .object({
    id: z.string().describe('Opaque, stable episode id'),
    slug: z.string().describe('Human-readable unique slug'),
    title: z.string().describe('Episode title'),
    show: ShowSchema,
    publishedAt: z.iso.datetime().nullable().describe('Publication date-time (UTC), when known'),
    durationMs: z
      .number()
      .int()
      .describe('Duration in milliseconds (estimated when the source has no times)'),
    description: z.string().nullable().describe('Editorial description'),
    language: z.string().describe('Language of the transcript (BCP 47, e.g. "en")'),
    createdAt: z.iso.datetime().describe('When the episode was first ingested'),
    updatedAt: z.iso.datetime().describe('When the episode was last replaced'),
    people: z
      .array(EpisodePersonSchema)
      .optional()
      .describe('With include=people: hosts, then guests, then others; the most talkative first'),
    chapters: z.array(ChapterSchema).optional().describe('With include=chapters: in order'),
    quotes: z
      .array(QuoteSchema)
      .optional()
      .describe('With include=quotes: in the order the summary gives them'),
    topics: z.array(EpisodeTopicSchema).optional().describe('With include=topics: heaviest first'),
  })
  .meta({
    id: 'Episode',
    example: {
      id: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
      slug: 'lighthouses-and-coastal-trade',
      title: 'Lighthouses and coastal trade',
      show: { id: 'show_01jdq3v4k2m8n6p0r5s7t9w1x4', slug: 'harbor-lights', name: 'Harbor Lights' },
      publishedAt: '2025-03-02T00:00:00.000Z',
      durationMs: 2_878_000,
      description: 'A conversation about lighthouses.',
      language: 'en',
      createdAt: '2026-11-26T12:00:00.000Z',
      updatedAt: '2026-11-26T12:00:00.000Z',
    },
  });

export const EpisodeListQuerySchema = z
  .object({
    show: idOrSlugFilter('Only episodes of this show (id or slug)'),
    person: idOrSlugFilter('Only episodes this person appears in (id or slug)'),
    topic: idOrSlugFilter('Only episodes about this topic (id or slug)'),
    publishedFrom: dateOrDateTimeQuery('Only episodes published at or after this date or date-time'),
    publishedTo: dateOrDateTimeQuery(
      'Only episodes published at or before this date-time, or on or before this date',
    ),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Words the title or description must contain; web-search syntax ("a phrase", -not, or)'),
    sort: z
      .enum(EPISODE_SORTS)
      .default('-publishedAt')
      .describe(
        'Order: `-publishedAt` (newest first, the default), `publishedAt`, `title`, `-title`, `-createdAt`, `createdAt`. Episodes without a publication date sort as the oldest.',
      ),
    limit: limitQuery(),
    cursor: cursorQuery,
  })
  .strict();

export const EpisodeGetQuerySchema = z
  .object({
    include: commaListQuery(
      EPISODE_INCLUDES,
      'Related data to embed, so one request renders an episode page.',
    ),
  })
  .strict();

export type EpisodeDto = z.infer<typeof EpisodeSchema>;
export type EpisodeSort = (typeof EPISODE_SORTS)[number];
export type EpisodeInclude = (typeof EPISODE_INCLUDES)[number];
export type EpisodeListQuery = z.output<typeof EpisodeListQuerySchema>;
export type EpisodeGetQuery = z.output<typeof EpisodeGetQuerySchema>;
