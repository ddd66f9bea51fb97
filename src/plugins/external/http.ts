import compress from '@fastify/compress';
import cors from '@fastify/cors';
import etag from '@fastify/etag';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import securityHeaders from './security-headers.js';

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
    await app.register(etag, { weak: true });
  },
  { name: 'http' },
);
