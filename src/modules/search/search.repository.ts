import type { PrismaClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { HitKind } from './search.schemas.js';

// Full-text search over segments and quotes in Postgres: the stored `search_vector` columns
// (English, accents folded) and their GIN indexes. Headlines are computed for the page's rows
// only, after the keyset limit.

export interface SearchFilters {
  episodeId?: string;
  personId?: string;
  topicId?: string;
  kind?: HitKind;
  /** Inclusive lower and exclusive upper bound of the episode's publication time. */
  publishedFrom?: Date;
  publishedBefore?: Date;
}

/** Rank order pages on (score desc, id); transcript order on (position, sub-position). */
export type SearchOrder =
  | { by: 'rank'; after?: { score: string; id: string } }
  | { by: 'transcript'; after?: { pos: number; sub: number } };

export interface HitQuery {
  text: string;
  filters: SearchFilters;
  order: SearchOrder;
  limit: number;
  /** Rank order: how many of the newest matches of each kind are ranked at most. */
  maxCandidates: number;
}

export interface HitRow {
  kind: HitKind;
  id: string;
  /** The rank rounded to 6 decimals, as text, so the cursor compares it exactly. */
  score: string;
  pos: number;
  sub: number;
  episodeId: string;
  episodeSlug: string;
  episodeTitle: string;
  segmentId: string | null;
  quoteId: string | null;
  chapterId: string | null;
  startMs: number | null;
  speakerId: string | null;
  speakerSlug: string | null;
  speakerName: string | null;
  /** ts_headline output with \u0001/\u0002 around matches, not yet escaped. */
  headline: string;
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

/**
 * Snippets: up to two fragments of about 12 to 30 words around the matches, short words kept
 * at their edges (ts_headline drops them by default, clipping "The" off a sentence). The
 * selectors are control characters that cannot survive in the text (the text's own are
 * blanked first), so the service can HTML-escape everything and then turn just these into
 * <mark> tags.
 */
const HEADLINE_OPTIONS = Prisma.raw(
  `E'StartSel=\\u0001, StopSel=\\u0002, MaxFragments=2, MinWords=12, MaxWords=30, ShortWord=0, ` +
    `FragmentDelimiter=" … "'`,
);

const SELECTORS = Prisma.raw(`E'\\u0001\\u0002'`);

/** Quotes not aligned to a segment come after every segment in transcript order. */
const UNALIGNED_POSITION = 2_147_483_647;

const tsquery = (text: string) => Prisma.sql`websearch_to_tsquery('english', castindex_unaccent(${text}))`;

const rank = (vector: Prisma.Sql, text: string) =>
  Prisma.sql`round(ts_rank_cd(${RANK_WEIGHTS}, ${vector}, ${tsquery(text)}, ${RANK_NORMALISATION})::numeric, 6)`;

function andAll(conditions: Prisma.Sql[]): Prisma.Sql {
  return Prisma.join(conditions, ' AND ');
}

function publishedIn(f: SearchFilters, episodeColumn: Prisma.Sql): Prisma.Sql[] {
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
 * across the whole corpus, which the planner underestimates; `IS TRUE` (same result for a
 * match) keeps it from using the GIN index there.
 */
function matches(vector: Prisma.Sql, text: string, f: SearchFilters): Prisma.Sql[] {
  const match = Prisma.sql`${vector} @@ ${tsquery(text)}`;
  return [
    f.episodeId ? Prisma.sql`(${match}) IS TRUE` : match,
    Prisma.sql`querytree(${tsquery(text)}) NOT IN ('', 'T')`,
  ];
}

function segmentConditions(text: string, f: SearchFilters): Prisma.Sql {
  const where = matches(Prisma.sql`s.search_vector`, text, f);
  if (f.episodeId) where.push(Prisma.sql`s.episode_id = ${f.episodeId}`);
  if (f.personId) where.push(Prisma.sql`s.person_id = ${f.personId}`);
  if (f.topicId) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM segment_topics st WHERE st.segment_id = s.id AND st.topic_id = ${f.topicId})`,
    );
  }
  where.push(...publishedIn(f, Prisma.sql`s.episode_id`));
  return andAll(where);
}

function quoteConditions(text: string, f: SearchFilters): Prisma.Sql {
  const where = matches(Prisma.sql`q.search_vector`, text, f);
  if (f.episodeId) where.push(Prisma.sql`q.episode_id = ${f.episodeId}`);
  // A quote's speaker is its attributed person, else whoever speaks its segment.
  if (f.personId) where.push(Prisma.sql`coalesce(q.person_id, qs.person_id) = ${f.personId}`);
  if (f.topicId) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM quote_topics qt WHERE qt.quote_id = q.id AND qt.topic_id = ${f.topicId})`,
    );
  }
  where.push(...publishedIn(f, Prisma.sql`q.episode_id`));
  return andAll(where);
}

const wants = (f: SearchFilters, kind: HitKind) => f.kind === undefined || f.kind === kind;

/**
 * The page's hits, ranked: each kind's matches are capped to the newest `maxCandidates` (by
 * id, which is time-ordered) before ranking. A selective query ranks all its matches; a query
 * matching a large share of the corpus would otherwise fetch and rank every match for one
 * page. Capping by id keeps the candidate set the same on every page, so pages stay stable.
 * The cap sorts ids and row addresses only, then fetches each candidate's vector by address
 * (a TID scan per candidate, safe within one statement's snapshot; a subquery, so the planner
 * cannot turn it into a scan of the whole table): sorting the vectors themselves costs more
 * than ranking them.
 */
function rankedPage(q: HitQuery, after: { score: string; id: string } | undefined): Prisma.Sql {
  const branches: Prisma.Sql[] = [];
  if (wants(q.filters, 'segment')) {
    branches.push(Prisma.sql`
      SELECT 'segment'::text AS kind, c.id,
             (SELECT ${rank(Prisma.sql`v.search_vector`, q.text)} FROM segments v WHERE v.ctid = c.tid) AS score
        FROM (SELECT s.id, s.ctid AS tid FROM segments s
               WHERE ${segmentConditions(q.text, q.filters)}
               ORDER BY s.id DESC LIMIT ${q.maxCandidates}) c`);
  }
  if (wants(q.filters, 'quote')) {
    branches.push(Prisma.sql`
      SELECT 'quote'::text AS kind, c.id,
             (SELECT ${rank(Prisma.sql`v.search_vector`, q.text)} FROM quotes v WHERE v.ctid = c.tid) AS score
        FROM (SELECT q.id, q.ctid AS tid FROM quotes q LEFT JOIN segments qs ON qs.id = q.segment_id
               WHERE ${quoteConditions(q.text, q.filters)}
               ORDER BY q.id DESC LIMIT ${q.maxCandidates}) c`);
  }
  const keyset = after
    ? Prisma.sql`WHERE r.score < ${after.score}::numeric OR (r.score = ${after.score}::numeric AND r.id > ${after.id})`
    : Prisma.empty;
  return Prisma.sql`
    SELECT r.kind, r.id, r.score, 0 AS pos, 0 AS sub
      FROM (${Prisma.join(branches, ' UNION ALL ')}) r
      ${keyset}
     ORDER BY r.score DESC, r.id
     LIMIT ${q.limit + 1}`;
}

/**
 * The page's hits in transcript order: a segment by its ordinal, a quote right after the
 * segment it was aligned to (unaligned quotes last), quotes among themselves by their ordinal.
 */
function transcriptPage(q: HitQuery, after: { pos: number; sub: number } | undefined): Prisma.Sql {
  const branches: Prisma.Sql[] = [];
  if (wants(q.filters, 'segment')) {
    branches.push(Prisma.sql`
      SELECT 'segment'::text AS kind, s.id, s.ordinal AS pos, 0 AS sub
        FROM segments s WHERE ${segmentConditions(q.text, q.filters)}`);
  }
  if (wants(q.filters, 'quote')) {
    branches.push(Prisma.sql`
      SELECT 'quote'::text AS kind, q.id, coalesce(qs.ordinal, ${UNALIGNED_POSITION}) AS pos, q.ordinal AS sub
        FROM quotes q LEFT JOIN segments qs ON qs.id = q.segment_id
       WHERE ${quoteConditions(q.text, q.filters)}`);
  }
  const keyset = after
    ? Prisma.sql`WHERE (r.pos, r.sub) > (${after.pos}::int, ${after.sub}::int)`
    : Prisma.empty;
  return Prisma.sql`
    SELECT r.kind, r.id, NULL::numeric AS score, r.pos, r.sub
      FROM (${Prisma.join(branches, ' UNION ALL ')}) r
      ${keyset}
     ORDER BY r.pos, r.sub
     LIMIT ${q.limit + 1}`;
}

/** A person or topic a filter may mean. */
export interface NameMatch {
  id: string;
  slug: string;
  name: string;
  /** The reference is its id or slug. */
  exact: boolean;
  /** The reference is its name, regardless of case and accents. */
  sameName: boolean;
  /** Trigram closeness of the names, 0 to 1. */
  closeness: number;
}

/** At most this many candidates of a name are considered (and listed when ambiguous). */
const NAME_CANDIDATES = 6;

/**
 * A name like the given one, or containing a word like it ("Fogt" → "Henrike Vogt"), accents
 * folded on both sides; both operators use the names' accent-folded trigram GIN indexes.
 */
const fuzzyName = (ref: string) =>
  Prisma.sql`(castindex_unaccent(name) % castindex_unaccent(${ref})
              OR castindex_unaccent(${ref}) <% castindex_unaccent(name))`;

const nameMatch = (ref: string, exact: Prisma.Sql) => Prisma.sql`
  SELECT id, slug, name, ${exact} AS exact,
         lower(castindex_unaccent(name)) = lower(castindex_unaccent(${ref})) AS "sameName",
         greatest(similarity(castindex_unaccent(name), castindex_unaccent(${ref})),
                  word_similarity(castindex_unaccent(${ref}), castindex_unaccent(name)))::float8 AS closeness`;

export function createSearchRepository(read: () => PrismaClient) {
  return {
    /** Up to limit+1 hits after the cursor position, with everything a hit shows. */
    async hits(q: HitQuery): Promise<HitRow[]> {
      if (!wants(q.filters, 'segment') && !wants(q.filters, 'quote')) return [];
      const page = q.order.by === 'rank' ? rankedPage(q, q.order.after) : transcriptPage(q, q.order.after);
      const order = q.order.by === 'rank' ? Prisma.sql`p.score DESC, p.id` : Prisma.sql`p.pos, p.sub`;
      return read().$queryRaw<HitRow[]>`
        WITH page AS (${page})
        SELECT p.kind, p.id,
               coalesce(p.score, ${rank(Prisma.sql`coalesce(s.search_vector, q.search_vector)`, q.text)})::text AS score,
               p.pos, p.sub,
               e.id AS "episodeId", e.slug AS "episodeSlug", e.title AS "episodeTitle",
               coalesce(s.id, q.segment_id) AS "segmentId",
               q.id AS "quoteId",
               coalesce(s.chapter_id, q.chapter_id, qs.chapter_id) AS "chapterId",
               coalesce(s.start_ms, q.start_ms, qs.start_ms, q.stated_ms) AS "startMs",
               pe.id AS "speakerId", pe.slug AS "speakerSlug", pe.name AS "speakerName",
               ts_headline('castindex_english', translate(coalesce(s.text, q.text), ${SELECTORS}, '  '),
                           ${tsquery(q.text)}, ${HEADLINE_OPTIONS}) AS headline
          FROM page p
          LEFT JOIN segments s ON p.kind = 'segment' AND s.id = p.id
          LEFT JOIN quotes q ON p.kind = 'quote' AND q.id = p.id
          LEFT JOIN segments qs ON qs.id = q.segment_id
          JOIN episodes e ON e.id = coalesce(s.episode_id, q.episode_id)
          LEFT JOIN people pe ON pe.id = coalesce(s.person_id, q.person_id, qs.person_id)
         ORDER BY ${order}`;
    },

    /** Whether the query has anything the index can look up (not only stop words or exclusions). */
    async isSearchable(text: string): Promise<boolean> {
      const [row] = await read().$queryRaw<{ tree: string }[]>`
        SELECT querytree(${tsquery(text)}) AS tree`;
      return row !== undefined && row.tree !== '' && row.tree !== 'T';
    },

    /**
     * For each word that is neither a known term nor a stop word, the closest known term by
     * trigram similarity (ties: the more common term). A candidate with the same stem as the
     * word means the word is a valid form the search already found, so it is not corrected.
     */
    async corrections(words: string[]): Promise<Map<string, string>> {
      if (words.length === 0) return new Map();
      const rows = await read().$queryRaw<{ word: string; term: string }[]>`
        SELECT w.word, best.term
          FROM unnest(${words}::text[]) AS w(word)
         CROSS JOIN LATERAL (SELECT lower(castindex_unaccent(w.word)) AS norm) n
         CROSS JOIN LATERAL (
                SELECT t.term FROM search_terms t
                 WHERE t.term % n.norm
                 ORDER BY similarity(t.term, n.norm) DESC, t.ndoc DESC, t.term
                 LIMIT 1) best
         WHERE length(to_tsvector('english', n.norm)) > 0
           AND NOT EXISTS (SELECT 1 FROM search_terms k WHERE k.term = n.norm)
           AND to_tsvector('english', best.term) <> to_tsvector('english', n.norm)`;
      return new Map(rows.map((r) => [r.word, r.term]));
    },

    findEpisode(idOrSlug: string) {
      return read().episode.findFirst({
        select: { id: true, slug: true, title: true },
        where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
      });
    },

    /** People by id or slug, else by name (trigram similarity, accents folded), best first. */
    findPeople(ref: string): Promise<NameMatch[]> {
      return read().$queryRaw<NameMatch[]>`
        SELECT * FROM (${nameMatch(ref, Prisma.sql`(id = ${ref} OR slug = ${ref})`)} FROM people
                        WHERE id = ${ref} OR slug = ${ref} OR ${fuzzyName(ref)}) m
         ORDER BY exact DESC, "sameName" DESC, closeness DESC, id
         LIMIT ${NAME_CANDIDATES}`;
    },

    /** Topics by slug, else by name, best first. */
    findTopics(ref: string): Promise<NameMatch[]> {
      return read().$queryRaw<NameMatch[]>`
        SELECT * FROM (${nameMatch(ref, Prisma.sql`(slug = ${ref})`)} FROM topics
                        WHERE slug = ${ref} OR ${fuzzyName(ref)}) m
         ORDER BY exact DESC, "sameName" DESC, closeness DESC, id
         LIMIT ${NAME_CANDIDATES}`;
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
