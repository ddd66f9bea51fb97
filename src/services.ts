import type { Config } from './config.js';
import { createContentServices } from './content-services.js';
import { announceChange } from './db/change-listener.js';
import type { Db } from './db/client.js';
import { createIngestService } from './ingest/ingest.service.js';
import type { Logger } from './lib/logger.js';
import type { Metrics } from './lib/metrics.js';
import { MIGRATIONS_DIR } from './lib/paths.js';
import { createApiKeysRepository } from './modules/api-keys/api-keys.repository.js';
import { createApiKeysService } from './modules/api-keys/api-keys.service.js';
import { createAuditRepository } from './modules/audit/audit.repository.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createEpisodeWritesRepository } from './modules/episode-writes/episode-writes.repository.js';
import { createEpisodeWritesService } from './modules/episode-writes/episode-writes.service.js';
import { createHealthService } from './modules/health/health.service.js';
import { createSearchRepository } from './modules/search/search.repository.js';
import { createSearchService } from './modules/search/search.service.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  metrics: Metrics;
  log: Logger;
}

/** Wires every module's service over the shared dependencies; HTTP and the CLI both use this. */
export function createServices(deps: ServiceDeps) {
  const { config, db, metrics, log } = deps;
  const read = () => db.read.prisma;
  const primary = () => db.prisma;
  const publicBaseUrl = config.publicBaseUrl;
  const ingest = createIngestService({
    db,
    metrics,
    log,
    maxBytes: config.maxUploadBytes,
    workers: config.ingestWorkers,
  });
  return {
    ...createContentServices({
      read,
      readPool: () => db.read.pool,
      primary: db.prisma,
      announce: (seq) => announceChange(db.pool, seq),
      publicBaseUrl,
    }),
    apiKeys: createApiKeysService({ keys: createApiKeysRepository(primary), log }),
    audit: createAuditService({ audit: createAuditRepository(primary) }),
    episodeWrites: createEpisodeWritesService({
      ingest,
      // An upload is read back from the primary: a replica may not have it yet.
      episodes: createContentServices({
        read: primary,
        readPool: () => db.pool,
        primary: db.prisma,
        publicBaseUrl,
      }).episodes,
      writes: createEpisodeWritesRepository(() => db.pool, log),
    }),
    health: createHealthService({ pool: db.pool, migrationsDir: MIGRATIONS_DIR }),
    ingest,
    search: createSearchService({
      search: createSearchRepository(() => db.read),
      publicBaseUrl,
      maxCandidates: config.search.maxCandidates,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
