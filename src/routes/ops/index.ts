import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const Health = z
  .object({ status: z.literal('ok').describe('Always "ok" while the process serves requests') })
  .describe('Liveness');

const Ready = z
  .object({
    status: z.enum(['ready', 'not-ready']).describe('Whether this instance should receive traffic'),
    checks: z.object({
      database: z.enum(['ok', 'unreachable']).describe('A trivial query answered in time'),
      migrations: z.enum(['ok', 'pending', 'unknown']).describe('Every migration on disk is applied'),
    }),
    pendingMigrations: z.array(z.string()).describe('Migrations not yet applied'),
  })
  .describe('Readiness');

/** Operational endpoints: liveness, readiness and Prometheus metrics. */
const opsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['ops'],
        operationId: 'getHealth',
        summary: 'Liveness',
        description: 'Answers 200 while the process is alive; it does not touch the database.',
        response: { 200: Health },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['ops'],
        operationId: 'getReadiness',
        summary: 'Readiness',
        description:
          'Answers 200 when the database is reachable and every migration is applied, 503 otherwise.',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      const r = await app.services.health.readiness();
      const body = {
        status: r.ready ? ('ready' as const) : ('not-ready' as const),
        checks: r.checks,
        pendingMigrations: r.pendingMigrations,
      };
      return reply.code(r.ready ? 200 : 503).send(body);
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['ops'],
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description:
          'Request counts and latency histograms per route, database pool gauges, ingestion counters and process metrics, in the Prometheus text format.',
        produces: ['text/plain'],
        response: { 200: z.string().describe('Prometheus exposition format') },
      },
    },
    async (_req, reply) => {
      reply.type(app.metrics.registry.contentType);
      return app.metrics.registry.metrics();
    },
  );
};

export default opsRoutes;
