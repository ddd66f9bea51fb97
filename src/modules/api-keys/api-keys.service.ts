import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Logger } from '../../lib/logger.js';
import { decodeCursor, pageOf } from '../../lib/pagination.js';
import type { ApiKeyRow, ApiKeysRepository } from './api-keys.repository.js';
import {
  isScope,
  type ApiKeyDto,
  type CreateApiKeyInput,
  type CreatedApiKeyDto,
  type Scope,
} from './api-keys.schemas.js';

// A key reads `ck_<prefix>_<secret>`: the prefix finds the row and may be shown and logged;
// the secret (192 random bits) is stored only as its SHA-256. A slow password hash buys
// nothing for a secret this long, and would cost every request.
const KEY_PATTERN = /^ck_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;
const UNIQUE_VIOLATION = 'P2002';
const ListCursor = z.tuple([z.iso.datetime(), z.string().max(64)]);

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isScope),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** The key behind an authenticated request. */
export interface AuthenticatedKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
}

export type Authentication =
  | { ok: true; key: AuthenticatedKey }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked'; prefix?: string };

export interface ApiKeysDeps {
  keys: ApiKeysRepository;
  log: Logger;
  /** last_used_at is written at most this often per key. */
  touchIntervalMs?: number;
}

export function createApiKeysService(deps: ApiKeysDeps) {
  const touchIntervalMs = deps.touchIntervalMs ?? 60_000;
  const lastTouched = new Map<string, number>();
  const pending = new Set<Promise<void>>();

  // Recording a use never delays the request: it runs after authentication answered, at
  // most once a minute per key from this instance, and the SQL skips it when another
  // instance recorded one within the minute.
  function touch(row: ApiKeyRow): void {
    const now = Date.now();
    const known = Math.max(row.lastUsedAt?.getTime() ?? 0, lastTouched.get(row.id) ?? 0);
    if (now - known < touchIntervalMs) return;
    lastTouched.set(row.id, now);
    const work = deps.keys
      .touch(row.id, new Date(now), new Date(now - touchIntervalMs))
      .catch((err: unknown) => deps.log.warn({ err, apiKeyId: row.id }, 'could not record an API key use'))
      .finally(() => pending.delete(work));
    pending.add(work);
  }

  return {
    /** Creates a key; the returned `key` is the only time its secret exists in clear. */
    async create(input: CreateApiKeyInput): Promise<CreatedApiKeyDto> {
      const scopes = [...new Set(input.scopes)];
      for (let attempt = 1; ; attempt++) {
        const prefix = randomBytes(6).toString('hex');
        const secret = randomBytes(24).toString('base64url');
        try {
          const row = await deps.keys.create({
            id: newId('key'),
            name: input.name,
            prefix,
            secretHash: hashSecret(secret).toString('hex'),
            scopes,
          });
          return { ...toApiKeyDto(row), key: `ck_${prefix}_${secret}` };
        } catch (err) {
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 3) throw err;
        }
      }
    },

    async list(q: { limit: number; cursor?: string | undefined }) {
      const after = q.cursor ? decodeCursor(q.cursor, ListCursor) : undefined;
      const rows = await deps.keys.list({
        limit: q.limit,
        ...(after ? { after: { createdAt: new Date(after[0]), id: after[1] } } : {}),
      });
      const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { data: page.rows.map(toApiKeyDto), page: { nextCursor: page.nextCursor, limit: q.limit } };
    },

    /** Revokes a key by id or prefix; revoking twice is harmless. */
    async revoke(idOrPrefix: string): Promise<ApiKeyDto> {
      const row = await deps.keys.findByIdOrPrefix(idOrPrefix);
      if (!row)
        throw new AppError('not-found', 404, 'Not found', `No API key with id or prefix "${idOrPrefix}"`);
      return toApiKeyDto(await deps.keys.revoke(row.id, new Date()));
    },

    /** Checks a presented key: well-formed, known, secret matching, not revoked. */
    async authenticate(presented: string): Promise<Authentication> {
      const match = KEY_PATTERN.exec(presented);
      if (!match) return { ok: false, reason: 'malformed' };
      const [, prefix, secret] = match as unknown as [string, string, string];
      const row = await deps.keys.findByPrefix(prefix);
      if (!row) return { ok: false, reason: 'unknown', prefix };
      const stored = Buffer.from(row.secretHash, 'hex');
      const given = hashSecret(secret);
      if (stored.length !== given.length || !timingSafeEqual(stored, given)) {
        return { ok: false, reason: 'unknown', prefix };
      }
      if (row.revokedAt) return { ok: false, reason: 'revoked', prefix };
      touch(row);
      return {
        ok: true,
        key: { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes.filter(isScope) },
      };
    },

    /** Waits for last-used writes still in flight (before the database closes). */
    async settle(): Promise<void> {
      await Promise.all([...pending]);
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
