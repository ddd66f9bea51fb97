import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../src/db/migrator.js';
import { MIGRATIONS_DIR } from '../src/lib/paths.js';

// Scratch databases for one benchmark run, on the machine's Postgres (or BENCH_DATABASE_URL's
// server): each is created migrated and empty, and dropped when the run ends, even on failure.

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

function urlOf(name: string): string {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const created = new Set<ScratchDatabase>();

/** A new database with every migration applied; `label` only makes its name readable. */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `castindex_bench_${label}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = urlOf(name);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // A connection still closing when the database is dropped reports an error: nothing to do.
  pool.on('error', () => undefined);
  const scratch: ScratchDatabase = {
    name,
    url,
    pool,
    async drop() {
      created.delete(scratch);
      await pool.end().catch(() => undefined);
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
  created.add(scratch);
  await migrate(pool, MIGRATIONS_DIR);
  return scratch;
}

/** Drops every scratch database still standing (the run's `finally`). */
export async function dropAll(): Promise<void> {
  for (const db of [...created]) await db.drop();
}

/** The Postgres server's version, for the results. */
export async function serverVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
  } finally {
    await client.end();
  }
}
