import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiKeySchema,
  CreateApiKeySchema,
  CreatedApiKeySchema,
} from '../../../modules/api-keys/api-keys.schemas.js';
import { ProblemSchema, cursorQuery, limitQuery, listOf } from '../../../lib/api-schemas.js';

const idOrPrefixParam = z.string().min(1).max(64).describe('Key id (key_01j…) or its prefix');

/** API key management for administrators; the CLI's `keys` command uses the same service. */
const keysRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/keys',
    {
      schema: {
        tags: ['keys'],
        operationId: 'createApiKey',
        summary: 'Create an API key',
        description:
          'Creates a key with the given scopes. The response is the only time the whole key is shown: only a hash of its secret is stored. Needs a key with the `admin` scope.',
        body: CreateApiKeySchema,
        response: { 201: CreatedApiKeySchema, 400: ProblemSchema },
      },
      config: { scope: 'admin', cache: 'no-store' },
    },
    async (req, reply) => {
      const created = await app.services.apiKeys.create(req.body);
      req.audit = {
        action: 'apiKey.create',
        targetId: created.id,
        details: { name: created.name, prefix: created.prefix, scopes: created.scopes },
      };
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/keys',
    {
      schema: {
        tags: ['keys'],
        operationId: 'listApiKeys',
        summary: 'List API keys',
        description:
          'Every key, newest first, revoked ones included, without secrets. Needs a key with the `admin` scope.',
        querystring: z.object({ limit: limitQuery(), cursor: cursorQuery }).strict(),
        response: { 200: listOf(ApiKeySchema), 400: ProblemSchema },
      },
      config: { scope: 'admin', cache: 'no-store' },
    },
    async (req) => app.services.apiKeys.list(req.query),
  );

  app.delete(
    '/keys/:idOrPrefix',
    {
      schema: {
        tags: ['keys'],
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description:
          'Revokes a key at once: every later request with it gets 401. Revoking a revoked key changes nothing. Needs a key with the `admin` scope.',
        params: z.object({ idOrPrefix: idOrPrefixParam }),
        response: { 204: z.null().describe('Revoked'), 400: ProblemSchema, 404: ProblemSchema },
      },
      config: { scope: 'admin' },
    },
    async (req, reply) => {
      req.audit = { action: 'apiKey.revoke' };
      const revoked = await app.services.apiKeys.revoke(req.params.idOrPrefix);
      req.audit = {
        ...req.audit,
        targetId: revoked.id,
        details: { name: revoked.name, prefix: revoked.prefix },
      };
      return reply.code(204).send(null);
    },
  );
};

export default keysRoutes;
