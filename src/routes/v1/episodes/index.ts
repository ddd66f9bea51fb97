import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EpisodeSchema } from '../../../modules/episodes/episodes.schemas.js';
import { cursorQuery, idOrSlugParam, limitQuery, listOf, readErrors } from '../../schemas.js';

const episodesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/episodes',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'listEpisodes',
        summary: 'List episodes',
        description: 'Episodes, newest first, one page at a time.',
        querystring: z.object({ limit: limitQuery(), cursor: cursorQuery }).strict(),
        response: { 200: listOf(EpisodeSchema), 400: readErrors[400] },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.episodes.list(req.query),
  );

  app.get(
    '/episodes/:idOrSlug',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'getEpisode',
        summary: 'Get an episode',
        description: 'One episode by id or slug.',
        params: z.object({ idOrSlug: idOrSlugParam }),
        response: { 200: EpisodeSchema, ...readErrors },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.episodes.get(req.params.idOrSlug),
  );
};

export default episodesRoutes;
