import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EpisodeGetQuerySchema,
  EpisodeListQuerySchema,
  EpisodeSchema,
} from '../../../modules/episodes/episodes.schemas.js';
import { idOrSlugParam, listOf, readErrors } from '../../../lib/api-schemas.js';
import chaptersRoutes from './chapters.route.js';
import segmentsRoutes from './segments.route.js';
import transcriptRoutes from './transcript.route.js';

const episodesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/episodes',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'listEpisodes',
        summary: 'List episodes',
        description:
          'Episodes, newest first by default, one page at a time. Filter by show, person, topic, publication range and words in the title or description; a filter naming a show, person or topic that does not exist is a 400, not an empty page. Cursors stay correct while episodes are added.',
        querystring: EpisodeListQuerySchema,
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
        description:
          'One episode by id or slug. `include=people,chapters,quotes,topics` embeds what an episode page needs, so it renders from this one request (the transcript comes from /transcript).',
        params: z.object({ idOrSlug: idOrSlugParam }),
        querystring: EpisodeGetQuerySchema,
        response: { 200: EpisodeSchema, ...readErrors },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.episodes.get(req.params.idOrSlug, req.query),
  );

  await app.register(segmentsRoutes);
  await app.register(transcriptRoutes);
  await app.register(chaptersRoutes);
};

export default episodesRoutes;
