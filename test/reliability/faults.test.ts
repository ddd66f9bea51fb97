import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createDb } from '../../src/db/client.js';
import { ensureDatabase } from '../../src/db/database.js';
import { relocatedHome, startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { migrate } from '../../src/db/migrator.js';
import { MIGRATIONS_DIR, PROJECT_ROOT } from '../../src/lib/paths.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { episodeRowCounts, ingestService } from '../helpers/ingest.js';
import { freePort, runEntry } from '../helpers/process.js';

const SEED = path.join(PROJECT_ROOT, 'seeds', '000_3f588ae5e4cd8754.txt');
const tempDirs: string[] = [];
afterAll(async () => {
  for (const dir of tempDirs) {
    await rm(dir, { recursive: true, force: true });
    await rm(relocatedHome(dir), { recursive: true, force: true });
  }
});

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('faults', () => {
  it('loses the connection in the middle of an ingestion: no partial episode, the run recorded as failed', async () => {
    const database = await createTestDatabase();
    const ingest = ingestService(database);
    const before = await episodeRowCounts(database);
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      // Hold the quotes table so the ingestion's transaction stops half-way, after it has
      // written the episode, chapters and segments; then cut its connection.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE quotes IN ACCESS EXCLUSIVE MODE');
      const running = ingest.ingest({ name: 'cut.txt', content: await readFile(SEED), trigger: 'cli' });
      const outcome = running.then(
        () => 'stored',
        (err: Error) => err.message,
      );
      let victim: number | undefined;
      await waitUntil(async () => {
        const { rows } = await blocker.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        victim = rows[0]?.pid;
        return victim !== undefined;
      }, 'the ingestion to block on the quotes table');
      await blocker.query('SELECT pg_terminate_backend($1)', [victim]);
      await blocker.query('ROLLBACK');
      expect(await outcome).not.toBe('stored');
    } finally {
      await blocker.end();
    }
    expect(await episodeRowCounts(database)).toEqual(before);
    const runs = await database.db.pool.query(
      `SELECT status, error FROM ingestion_runs WHERE source_name = 'cut.txt'`,
    );
    expect(runs.rows).toEqual([expect.objectContaining({ status: 'failed' })]);
    await database.drop();
  });

  it('answers 503 while the database is down and recovers by itself when it returns', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'castindex-outage-'));
    tempDirs.push(dataDir);
    const port = await freePort();
    let server = await startEmbeddedPostgres({ dataDir, port });
    await ensureDatabase(server.adminUrl, 'castindex');
    const url = server.adminUrl.replace(/\/postgres$/, '/castindex');
    const db = createDb({ url, poolMax: 3, statementTimeoutMs: 5000 });
    await migrate(db.pool, MIGRATIONS_DIR);
    const app = await buildApp({
      config: testConfig({ DATABASE_URL: url }),
      db,
      logger: pino({ level: 'silent' }),
    });
    try {
      expect((await app.inject('/ready')).statusCode).toBe(200);
      expect((await app.inject('/v1/episodes')).statusCode).toBe(200);

      await server.stop();
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      const read = await app.inject('/v1/episodes');
      expect(read.statusCode).toBe(503);
      expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(read.headers['retry-after']).toBeDefined();

      server = await startEmbeddedPostgres({ dataDir, port });
      await waitUntil(async () => (await app.inject('/ready')).statusCode === 200, '/ready to recover');
      expect((await app.inject('/v1/episodes')).statusCode).toBe(200);
    } finally {
      await app.close();
      await db.close();
      await server.stop();
    }
  }, 120_000);

  it('stops with one clear line when the data directory cannot be used', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'castindex-baddata-'));
    tempDirs.push(dir);
    const file = path.join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const server = runEntry('src/server.ts', {
      DATABASE_URL: undefined,
      DATA_DIR: path.join(file, 'data'),
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_PRETTY: 'false',
    });
    expect(await server.exited).toBe(1);
    const fatal = server
      .output()
      .split('\n')
      .filter((l) => l.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    expect(JSON.parse(fatal[0]!).msg).toMatch(/^The data directory .*not-a-folder\/data cannot be created/);
  });
});
