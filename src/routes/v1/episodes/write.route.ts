import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UnsupportedMediaTypeError } from '../../../lib/errors.js';
import {
  SourceNameSchema,
  UploadResultSchema,
} from '../../../modules/episode-writes/episode-writes.schemas.js';
import { ProblemSchema, idOrSlugParam } from '../../../lib/api-schemas.js';
import { ACCEPTED, RAW_TRANSCRIPT_TYPES, documentUploadBody, readUpload } from './upload-body.js';

/**
 * Writes to episodes: upload (ingest scope) and delete (admin scope). In a plugin of their
 * own because the upload takes its body as raw bytes: JSON here is a transcript, not a
 * request object, so this plugin's body parsers differ from the rest of the API's.
 */
const episodeWriteRoutes: FastifyPluginAsyncZod = async (app) => {
  const maxBytes = app.config.maxUploadBytes;
  app.removeAllContentTypeParsers();
  await app.register(multipart, {
    limits: { fileSize: maxBytes, fieldSize: maxBytes, files: 2, fields: 2, parts: 4 },
  });
  app.addContentTypeParser(RAW_TRANSCRIPT_TYPES, { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser('*', (req, _payload, done) =>
    done(
      new UnsupportedMediaTypeError(
        `Send ${ACCEPTED}; got ${req.headers['content-type'] ?? 'no content type'}`,
      ),
      undefined,
    ),
  );

  app.post(
    '/episodes',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'uploadEpisode',
        summary: 'Upload a transcript',
        description:
          'Ingests a transcript with the same pipeline as the CLI, in one transaction. Send the file as the raw body (`text/plain`, `text/vtt`, `application/x-subrip`, or `application/json` for a Podcasting 2.0 transcript) with `?name=`, or as `multipart/form-data` with a `file` part (its filename is the name unless `?name=` is given) and an optional `meta` part holding the sidecar JSON. The name is the episode\'s identity: the same content again answers 200 "unchanged", different content under the same name replaces that episode (200 "replaced", same id and slug), anything else creates one (201). Over the size limit: 413; another media type: 415; content that cannot be ingested: 422 with the reason, and nothing is written. Needs a key with the `ingest` scope.',
        querystring: z.object({ name: SourceNameSchema.optional() }).strict(),
        response: {
          200: UploadResultSchema,
          201: UploadResultSchema,
          400: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
        },
      },
      config: { scope: 'ingest', swaggerTransform: documentUploadBody },
      bodyLimit: maxBytes,
    },
    async (req, reply) => {
      const upload = await readUpload(req, maxBytes, req.query.name);
      const principal = req.principal;
      req.audit = { action: 'episode.upload', targetId: null, details: { sourceName: upload.name } };
      const result = await app.services.episodeWrites.upload({
        ...upload,
        apiKeyId: principal.kind === 'key' ? principal.key.id : undefined,
      });
      req.audit = {
        ...req.audit,
        targetId: result.episode.id,
        details: { sourceName: upload.name, result: result.result, ingestionId: result.ingestion.id },
      };
      if (result.result === 'created') {
        reply.code(201).header('location', `/v1/episodes/${result.episode.slug}`);
      }
      return result;
    },
  );

  app.delete(
    '/episodes/:idOrSlug',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'deleteEpisode',
        summary: 'Delete an episode',
        description:
          'Deletes the episode and everything that belongs to it: segments, quotes, chapters, participations and topic links, plus any person, topic or show no other episode refers to. The change feed records the deletion. Needs a key with the `admin` scope.',
        params: z.object({ idOrSlug: idOrSlugParam }),
        response: {
          204: z.null().describe('Deleted'),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
      config: { scope: 'admin' },
    },
    async (req, reply) => {
      req.audit = { action: 'episode.delete' };
      const deleted = await app.services.episodeWrites.delete(req.params.idOrSlug);
      req.audit = { ...req.audit, targetId: deleted.id, details: { slug: deleted.slug } };
      return reply.code(204).send(null);
    },
  );
};

export default episodeWriteRoutes;
