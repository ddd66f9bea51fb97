import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ingestService } from '../helpers/ingest.js';
import { apiKey, bearer } from '../helpers/keys.js';

const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

const TRANSCRIPT = `A
Hello and welcome, I'm Wren Adeyemi.
B
Thanks Wren. I'm Kofi Mensah, glad to be here.
A
Tell us about tide pools.
B
They are small worlds that empty and fill twice a day.
`;

describe('hostile input', () => {
  let t: TestApp;
  let episodeId: string;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://app.example' });
    const stored = await ingestService(t.database).ingest({
      name: 'tide.txt',
      content: Buffer.from(TRANSCRIPT),
      trigger: 'cli',
    });
    episodeId = stored.episode.id;
  });
  afterAll(() => t.close());

  it('lets a browser app preflight every write method with its key header', async () => {
    for (const method of ['PUT', 'DELETE', 'POST']) {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url: `/v1/episodes/${episodeId}`,
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization, content-type, x-api-key',
        },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-methods']).toContain(method);
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/authorization/);
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/x-api-key/);
    }
  });

  it.each([
    ['an ordinal beyond int4', `/v1/episodes/{id}/segments?cursor=${cursor(['segments', 2 ** 31])}`],
    ['a sequence beyond int8', `/v1/changes?cursor=${cursor(['changes', '9999999999999999999'])}`],
    [
      'a NUL inside a title cursor',
      `/v1/episodes?sort=title&cursor=${cursor(['title', 'a\u0000b', 'ep_x'])}`,
    ],
    ['a NUL inside a people cursor', `/v1/people?cursor=${cursor(['people', 'a\u0000', 'per_x'])}`],
  ])('answers a forged cursor with %s as a 400 naming the cursor', async (_what, url) => {
    const res = await t.app.inject(url.replace('{id}', episodeId));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('query.cursor');
  });

  it('refuses a JSON body holding a NUL character with a 400, writing nothing', async () => {
    const admin = await apiKey(t.app, ['admin']);
    const before = await t.app.inject({ url: '/v1/keys', headers: bearer(admin) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'evil\u0000key', scopes: ['read'] }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body');
    const after = await t.app.inject({ url: '/v1/keys', headers: bearer(admin) });
    expect(after.json().data).toHaveLength(before.json().data.length);
  });

  it.each([
    ['a NUL character', { title: 'Bad\u0000title' }, 'invalid-sidecar'],
    [
      'a chapter beyond 100 hours',
      { chapters: [{ startTime: 1e12, title: 'Far away' }] },
      'invalid-chapters',
    ],
  ])('refuses a sidecar with %s before anything is stored', async (_what, sidecar, code) => {
    const error = await ingestService(t.database)
      .ingest({
        name: 'tide-2.txt',
        content: Buffer.from(`${TRANSCRIPT}\n`),
        sidecar: JSON.stringify(sidecar),
        trigger: 'cli',
      })
      .catch((e: { code?: string }) => e);
    expect(error).toMatchObject({ code });
  });

  it('refuses an inverted date range in search as it does on episodes', async () => {
    for (const url of [
      '/v1/search?q=tide&publishedFrom=2026-02-01&publishedTo=2026-01-01',
      '/v1/episodes?publishedFrom=2026-02-01&publishedTo=2026-01-01',
    ]) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors[0].field).toBe('query.publishedTo');
    }
  });

  it('answers headers over the size limit with a 431 problem, not a bare error', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as net.AddressInfo).port;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`GET /v1/episodes HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    expect(raw).toMatch(/x-request-id: [0-9a-f-]{36}/i);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431 });
  });
});
