import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { relocatedHome, startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { migrate } from '../src/db/migrator.js';
import { MIGRATIONS_DIR } from '../src/lib/paths.js';

// One Postgres server for the whole run — DATABASE_URL's when set (CI uses the machine's),
// an embedded one otherwise — and one freshly migrated template database. Each test file
// clones the template into a database of its own; everything is dropped at the end.

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { adminUrl: string; template: string; prefix: string };
  }
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | undefined;
  let adminUrl: string;
  let dataDir: string | undefined;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'castindex-test-'));
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    adminUrl = embedded.adminUrl;
  }

  const prefix = `castindex_test_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, template), max: 1 });
  await migrate(pool, MIGRATIONS_DIR);
  await pool.end();

  project.provide('pg', { adminUrl, template, prefix });

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.end();
    await embedded?.stop();
    if (dataDir) {
      await rm(dataDir, { recursive: true, force: true });
      await rm(relocatedHome(dataDir), { recursive: true, force: true });
    }
  };
}
