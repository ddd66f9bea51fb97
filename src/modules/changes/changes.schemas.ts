import { z } from 'zod';
import { cursorQuery, PageSchema } from '../../lib/api-schemas.js';

export const MAX_CHANGE_LIMIT = 1000;

export const ChangeEventSchema = z
  .object({
    seq: z.string().describe('Position in the feed (a 64-bit integer as a string); strictly increasing'),
    type: z.enum(['created', 'updated', 'deleted']).describe('What happened to the episode'),
    episodeId: z.string().describe('The episode’s id'),
    episodeSlug: z.string().describe('The episode’s slug when the change happened'),
    occurredAt: z.iso.datetime().describe('When the change was recorded'),
  })
  .meta({
    id: 'ChangeEvent',
    example: {
      seq: '42',
      type: 'updated',
      episodeId: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
      episodeSlug: 'lighthouses-and-coastal-trade',
      occurredAt: '2026-11-26T12:00:00.000Z',
    },
  });

export const ChangeListSchema = z
  .object({
    data: z.array(ChangeEventSchema),
    page: PageSchema,
    resumeCursor: z
      .string()
      .describe(
        'Where the next sync starts: pass it as `since` later to get only what happened after this page',
      ),
  })
  .meta({ id: 'ChangeList' });

export const ChangesQuerySchema = z
  .object({
    since: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .describe(
        'Where to start: an ISO 8601 date or date-time (changes recorded at or after it), or a `resumeCursor`/`nextCursor` from an earlier call. Without it, the feed starts at the beginning.',
      ),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_CHANGE_LIMIT, `must be at most ${MAX_CHANGE_LIMIT}`)
      .default(100)
      .describe(`Page size, 1 to ${MAX_CHANGE_LIMIT}`),
    cursor: cursorQuery,
  })
  .strict();

export type ChangesQuery = z.output<typeof ChangesQuerySchema>;
export type ChangeListDto = z.infer<typeof ChangeListSchema>;
