import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MigrationError, pendingMigrations, readMigrations } from '../../src/db/migrator.js';
import { MIGRATIONS_DIR } from '../../src/lib/paths.js';
import { createEmptyDatabase } from '../helpers/db.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function emptyPool(): Promise<pg.Pool> {
  const database = await createEmptyDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  cleanups.push(async () => {
    await pool.end();
    await database.drop();
  });
  return pool;
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'castindex-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migrator', () => {
  it('applies every migration once and records it the way Prisma does', async () => {
    const pool = await emptyPool();
    const first = await migrate(pool, MIGRATIONS_DIR);
    const onDisk = await readMigrations(MIGRATIONS_DIR);
    expect(first.applied).toEqual(onDisk.map((m) => m.name));

    const { rows } = await pool.query(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(onDisk.length);
    rows.forEach((row, i) => {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.checksum).toBe(onDisk[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.migration_name).toBe(onDisk[i]!.name);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    });

    const second = await migrate(pool, MIGRATIONS_DIR);
    expect(second.applied).toEqual([]);
    expect(await pendingMigrations(pool, MIGRATIONS_DIR)).toEqual([]);
  });

  it('applies each migration once when two instances start at the same time', async () => {
    const pool = await emptyPool();
    const dir = await migrationsDir({
      '20260101000000_a': 'CREATE TABLE a (id int); SELECT pg_sleep(0.3);',
      '20260101000001_b': 'CREATE TABLE b (id int);',
    });
    const other = new pg.Pool({
      connectionString: (pool.options as { connectionString: string }).connectionString,
      max: 2,
    });
    cleanups.push(() => other.end());
    const [x, y] = await Promise.all([migrate(pool, dir), migrate(other, dir)]);
    expect([...x.applied, ...y.applied].sort()).toEqual(['20260101000000_a', '20260101000001_b']);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM _prisma_migrations`);
    expect(rows[0].n).toBe(2);
  });

  it('leaves the database unchanged when a migration fails, and records the failure', async () => {
    const pool = await emptyPool();
    const dir = await migrationsDir({
      '20260101000000_ok': 'CREATE TABLE ok (id int);',
      '20260101000001_broken': 'CREATE TABLE half (id int); SELECT nonsense_function();',
    });
    await expect(migrate(pool, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(pool, dir)).rejects.toThrow(/20260101000001_broken failed/);
    const half = await pool.query(`SELECT to_regclass('half') AS t`);
    expect(half.rows[0].t).toBeNull();
    const { rows } = await pool.query(
      `SELECT migration_name, finished_at, rolled_back_at, logs FROM _prisma_migrations WHERE migration_name LIKE '%broken' LIMIT 1`,
    );
    expect(rows[0].finished_at).toBeNull();
    expect(rows[0].rolled_back_at).toBeInstanceOf(Date);
    expect(rows[0].logs).toMatch(/nonsense_function/);
    expect(await pendingMigrations(pool, dir)).toEqual(['20260101000001_broken']);
  });

  it('reports a migration file changed after it was applied', async () => {
    const pool = await emptyPool();
    const dir = await migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);' });
    await migrate(pool, dir);
    await writeFile(path.join(dir, '20260101000000_a', 'migration.sql'), 'CREATE TABLE a (id bigint);');
    expect((await migrate(pool, dir)).modified).toEqual(['20260101000000_a']);
  });
});
