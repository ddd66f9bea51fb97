import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  QuoteListQuerySchema,
  QuoteRandomQuerySchema,
  QuoteSchema,
} from '../../../modules/quotes/quotes.schemas.js';
import { listOf, noQuery, readErrors } from '../../../lib/api-schemas.js';

const quotesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/quotes',
    {
      schema: {
        tags: ['quotes'],
        operationId: 'listQuotes',
        summary: 'List quotes',
        description:
          'Citable quotes — speaker, episode, chapter, segment, time and a deep link — from the newest episodes first, each episode’s in the order said. Filter by person, episode, topic, words and length; a person, episode or topic that does not exist is a 400.',
        querystring: QuoteListQuerySchema,
        response: { 200: listOf(QuoteSchema), 400: readErrors[400] },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.quotes.list(req.query),
  );

  app.get(
    '/quotes/random',
    {
      schema: {
        tags: ['quotes'],
        operationId: 'getRandomQuote',
        summary: 'Get a random quote',
        description:
          'One quote chosen at random among those matching the same filters as the list; a different one each time, so it is never cached. 404 when nothing matches.',
        querystring: QuoteRandomQuerySchema,
        response: { 200: QuoteSchema, ...readErrors },
      },
      config: { cache: 'no-store' },
    },
    async (req) => app.services.quotes.random(req.query),
  );

  app.get(
    '/quotes/:id',
    {
      schema: {
        tags: ['quotes'],
        operationId: 'getQuote',
        summary: 'Get a quote',
        description: 'One quote by id, with everything needed to cite it.',
        params: z.object({ id: z.string().min(1).max(200).describe('Quote id (qt_…)') }),
        querystring: noQuery,
        response: { 200: QuoteSchema, ...readErrors },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.quotes.get(req.params.id),
  );
};

export default quotesRoutes;
