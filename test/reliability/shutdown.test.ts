import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.js';
import { freePort, runEntry, waitFor } from '../helpers/process.js';

describe('graceful shutdown', () => {
  it('finishes every in-flight request after SIGTERM, then exits cleanly', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const server = runEntry('src/server.ts', {
      DATABASE_URL: database.url,
      PORT: String(port),
      INGEST_SEEDS_ON_START: 'false',
      LOG_PRETTY: 'false',
    });
    const blocker = new pg.Client({ connectionString: database.url });
    try {
      await waitFor(`http://127.0.0.1:${port}/ready`, 200, 60_000, () => server.child.exitCode === null);
      // Hold the episodes table so that reads stay in flight until we let go.
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE episodes IN ACCESS EXCLUSIVE MODE');
      const inFlight = Array.from({ length: 8 }, () =>
        fetch(`http://127.0.0.1:${port}/v1/episodes`).then((r) => r.status),
      );
      const waiting = async () =>
        (
          await blocker.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0]!.n;
      for (let i = 0; i < 200 && (await waiting()) < 1; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await waiting()).toBeGreaterThan(0);

      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      expect(server.child.exitCode).toBeNull(); // still draining
      await blocker.query('ROLLBACK');

      expect(await Promise.all(inFlight)).toEqual(Array(8).fill(200));
      const code = await server.exited;
      expect(code).toBe(0);
      expect(server.output()).toContain('shutdown complete');
    } finally {
      await blocker.end().catch(() => undefined);
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await database.drop();
    }
  }, 120_000);
});
