import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ChangeListSchema, ChangesQuerySchema } from '../../../modules/changes/changes.schemas.js';
import { readErrors } from '../../../lib/api-schemas.js';

const changesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/changes',
    {
      schema: {
        tags: ['sync'],
        operationId: 'listChanges',
        summary: 'List episode changes',
        description:
          'A feed of episodes created, updated and deleted, in the order the changes were committed, for partners who keep a copy in sync. Follow `page.nextCursor` to the end, keep `resumeCursor`, and pass it as `since` next time: no change is skipped or repeated, even while episodes are being written. `since` also takes an ISO date-time for a first sync.',
        querystring: ChangesQuerySchema,
        response: { 200: ChangeListSchema, 400: readErrors[400] },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.changes.list(req.query),
  );
};

export default changesRoutes;
