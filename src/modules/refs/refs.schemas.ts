import { z } from 'zod';

// The small shapes every resource embeds — a show, a person, a reference to an episode or a
// chapter — kept apart so that the resource schemas can import them without importing each other.

export const PersonRoleSchema = z.enum(['host', 'guest', 'other']).meta({ id: 'PersonRole' });
export const SegmentKindSchema = z
  .enum(['teaser', 'intro', 'interview', 'outro', 'ad'])
  .meta({ id: 'SegmentKind' });
export const TimingSchema = z.enum(['source', 'estimated']).meta({ id: 'Timing' });

export const ShowSchema = z
  .object({
    id: z.string().describe('Opaque show id'),
    slug: z.string().describe('Human-readable unique slug'),
    name: z.string().describe('Show name'),
  })
  .meta({ id: 'Show' });

export const PersonSchema = z
  .object({
    id: z.string().describe('Opaque, stable person id'),
    slug: z.string().describe('Human-readable unique slug, derived from the name'),
    name: z.string().describe('Display name'),
    title: z.string().nullable().describe('What the person does, e.g. "Historian at …", when known'),
    role: PersonRoleSchema.optional().describe(
      'Role in the episode at hand; present where the person appears inside an episode',
    ),
  })
  .meta({
    id: 'Person',
    example: {
      id: 'per_01jdq3v4k2m8n6p0r5s7t9w1x5',
      slug: 'priya-natarajan',
      name: 'Priya Natarajan',
      title: 'Host',
      role: 'host',
    },
  });

export const EpisodeRefSchema = z
  .object({
    id: z.string().describe('Episode id'),
    slug: z.string().describe('Episode slug'),
    title: z.string().describe('Episode title'),
  })
  .meta({ id: 'EpisodeRef' });

export const EpisodeSummarySchema = z
  .object({
    id: z.string().describe('Episode id'),
    slug: z.string().describe('Episode slug'),
    title: z.string().describe('Episode title'),
    show: ShowSchema,
    publishedAt: z.iso.datetime().nullable().describe('Publication date-time (UTC), when known'),
    durationMs: z.number().int().describe('Duration in milliseconds'),
  })
  .meta({ id: 'EpisodeSummary' });

export const ChapterRefSchema = z
  .object({
    id: z.string().describe('Chapter id'),
    ordinal: z.number().int().describe('1-based position in the episode'),
    title: z.string().describe('Chapter title'),
  })
  .meta({ id: 'ChapterRef' });

export type PersonDto = z.infer<typeof PersonSchema>;
export type PersonRole = z.infer<typeof PersonRoleSchema>;
export type EpisodeRefDto = z.infer<typeof EpisodeRefSchema>;
export type EpisodeSummaryDto = z.infer<typeof EpisodeSummarySchema>;
export type ChapterRefDto = z.infer<typeof ChapterRefSchema>;
