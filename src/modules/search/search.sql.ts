import { searchable } from '../../db/sql.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { CandidatePlan } from './search.plan.js';
import type { HitKind } from './search.schemas.js';

// The SQL of a search: the text condition, the filters, and the candidates of rank order
// (the newest matches of each kind), found the way search.plan.ts chose.

type Sql = Prisma.Sql;

export interface SearchFilters {
  episodeId?: string;
  personId?: string;
  topicId?: string;
  kind?: HitKind;
  /** Inclusive lower and exclusive upper bound of the episode's publication time. */
  publishedFrom?: Date;
  publishedBefore?: Date;
}

/**
 * The search as a tsquery. The repository's parse() turns the words into one (web-search
 * syntax, English stems, accents folded) once per distinct query; inlined as a literal, it costs
 * the planner nothing, where every websearch_to_tsquery(castindex_unaccent(…)) was re-parsed
 * and re-stemmed when planning (a dozen times per search).
 */
export const tsquery = (query: string) => Prisma.sql`${query}::tsquery`;

const andAll = (conditions: Sql[]) => Prisma.join(conditions, ' AND ');

export const wants = (f: SearchFilters, kind: HitKind) => f.kind === undefined || f.kind === kind;

/** Filters that narrow by something other than the text and the kind. */
export const narrows = (f: SearchFilters) =>
  Boolean(f.episodeId || f.personId || f.topicId || f.publishedFrom || f.publishedBefore);

function publishedIn(f: SearchFilters, episodeColumn: Sql): Sql[] {
  if (!f.publishedFrom && !f.publishedBefore) return [];
  const bounds = [Prisma.sql`e.published_at IS NOT NULL`];
  if (f.publishedFrom) bounds.push(Prisma.sql`e.published_at >= ${f.publishedFrom}`);
  if (f.publishedBefore) bounds.push(Prisma.sql`e.published_at < ${f.publishedBefore}`);
  return [Prisma.sql`${episodeColumn} IN (SELECT e.id FROM episodes e WHERE ${andAll(bounds)})`];
}

/**
 * The text condition. A query of stop words only, or of exclusions only, cannot use the index
 * and would match everything: the guard folds to a constant and the scan is skipped. Inside one
 * episode, checking its few hundred texts is cheaper than the GIN lookup of a common word
 * across the whole corpus, which the planner underestimates, and so it is for a common word
 * within a person's or a topic's documents (`indexText` false); `IS TRUE` (same result for a
 * match) keeps the planner from using the GIN index there.
 */
function matches(vector: Sql, query: string, f: SearchFilters, indexText: boolean): Sql[] {
  const match = Prisma.sql`${vector} @@ ${tsquery(query)}`;
  return [f.episodeId || !indexText ? Prisma.sql`(${match}) IS TRUE` : match, searchable(tsquery(query))];
}

/** Conditions on the segment `s`. */
export function segmentConditions(query: string, f: SearchFilters, s = Prisma.sql`s`, indexText = true): Sql {
  const where = matches(Prisma.sql`${s}.search_vector`, query, f, indexText);
  if (f.episodeId) where.push(Prisma.sql`${s}.episode_id = ${f.episodeId}`);
  if (f.personId) where.push(Prisma.sql`${s}.person_id = ${f.personId}`);
  if (f.topicId) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM segment_topics st WHERE st.segment_id = ${s}.id AND st.topic_id = ${f.topicId})`,
    );
  }
  where.push(...publishedIn(f, Prisma.sql`${s}.episode_id`));
  return andAll(where);
}

/** Conditions on the quote `q`. */
export function quoteConditions(query: string, f: SearchFilters, q = Prisma.sql`q`, indexText = true): Sql {
  const where = matches(Prisma.sql`${q}.search_vector`, query, f, indexText);
  if (f.episodeId) where.push(Prisma.sql`${q}.episode_id = ${f.episodeId}`);
  // A quote's speaker is its attributed person, else whoever speaks its segment. Written as an
  // OR rather than coalesce() over a join, so attributed quotes are found by the person index
  // and only unattributed ones look at their segment.
  if (f.personId) {
    where.push(Prisma.sql`(${q}.person_id = ${f.personId} OR (${q}.person_id IS NULL AND EXISTS (
      SELECT 1 FROM segments qs WHERE qs.id = ${q}.segment_id AND qs.person_id = ${f.personId})))`);
  }
  if (f.topicId) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM quote_topics qt WHERE qt.quote_id = ${q}.id AND qt.topic_id = ${f.topicId})`,
    );
  }
  where.push(...publishedIn(f, Prisma.sql`${q}.episode_id`));
  return andAll(where);
}

const TABLES = { segment: Prisma.sql`segments`, quote: Prisma.sql`quotes` } as const;

/**
 * The newest `quota` matches of one kind, newest first, as (id, tid: the row's address).
 * - walk > 0: the newest `walk` documents are walked backwards (an ORDER BY … LIMIT
 *   subquery the planner must run as such), and only if fewer than `quota` of them match is the
 *   GIN index asked for matches among the older ones. The Append runs its branches in order and
 *   the outer LIMIT stops it, so a common query never reaches the second.
 * - walk = 0: every match is read through the index (OFFSET 0 keeps the ORDER BY … LIMIT
 *   from tempting the planner into a walk), then the newest are kept.
 * - narrowing filters: the planner chooses, since a person, topic, episode or date has
 *   statistics it estimates well and an index of its own.
 */
export function candidates(
  kind: HitKind,
  query: string,
  f: SearchFilters,
  quota: number,
  { walk, indexText }: CandidatePlan,
): Sql {
  const table = TABLES[kind];
  const where = (alias: Sql) =>
    kind === 'segment'
      ? segmentConditions(query, f, alias, indexText)
      : quoteConditions(query, f, alias, indexText);
  if (narrows(f)) {
    return Prisma.sql`SELECT d.id, d.ctid AS tid FROM ${table} d WHERE ${where(Prisma.sql`d`)}
                       ORDER BY d.id DESC LIMIT ${quota}`;
  }
  const indexed = (older: Sql) => Prisma.sql`
    SELECT o.id, o.tid FROM (SELECT d.id, d.ctid AS tid FROM ${table} d
                              WHERE ${where(Prisma.sql`d`)} ${older} OFFSET 0) o
     ORDER BY o.id DESC LIMIT ${quota}`;
  if (walk <= 0) return indexed(Prisma.empty);
  // The older rows' bound is a filter (IS TRUE), not an index range: a range over the primary
  // key would read every older row.
  return Prisma.sql`
    SELECT c.id, c.tid FROM (
      (SELECT w.id, w.tid FROM (SELECT d.id, d.ctid AS tid, d.search_vector FROM ${table} d
                                 ORDER BY d.id DESC LIMIT ${walk}) w
        WHERE ${where(Prisma.sql`w`)} LIMIT ${quota})
      UNION ALL
      (${indexed(Prisma.sql`AND (d.id < (SELECT b.id FROM ${table} b ORDER BY b.id DESC OFFSET ${walk - 1} LIMIT 1)) IS TRUE`)})
    ) c LIMIT ${quota}`;
}
