import fp from 'fastify-plugin';
import './route-config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** "public": successful responses may be cached by browsers and CDNs for a short while. */
    cache?: 'public' | 'no-store';
  }
}

/** Cache-Control on reads from the route's `config.cache`; ETags come from @fastify/etag. */
export default fp<{ maxAgeSeconds: number }>(
  async (app, { maxAgeSeconds }) => {
    app.addHook('onSend', (req, reply, payload, done) => {
      const policy = req.routeOptions.config.cache;
      if (!policy || reply.hasHeader('cache-control')) return done(null, payload);
      if (policy === 'public' && reply.statusCode < 400) {
        reply.header(
          'cache-control',
          `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds}`,
        );
      } else {
        reply.header('cache-control', 'no-store');
      }
      done(null, payload);
    });
  },
  { name: 'cache' },
);
