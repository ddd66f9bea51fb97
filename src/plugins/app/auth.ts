import type { FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, UnauthorizedError } from '../../lib/errors.js';
import { grants, type Scope } from '../../modules/api-keys/api-keys.schemas.js';
import type { ApiKeysService, AuthenticatedKey } from '../../modules/api-keys/api-keys.service.js';
import { ProblemSchema } from '../../lib/api-schemas.js';
import './route-config.js';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'key'; key: AuthenticatedKey }
  | { kind: 'invalid'; detail: string; keyPrefix?: string | undefined };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set before anything else runs on the request. */
    principal: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WRITE_SCOPES: ReadonlySet<Scope> = new Set(['ingest', 'admin']);
const KEY_SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
const CHALLENGE = 'Bearer realm="castindex"';

/** The key a request presents: `Authorization: Bearer <key>` first, then `x-api-key`. */
function presentedKey(req: FastifyRequest): { key?: string; malformed?: string } {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    return match?.[1]
      ? { key: match[1] }
      : { malformed: 'The Authorization header must read "Bearer <API key>"' };
  }
  const header = req.headers['x-api-key'];
  if (header === undefined) return {};
  return typeof header === 'string' && header.trim()
    ? { key: header.trim() }
    : { malformed: 'Send exactly one x-api-key header' };
}

/**
 * API keys and scopes for every route registered after it. A request's key is checked
 * first (onRequest), so rate limits can count per key; the route's scope is enforced
 * before its body is read (preParsing), so an upload without a valid key costs nothing.
 * Routes declare `config: { scope }`; one that changes data without a write scope stops
 * the application from starting.
 */
export interface AuthOptions {
  anonymousReads: boolean;
  apiKeys: Pick<ApiKeysService, 'authenticate' | 'settle'>;
}

export default fp<AuthOptions>(
  async (app, { anonymousReads, apiKeys }) => {
    // Set on every request in onRequest, before any other hook reads it.
    app.decorateRequest('principal');

    app.addHook('onRoute', (route: RouteOptions) => {
      const scope = route.config?.scope;
      const writes = [route.method].flat().filter((m) => !SAFE_METHODS.has(m));
      if (writes.length > 0 && !(scope && WRITE_SCOPES.has(scope))) {
        throw new Error(
          `${writes.join(', ')} ${route.url} changes data but declares no write scope: ` +
            `add config: { scope: 'ingest' } or config: { scope: 'admin' }`,
        );
      }
      if (!route.schema || route.schema.hide) return;
      // The OpenAPI document shows exactly the policy enforced here, so the explorer's
      // "Authorize" button sends the key on the operations that need it.
      const required = scope ?? 'read';
      route.schema = {
        ...route.schema,
        security: required === 'read' && anonymousReads ? [{}, ...KEY_SECURITY] : KEY_SECURITY,
        response: {
          401: ProblemSchema,
          ...(required === 'read' ? {} : { 403: ProblemSchema }),
          429: ProblemSchema,
          ...(route.schema.response as object | undefined),
        },
      };
    });

    // Callback-style hooks: most requests carry no key and need no promise.
    app.addHook('onRequest', (req, _reply, done) => {
      const presented = presentedKey(req);
      if (presented.malformed) {
        req.principal = { kind: 'invalid', detail: presented.malformed };
        return done();
      }
      if (!presented.key) {
        req.principal = { kind: 'anonymous' };
        return done();
      }
      apiKeys.authenticate(presented.key).then((auth) => {
        if (auth.ok) {
          req.principal = { kind: 'key', key: auth.key };
          return done();
        }
        // The prefix is the public part of a key: safe to log, and enough to trace misuse.
        req.log.info({ keyPrefix: auth.prefix, reason: auth.reason }, 'API key refused');
        req.principal = {
          kind: 'invalid',
          detail: auth.reason === 'revoked' ? 'The API key has been revoked' : 'The API key is not valid',
          keyPrefix: auth.prefix,
        };
        done();
      }, done);
    });

    app.addHook('preParsing', (req, reply, payload, done) => {
      const required: Scope = req.routeOptions.config.scope ?? 'read';
      const principal = req.principal;
      if (principal.kind === 'invalid') {
        reply.header('www-authenticate', `${CHALLENGE}, error="invalid_token"`);
        return done(new UnauthorizedError(principal.detail));
      }
      if (principal.kind === 'anonymous') {
        if (required === 'read' && anonymousReads) return done(null, payload);
        reply.header('www-authenticate', CHALLENGE);
        return done(
          new UnauthorizedError(
            `This request needs an API key with the "${required}" scope, as "Authorization: Bearer <key>" or "x-api-key: <key>"`,
          ),
        );
      }
      if (!grants(principal.key.scopes, required)) {
        return done(
          new ForbiddenError(
            `The API key "${principal.key.name}" has the scopes ${principal.key.scopes.join(', ') || '(none)'}; this request needs "${required}"`,
          ),
        );
      }
      done(null, payload);
    });

    if (!anonymousReads) {
      // Without anonymous reads a response is for key holders only: a shared cache must not
      // hand it to the next caller, so "public" becomes "private".
      app.addHook('onSend', async (_req, reply, payload) => {
        const cacheControl = reply.getHeader('cache-control');
        if (typeof cacheControl === 'string' && cacheControl.startsWith('public')) {
          reply.header('cache-control', cacheControl.replace(/^public/, 'private'));
        }
        return payload;
      });
    }

    app.addHook('onClose', async () => {
      await apiKeys.settle();
    });
  },
  { name: 'auth' },
);
