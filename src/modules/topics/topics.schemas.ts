import { z } from 'zod';
import { cursorQuery, limitQuery, nameQuery } from '../../lib/api-schemas.js';
import { EpisodeRefSchema, EpisodeSummarySchema } from '../refs/refs.schemas.js';
import { SegmentSchema } from '../segments/segments.schemas.js';

export const TOPIC_KINDS = ['topic', 'person', 'organization', 'place'] as const;
export const TOPIC_ITEMS_SHOWN = 50;

export const TopicKindSchema = z.enum(TOPIC_KINDS).meta({ id: 'TopicKind' });

const topicFields = {
  id: z.string().describe('Opaque, stable topic id'),
  slug: z.string().describe('Normalised, human-readable unique slug'),
  name: z.string().describe('Display name'),
  kind: TopicKindSchema.describe('A subject, or a named entity (person, organisation, place)'),
};

export const EpisodeTopicSchema = z
  .object({
    ...topicFields,
    weight: z.number().describe('0..1: how central the topic is to the episode'),
    mentions: z.number().int().describe('How often the topic comes up in the episode'),
  })
  .meta({
    id: 'EpisodeTopic',
    example: {
      id: 'top_01jdq3v4k2m8n6p0r5s7t9w1xa',
      slug: 'coastal-trade',
      name: 'Coastal trade',
      kind: 'topic',
      weight: 0.8,
      mentions: 6,
    },
  });

export const TopicSummarySchema = z
  .object({ ...topicFields, episodeCount: z.number().int().describe('Episodes about the topic') })
  .meta({
    id: 'TopicSummary',
    example: {
      id: 'top_01jdq3v4k2m8n6p0r5s7t9w1xa',
      slug: 'coastal-trade',
      name: 'Coastal trade',
      kind: 'topic',
      episodeCount: 4,
    },
  });

export const TopicDetailSchema = z
  .object({
    ...topicFields,
    episodeCount: z.number().int().describe('Episodes about the topic'),
    segmentCount: z.number().int().describe('Transcript segments about the topic'),
    episodes: z
      .array(
        z.object({
          episode: EpisodeSummarySchema,
          weight: z.number().describe('0..1: how central the topic is to the episode'),
          mentions: z.number().int().describe('How often it comes up in the episode'),
        }),
      )
      .describe(`The episodes most about the topic, heaviest first (at most ${TOPIC_ITEMS_SHOWN})`),
    segments: z
      .array(
        z.object({
          segment: SegmentSchema,
          episode: EpisodeRefSchema,
          weight: z.number().describe('0..1: how much the segment is about the topic'),
        }),
      )
      .describe(`The segments most about the topic, heaviest first (at most ${TOPIC_ITEMS_SHOWN})`),
  })
  .meta({ id: 'TopicDetail' });

export const TopicListQuerySchema = z
  .object({
    q: nameQuery,
    kind: TopicKindSchema.optional().describe('Only topics of this kind'),
    limit: limitQuery(),
    cursor: cursorQuery,
  })
  .strict();

export type EpisodeTopicDto = z.infer<typeof EpisodeTopicSchema>;
export type TopicDetailDto = z.infer<typeof TopicDetailSchema>;
export type TopicListQuery = z.output<typeof TopicListQuerySchema>;
