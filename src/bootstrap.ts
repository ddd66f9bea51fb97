import type { Config } from './config.js';
import { createDb, type Db } from './db/client.js';
import { locateDatabase } from './db/database.js';
import { migrate } from './db/migrator.js';
import type { Logger } from './lib/logger.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { MIGRATIONS_DIR } from './lib/paths.js';
import { createServices, type Services } from './services.js';

export interface Runtime {
  db: Db;
  metrics: Metrics;
  services: Services;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Everything a process needs before it serves or ingests: a database (started here when
 * embedded), a pool and Prisma client over it, every migration applied, and the services.
 */
export async function bootstrap(config: Config, log: Logger): Promise<Runtime> {
  const pgLog = log.child({ component: 'embedded-postgres' });
  const location = await locateDatabase(config, (line) => pgLog.debug(line));
  if (location.embedded) log.info({ port: config.database.embeddedPort }, 'embedded Postgres is running');
  const db = createDb({
    url: location.url,
    readUrls: config.database.readUrls,
    poolMax: config.database.poolMax,
    statementTimeoutMs: config.database.statementTimeoutMs,
    onPoolError: (err) => log.warn({ err }, 'database connection lost'),
  });
  const close = async () => {
    await db.close();
    await location.stop();
  };
  try {
    const result = await migrate(db.pool, MIGRATIONS_DIR);
    if (result.applied.length) log.info({ applied: result.applied }, 'migrations applied');
    for (const name of result.modified)
      log.warn({ migration: name }, 'migration changed after it was applied');
  } catch (err) {
    await close();
    throw err;
  }
  const metrics = createMetrics();
  const services = createServices({ config, db, metrics, log });
  const closeAll = async () => {
    await services.ingest.close();
    await close();
  };
  return { db, metrics, services, embedded: location.embedded, close: closeAll };
}
