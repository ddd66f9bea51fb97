import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client.js';
import { inTransaction } from '../../src/db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('transactions', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({
      url: database.url,
      poolMax: 2,
      statementTimeoutMs: 300,
      idleInTransactionTimeoutMs: 300,
    });
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('are ended by the server when left idle too long between statements, and their locks freed', async () => {
    const stalled = inTransaction(db.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(8080)');
      // A process that stops between two statements (stalled, frozen, paused in a debugger).
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await client.query('SELECT 1');
    });
    await expect(stalled).rejects.toThrow();
    const { rows } = await database.db.pool.query<{ got: boolean }>(
      'SELECT pg_try_advisory_lock(8080) AS got, pg_advisory_unlock(8080)',
    );
    expect(rows[0]!.got).toBe(true);
    // The pool carries on with a fresh connection.
    expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
