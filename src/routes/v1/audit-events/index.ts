import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditEventSchema } from '../../../modules/audit/audit.schemas.js';
import { ProblemSchema, cursorQuery, limitQuery, listOf } from '../../../lib/api-schemas.js';

/** The audit trail, for administrators. */
const auditEventsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['keys'],
        operationId: 'listAuditEvents',
        summary: 'List audit events',
        description:
          'Every write (uploads, deletions, key changes, …), newest first: who made it, what it did to which target, and how it ended — refused attempts included. Needs a key with the `admin` scope.',
        querystring: z
          .object({
            limit: limitQuery(),
            cursor: cursorQuery,
            targetType: z
              .string()
              .max(100)
              .optional()
              .describe('Only events on this kind of target, e.g. "episodes"'),
            targetId: z.string().max(200).optional().describe('Only events on this target id'),
            apiKeyId: z.string().max(64).optional().describe('Only events made with this key'),
          })
          .strict(),
        response: { 200: listOf(AuditEventSchema), 400: ProblemSchema },
      },
      config: { scope: 'admin', cache: 'no-store' },
    },
    async (req) => app.services.audit.list(req.query),
  );
};

export default auditEventsRoutes;
