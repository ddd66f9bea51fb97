import closeWithGrace from 'close-with-grace';
import { buildApp, type App } from './app.js';
import { bootstrap, type Runtime } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { EmbeddedPostgresError } from './db/embedded-postgres.js';
import { MigrationError } from './db/migrator.js';
import { ingestSeeds } from './ingest/seeds.js';
import { createLogger } from './lib/logger.js';

// The only module that listens. Start-up: configuration, database (embedded unless
// DATABASE_URL is set), migrations, seeds, then the HTTP server. Shutdown, on SIGTERM or
// SIGINT: stop accepting, finish in-flight requests, close the pool, stop Postgres.

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

const log = createLogger(config);
let runtime: Runtime | undefined;
let app: App | undefined;

async function shutdown(): Promise<void> {
  await app?.close();
  await runtime?.close();
}

closeWithGrace({ delay: config.shutdownTimeoutMs, logger: log }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'shutting down after an unexpected error');
  else log.info({ signal }, 'shutting down: finishing in-flight requests');
  await shutdown();
  log.info('shutdown complete');
});

try {
  runtime = await bootstrap(config, log);
  if (config.ingestSeedsOnStart) await ingestSeeds(runtime.services.ingest, config.seedsDir, log);
  app = await buildApp({ config, ...runtime, logger: log });
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  // Start-up problems we can name are one line; anything else keeps its stack for a bug report.
  if (err instanceof EmbeddedPostgresError || err instanceof MigrationError) log.fatal(err.message);
  else log.fatal({ err }, (err as Error).message);
  await shutdown().catch(() => undefined);
  log.flush();
  setTimeout(() => process.exit(1), 100);
}
