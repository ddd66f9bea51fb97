import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { apiKey, bearer } from '../../../helpers/keys.js';

describe('API key management over HTTP', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await apiKey(t.app, ['admin'], 'root'));
  });
  afterAll(() => t.close());

  it('creates a key that works at once, showing its secret only in the creation response', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: admin,
      payload: { name: 'acme', scopes: ['read', 'ingest'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const key = created.json();
    expect(key).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: 'acme',
      scopes: ['read', 'ingest'],
      lastUsedAt: null,
      revokedAt: null,
      key: expect.stringMatching(/^ck_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/),
    });
    expect(key.key.startsWith(`ck_${key.prefix}_`)).toBe(true);

    const stored = await t.database.db.pool.query(`SELECT * FROM api_keys WHERE id = $1`, [key.id]);
    expect(JSON.stringify(stored.rows)).not.toContain(key.key.slice(16));

    const upload = await t.app.inject({
      method: 'POST',
      url: '/v1/episodes?name=x.txt',
      headers: { ...bearer(key.key), 'content-type': 'text/plain' },
      payload: '',
    });
    expect(upload.statusCode).toBe(422); // authorized: refused for its content, not its key

    const listed = await t.app.inject({ url: '/v1/keys', headers: admin });
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    const acme = listed.json().data.find((k: { id: string }) => k.id === key.id);
    expect(acme).toMatchObject({ name: 'acme', prefix: key.prefix });
    expect(acme).not.toHaveProperty('key');
    expect(listed.body).not.toContain(key.key.slice(16));
  });

  it.each([
    ['no name', { scopes: ['read'] }],
    ['no scopes', { name: 'x', scopes: [] }],
    ['an unknown scope', { name: 'x', scopes: ['write'] }],
    ['an unknown field', { name: 'x', scopes: ['read'], owner: 'me' }],
  ])('refuses a key with %s (400 naming the field)', async (_what, payload) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/keys', headers: admin, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toMatch(/^body/);
  });

  it('revokes a key by id or prefix: 204, then every request with it is refused', async () => {
    for (const by of ['id', 'prefix'] as const) {
      const created = await t.app.services.apiKeys.create({ name: `revoke-by-${by}`, scopes: ['read'] });
      expect((await t.app.inject({ url: '/v1/episodes', headers: bearer(created.key) })).statusCode).toBe(
        200,
      );
      const res = await t.app.inject({ method: 'DELETE', url: `/v1/keys/${created[by]}`, headers: admin });
      expect(res.statusCode).toBe(204);
      const after = await t.app.inject({ url: '/v1/episodes', headers: bearer(created.key) });
      expect(after.statusCode).toBe(401);
      expect(after.json().detail).toBe('The API key has been revoked');
    }
  });

  it('keeps the first revocation date when a key is revoked twice', async () => {
    const created = await t.app.services.apiKeys.create({ name: 'twice', scopes: ['read'] });
    const first = await t.app.services.apiKeys.revoke(created.id);
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/keys/${created.id}`, headers: admin });
    expect(again.statusCode).toBe(204);
    const listed = (await t.app.inject({ url: '/v1/keys?limit=100', headers: admin })).json();
    expect(listed.data.find((k: { id: string }) => k.id === created.id).revokedAt).toBe(first.revokedAt);
  });

  it('answers 404 for a key that does not exist', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/v1/keys/key_missing', headers: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('No API key with id or prefix "key_missing"');
  });

  it('pages through keys, newest first', async () => {
    for (const name of ['page-1', 'page-2', 'page-3'])
      await t.app.services.apiKeys.create({ name, scopes: ['read'] });
    const first = (await t.app.inject({ url: '/v1/keys?limit=2', headers: admin })).json();
    expect(first.data.map((k: { name: string }) => k.name)).toEqual(['page-3', 'page-2']);
    const second = (
      await t.app.inject({ url: `/v1/keys?limit=2&cursor=${first.page.nextCursor}`, headers: admin })
    ).json();
    expect(second.data[0].name).toBe('page-1');
  });

  it('lists keys only for an admin key', async () => {
    const ingest = await apiKey(t.app, ['ingest']);
    expect((await t.app.inject({ url: '/v1/keys', headers: bearer(ingest) })).statusCode).toBe(403);
    expect((await t.app.inject('/v1/keys')).statusCode).toBe(401);
  });

  it('audits key changes with the acting key, and shows the trail to admins only', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: admin,
      payload: { name: 'audited', scopes: ['read'] },
    });
    const id = created.json().id;
    await t.app.inject({ method: 'DELETE', url: `/v1/keys/${id}`, headers: admin });
    const trail = async () =>
      (await t.app.inject({ url: `/v1/audit-events?targetId=${id}`, headers: admin })).json().data;
    await expect.poll(async () => (await trail()).length).toBe(2);
    expect(await trail()).toEqual([
      expect.objectContaining({ action: 'apiKey.revoke', actor: 'root', outcome: 'succeeded', status: 204 }),
      expect.objectContaining({
        action: 'apiKey.create',
        actor: 'root',
        targetType: 'keys',
        outcome: 'succeeded',
        status: 201,
        details: expect.objectContaining({ name: 'audited', scopes: ['read'] }),
      }),
    ]);
    expect(JSON.stringify(await trail())).not.toContain(created.json().key);
    const asReader = await t.app.inject({
      url: '/v1/audit-events',
      headers: bearer(await apiKey(t.app, ['read'])),
    });
    expect(asReader.statusCode).toBe(403);
  });

  it('audits refused attempts as "denied", with the prefix of the key that was tried', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: { 'x-api-key': 'ck_abcdefabcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      payload: { name: 'sneaky', scopes: ['admin'] },
    });
    expect(res.statusCode).toBe(401);
    const rows = async () =>
      (
        await t.database.db.pool.query(
          `SELECT actor, api_key_id, outcome, status, details FROM audit_events WHERE request_id = $1`,
          [res.headers['x-request-id']],
        )
      ).rows;
    await expect.poll(async () => (await rows()).length).toBe(1);
    expect((await rows())[0]).toMatchObject({
      actor: 'invalid key',
      api_key_id: null,
      outcome: 'denied',
      status: 401,
      details: { keyPrefix: 'abcdefabcdef', error: 'unauthorized' },
    });
  });
});
