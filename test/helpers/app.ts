import pino from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestApp {
  app: App;
  config: Config;
  database: TestDatabase;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOG_PRETTY: 'false',
    // Tests send many requests from one address, back to back: that would exhaust a rate
    // limit and saturate the event loop on purpose. The rate-limit and load-shedding tests
    // set their own limits.
    RATE_LIMIT_ANONYMOUS: '1000000',
    RATE_LIMIT_KEY: '1000000',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
    // A worker thread takes a second or two to start; test/ingest/ingest-workers.test.ts and
    // the CLI and server tests (real processes) cover ingestion on workers.
    INGEST_WORKERS: '0',
    ...env,
  });
}

/** The whole API over a fresh database of its own. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: database.url, ...env });
  const app = await buildApp({ config, db: database.db, logger: pino({ level: 'silent' }) });
  await app.ready();
  return {
    app,
    config,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
