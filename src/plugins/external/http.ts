import compress from '@fastify/compress';
import cors from '@fastify/cors';
import etag from '@fastify/etag';
import { Readable } from 'node:stream';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import securityHeaders from './security-headers.js';

const ENTITY_TAG = /(?:W\/)?"[^"]*"/g;
const opaque = (tag: string) => tag.replace(/^W\//, '');

/**
 * Whether If-None-Match's condition fails for the current representation, so that a GET or HEAD
 * is answered 304: `*`, or any tag of its list equal to the current one, weakly compared (a
 * `W/` on either side ignored).
 */
export function noneMatch(condition: string, current: string): boolean {
  if (condition.trim() === '*') return true;
  const want = opaque(current);
  return (condition.match(ENTITY_TAG) ?? []).some((tag) => opaque(tag) === want);
}

/** Cross-cutting HTTP behaviour from well-kept plugins: CORS, compression, ETags, security headers. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    // A serialized body becomes bytes once, here: the ETag's hash and the socket write then share
    // one UTF-8 encoding instead of each encoding the string again.
    app.addHook('onSend', (_req, _reply, payload, done) => {
      done(null, typeof payload === 'string' ? Buffer.from(payload) : payload);
    });
    await app.register(cors, {
      origin: config.corsOrigins === '*' ? true : config.corsOrigins,
      // Browser apps read, upload, replace chapters and delete; preflights must allow all of it.
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      allowedHeaders: [
        'authorization',
        'x-api-key',
        'content-type',
        'if-none-match',
        'x-request-id',
        'accept',
      ],
      exposedHeaders: [
        'x-request-id',
        'etag',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
        'retry-after',
        'link',
        'x-cache',
      ],
      maxAge: 600,
    });
    await app.register(securityHeaders, {
      options: {
        // The API serves JSON; the only HTML is the docs explorer, which brings its own CSP.
        contentSecurityPolicy: false,
        crossOriginResourcePolicy: { policy: 'cross-origin' },
      },
    });
    await app.register(compress, {
      threshold: 1024,
      encodings: ['br', 'gzip', 'deflate'],
      // Text formats the API serves that the plugin's own list does not know as compressible.
      customTypes: /^text\/|[+/]json(?:;|$)|^application\/(?:x-ndjson|x-subrip|srt|json\+chapters)(?:;|$)/,
    });
    // The plugin makes the ETags; whether a request's If-None-Match matches one is decided below,
    // as RFC 9110 says (the plugin compares the header with the tag as one string).
    await app.register(etag, { weak: true, replyWith304: false });
    app.addHook('onSend', (req, reply, payload, done) => {
      const tag = reply.getHeader('etag');
      const condition = req.headers['if-none-match'];
      const read = req.method === 'GET' || req.method === 'HEAD';
      if (
        read &&
        reply.statusCode === 200 &&
        typeof tag === 'string' &&
        condition &&
        noneMatch(condition, tag)
      ) {
        reply.code(304);
        // A streamed body (an export) is stopped before it reads a row.
        const stream = payload instanceof Readable ? payload.destroy() : undefined;
        // No body, and so no Content-Length (RFC 9110 §8.6); a HEAD keeps a body it never sends,
        // which Fastify's HEAD handling measures for the length a GET would have had (and a
        // stream, stopped, for none).
        done(null, req.method === 'HEAD' ? (stream ?? payload) : null);
        return;
      }
      done(null, payload);
    });
  },
  { name: 'http' },
);
