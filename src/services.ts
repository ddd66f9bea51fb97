import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { createIngestService } from './ingest/ingest.service.js';
import type { Logger } from './lib/logger.js';
import type { Metrics } from './lib/metrics.js';
import { MIGRATIONS_DIR } from './lib/paths.js';
import { createApiKeysRepository } from './modules/api-keys/api-keys.repository.js';
import { createApiKeysService } from './modules/api-keys/api-keys.service.js';
import { createAuditRepository } from './modules/audit/audit.repository.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createChaptersRepository } from './modules/chapters/chapters.repository.js';
import { createChaptersService } from './modules/chapters/chapters.service.js';
import { createEpisodeWritesRepository } from './modules/episode-writes/episode-writes.repository.js';
import { createEpisodeWritesService } from './modules/episode-writes/episode-writes.service.js';
import { createEpisodesRepository } from './modules/episodes/episodes.repository.js';
import { createEpisodesService } from './modules/episodes/episodes.service.js';
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
  const ingest = createIngestService({ db, metrics, log, maxBytes: config.maxUploadBytes });
  return {
    apiKeys: createApiKeysService({ keys: createApiKeysRepository(primary), log }),
    audit: createAuditService({ audit: createAuditRepository(primary) }),
    chapters: createChaptersService({ chapters: createChaptersRepository(db.prisma) }),
    episodes: createEpisodesService({ episodes: createEpisodesRepository(read) }),
    episodeWrites: createEpisodeWritesService({
      ingest,
      episodes: createEpisodesService({ episodes: createEpisodesRepository(primary) }),
      writes: createEpisodeWritesRepository(primary),
    }),
    health: createHealthService({ pool: db.pool, migrationsDir: MIGRATIONS_DIR }),
    ingest,
    search: createSearchService({
      search: createSearchRepository(read),
      publicBaseUrl: config.publicBaseUrl,
      maxCandidates: config.search.maxCandidates,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
