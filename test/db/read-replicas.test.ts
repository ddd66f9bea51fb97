import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// Two databases stand in for two replicas: current_database() tells which one answered.
describe('read replicas', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    db = createDb({
      url: first.url,
      readUrls: [first.url, second.url],
      poolMax: 2,
      statementTimeoutMs: 5_000,
    });
  });

  afterAll(async () => {
    await db.close();
    await Promise.all([first.drop(), second.drop()]);
  });

  const answeredBy = async () =>
    (await db.read.pool.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;

  it('spreads reads outside a request over every replica', async () => {
    const names = new Set([await answeredBy(), await answeredBy(), await answeredBy()]);
    expect(names).toEqual(new Set([first.name, second.name]));
  });

  it('sends every read of one pinned unit of work to the same replica, across awaits', async () => {
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() =>
        db.pinReads(async () => {
          const seen = [await answeredBy()];
          await new Promise((resolve) => setTimeout(resolve, 5));
          seen.push(await answeredBy(), await answeredBy());
          return seen;
        }),
      ),
    );
    for (const seen of runs) expect(new Set(seen).size).toBe(1);
    expect(new Set(runs.map((seen) => seen[0]))).toEqual(new Set([first.name, second.name]));
  });
});
