import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../lib/logger.js';
import { afterCommit, queryRows, sql } from './sql.js';

/**
 * Notified by every transaction that records an episode change, with the change's seq as the
 * payload (the change_notify migration); the LISTEN below spells it out, as SQL text is never
 * spliced.
 */
export const CHANGES_CHANNEL = 'castindex_changes';

const RETRY_STEP_MS = 250;
const RETRY_MAX_MS = 5_000;
const HEARTBEAT = 'heartbeat:';
/** A change with no seq of its own (notifyChange): a token, so that its two words are one change. */
const UNNUMBERED = 'change:';
/** Changes remembered, so that the second word of one (announcement, notification) moves nothing. */
const RECENT_SEQS = 1_024;

/** A change as heard: its seq in the feed, or the token of one with none. */
type ChangeId = bigint | string;

const localListeners = new WeakMap<pg.Pool, Set<(seq: ChangeId) => void>>();

/**
 * Tells the listeners over `pool` at once that a transaction through it has just committed the
 * change `seq`: this process's own writes need not wait for their notification to come back.
 */
export function announceChange(pool: pg.Pool, seq: ChangeId): void {
  for (const listener of localListeners.get(pool) ?? []) listener(seq);
}

/**
 * Appends an episode's change to the feed, inside `inTransaction` on `pool`. Its notification
 * goes out as the transaction commits; this process's listeners are told at once, before the
 * transaction's caller resumes.
 */
export async function recordChange(
  pool: pg.Pool,
  client: pg.ClientBase,
  change: { episodeId: string; episodeSlug: string; type: 'created' | 'updated' | 'deleted' },
): Promise<void> {
  const [row] = await queryRows<{ seq: string }>(
    client,
    sql`INSERT INTO episode_changes (episode_id, episode_slug, type)
        VALUES (${change.episodeId}, ${change.episodeSlug}, ${change.type}::change_type) RETURNING seq`,
  );
  const seq = BigInt(row!.seq);
  afterCommit(client, () => announceChange(pool, seq));
}

/**
 * Says, inside `inTransaction` on `pool`, that content changed with no episode change to record
 * (rows swept once a write has committed): notified as the transaction commits, and this
 * process's listeners told at once, as recordChange does.
 */
export async function notifyChange(pool: pg.Pool, client: pg.ClientBase): Promise<void> {
  const token = `${UNNUMBERED}${randomUUID()}`;
  await queryRows(client, sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${token})`);
  afterCommit(client, () => announceChange(pool, token));
}

/**
 * Tells this process when content may have changed. Every write to an episode records a change,
 * and its transaction notifies CHANGES_CHANNEL as it commits, whichever process wrote it.
 * `generation` moves on with each change. While the listener cannot vouch that it hears every
 * notification it is undefined, so nothing may rely on content staying put.
 */
export interface ChangeListener {
  readonly generation: number | undefined;
  onChange(listener: () => void): void;
  /** Settles once the first connection has been tried, heard from or not. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface ListenOptions {
  pool: pg.Pool;
  log: Pick<Logger, 'warn' | 'info'>;
  /** How often a heartbeat notification is sent through the pool to prove they still arrive. */
  heartbeatEveryMs?: number;
  /** How long a heartbeat may take before the listener counts as deaf. */
  heartbeatWithinMs?: number;
}

/**
 * Listens on a connection of its own to the database of `pool` (a pooled connection would be
 * handed to other queries), and reconnects with a growing pause when it is lost. It counts as
 * listening only once a notification sent through the pool has come back to it, and keeps
 * checking that they do: a connection that LISTEN accepts but that notifications never reach
 * (through a transaction-mode pooler, or a half-open socket) must not pass for one that hears.
 * A heartbeat the busy pool could not send proves nothing either way and is not held against it.
 * Changes announced over `pool` (announceChange) are heard at once.
 */
export function listenForChanges(opts: ListenOptions): ChangeListener {
  const heartbeatEveryMs = opts.heartbeatEveryMs ?? 10_000;
  const heartbeatWithinMs = opts.heartbeatWithinMs ?? 5_000;
  const listeners: (() => void)[] = [];
  let counter = 0;
  let live = false;
  let closed = false;
  let warned = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempts = 0;
  // A write's announcement and its notification name the same change: the second one heard
  // moves nothing. Matched exactly (not "at or below the newest"), so a sequence that starts
  // again (a restored database) is still heard.
  const heard = new Set<ChangeId>();
  const beats = new Map<string, () => void>();
  let missedBeats = 0;

  const advance = () => {
    counter++;
    for (const listener of listeners) listener();
  };

  const changed = (seq: ChangeId | undefined) => {
    if (seq !== undefined) {
      if (heard.has(seq)) return;
      heard.add(seq);
      // Sets iterate in insertion order: the oldest goes first.
      if (heard.size > RECENT_SEQS) heard.delete(heard.values().next().value!);
    }
    advance();
  };

  const schedule = (work: () => void, ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(work, ms);
    timer.unref();
  };

  /**
   * Whether a notification sent through the pool comes back to the listener in time once it has
   * been sent; undefined when it could not be sent (the pool busy, the database away), which
   * says nothing about the listener.
   */
  const heartbeat = async (): Promise<boolean | undefined> => {
    const token = `${HEARTBEAT}${randomUUID()}`;
    let arrived = false;
    let onArrival: (() => void) | undefined;
    beats.set(token, () => {
      arrived = true;
      onArrival?.();
    });
    let giveUp: NodeJS.Timeout | undefined;
    try {
      try {
        await opts.pool.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, token]);
      } catch {
        return undefined;
      }
      if (arrived) return true;
      return await new Promise<boolean>((resolve) => {
        onArrival = () => resolve(true);
        giveUp = setTimeout(() => resolve(false), heartbeatWithinMs);
        giveUp.unref();
      });
    } finally {
      clearTimeout(giveUp);
      beats.delete(token);
    }
  };

  const lost = (from: pg.Client, reason: string) => {
    if (client !== from) return;
    client = undefined;
    from.removeAllListeners('notification');
    from.end().catch(() => undefined);
    if (!warned) {
      opts.log.warn({ reason }, 'cannot hear of changes: the response cache is bypassed until it can');
      warned = true;
    }
    live = false;
    advance();
    if (closed) return;
    attempts++;
    schedule(() => void connect(), Math.min(attempts * RETRY_STEP_MS, RETRY_MAX_MS));
  };

  // One heartbeat lost can be a stall of this process; two in a row are not waited out.
  const keepChecking = (on: pg.Client) => {
    schedule(async () => {
      if (client !== on) return;
      const beat = await heartbeat();
      if (client !== on || closed) return;
      missedBeats = beat === false ? missedBeats + 1 : 0;
      if (missedBeats < 2) keepChecking(on);
      else lost(on, `two heartbeat notifications did not come back within ${heartbeatWithinMs} ms`);
    }, heartbeatEveryMs);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: opts.pool.options.connectionString,
      application_name: 'castindex-changes',
      connectionTimeoutMillis: 5_000,
    });
    client = next;
    next.on('error', (err) => lost(next, err.message));
    next.on('end', () => lost(next, 'the connection ended'));
    next.on('notification', (n) => {
      if (n.channel !== CHANGES_CHANNEL) return;
      const payload = n.payload ?? '';
      if (payload.startsWith(HEARTBEAT)) return beats.get(payload)?.();
      changed(/^\d+$/.test(payload) ? BigInt(payload) : payload.startsWith(UNNUMBERED) ? payload : undefined);
    });
    try {
      await next.connect();
      await next.query('LISTEN castindex_changes');
    } catch (err) {
      return lost(next, (err as Error).message);
    }
    const beat = await heartbeat();
    if (client !== next) return;
    if (beat !== true) {
      return lost(
        next,
        beat === false
          ? `LISTEN was accepted, but a notification did not arrive within ${heartbeatWithinMs} ms`
          : 'a notification could not be sent through the pool',
      );
    }
    if (warned) opts.log.info('hearing of changes again');
    warned = false;
    attempts = 0;
    missedBeats = 0;
    live = true;
    // Anything written before LISTEN took effect went unheard: start afresh.
    advance();
    keepChecking(next);
  };

  const local = localListeners.get(opts.pool) ?? new Set();
  localListeners.set(opts.pool, local.add(changed));
  const ready = connect();
  return {
    get generation() {
      return live ? counter : undefined;
    },
    onChange(listener) {
      listeners.push(listener);
    },
    ready,
    async close() {
      closed = true;
      local.delete(changed);
      clearTimeout(timer);
      const current = client;
      client = undefined;
      live = false;
      advance();
      await current?.end().catch(() => undefined);
    },
  };
}
