import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type { PrismaClient };
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** One pool and one PrismaClient per process (plus one per read replica). */
export interface Db {
  pool: pg.Pool;
  prisma: PrismaClient;
  /**
   * Where reads go: a replica when configured, otherwise the primary. Inside `pinReads` every
   * read goes to the same one, so the queries of one request see one snapshot of replication.
   */
  read: Connection;
  pinReads<T>(work: () => T): T;
  close(): Promise<void>;
}

export interface Connection {
  pool: pg.Pool;
  prisma: PrismaClient;
}

export interface DbOptions {
  url: string;
  readUrls?: string[];
  poolMax: number;
  statementTimeoutMs: number;
  /**
   * How long a transaction may wait between statements; by default the statement timeout, but
   * never under 30 s: a main thread busy understanding a transcript (INGEST_WORKERS=0) must not
   * lose the transactions it has open.
   */
  idleInTransactionTimeoutMs?: number;
  onPoolError?: (err: Error) => void;
}

const MIN_IDLE_IN_TRANSACTION_MS = 30_000;

function createPool(url: string, opts: DbOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs,
    // A transaction left waiting between statements (a stalled or frozen process) is ended by
    // the server, so the locks it holds do not block other writers for ever.
    idle_in_transaction_session_timeout:
      opts.idleInTransactionTimeoutMs ?? Math.max(opts.statementTimeoutMs, MIN_IDLE_IN_TRANSACTION_MS),
    application_name: 'castindex',
  });
  // An idle client losing its server (a restart, a failover) must not crash the process.
  pool.on('error', (err) => opts.onPoolError?.(err));
  return pool;
}

export function createDb(opts: DbOptions): Db {
  const pool = createPool(opts.url, opts);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const replicas = (opts.readUrls ?? []).map((url) => {
    const replicaPool = createPool(url, opts);
    return { pool: replicaPool, prisma: new PrismaClient({ adapter: new PrismaPg(replicaPool) }) };
  });
  let next = 0;
  const primary = { pool, prisma };
  const nextReplica = (): Connection => {
    next = (next + 1) % replicas.length;
    return replicas[next] ?? primary;
  };
  const pinned = new AsyncLocalStorage<{ replica?: Connection }>();
  return {
    pool,
    prisma,
    get read() {
      if (replicas.length === 0) return primary;
      const pin = pinned.getStore();
      if (!pin) return nextReplica();
      pin.replica ??= nextReplica();
      return pin.replica;
    },
    // Without replicas there is nothing to pin: no async context to carry per request.
    pinReads: (work) => (replicas.length === 0 ? work() : pinned.run({}, work)),
    async close() {
      await Promise.all([prisma, ...replicas.map((r) => r.prisma)].map((p) => p.$disconnect()));
      await Promise.all([pool, ...replicas.map((r) => r.pool)].map((p) => p.end()));
    },
  };
}
