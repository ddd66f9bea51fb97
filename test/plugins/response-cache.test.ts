import Fastify from 'fastify';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../src/db/client.js';
import type { ChangeListener } from '../../src/db/change-listener.js';
import { createIngestService } from '../../src/ingest/ingest.service.js';
import { createMetrics } from '../../src/lib/metrics.js';
import '../../src/plugins/app/cache.js';
import responseCache from '../../src/plugins/app/response-cache.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { apiKey, bearer } from '../helpers/keys.js';

/** A small two-speaker transcript; the title line names the episode. */
function transcript(title: string, line: string): string {
  return `${title}
A
Welcome back to Harbour Lights, I'm Maren Vik.
B
Thanks Maren. ${line}
A
Tell me more about that.
B
It started with a notebook and a lot of patience.
`;
}

async function silentlyRetitle(t: TestApp, slug: string, title: string) {
  // A write that records no change: only the cache can explain an old title after it.
  await t.database.db.pool.query('UPDATE episodes SET title = $1 WHERE slug = $2', [title, slug]);
}

async function listenerBackends(t: TestApp): Promise<number[]> {
  const { rows } = await t.database.db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'castindex-changes'`,
  );
  return rows.map((r) => r.pid);
}

describe('response cache', () => {
  let t: TestApp;
  let ingest: Record<string, string>;
  let slug: string;

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const upload = (name: string, body: string) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/episodes?name=${name}`,
      headers: { ...ingest, 'content-type': 'text/plain' },
      payload: body,
    });

  beforeAll(async () => {
    t = await createTestApp();
    ingest = bearer(await apiKey(t.app, ['ingest', 'admin'], 'uploader'));
    const created = await upload('lights.txt', transcript('Lights on the water', 'I keep a lighthouse log.'));
    expect(created.statusCode, created.body).toBe(201);
    slug = created.json().episode.slug;
  });
  afterAll(() => t.close());

  it('answers a repeated read from memory: the same body and headers, without reading the database', async () => {
    const url = `/v1/episodes/${slug}?include=people,chapters,quotes`;
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBe('miss');
    await silentlyRetitle(t, slug, 'Changed behind its back');

    const second = await get(url);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    for (const name of ['content-type', 'etag', 'cache-control'])
      expect(second.headers[name], name).toBe(first.headers[name]);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);

    // Conditional requests and compression still apply to a cached answer.
    const notModified = await get(url, { 'if-none-match': String(first.headers.etag) });
    expect(notModified.statusCode).toBe(304);
    const segments = `/v1/episodes/${slug}/segments?limit=100`;
    const plain = await get(segments);
    expect(plain.body.length).toBeGreaterThan(1024);
    const gzipped = await get(segments, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['x-cache']).toBe('hit');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(plain.body);
    await silentlyRetitle(t, slug, 'Lights on the water');
  });

  it('keeps representations apart by Accept', async () => {
    const url = `/v1/episodes/${slug}/transcript`;
    const vtt = await get(url, { accept: 'text/vtt' });
    const srt = await get(url, { accept: 'application/x-subrip' });
    expect(vtt.headers['content-type']).toMatch(/^text\/vtt/);
    expect(srt.headers['content-type']).toMatch(/^application\/x-subrip/);
    expect(srt.headers['x-cache']).toBe('miss');

    const vttAgain = await get(url, { accept: 'text/vtt' });
    expect(vttAgain.headers['x-cache']).toBe('hit');
    expect(vttAgain.headers['content-type']).toBe(vtt.headers['content-type']);
    expect(vttAgain.headers.vary).toBe(vtt.headers.vary);
    expect(vttAgain.body).toBe(vtt.body);
  });

  it('keeps only successful public reads', async () => {
    for (let i = 0; i < 2; i++) {
      const missing = await get('/v1/episodes/no-such-episode');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['x-cache']).toBe('miss');
      const invalid = await get('/v1/episodes?limit=0');
      expect(invalid.statusCode).toBe(400);
      expect(invalid.headers['x-cache']).not.toBe('hit');
      const keys = await get('/v1/keys', ingest);
      expect(keys.statusCode).toBe(200);
      expect(keys.headers['x-cache']).toBeUndefined();
      const head = await t.app.inject({ method: 'HEAD', url: `/v1/episodes/${slug}` });
      expect(head.statusCode).toBe(200);
      expect(head.headers['x-cache']).toBeUndefined();
    }
  });

  it("sees this server's own writes in the very next read", async () => {
    const hit = async (url: string) => {
      await get(url);
      expect((await get(url)).headers['x-cache'], url).toBe('hit');
    };
    const list = '/v1/episodes?limit=50';
    await hit(list);
    const other = await upload('other.txt', transcript('A second harbour', 'Boats need names.'));
    expect(other.statusCode, other.body).toBe(201);
    const otherSlug = other.json().episode.slug;
    expect((await get(list)).json().data.map((e: { slug: string }) => e.slug)).toContain(otherSlug);

    const chapters = `/v1/episodes/${otherSlug}/chapters`;
    await hit(chapters);
    const replaced = await t.app.inject({
      method: 'PUT',
      url: chapters,
      headers: { ...ingest, 'content-type': 'application/json' },
      payload: JSON.stringify({ version: '1.2.0', chapters: [{ startTime: 0, title: 'Whole thing' }] }),
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect((await get(chapters)).json().data.map((c: { title: string }) => c.title)).toEqual(['Whole thing']);

    await hit(`/v1/episodes/${otherSlug}`);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/v1/episodes/${otherSlug}`,
      headers: ingest,
    });
    expect(deleted.statusCode).toBe(204);
    expect((await get(`/v1/episodes/${otherSlug}`)).statusCode).toBe(404);
  });

  it('is not emptied by requests that change nothing', async () => {
    const url = `/v1/episodes/${slug}/segments?limit=3`;
    await get(url);
    expect((await get(url)).headers['x-cache']).toBe('hit');
    const refused = [
      await t.app.inject({ method: 'POST', url: '/nope', payload: 'x' }),
      await t.app.inject({ method: 'DELETE', url: `/v1/episodes/${slug}` }),
      await t.app.inject({ method: 'DELETE', url: '/v1/episodes/no-such-episode', headers: ingest }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([404, 401, 404]);
    expect((await get(url)).headers['x-cache']).toBe('hit');
  });

  it('forgets what it holds when another process records a change', async () => {
    const url = `/v1/episodes?limit=50`;
    await get(url);
    expect((await get(url)).headers['x-cache']).toBe('hit');

    // Another process: its own pool, its own ingestion, the same database.
    const elsewhere = createDb({ url: t.database.url, poolMax: 2, statementTimeoutMs: 30_000 });
    try {
      const service = createIngestService({
        db: elsewhere,
        metrics: createMetrics(),
        log: pino({ level: 'silent' }),
        maxBytes: 1 << 20,
      });
      const result = await service.ingest({
        name: 'elsewhere.txt',
        content: Buffer.from(transcript('Written elsewhere', 'Someone else uploaded this.')),
        trigger: 'cli',
      });
      await service.close();
      const written = result.episode.slug;
      await vi.waitFor(
        async () => {
          const res = await get(url);
          expect(res.json().data.map((e: { slug: string }) => e.slug)).toContain(written);
        },
        { timeout: 5_000, interval: 20 },
      );
    } finally {
      await elsewhere.close();
    }
  });

  it('serves nothing from memory while it cannot hear of changes, and catches up after', async () => {
    const url = `/v1/episodes/${slug}`;
    await get(url);
    expect((await get(url)).headers['x-cache']).toBe('hit');

    const [pid] = await listenerBackends(t);
    expect(pid).toBeDefined();
    await t.database.db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    await vi.waitFor(async () => expect((await get(url)).headers['x-cache']).toBe('bypass'), {
      timeout: 5_000,
      interval: 10,
    });
    // Unheard, and seen all the same.
    await silentlyRetitle(t, slug, 'Retitled while deaf');
    const bypassed = await get(url);
    expect(bypassed.json().title).toBe('Retitled while deaf');

    await vi.waitFor(async () => expect((await get(url)).headers['x-cache']).toBe('hit'), {
      timeout: 10_000,
      interval: 50,
    });
    expect((await get(url)).json().title).toBe('Retitled while deaf');
    expect(await listenerBackends(t)).toHaveLength(1);
    await silentlyRetitle(t, slug, 'Lights on the water');
  });

  it('reports hits and misses to Prometheus', async () => {
    const metrics = (await get('/metrics')).body;
    expect(metrics).toMatch(/castindex_response_cache_total\{result="hit"\} [1-9]/);
    expect(metrics).toMatch(/castindex_response_cache_total\{result="miss"\} [1-9]/);
    expect(metrics).toMatch(/castindex_response_cache_bytes [1-9]/);
  });
});

describe('response cache, with other settings', () => {
  it('is off with RESPONSE_CACHE_MB=0: every read reads the database', async () => {
    const t = await createTestApp({ RESPONSE_CACHE_MB: '0' });
    try {
      const key = bearer(await apiKey(t.app, ['ingest']));
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/episodes?name=off.txt',
        headers: { ...key, 'content-type': 'text/plain' },
        payload: transcript('Cache off', 'Nothing is kept.'),
      });
      const slug = created.json().episode.slug;
      const first = await t.app.inject(`/v1/episodes/${slug}`);
      expect(first.headers['x-cache']).toBeUndefined();
      await silentlyRetitle(t, slug, 'Seen at once');
      expect((await t.app.inject(`/v1/episodes/${slug}`)).json().title).toBe('Seen at once');
      expect(await listenerBackends(t)).toHaveLength(0);
    } finally {
      await t.close();
    }
  });

  it('still asks for a key, and keeps key holders’ answers private, on a hit', async () => {
    const t = await createTestApp({ ANONYMOUS_READS: 'false' });
    try {
      const key = bearer(await apiKey(t.app, ['read']));
      const url = '/v1/episodes?limit=5';
      expect((await t.app.inject({ url, headers: key })).headers['x-cache']).toBe('miss');
      const hit = await t.app.inject({ url, headers: key });
      expect(hit.headers['x-cache']).toBe('hit');
      expect(hit.headers['cache-control']).toMatch(/^private/);
      const anonymous = await t.app.inject(url);
      expect(anonymous.statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('still counts a hit against the rate limit', async () => {
    const t = await createTestApp({ RATE_LIMIT_ANONYMOUS: '2' });
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await t.app.inject('/v1/episodes?limit=5'));
      expect(answers.map((r) => [r.statusCode, r.headers['x-cache']])).toEqual([
        [200, 'miss'],
        [200, 'hit'],
        [429, undefined],
      ]);
    } finally {
      await t.close();
    }
  });
});

/** A listener the test moves by hand. */
function handListener(): ChangeListener & { live: boolean; change(): void } {
  const listeners: (() => void)[] = [];
  let counter = 1;
  return {
    live: true,
    get generation() {
      return this.live ? counter : undefined;
    },
    change() {
      counter++;
      for (const l of listeners) l();
    },
    onChange: (l) => void listeners.push(l),
    ready: Promise.resolve(),
    close: async () => undefined,
  };
}

describe('response cache, around a change', () => {
  async function appWith(maxBytes: number, handler: () => Promise<string>) {
    const changes = handListener();
    const app = Fastify();
    await app.register(responseCache, { maxBytes, ttlMs: 60_000, changes, metrics: createMetrics() });
    app.get('/thing', { config: { cache: 'public' } }, async (_req, reply) => {
      reply.type('text/plain');
      return handler();
    });
    await app.ready();
    return { app, changes };
  }

  it('does not keep an answer whose reads ran across a change', async () => {
    let calls = 0;
    let changeDuringRead: (() => void) | undefined;
    const { app, changes } = await appWith(1 << 20, async () => {
      calls++;
      changeDuringRead?.();
      return `version ${calls}`;
    });
    changeDuringRead = () => changes.change();
    expect((await app.inject('/thing')).body).toBe('version 1');
    changeDuringRead = undefined;
    expect((await app.inject('/thing')).body).toBe('version 2');
    expect((await app.inject('/thing')).body).toBe('version 2');
    expect(calls).toBe(2);
    changes.change();
    expect((await app.inject('/thing')).body).toBe('version 3');
    await app.close();
  });

  it('does not keep an answer larger than an eighth of its memory', async () => {
    let calls = 0;
    const { app } = await appWith(8 * 1024, async () => `${++calls}`.padEnd(2048, '.'));
    await app.inject('/thing');
    await app.inject('/thing');
    expect(calls).toBe(2);
    await app.close();
  });
});
