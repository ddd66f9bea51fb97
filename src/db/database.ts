import pg from 'pg';
import type { Config } from '../config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export const EMBEDDED_DATABASE = 'castindex';

export interface DatabaseLocation {
  url: string;
  embedded: boolean;
  /** Stops the embedded server, if one was started; a no-op for an external database. */
  stop(): Promise<void>;
}

/**
 * Where the data lives: DATABASE_URL when set, otherwise a Postgres embedded in the
 * project's data folder, started here and stopped with the process.
 */
export async function locateDatabase(
  config: Config,
  onLog?: (line: string) => void,
): Promise<DatabaseLocation> {
  if (config.database.url) {
    return { url: config.database.url, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.database.embeddedPort,
    ...(onLog ? { onLog } : {}),
  });
  try {
    await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return { url: url.toString(), embedded: true, stop: () => server.stop() };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
