import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  TopicDetailSchema,
  TopicListQuerySchema,
  TopicSummarySchema,
} from '../../../modules/topics/topics.schemas.js';
import { listOf, noQuery, readErrors } from '../../../lib/api-schemas.js';

const topicsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/topics',
    {
      schema: {
        tags: ['topics'],
        operationId: 'listTopics',
        summary: 'List topics',
        description:
          'What episodes are about — subjects and named entities — by name, with how many episodes each has. Filter by part of the name and by kind.',
        querystring: TopicListQuerySchema,
        response: { 200: listOf(TopicSummarySchema), 400: readErrors[400] },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.topics.list(req.query),
  );

  app.get(
    '/topics/:slug',
    {
      schema: {
        tags: ['topics'],
        operationId: 'getTopic',
        summary: 'Get a topic',
        description:
          'A topic page: the episodes and the transcript segments most about it, heaviest first, with their weights.',
        params: z.object({ slug: z.string().min(1).max(200).describe('Topic slug (or id)') }),
        querystring: noQuery,
        response: { 200: TopicDetailSchema, ...readErrors },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.topics.get(req.params.slug),
  );
};

export default topicsRoutes;
