import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChaptersUploadSchema, ReplacedChaptersSchema } from '../../../modules/chapters/chapters.schemas.js';
import { idOrSlugParam, ProblemSchema } from '../../../lib/api-schemas.js';

const DESCRIPTION = `Replaces every chapter of an episode with the chapters in the body, in one transaction.

The body is a Podcasting 2.0 JSON chapters document (\`{ version, chapters: [{ startTime, endTime?, title }] }\`,
times in seconds), sent as \`application/json\` or \`application/json+chapters\`. Chapters are put in time
order; a chapter with no title or marked \`"toc": false\` is skipped; an \`endTime\` that runs into the next
chapter is clipped — each repair is listed in \`warnings\`. A chapter without \`endTime\` ends where the next
one starts (the last one where the episode ends).

Every segment and quote is re-linked to the chapter its time falls in, and each chapter's \`firstSegmentId\`
is recomputed. The change appears in the change feed as \`updated\`. \`{ "chapters": [] }\` removes all chapters.

Requires an API key with the \`ingest\` scope.`;

const chapterErrors = {
  400: ProblemSchema.describe('The body is not JSON or not shaped like Podcasting 2.0 chapters'),
  401: ProblemSchema.describe('No valid API key'),
  403: ProblemSchema.describe('The API key lacks the `ingest` scope'),
  404: ProblemSchema.describe('No episode with this id or slug'),
  413: ProblemSchema.describe('The body is larger than the upload limit'),
  415: ProblemSchema.describe('The body is not application/json or application/json+chapters'),
  422: ProblemSchema.describe(
    'The chapters cannot be used (type `ingest/invalid-chapters`), e.g. a chapter that ends before it starts; the detail names the JSON path',
  ),
};

const replaceChaptersRoute: FastifyPluginAsyncZod = async (app) => {
  // Podcasting 2.0 names its chapters media type application/json+chapters: it is JSON.
  app.addContentTypeParser(
    'application/json+chapters',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  app.put(
    '/episodes/:idOrSlug/chapters',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'replaceEpisodeChapters',
        summary: 'Replace an episode’s chapters',
        description: DESCRIPTION,
        security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
        consumes: ['application/json', 'application/json+chapters'],
        params: z.object({ idOrSlug: idOrSlugParam }),
        body: ChaptersUploadSchema,
        response: { 200: ReplacedChaptersSchema, ...chapterErrors },
      },
      config: { scope: 'ingest', cache: 'no-store' },
    },
    async (req) => app.services.chapters.replaceChapters(req.params.idOrSlug, req.body),
  );
};

export default replaceChaptersRoute;
