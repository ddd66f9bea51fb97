import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import type { ChangeListener } from '../../db/change-listener.js';
import { observeResponseCache, type Metrics } from '../../lib/metrics.js';
import './cache.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on a cacheable read that missed: where its answer goes, and the content it read. */
    responseCacheMiss: { key: string; generation: number } | undefined;
    /** The entry this answer was kept as, until its ETag is known. */
    responseCacheKept: Entry | undefined;
  }
}

/** What a handler sets that its body depends on; everything else is set afresh on each answer. */
const KEPT_HEADERS = ['content-type', 'vary', 'etag', 'last-modified', 'content-language', 'link'];

/**
 * The body as bytes of its own. Node cuts small buffers (under 4 KiB) out of a shared 8 KiB
 * block: kept, each would hold its whole block, far more memory than the cache counts.
 */
function ownBytes(payload: unknown): Buffer | undefined {
  if (typeof payload === 'string') {
    const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(payload));
    bytes.write(payload);
    return bytes;
  }
  if (!Buffer.isBuffer(payload)) return undefined;
  if (payload.byteLength === payload.buffer.byteLength) return payload;
  const bytes = Buffer.allocUnsafeSlow(payload.byteLength);
  payload.copy(bytes);
  return bytes;
}

interface Entry {
  body: Buffer;
  headers: [string, string][];
}

export interface ResponseCacheOptions {
  maxBytes: number;
  /** An entry's longest life, whatever the change feed says. */
  ttlMs: number;
  changes: ChangeListener;
  metrics: Metrics;
}

/**
 * Answers a repeated public read (`config: { cache: 'public' }`, GET, 200) from memory. Content
 * changes only through writes that record an episode change, and each of those notifies every
 * server as it commits, and this server's own at once (ChangeListener): the cache empties then,
 * and a read that was running across a change is not kept. While changes cannot be heard,
 * nothing is served from it.
 *
 * A hit skips the handler, its queries and serialization; authentication, rate limits, ETags,
 * compression and Cache-Control still run on it. Registered before the HTTP plugin, so it keeps
 * the body before compression.
 */
export default fp<ResponseCacheOptions>(
  async (app, { maxBytes, ttlMs, changes, metrics }) => {
    const entries = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      sizeCalculation: (entry, key) => entry.body.length + key.length + 64,
      ttl: ttlMs,
    });
    changes.onChange(() => entries.clear());
    observeResponseCache(metrics, entries);
    app.decorateRequest('responseCacheMiss', undefined);
    app.decorateRequest('responseCacheKept', undefined);

    // preValidation runs after every onRequest and preParsing hook, whatever its scope: the
    // key, the scope and the rate limit have been checked by then.
    app.addHook('preValidation', (req, reply, done) => {
      if (req.method !== 'GET' || req.routeOptions.config.cache !== 'public') return done();
      const generation = changes.generation;
      if (generation === undefined) {
        metrics.responseCache.inc({ result: 'bypass' });
        reply.header('x-cache', 'bypass');
        return done();
      }
      // Representations can differ by Accept (see routes/negotiate.ts), so it is part of the key.
      const key = `${req.headers.accept ?? ''}\n${req.url}`;
      const hit = entries.get(key);
      if (!hit) {
        metrics.responseCache.inc({ result: 'miss' });
        req.responseCacheMiss = { key, generation };
        return done();
      }
      metrics.responseCache.inc({ result: 'hit' });
      for (const [name, value] of hit.headers) reply.header(name, value);
      reply.header('x-cache', 'hit');
      // Answered: the rest of the chain (validation, handler) does not run.
      reply.send(hit.body);
    });

    app.addHook('onSend', (req, reply, payload, done) => {
      const miss = req.responseCacheMiss;
      if (!miss) return done(null, payload);
      req.responseCacheMiss = undefined;
      reply.header('x-cache', 'miss');
      // A change since the lookup may have come before or after this answer's queries: not kept.
      const body =
        reply.statusCode === 200 && changes.generation === miss.generation ? ownBytes(payload) : undefined;
      if (!body) return done(null, payload);
      const headers: [string, string][] = [];
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers.push([name, String(value)]);
      }
      const entry = { body, headers };
      entries.set(miss.key, entry);
      if (!reply.hasHeader('etag')) req.responseCacheKept = entry;
      done(null, body);
    });

    // The ETag plugin hashes the body after this plugin's onSend; a hit carries its ETag along,
    // so the plugin does not hash the same bytes again on every hit.
    app.addHook('onResponse', (req, reply, done) => {
      const kept = req.responseCacheKept;
      const etag = reply.getHeader('etag');
      if (kept && typeof etag === 'string') kept.headers.push(['etag', etag]);
      done();
    });

    app.addHook('onClose', () => changes.close());
  },
  { name: 'response-cache' },
);
