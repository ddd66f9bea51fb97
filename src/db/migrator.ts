import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

// Applies prisma/migrations/<name>/migration.sql in order, recording each in
// _prisma_migrations exactly as `prisma migrate deploy` does, so the Prisma CLI agrees with
// us wherever its schema engine is available. Prisma's own advisory lock key is reused:
// two castindex instances, or castindex and the Prisma CLI, never migrate at once.
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function appliedRows(client: pg.ClientBase): Promise<AppliedRow[]> {
  const exists = await client.query<{ t: string | null }>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS t`,
  );
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return rows.filter((r) => r.rolled_back_at === null);
}

/** Names of migrations on disk that the database has not finished applying. */
export async function pendingMigrations(pool: pg.Pool, dir: string): Promise<string[]> {
  const [migrations, client] = await Promise.all([readMigrations(dir), pool.connect()]);
  try {
    const done = new Set(
      (await appliedRows(client)).filter((r) => r.finished_at).map((r) => r.migration_name),
    );
    return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
  } finally {
    client.release();
  }
}

export interface MigrateResult {
  applied: string[];
  /** Applied migrations whose file changed afterwards (Prisma warns about these too). */
  modified: string[];
}

export async function migrate(pool: pg.Pool, dir: string): Promise<MigrateResult> {
  const migrations = await readMigrations(dir);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = await appliedRows(client);
      const failed = rows.find((r) => r.finished_at === null);
      if (failed) {
        throw new MigrationError(
          `Migration ${failed.migration_name} failed earlier and was not rolled back; ` +
            `fix the database, then mark it rolled back in _prisma_migrations`,
        );
      }
      const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      const result: MigrateResult = { applied: [], modified: [] };
      for (const m of migrations) {
        const checksum = done.get(m.name);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) result.modified.push(m.name);
          continue;
        }
        await applyOne(client, m);
        result.applied.push(m.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function applyOne(client: pg.ClientBase, m: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, m.checksum, m.name],
  );
  try {
    await client.query('BEGIN');
    await client.query(m.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    const message = err instanceof Error ? err.message : String(err);
    // Like Prisma: the failed attempt stays recorded, rolled back, with its error as logs.
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1`, [
      id,
      message,
    ]);
    throw new MigrationError(`Migration ${m.name} failed: ${message}`);
  }
}
