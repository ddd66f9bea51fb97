import pino from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createDb } from './db/client.js';

/**
 * The OpenAPI document exactly as the running API serves it. Building the app opens no
 * database connection (pools connect lazily), so this works without a database.
 */
export async function generateOpenApi(config: Config): Promise<string> {
  const db = createDb({ url: 'postgresql://openapi@127.0.0.1:1/none', poolMax: 1, statementTimeoutMs: 1000 });
  const app = await buildApp({
    // No response cache: it would listen for changes on a connection of its own.
    config: { ...config, publicBaseUrl: undefined, responseCacheBytes: 0 },
    db,
    logger: pino({ level: 'silent' }),
  });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await db.close();
  }
}
