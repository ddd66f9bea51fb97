import { z } from 'zod';

export const AuditOutcomeSchema = z
  .enum(['succeeded', 'denied', 'failed'])
  .describe('"denied": refused for want of a valid key or scope (401/403); "failed": any other error');

export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

/** What a caller records: who did what to which target, and how it ended. */
export const AuditRecordSchema = z.object({
  apiKeyId: z.string().max(64).nullable(),
  actor: z.string().min(1).max(200),
  action: z.string().min(1).max(200),
  targetType: z.string().min(1).max(100),
  targetId: z.string().max(200).nullable(),
  requestId: z.string().max(128).nullable(),
  outcome: AuditOutcomeSchema,
  status: z.number().int().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const AuditEventSchema = z
  .object({
    id: z.string().describe('Sequence number of the event, as a string'),
    occurredAt: z.iso.datetime().describe('When it happened'),
    apiKeyId: z.string().nullable().describe('The key that made the request; null without one'),
    actor: z.string().describe('The key name, "anonymous", or "cli"'),
    action: z.string().describe('What was done, e.g. "episode.upload" or "apiKey.revoke"'),
    targetType: z.string().describe('Kind of thing acted on, e.g. "episode"'),
    targetId: z.string().nullable().describe('Id or slug of the thing acted on, when there is one'),
    requestId: z.string().nullable().describe('x-request-id of the request; null from the CLI'),
    outcome: AuditOutcomeSchema,
    status: z.number().int().nullable().describe('HTTP status answered; null from the CLI'),
    details: z.record(z.string(), z.unknown()).describe('Action-specific facts, never secrets'),
  })
  .meta({
    id: 'AuditEvent',
    example: {
      id: '42',
      occurredAt: '2026-06-05T14:12:09.120Z',
      apiKeyId: 'key_01jdq3v4k2m8n6p0r5s7t9w1x3',
      actor: 'acme',
      action: 'episode.upload',
      targetType: 'episode',
      targetId: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x5',
      requestId: '5f0c6c1e-8d7f-4a59-9a43-3f4b0c1f7a10',
      outcome: 'succeeded',
      status: 201,
      details: { method: 'POST', path: '/v1/episodes', sourceName: 'episode-12.vtt', result: 'created' },
    },
  });

export type AuditEventDto = z.infer<typeof AuditEventSchema>;

/** The outcome an HTTP status stands for. */
export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'succeeded';
  return status === 401 || status === 403 ? 'denied' : 'failed';
}
