import { z } from 'zod';

export const SCOPES = ['read', 'ingest', 'admin'] as const;

export const ScopeSchema = z
  .enum(SCOPES)
  .describe('"read": every GET; "ingest": upload transcripts (and read); "admin": everything');

export type Scope = z.infer<typeof ScopeSchema>;

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

// Scopes nest: an uploader needs to read back what it uploaded, and an administrator can do
// anything a partner can. A key therefore holds its highest scope and everything below it.
const IMPLIED: Record<Scope, readonly Scope[]> = {
  read: ['read'],
  ingest: ['ingest', 'read'],
  admin: ['admin', 'ingest', 'read'],
};

/** Whether a key holding `held` may call a route that requires `required`. */
export function grants(held: readonly Scope[], required: Scope): boolean {
  return held.some((s) => IMPLIED[s].includes(required));
}

export const ApiKeySchema = z
  .object({
    id: z.string().describe('Opaque key id'),
    name: z.string().describe('Who or what the key is for'),
    prefix: z.string().describe('The public part of the key (`ck_<prefix>_…`), safe to show and log'),
    scopes: z.array(ScopeSchema).describe('What the key may do'),
    createdAt: z.iso.datetime().describe('When the key was created'),
    lastUsedAt: z.iso
      .datetime()
      .nullable()
      .describe('When the key last authenticated a request (updated at most once a minute)'),
    revokedAt: z.iso.datetime().nullable().describe('When the key was revoked; null while it is active'),
  })
  .meta({
    id: 'ApiKey',
    description: 'An API key, without its secret',
    example: {
      id: 'key_01jdq3v4k2m8n6p0r5s7t9w1x3',
      name: 'acme',
      prefix: '3f9a1c0b7e2d',
      scopes: ['read', 'ingest'],
      createdAt: '2026-06-04T09:00:00.000Z',
      lastUsedAt: '2026-06-05T14:12:09.000Z',
      revokedAt: null,
    },
  });

export type ApiKeyDto = z.infer<typeof ApiKeySchema>;

export const CreateApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100).describe('Who or what the key is for, e.g. a partner name'),
    scopes: z
      .array(ScopeSchema)
      .min(1, 'give at least one scope')
      .max(SCOPES.length)
      .describe('What the key may do'),
  })
  .strict()
  .meta({ id: 'CreateApiKey', example: { name: 'acme', scopes: ['read', 'ingest'] } });

export type CreateApiKeyInput = z.infer<typeof CreateApiKeySchema>;

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z
    .string()
    .describe('The whole key, to send as `Authorization: Bearer <key>`; shown now and never again'),
}).meta({
  id: 'CreatedApiKey',
  description: 'A new API key, with its secret (only in this response)',
  example: {
    id: 'key_01jdq3v4k2m8n6p0r5s7t9w1x3',
    name: 'acme',
    prefix: '3f9a1c0b7e2d',
    scopes: ['read', 'ingest'],
    createdAt: '2026-06-04T09:00:00.000Z',
    lastUsedAt: null,
    revokedAt: null,
    key: 'ck_3f9a1c0b7e2d_Jx2m0aTq9cR4vL8nW1pY6sK3dF7gH5bZ',
  },
});

export type CreatedApiKeyDto = z.infer<typeof CreatedApiKeySchema>;
