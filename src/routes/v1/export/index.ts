import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExportQuerySchema } from '../../../modules/exports/exports.schemas.js';
import { readErrors } from '../../schemas.js';

const NDJSON = 'application/x-ndjson';

const ndjsonResponse = (what: string) => ({
  200: {
    description: `${what}, one JSON object a line`,
    content: { [NDJSON]: { schema: z.string().describe(`NDJSON: one ${what} object per line`) } },
  },
  400: readErrors[400],
});

/** The lines as a stream: the schema above describes the bytes on the wire, not this object. */
const stream = (lines: AsyncIterable<string>) => Readable.from(lines) as unknown as string;

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
      const lines = await app.services.exports.quotes(req.query);
      return reply.type(`${NDJSON}; charset=utf-8`).send(stream(lines));
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
      const lines = await app.services.exports.segments(req.query);
      return reply.type(`${NDJSON}; charset=utf-8`).send(stream(lines));
    },
  );
};

export default exportRoutes;
