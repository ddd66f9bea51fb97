import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, isDataException } from '../../db/errors.js';
import { AppError, PROBLEM_BASE, type FieldIssue } from '../../lib/errors.js';
import type { ProblemSchema } from '../../lib/api-schemas.js';
import type { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export type Problem = z.infer<typeof ProblemSchema>;

export function problem(
  req: FastifyRequest,
  slug: string,
  status: number,
  title: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    type: PROBLEM_BASE + slug,
    title,
    status,
    detail,
    instance: req.url.split('?')[0] ?? req.url,
    requestId: req.id,
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

// Fastify names the query string "querystring"; problems name it "query", as services do.
const CONTEXT_NAMES: Record<string, string> = { querystring: 'query' };

function validationIssues(err: FastifyError): FieldIssue[] {
  const context = CONTEXT_NAMES[err.validationContext ?? ''] ?? err.validationContext ?? 'request';
  return (err.validation ?? []).map((v) => {
    const where = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    return { field: where ? `${context}.${where}` : context, message: v.message ?? 'is invalid' };
  });
}

// Fastify's own client errors, by code: a body that is not JSON, a body too large, …
const CLIENT_ERRORS: Record<string, { slug: string; title: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { slug: 'payload-too-large', title: 'Payload too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { slug: 'malformed-body', title: 'Malformed request body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'malformed-body', title: 'Malformed request body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { slug: 'malformed-body', title: 'Malformed request body' },
  // @fastify/multipart's limits on uploads
  FST_REQ_FILE_TOO_LARGE: { slug: 'payload-too-large', title: 'Payload too large' },
  FST_PARTS_LIMIT: { slug: 'payload-too-large', title: 'Payload too large' },
  FST_FILES_LIMIT: { slug: 'payload-too-large', title: 'Payload too large' },
  FST_FIELDS_LIMIT: { slug: 'payload-too-large', title: 'Payload too large' },
  FST_MP_PREMATURE_CLOSE: { slug: 'malformed-body', title: 'Malformed request body' },
  FST_PROTO_VIOLATION: { slug: 'malformed-body', title: 'Malformed request body' },
};

/** One error handler for the whole API: everything leaves as application/problem+json. */
export default fp(
  async (app) => {
    app.setNotFoundHandler((req, reply) =>
      sendProblem(
        reply,
        problem(
          req,
          'not-found',
          404,
          'Not found',
          `No route matches ${req.method} ${req.url.split('?')[0]}`,
        ),
      ),
    );

    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err instanceof AppError) {
        if (err.status >= 500) req.log.error({ err }, err.message);
        return sendProblem(reply, problem(req, err.slug, err.status, err.title, err.message, err.extensions));
      }
      if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
        const errors = validationIssues(err);
        const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        return sendProblem(
          reply,
          problem(req, 'validation', 400, 'Request validation failed', detail, { errors }),
        );
      }
      if (isResponseSerializationError(err)) {
        req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
        return sendProblem(
          reply,
          problem(req, 'internal', 500, 'Internal server error', 'The server failed to build its response'),
        );
      }
      const known = err.code ? CLIENT_ERRORS[err.code] : undefined;
      if (known && err.statusCode) {
        // A body over the route's limit: say the limit, so that the client knows what would pass.
        const limit = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? req.routeOptions.bodyLimit : undefined;
        const detail = limit ? `${err.message}: the limit is ${limit} bytes` : err.message;
        return sendProblem(reply, problem(req, known.slug, err.statusCode, known.title, detail));
      }
      if (err.statusCode === 429) {
        return sendProblem(reply, problem(req, 'rate-limited', 429, 'Too many requests', err.message));
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return sendProblem(reply, problem(req, 'bad-request', err.statusCode, 'Bad request', err.message));
      }
      if (err.statusCode === 503) {
        return sendProblem(reply, problem(req, 'unavailable', 503, 'Service unavailable', err.message));
      }
      if (isDatabaseUnavailable(err)) {
        req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable');
        reply.header('retry-after', '5');
        return sendProblem(
          reply,
          problem(
            req,
            'unavailable',
            503,
            'Service unavailable',
            'The database is unavailable; try again shortly',
          ),
        );
      }
      if (isDataException(err)) {
        req.log.warn(
          { err: { message: err.message, code: err.code } },
          'a request value the database refused',
        );
        return sendProblem(
          reply,
          problem(
            req,
            'invalid-value',
            400,
            'Invalid value',
            'A value in the request is out of range or contains characters that cannot be stored',
          ),
        );
      }
      req.log.error({ err }, 'unhandled error');
      return sendProblem(
        reply,
        problem(
          req,
          'internal',
          500,
          'Internal server error',
          `Something went wrong; quote request id ${req.id} when reporting it`,
        ),
      );
    });
  },
  { name: 'errors' },
);
