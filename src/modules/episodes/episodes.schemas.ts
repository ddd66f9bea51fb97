import { z } from 'zod';

export const ShowSchema = z
  .object({
    id: z.string().describe('Opaque show id'),
    slug: z.string().describe('Human-readable unique slug'),
    name: z.string().describe('Show name'),
  })
  .meta({ id: 'Show' });

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
  })
  .meta({
    id: 'Episode',
    example: {
      id: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
      slug: 'what-reinforcement-learning-teaches-us',
      title: 'What reinforcement learning teaches us',
      show: { id: 'show_01jdq3v4k2m8n6p0r5s7t9w1x4', slug: 'the-data-show', name: 'The Data Show' },
      publishedAt: '2026-06-04T00:00:00.000Z',
      durationMs: 2_878_000,
      description: 'A conversation about reinforcement learning and science.',
    },
  });

export type EpisodeDto = z.infer<typeof EpisodeSchema>;
