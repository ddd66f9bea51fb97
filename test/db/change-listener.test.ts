import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  announceChange,
  listenForChanges,
  notifyChange,
  type ChangeListener,
} from '../../src/db/change-listener.js';
import { inTransaction } from '../../src/db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

function quietLog() {
  return { warn: vi.fn(), info: vi.fn() };
}

/** The generation once it has moved past `from`. */
async function movedPast(changes: ChangeListener, from: number) {
  await vi.waitFor(() => expect(changes.generation).toBeGreaterThan(from), { timeout: 5_000, interval: 10 });
  return changes.generation!;
}

describe('change listener', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  /** The test database's pool, with its queries answered by `query` instead. */
  const poolAnswering = (query: (text: string, values: unknown[]) => Promise<unknown>) =>
    ({ options: database.db.pool.options, query }) as unknown as pg.Pool;
  const sent = (text: string, values: unknown[]) => database.db.pool.query(text, values);

  const recordChange = async () => {
    const { rows } = await database.db.pool.query<{ seq: string }>(
      `INSERT INTO episode_changes (episode_id, episode_slug, type) VALUES ('ep_x', 'x', 'updated') RETURNING seq`,
    );
    return BigInt(rows[0]!.seq);
  };

  it('hears each change once, whether its announcement or its notification comes first', async () => {
    const changes = listenForChanges({ pool: database.db.pool, log: quietLog() });
    try {
      await changes.ready;
      const start = changes.generation!;
      expect(start).toBeDefined();

      // Notified, then announced: the announcement of the same change moves nothing.
      const seq = await recordChange();
      const heard = await movedPast(changes, start);
      announceChange(database.db.pool, seq);
      expect(changes.generation).toBe(heard);

      // Announced, then notified: the notification moves nothing. Heartbeats never do.
      const next = seq + 1n;
      announceChange(database.db.pool, next);
      expect(changes.generation).toBe(heard + 1);
      await database.db.pool.query(`SELECT pg_notify('castindex_changes', $1)`, [String(next)]);
      await database.db.pool.query(`SELECT pg_notify('castindex_changes', 'heartbeat:someone-else')`);
      // A notification about an older change (committed before one already heard of) moves nothing
      // either; an unnumbered one always does. Notifications arrive in order.
      await database.db.pool.query(`SELECT pg_notify('castindex_changes', $1)`, [String(seq)]);
      await database.db.pool.query(`SELECT pg_notify('castindex_changes', '')`);
      await movedPast(changes, heard + 1);
      // The unnumbered one came last: nothing is still on its way.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(changes.generation).toBe(heard + 2);
    } finally {
      await changes.close();
    }
  });

  it('hears a change with no seq (a sweep after a write) at once, and its notification moves nothing more', async () => {
    const changes = listenForChanges({ pool: database.db.pool, log: quietLog() });
    try {
      await changes.ready;
      const start = changes.generation!;
      const pool = database.db.pool;
      await inTransaction(pool, (client) => notifyChange(pool, client));
      expect(changes.generation).toBe(start + 1);
      // An unnumbered notification sent after it always moves the generation: once it has,
      // the sweep's own notification has arrived too (in order), and moved nothing.
      await pool.query(`SELECT pg_notify('castindex_changes', '')`);
      await movedPast(changes, start + 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(changes.generation).toBe(start + 2);
      // Nothing is said of a transaction that rolls back.
      await expect(
        inTransaction(pool, async (client) => {
          await notifyChange(pool, client);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(changes.generation).toBe(start + 2);
    } finally {
      await changes.close();
    }
  });

  it('never counts as listening when notifications do not come back, and says so', async () => {
    // LISTEN works on its own connection, but what goes through this "pool" reaches no one: as
    // behind a transaction-mode pooler.
    const deafPool = poolAnswering(async () => ({ rows: [] }));
    const log = quietLog();
    const changes = listenForChanges({ pool: deafPool, log, heartbeatWithinMs: 100 });
    try {
      await changes.ready;
      expect(changes.generation).toBeUndefined();
      expect(log.warn).toHaveBeenCalledWith(
        { reason: 'LISTEN was accepted, but a notification did not arrive within 100 ms' },
        expect.stringContaining('cannot hear of changes'),
      );
    } finally {
      await changes.close();
    }
  });

  it('keeps listening while the pool cannot send its heartbeats: a busy pool says nothing about the listener', async () => {
    let busy = false;
    const busyPool = poolAnswering((text, values) =>
      busy ? Promise.reject(new Error('timeout exceeded when trying to connect')) : sent(text, values),
    );
    const log = quietLog();
    const changes = listenForChanges({ pool: busyPool, log, heartbeatEveryMs: 20, heartbeatWithinMs: 100 });
    try {
      await changes.ready;
      const listening = changes.generation;
      expect(listening).toBeDefined();
      busy = true;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(changes.generation).toBe(listening);
      expect(log.warn).not.toHaveBeenCalled();
    } finally {
      await changes.close();
    }
  });

  it('stops counting as listening when heartbeats stop coming back, and listens again when they do', async () => {
    let deaf = false;
    const flakyPool = poolAnswering((text, values) =>
      deaf ? Promise.resolve({ rows: [] }) : sent(text, values),
    );
    const log = quietLog();
    const changes = listenForChanges({ pool: flakyPool, log, heartbeatEveryMs: 50, heartbeatWithinMs: 100 });
    try {
      await changes.ready;
      expect(changes.generation).toBeDefined();
      deaf = true;
      await vi.waitFor(() => expect(changes.generation).toBeUndefined(), { timeout: 5_000, interval: 10 });
      expect(log.warn).toHaveBeenCalledTimes(1);
      deaf = false;
      await vi.waitFor(() => expect(changes.generation).toBeDefined(), { timeout: 10_000, interval: 20 });
      expect(log.info).toHaveBeenCalledWith('hearing of changes again');
    } finally {
      await changes.close();
    }
  });
});
