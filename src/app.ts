import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { listenForChanges } from './db/change-listener.js';
import type { Db } from './db/client.js';
import { createLogger, type Logger } from './lib/logger.js';
import { createMetrics, observePool, type Metrics } from './lib/metrics.js';
import audit from './plugins/app/audit.js';
import auth from './plugins/app/auth.js';
import cache from './plugins/app/cache.js';
import responseCache from './plugins/app/response-cache.js';
import { clientErrorHandler } from './plugins/app/client-errors.js';
import drain from './plugins/app/drain.js';
import errors, { problem, sendProblem } from './plugins/app/errors.js';
import limits from './plugins/app/limits.js';
import metricsPlugin from './plugins/app/metrics.js';
import requestId, { genReqId } from './plugins/app/request-id.js';
import { serializerCompiler } from './plugins/app/serializer.js';
import http from './plugins/external/http.js';
import rateLimit from './plugins/external/rate-limit.js';
import swagger from './plugins/external/swagger.js';
import pressure from './plugins/external/under-pressure.js';
import opsRoutes from './routes/ops/index.js';
import v1Routes from './routes/v1/index.js';
import { createServices, type Services } from './services.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    services: Services;
    metrics: Metrics;
  }
}

export interface AppOptions {
  config: Config;
  db: Db;
  metrics?: Metrics;
  /** Defaults to the configured pino logger; tests pass a silent or capturing one. */
  logger?: Logger;
  /** Defaults to services wired over `db`. */
  services?: Services;
}

/** How long a public read may be reused, by HTTP caches and by the response cache. */
const MAX_AGE_SECONDS = 60;

/** The whole API as a Fastify instance, not listening: server.ts listens, tests inject. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export async function buildApp(opts: AppOptions): Promise<App> {
  const { config, db } = opts;
  const logger = opts.logger ?? createLogger(config);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    trustProxy: config.trustProxy,
    bodyLimit: config.maxUploadBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    clientErrorHandler,
    // A URL the router cannot decode (e.g. "%C3%28") never reaches the error handler.
    frameworkErrors: (err, req, reply) => {
      reply.header('x-request-id', req.id);
      sendProblem(reply, problem(req, 'malformed-url', 400, 'Malformed URL', err.message));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const metrics = opts.metrics ?? createMetrics();
  observePool(metrics, db.pool);
  app.decorate('config', config);
  app.decorate('metrics', metrics);
  app.decorate('services', opts.services ?? createServices({ config, db, metrics, log: logger }));

  // One replica per request (when replicas are configured): its queries agree with each other.
  app.addHook('onRequest', (_req, _reply, done) => db.pinReads(done));
  await app.register(requestId);
  await app.register(drain);
  await app.register(errors);
  await app.register(limits, { maxUrlLength: config.maxUrlLength });
  await app.register(metricsPlugin, { metrics });
  // With read replicas a read may come from one that has not caught up with a change it was
  // told of: its answer must not be kept, so replicated deployments go without.
  const changes =
    config.responseCacheBytes > 0 && config.database.readUrls.length === 0
      ? listenForChanges({ pool: db.pool, log: logger })
      : undefined;
  try {
    if (changes) {
      await changes.ready;
      await app.register(responseCache, {
        maxBytes: config.responseCacheBytes,
        ttlMs: MAX_AGE_SECONDS * 1000,
        changes,
        metrics,
      });
    }
    await app.register(http, { config });
    await app.register(cache, { maxAgeSeconds: MAX_AGE_SECONDS });
    await app.register(swagger, { serverUrl: config.publicBaseUrl });
    await app.register(opsRoutes);
    // Under load, /v1 sheds requests before doing any work; then keys, scopes, rate limits and
    // the audit trail guard it. Health checks, metrics and the docs stay open to load
    // balancers, Prometheus and people.
    await app.register(
      async (api) => {
        await api.register(pressure, { config });
        await api.register(auth, {
          anonymousReads: config.auth.anonymousReads,
          apiKeys: app.services.apiKeys,
        });
        await api.register(rateLimit, { config });
        await api.register(audit);
        await api.register(v1Routes);
      },
      { prefix: '/v1' },
    );
  } catch (err) {
    // No app comes back to be closed: the listener's connection must not outlive this call.
    await changes?.close();
    throw err;
  }
  return app;
}
