import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChapterListQuerySchema,
  ChapterSchema,
  PodcastChaptersDocumentSchema,
  type ChapterFormat,
} from '../../../modules/chapters/chapters.schemas.js';
import { negotiateFormat } from '../../negotiate.js';
import { idOrSlugParam, listOf, ProblemSchema, readErrors } from '../../../lib/api-schemas.js';

const PODCAST_CHAPTERS = 'application/json+chapters';

const ACCEPTED: Record<string, ChapterFormat> = {
  'application/json': 'json',
  [PODCAST_CHAPTERS]: 'podcast-json',
};

const chaptersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/episodes/:idOrSlug/chapters',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'listEpisodeChapters',
        summary: 'List an episode’s chapters',
        description:
          'The chapters in order: as a page of Chapter objects (`format=json`, application/json), or as one Podcasting 2.0 JSON chapters document (`format=podcast-json`, or `Accept: application/json+chapters`), ready for a `<podcast:chapters>` tag.',
        params: z.object({ idOrSlug: idOrSlugParam }),
        querystring: ChapterListQuerySchema,
        response: {
          200: {
            description: 'The chapters in the chosen format',
            content: {
              'application/json': { schema: listOf(ChapterSchema) },
              [PODCAST_CHAPTERS]: { schema: PodcastChaptersDocumentSchema },
            },
          },
          ...readErrors,
          406: ProblemSchema,
        },
      },
      config: { cache: 'public' },
    },
    async (req, reply) => {
      const format = negotiateFormat(req, reply, req.query.format, ACCEPTED);
      if (format === 'podcast-json') {
        const body = await app.services.chapters.podcast(req.params.idOrSlug, req.query);
        return reply.type(`${PODCAST_CHAPTERS}; charset=utf-8`).send(body);
      }
      const page = await app.services.chapters.list(req.params.idOrSlug, req.query);
      return reply.type('application/json; charset=utf-8').send(page);
    },
  );
};

export default chaptersRoutes;
