import pg from 'pg';
import type { Logger } from '../lib/logger.js';

/**
 * Notified by every transaction that records an episode change (the change_notify migration);
 * the LISTEN below spells it out, as SQL text is never spliced.
 */
export const CHANGES_CHANNEL = 'castindex_changes';

const RETRY_STEP_MS = 250;
const RETRY_MAX_MS = 5_000;

const localListeners = new WeakMap<pg.Pool, Set<() => void>>();

/**
 * Tells the listeners over `pool` at once that a transaction through it has just committed a
 * change: this process's own writes need not wait for their notification to come back.
 */
export function announceChange(pool: pg.Pool): void {
  for (const listener of localListeners.get(pool) ?? []) listener();
}

/**
 * Tells this process when content may have changed. Every write to an episode records a change,
 * and its transaction notifies CHANGES_CHANNEL as it commits, whichever process wrote it.
 * `generation` moves on with each notification. While the listener is not connected it is
 * undefined: a notification could then go unheard, so nothing may rely on content staying put.
 */
export interface ChangeListener {
  readonly generation: number | undefined;
  /** Moves the generation on now (this process has just written). */
  bump(): void;
  onChange(listener: () => void): void;
  /** Settles once the first connection has been tried, connected or not. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens on a connection of its own to the database of `pool` (a pooled connection would be
 * handed to other queries), and reconnects with a growing pause when the server drops it.
 * Changes announced over `pool` (announceChange) are heard at once.
 */
export function listenForChanges(opts: {
  pool: pg.Pool;
  log: Pick<Logger, 'warn' | 'info'>;
}): ChangeListener {
  const listeners: (() => void)[] = [];
  let counter = 0;
  let live = false;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let attempts = 0;

  const advance = () => {
    counter++;
    for (const listener of listeners) listener();
  };

  const lost = (from: pg.Client, err?: Error) => {
    if (client !== from) return;
    client = undefined;
    from.removeAllListeners('notification');
    from.end().catch(() => undefined);
    if (live)
      opts.log.warn({ err: err && { message: err.message } }, 'stopped hearing of changes; reconnecting');
    live = false;
    advance();
    if (closed) return;
    attempts++;
    retry = setTimeout(() => void connect(), Math.min(attempts * RETRY_STEP_MS, RETRY_MAX_MS));
    retry.unref();
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: opts.pool.options.connectionString,
      application_name: 'castindex-changes',
      connectionTimeoutMillis: 5_000,
      // A server that vanishes without closing the connection is noticed, not waited on forever.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client = next;
    next.on('error', (err) => lost(next, err));
    next.on('end', () => lost(next));
    next.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL) advance();
    });
    try {
      await next.connect();
      await next.query('LISTEN castindex_changes');
    } catch (err) {
      lost(next, err as Error);
      return;
    }
    if (client !== next) return;
    if (attempts > 0) opts.log.info('hearing of changes again');
    attempts = 0;
    live = true;
    // Anything written before LISTEN took effect went unheard: start afresh.
    advance();
  };

  const local = localListeners.get(opts.pool) ?? new Set();
  localListeners.set(opts.pool, local.add(advance));
  const ready = connect();
  return {
    get generation() {
      return live ? counter : undefined;
    },
    bump: advance,
    onChange(listener) {
      listeners.push(listener);
    },
    ready,
    async close() {
      closed = true;
      local.delete(advance);
      clearTimeout(retry);
      const current = client;
      client = undefined;
      live = false;
      advance();
      await current?.end().catch(() => undefined);
    },
  };
}
