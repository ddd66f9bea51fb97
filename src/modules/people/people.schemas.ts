import { z } from 'zod';
import { cursorQuery, idOrSlugFilter, limitQuery, nameQuery } from '../../lib/api-schemas.js';
import { QuoteSchema } from '../quotes/quotes.schemas.js';
import { EpisodeSummarySchema, PersonRoleSchema, PersonSchema } from '../refs/refs.schemas.js';

export const PERSON_SORTS = ['name', '-name'] as const;
export const PERSON_EPISODES_SHOWN = 100;
export const PERSON_QUOTES_SHOWN = 20;

const personFields = PersonSchema.omit({ role: true }).shape;

const appearanceFields = {
  role: PersonRoleSchema.describe('Role in the episode'),
  labels: z.array(z.string()).describe('The source’s speaker labels resolved to this person (e.g. ["A"])'),
  confidence: z.number().describe('0..1: how sure the speaker resolution is'),
  segmentCount: z.number().int().describe('Transcript segments the person speaks'),
  wordCount: z.number().int().describe('Words the person speaks'),
  talkMs: z.number().int().describe('Time the person speaks, in milliseconds'),
};

export const EpisodePersonSchema = z.object({ ...personFields, ...appearanceFields }).meta({
  id: 'EpisodePerson',
  description: 'A person as they appear in one episode',
  example: {
    id: 'per_01jdq3v4k2m8n6p0r5s7t9w1x8',
    slug: 'tomasz-wierzbicki',
    name: 'Tomasz Wierzbicki',
    title: 'Historian',
    role: 'guest',
    labels: ['B'],
    confidence: 0.92,
    segmentCount: 14,
    wordCount: 2210,
    talkMs: 828_750,
  },
});

export const PersonSummarySchema = z
  .object({
    ...personFields,
    episodeCount: z.number().int().describe('Episodes the person appears in'),
    quoteCount: z.number().int().describe('Quotes attributed to the person'),
  })
  .meta({
    id: 'PersonSummary',
    example: {
      id: 'per_01jdq3v4k2m8n6p0r5s7t9w1x8',
      slug: 'tomasz-wierzbicki',
      name: 'Tomasz Wierzbicki',
      title: 'Historian',
      episodeCount: 3,
      quoteCount: 7,
    },
  });

export const PersonDetailSchema = z
  .object({
    ...personFields,
    stats: z
      .object({
        episodeCount: z.number().int().describe('Episodes the person appears in'),
        quoteCount: z.number().int().describe('Quotes attributed to the person'),
        segmentCount: z.number().int().describe('Segments spoken, over all episodes'),
        wordCount: z.number().int().describe('Words spoken, over all episodes'),
        talkMs: z.number().int().describe('Talk time over all episodes, in milliseconds'),
      })
      .describe('Totals over every appearance'),
    episodes: z
      .array(
        z.object({
          episode: EpisodeSummarySchema,
          ...appearanceFields,
          quoteCount: z.number().int().describe('Quotes attributed to the person in this episode'),
        }),
      )
      .describe(
        `Appearances, newest episode first (at most ${PERSON_EPISODES_SHOWN}; all of them: GET /v1/episodes?person=)`,
      ),
    quotes: z
      .array(QuoteSchema)
      .describe(
        `The person’s latest quotes (at most ${PERSON_QUOTES_SHOWN}; all of them: GET /v1/quotes?person=)`,
      ),
  })
  .meta({ id: 'PersonDetail' });

export const PersonListQuerySchema = z
  .object({
    q: nameQuery,
    episode: idOrSlugFilter('Only people who appear in this episode (id or slug)'),
    role: PersonRoleSchema.optional().describe('Only people with this role in at least one episode'),
    sort: z.enum(PERSON_SORTS).default('name').describe('`name` (A→Z, the default) or `-name` (Z→A)'),
    limit: limitQuery(),
    cursor: cursorQuery,
  })
  .strict();

export type EpisodePersonDto = z.infer<typeof EpisodePersonSchema>;
export type PersonSummaryDto = z.infer<typeof PersonSummarySchema>;
export type PersonDetailDto = z.infer<typeof PersonDetailSchema>;
export type PersonListQuery = z.output<typeof PersonListQuerySchema>;
