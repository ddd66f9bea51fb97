import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  PersonDetailSchema,
  PersonListQuerySchema,
  PersonSummarySchema,
} from '../../../modules/people/people.schemas.js';
import { idOrSlugParam, listOf, noQuery, readErrors } from '../../../lib/api-schemas.js';

const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/people',
    {
      schema: {
        tags: ['people'],
        operationId: 'listPeople',
        summary: 'List people',
        description:
          'Hosts and guests across every episode, by name, with how many episodes they appear in and how many quotes they have. Filter by part of the name, by episode and by role; an episode that does not exist is a 400.',
        querystring: PersonListQuerySchema,
        response: { 200: listOf(PersonSummarySchema), 400: readErrors[400] },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.people.list(req.query),
  );

  app.get(
    '/people/:idOrSlug',
    {
      schema: {
        tags: ['people'],
        operationId: 'getPerson',
        summary: 'Get a person',
        description:
          'A speaker page in one request: who the person is, every appearance (role, speaker labels, talk time and words per episode), totals, and their latest quotes.',
        params: z.object({ idOrSlug: idOrSlugParam }),
        querystring: noQuery,
        response: { 200: PersonDetailSchema, ...readErrors },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.people.get(req.params.idOrSlug),
  );
};

export default peopleRoutes;
