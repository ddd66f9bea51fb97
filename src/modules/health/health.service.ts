import type pg from 'pg';
import { pendingMigrations } from '../../db/migrator.js';

export interface Readiness {
  ready: boolean;
  checks: { database: 'ok' | 'unreachable'; migrations: 'ok' | 'pending' | 'unknown' };
  pendingMigrations: string[];
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createHealthService(deps: { pool: pg.Pool; migrationsDir: string }) {
  // Once every migration is applied it stays applied: later checks only ping the database.
  let migrated = false;
  return {
    async readiness(): Promise<Readiness> {
      try {
        await withTimeout(deps.pool.query('SELECT 1'), CHECK_TIMEOUT_MS);
      } catch {
        return {
          ready: false,
          checks: { database: 'unreachable', migrations: migrated ? 'ok' : 'unknown' },
          pendingMigrations: [],
        };
      }
      if (migrated)
        return { ready: true, checks: { database: 'ok', migrations: 'ok' }, pendingMigrations: [] };
      const pending = await withTimeout(pendingMigrations(deps.pool, deps.migrationsDir), CHECK_TIMEOUT_MS);
      migrated = pending.length === 0;
      return {
        ready: migrated,
        checks: { database: 'ok', migrations: migrated ? 'ok' : 'pending' },
        pendingMigrations: pending,
      };
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
