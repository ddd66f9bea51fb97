import type pg from 'pg';
import { Prisma } from '../generated/prisma/client.js';
import { slugify } from '../lib/text.js';

// Small builders for the raw SQL that Prisma's query API cannot express (full-text matches,
// keyset row comparisons over expressions). Values are always bound parameters.

export type Sql = Prisma.Sql;
export const sql = Prisma.sql;
export const empty = Prisma.empty;
/** Fragments separated by commas. */
export const join = (fragments: Sql[]) => Prisma.join(fragments);

// Each distinct statement text gets a name, so every connection prepares it once and Postgres
// plans it once per connection rather than on every request (planning these reads costs more
// than running them). Texts are built from fixed fragments, so there are only a few dozen.
const statementNames = new Map<string, string>();

function nameOf(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `castindex_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs one statement straight on a pg pool (or one client of it, inside `inTransaction`), as a
 * prepared statement, and returns its rows. The busiest reads and the ingest store use this
 * instead of Prisma: each Prisma query costs more CPU than the round trip it makes. `T`
 * describes the statement's columns (aliases included).
 */
export async function queryRows<T>(on: pg.Pool | pg.ClientBase, statement: Sql): Promise<T[]> {
  const text = statement.text;
  return (await on.query({ name: nameOf(text), text, values: statement.values })).rows as T[];
}

const afterCommits = new WeakMap<pg.ClientBase, (() => void)[]>();

/** Runs `fn` once the transaction `inTransaction` gave `client` for has committed; never if it rolls back. */
export function afterCommit(client: pg.ClientBase, fn: () => void): void {
  const fns = afterCommits.get(client) ?? [];
  afterCommits.set(client, [...fns, fn]);
}

/**
 * Runs `work` in one transaction on one connection of the pool: committed when it resolves,
 * rolled back when it throws; what `afterCommit` asked for runs after the commit, before this
 * resolves. A connection that broke (the server cut it) is discarded rather than returned to
 * the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client that loses its server emits 'error' (the pool listens only to idle
  // ones); unheard, it would crash the process. The query in flight rejects as well.
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    for (const fn of afterCommits.get(client) ?? []) fn();
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => {
      broken = rollbackErr;
    });
    throw err;
  } finally {
    afterCommits.delete(client);
    client.off('error', onError);
    client.release(broken);
  }
}

/** Postgres's deadlock_detected: one of the transactions was rolled back and may simply run again. */
export const DEADLOCK_DETECTED = '40P01';

/**
 * Runs `attempt` again, up to `times` runs in all, while it fails with an error `retryable`
 * accepts; after a short random pause, so that two transactions that collided do not collide
 * again at once.
 */
export async function retrying<T>(
  attempt: () => Promise<T>,
  retryable: (err: { code?: string; constraint?: string }) => boolean,
  times = 3,
): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await attempt();
    } catch (err) {
      if (run >= times || !retryable(err as { code?: string })) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * run));
    }
  }
}

/** The conditions joined with AND; TRUE when there are none. */
export function and(conditions: (Sql | false | undefined | null)[]): Sql {
  const kept = conditions.filter((c): c is Sql => Boolean(c));
  return kept.length > 0 ? Prisma.join(kept, ' AND ') : sql`TRUE`;
}

/** A web-search style query ("exact phrase" -not or) as an English, accent-folded tsquery. */
export const webQuery = (text: string): Sql =>
  sql`websearch_to_tsquery('english', castindex_unaccent(${text}))`;

export function matches(vector: Sql, text: string): Sql {
  return sql`${vector} @@ ${webQuery(text)}`;
}

/**
 * Whether a tsquery has anything an index can look up: '' (only stop words or punctuation)
 * and 'T' (only exclusions) match nothing, whatever is stored.
 */
export const searchable = (tsquery: Sql): Sql => sql`querytree(${tsquery}) NOT IN ('', 'T')`;

/** An episode's publication time as a sort key (over the alias `e`): undated sorts as the oldest. */
export const episodePublishedKey = sql`coalesce(e.published_at, '-infinity'::timestamptz)`;

/** A bound timestamp on the same scale as publishedKey (null is "undated"). */
export const publishedValue = (iso: string | null) =>
  sql`coalesce(${iso}::timestamptz, '-infinity'::timestamptz)`;

/** Text for Prisma's `contains` (a LIKE underneath): its own `%`, `_` and `\` match literally. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A query that only spells words (letters, digits, apostrophes, hyphens, periods): a slug says the same. */
const SPELLED = /^[\p{L}\p{M}\p{N}\s'’.-]+$/u;

/**
 * Prisma filters, any of which finds "part of a name": the name in any case, or — for a query
 * that only spells words — a word of its slug beginning with the query's, accents and scripts
 * folded away ("nunez" finds José Núñez-García, slug jose-nunez-garcia). "C++" is searched in
 * names only: its slug, "c", would find every name with a word starting with c.
 */
export function nameMatches(q: string) {
  const name = { name: { contains: likeLiteral(q), mode: 'insensitive' as const } };
  const slug = SPELLED.test(q) ? slugify(q) : '';
  return slug ? [name, { slug: { startsWith: slug } }, { slug: { contains: `-${slug}` } }] : [name];
}
