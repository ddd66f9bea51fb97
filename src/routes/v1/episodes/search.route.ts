import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EpisodeSearchQuerySchema, SearchResultsSchema } from '../../../modules/search/search.schemas.js';
import { idOrSlugParam, readErrors } from '../../../lib/api-schemas.js';

const episodeSearchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/episodes/:idOrSlug/search',
    {
      schema: {
        tags: ['search'],
        operationId: 'searchEpisode',
        summary: 'Search inside an episode',
        description:
          'The same search as `GET /v1/search`, inside one episode, hits in transcript order: ' +
          'segments by position, each aligned quote right after its segment, unaligned quotes last.',
        params: z.object({ idOrSlug: idOrSlugParam }),
        querystring: EpisodeSearchQuerySchema,
        response: { 200: SearchResultsSchema, ...readErrors },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.search.searchEpisode(req.params.idOrSlug, req.query),
  );
};

export default episodeSearchRoutes;
