import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  SearchQuerySchema,
  SearchResultsSchema,
} from '../../../modules/search/search.schemas.js';
import { readErrors } from '../../../lib/api-schemas.js';

const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        operationId: 'search',
        summary: 'Search what was said',
        description:
          'Full-text search over transcript segments and summary quotes of every episode, best ' +
          'hits first. Words match in any English form ("calculating" finds "calculation") and ' +
          'regardless of accents; `"exact phrase"`, `or` and `-exclude` work as in web search. ' +
          'Quotes and hits where the words occur close together rank higher. Each hit carries a ' +
          'snippet with the matches in `<mark>` and a deep link to its moment. When the query ' +
          'finds little, misspelled words are corrected and the corrected query is searched ' +
          `(\`didYouMean\`). \`q\` is 1 to ${MAX_QUERY_LENGTH} characters; pages hold up to ` +
          `${MAX_SEARCH_LIMIT} hits. A query matching very many documents ranks the newest ` +
          'matches (a configured number per kind). A filter that matches no episode, person or ' +
          'topic answers 400, and so does a person or topic name that fits several equally well ' +
          '(the problem lists them as `candidates`).',
        querystring: SearchQuerySchema,
        response: { 200: SearchResultsSchema, ...readErrors },
      },
      config: { cache: 'public' },
    },
    async (req) => app.services.search.search(req.query),
  );
};

export default searchRoutes;
