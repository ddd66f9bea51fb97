import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeysRepository } from '../../src/modules/api-keys/api-keys.repository.js';
import { grants } from '../../src/modules/api-keys/api-keys.schemas.js';
import { createApiKeysService, type ApiKeysService } from '../../src/modules/api-keys/api-keys.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('API keys', () => {
  let database: TestDatabase;
  let keys: ApiKeysService;
  beforeAll(async () => {
    database = await createTestDatabase();
    keys = createApiKeysService({
      keys: createApiKeysRepository(() => database.db.prisma),
      log: pino({ level: 'silent' }),
    });
  });
  afterAll(() => database.drop());

  const lastUsed = async (id: string) =>
    (await database.db.pool.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [id])).rows[0]
      .last_used_at as Date | null;

  it('stores a SHA-256 of the secret, never the secret itself', async () => {
    const created = await keys.create({ name: 'hashing', scopes: ['read'] });
    const secret = created.key.split('_').slice(2).join('_');
    const { rows } = await database.db.pool.query(`SELECT prefix, secret_hash FROM api_keys WHERE id = $1`, [
      created.id,
    ]);
    expect(rows[0].prefix).toBe(created.prefix);
    expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].secret_hash).not.toContain(secret);
  });

  it('authenticates a valid key and tells an unknown, forged, malformed or revoked one apart', async () => {
    const created = await keys.create({ name: 'checks', scopes: ['ingest', 'ingest'] });
    expect(await keys.authenticate(created.key)).toEqual({
      ok: true,
      key: { id: created.id, name: 'checks', prefix: created.prefix, scopes: ['ingest'] },
    });
    const forged = `ck_${created.prefix}_${'Z'.repeat(32)}`;
    expect(await keys.authenticate(forged)).toEqual({ ok: false, reason: 'unknown', prefix: created.prefix });
    expect(await keys.authenticate('ck_ffffffffffff_' + 'Z'.repeat(32))).toMatchObject({ reason: 'unknown' });
    expect(await keys.authenticate('hello')).toEqual({ ok: false, reason: 'malformed' });
    await keys.revoke(created.prefix);
    expect(await keys.authenticate(created.key)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('records when a key was last used, at most once per interval', async () => {
    const created = await keys.create({ name: 'usage', scopes: ['read'] });
    expect(await lastUsed(created.id)).toBeNull();
    await keys.authenticate(created.key);
    await keys.settle();
    const first = await lastUsed(created.id);
    expect(first).toBeInstanceOf(Date);
    await keys.authenticate(created.key);
    await keys.settle();
    expect(await lastUsed(created.id)).toEqual(first);
  });

  it('records a use again once the interval has passed', async () => {
    const eager = createApiKeysService({
      keys: createApiKeysRepository(() => database.db.prisma),
      log: pino({ level: 'silent' }),
      touchIntervalMs: 0,
    });
    const created = await eager.create({ name: 'eager', scopes: ['read'] });
    await database.db.pool.query(
      `UPDATE api_keys SET last_used_at = now() - interval '1 hour' WHERE id = $1`,
      [created.id],
    );
    const old = await lastUsed(created.id);
    await eager.authenticate(created.key);
    await eager.settle();
    expect((await lastUsed(created.id))!.getTime()).toBeGreaterThan(old!.getTime());
  });

  it.each([
    [['read'], 'read', true],
    [['read'], 'ingest', false],
    [['read'], 'admin', false],
    [['ingest'], 'read', true],
    [['ingest'], 'ingest', true],
    [['ingest'], 'admin', false],
    [['admin'], 'read', true],
    [['admin'], 'ingest', true],
    [['admin'], 'admin', true],
    [[], 'read', false],
  ] as const)('scopes %j grant "%s": %s', (held, required, expected) => {
    expect(grants(held, required)).toBe(expected);
  });
});
