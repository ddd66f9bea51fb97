import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExportQuerySchema } from '../../../modules/exports/exports.schemas.js';
import type { Export } from '../../../modules/exports/exports.service.js';
import { readErrors } from '../../../lib/api-schemas.js';

const NDJSON = 'application/x-ndjson';

const ndjsonResponse = (what: string) => ({
  200: {
    description: `${what}, one JSON object a line`,
    content: { [NDJSON]: { schema: z.string().describe(`NDJSON: one ${what} object per line`) } },
  },
  400: readErrors[400],
});

/**
 * The export as a stream (the schema above describes the bytes on the wire, not this object).
 * A stream cannot be hashed before it is sent, so its ETag is the data's version; the etag
 * check after it (plugins/external/http.ts) answers a matching If-None-Match with 304 before a
 * single row is read.
 */
function send(reply: FastifyReply, { version, lines }: Export) {
  reply.header('etag', `W/"${version}"`).type(`${NDJSON}; charset=utf-8`);
  return reply.send(Readable.from(lines) as unknown as string);
}

const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/export/quotes.ndjson',
    {
      schema: {
        tags: ['sync'],
        operationId: 'exportQuotes',
        summary: 'Export every quote',
        description:
          'Every quote (or one episode’s) as NDJSON, one Quote object a line in (episode id, ordinal) order, streamed as it is read: memory stays flat whatever the size.',
        querystring: ExportQuerySchema,
        response: ndjsonResponse('Quote'),
      },
      config: { cache: 'public' },
    },
    async (req, reply) => {
      return send(reply, await app.services.exports.quotes(req.query));
    },
  );

  app.get(
    '/export/segments.ndjson',
    {
      schema: {
        tags: ['sync'],
        operationId: 'exportSegments',
        summary: 'Export every segment',
        description:
          'Every transcript segment (or one episode’s) as NDJSON, one Segment object a line in (episode id, ordinal) order, streamed as it is read: memory stays flat whatever the size.',
        querystring: ExportQuerySchema,
        response: ndjsonResponse('Segment'),
      },
      config: { cache: 'public' },
    },
    async (req, reply) => {
      return send(reply, await app.services.exports.segments(req.query));
    },
  );
};

export default exportRoutes;
