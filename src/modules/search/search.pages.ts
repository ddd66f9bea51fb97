import { Prisma } from '../../generated/prisma/client.js';
import {
  candidates,
  quoteConditions,
  segmentConditions,
  tsquery,
  wants,
  type SearchFilters,
} from './search.sql.js';
import type { CandidatePlan } from './search.plan.js';
import type { HitKind } from './search.schemas.js';

// One page of hits as (kind, id, score, pos, sub, capped), in rank or transcript order.

type Sql = Prisma.Sql;

/** Rank order pages on (score desc, id); transcript order on (position, sub-position). */
export type SearchOrder =
  | { by: 'rank'; after?: { score: string; id: string } }
  | { by: 'transcript'; after?: { pos: number; sub: number } };

export interface PageQuery {
  /** The search as tsquery text (the repository's parse()). */
  query: string;
  filters: SearchFilters;
  limit: number;
  /** Rank order: how many of the newest matches of each kind are ranked at most. */
  maxCandidates: number;
  /** Rank order: how to find each kind's candidates (search.plan.ts). */
  plans: Record<HitKind, CandidatePlan>;
}

/**
 * Ranking. ts_rank_cd (cover density) scores a document by how close together the query's
 * words occur, so dense matches beat scattered ones. Weights are {D, C, B, A}: segment vectors
 * are all D, quote text is A and a quote's theme heading B, so a quote match counts twice a
 * segment match (a quote is the editor's pick of what mattered and is citable as it stands),
 * and a theme match a little less than the quote's own words. Normalisation 1 divides by
 * 1 + log(length), so a short turn that is about the words beats a long monologue that
 * mentions them once, without burying long turns; 32 maps the result into 0..1.
 */
const RANK_WEIGHTS = Prisma.raw(`'{0.5, 0.5, 0.7, 1.0}'::real[]`);
const RANK_NORMALISATION = 1 | 32;

export const rank = (vector: Sql, query: string) =>
  Prisma.sql`round(ts_rank_cd(${RANK_WEIGHTS}, ${vector}, ${tsquery(query)}, ${RANK_NORMALISATION})::numeric, 6)`;

/** Quotes not aligned to a segment come after every segment in transcript order. */
const UNALIGNED_POSITION = 2_147_483_647;

const TABLES = { segment: Prisma.sql`segments`, quote: Prisma.sql`quotes` } as const;
const CTES = { segment: Prisma.sql`seg`, quote: Prisma.sql`quo` } as const;

/**
 * The page's hits, ranked: each kind's matches are capped to the newest `maxCandidates` (by
 * id, which is time-ordered) before ranking. A selective query ranks all its matches; a query
 * matching a large share of the corpus would otherwise fetch and rank every match for one
 * page. Capping by id keeps the candidate set the same on every page, so pages stay stable.
 * One more candidate than the cap is fetched, to tell whether the cap cut anything off. Each
 * candidate's vector is fetched by its row address (a TID scan per candidate, safe within one
 * statement's snapshot; a subquery, so the planner cannot turn it into a scan of the whole
 * table): sorting the vectors along with the ids costs more than ranking them.
 */
export function rankedPage(q: PageQuery, after: { score: string; id: string } | undefined): Sql {
  const kinds = (['segment', 'quote'] as const).filter((k) => wants(q.filters, k));
  const cap = q.maxCandidates;
  const found = kinds.map(
    (k) => Prisma.sql`${CTES[k]} AS MATERIALIZED (${candidates(k, q.query, q.filters, cap + 1, q.plans[k])})`,
  );
  const ranked = kinds.map(
    (k) => Prisma.sql`
      SELECT ${k}::text AS kind, c.id,
             (SELECT ${rank(Prisma.sql`v.search_vector`, q.query)} FROM ${TABLES[k]} v WHERE v.ctid = c.tid) AS score
        FROM (SELECT x.id, x.tid FROM ${CTES[k]} x ORDER BY x.id DESC LIMIT ${cap}) c`,
  );
  const capped = Prisma.join(
    kinds.map((k) => Prisma.sql`(SELECT count(*) FROM ${CTES[k]}) > ${cap}`),
    ' OR ',
  );
  const keyset = after
    ? Prisma.sql`WHERE r.score < ${after.score}::numeric OR (r.score = ${after.score}::numeric AND r.id > ${after.id})`
    : Prisma.empty;
  return Prisma.sql`
    WITH ${Prisma.join(found, ', ')}
    SELECT r.kind, r.id, r.score, 0 AS pos, 0 AS sub, ${capped} AS capped
      FROM (${Prisma.join(ranked, ' UNION ALL ')}) r
      ${keyset}
     ORDER BY r.score DESC, r.id
     LIMIT ${q.limit + 1}`;
}

/**
 * The page's hits in transcript order: a segment by its ordinal, a quote right after the
 * segment it was aligned to (unaligned quotes last), quotes among themselves by their ordinal.
 */
export function transcriptPage(q: PageQuery, after: { pos: number; sub: number } | undefined): Sql {
  const branches: Sql[] = [];
  if (wants(q.filters, 'segment')) {
    branches.push(Prisma.sql`
      SELECT 'segment'::text AS kind, s.id, s.ordinal AS pos, 0 AS sub
        FROM segments s WHERE ${segmentConditions(q.query, q.filters)}`);
  }
  if (wants(q.filters, 'quote')) {
    branches.push(Prisma.sql`
      SELECT 'quote'::text AS kind, q.id, coalesce(qs.ordinal, ${UNALIGNED_POSITION}) AS pos, q.ordinal AS sub
        FROM quotes q LEFT JOIN segments qs ON qs.id = q.segment_id
       WHERE ${quoteConditions(q.query, q.filters)}`);
  }
  const keyset = after
    ? Prisma.sql`WHERE (r.pos, r.sub) > (${after.pos}::int, ${after.sub}::int)`
    : Prisma.empty;
  return Prisma.sql`
    SELECT r.kind, r.id, NULL::numeric AS score, r.pos, r.sub, false AS capped
      FROM (${Prisma.join(branches, ' UNION ALL ')}) r
      ${keyset}
     ORDER BY r.pos, r.sub
     LIMIT ${q.limit + 1}`;
}
