import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SegmentListQuerySchema, SegmentSchema } from '../../../modules/segments/segments.schemas.js';
import { idOrSlugParam, listOf, readErrors } from '../../../lib/api-schemas.js';

const segmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/episodes/:idOrSlug/segments',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'listEpisodeSegments',
        summary: 'List an episode’s segments',
        description:
          'The transcript as Segment objects, in order, one page at a time: filter by time range (segments overlapping [fromMs, toMs)), speaker, chapter and kind. A speaker that does not exist, or a chapter the episode does not have, is a 400.',
        params: z.object({ idOrSlug: idOrSlugParam }),
        querystring: SegmentListQuerySchema,
        response: { 200: listOf(SegmentSchema), ...readErrors },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.segments.list(req.params.idOrSlug, req.query),
  );
};

export default segmentsRoutes;
