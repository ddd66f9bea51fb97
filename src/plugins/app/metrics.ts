import fp from 'fastify-plugin';
import type { Metrics } from '../../lib/metrics.js';

/** Counts and times every request under its route pattern (not the raw URL, to bound labels). */
export default fp<{ metrics: Metrics }>(
  async (app, { metrics }) => {
    app.addHook('onResponse', (req, reply, done) => {
      const route = req.routeOptions.url ?? 'unmatched';
      const seconds = reply.elapsedTime / 1000;
      metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      done();
    });
  },
  { name: 'metrics' },
);
