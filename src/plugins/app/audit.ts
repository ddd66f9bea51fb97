import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../lib/errors.js';
import { outcomeOf } from '../../modules/audit/audit.schemas.js';
import './route-config.js';

/** What a write route may add to its audit event; everything has a default. */
export interface AuditNote {
  /** e.g. "episode.upload"; default "<METHOD> <route pattern>". */
  action?: string;
  /** Default: the resource segment of the URL, e.g. "episodes". */
  targetType?: string;
  /** Default: the first path parameter, e.g. the `idOrSlug` as sent. */
  targetId?: string | null;
  details?: Record<string, unknown>;
  /** The problem slug the request ended with, filled in by the plugin. */
  error?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** A write route's own facts for the audit trail (see plugins/app/audit.ts). */
    audit?: AuditNote;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Records every request to a route with a write scope in `audit_events`, whatever its
 * outcome: who (key id and name), what, to which target, the request id and the status.
 * A route needs no code for it; a handler may refine the event through `req.audit`.
 * Requests refused by the rate limiter are not recorded (a flood must not fill the table).
 * The event is written after the response is sent, so it never delays the caller; a
 * failure to write it is logged as an error.
 */
export default fp(
  async (app) => {
    app.decorateRequest('audit');

    app.addHook('onError', (req, _reply, err, done) => {
      req.audit = { ...req.audit, error: err instanceof AppError ? err.slug : (err.code ?? 'internal') };
      done();
    });

    app.addHook('onResponse', (req, reply, done) => {
      const scope = req.routeOptions.config.scope;
      // Reads are not audited: they leave without a promise.
      if (!scope || scope === 'read' || SAFE_METHODS.has(req.method) || reply.statusCode === 429)
        return done();
      record(req, reply).then(() => done(), done);
    });

    async function record(req: FastifyRequest, reply: FastifyReply): Promise<void> {
      const note = req.audit ?? {};
      const route = req.routeOptions.url ?? req.url;
      const params = Object.values((req.params ?? {}) as Record<string, string>);
      const p = req.principal;
      try {
        await app.services.audit.record({
          apiKeyId: p.kind === 'key' ? p.key.id : null,
          actor: p.kind === 'key' ? p.key.name : p.kind === 'invalid' ? 'invalid key' : 'anonymous',
          action: note.action ?? `${req.method} ${route}`,
          targetType: note.targetType ?? route.split('/').filter(Boolean)[1] ?? 'api',
          targetId: note.targetId !== undefined ? note.targetId : (params[0] ?? null),
          requestId: req.id,
          outcome: outcomeOf(reply.statusCode),
          status: reply.statusCode,
          details: {
            method: req.method,
            path: req.url.split('?')[0],
            ...(p.kind === 'invalid' && p.keyPrefix ? { keyPrefix: p.keyPrefix } : {}),
            ...note.details,
            ...(note.error ? { error: note.error } : {}),
          },
        });
      } catch (err) {
        req.log.error({ err }, 'could not record an audit event');
      }
    }
  },
  { name: 'audit', dependencies: ['auth'] },
);
