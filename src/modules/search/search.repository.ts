import { createHash } from 'node:crypto';
import type { Connection } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { LexemeStats } from './search.plan.js';
import { rank, rankedPage, transcriptPage, type PageQuery, type SearchOrder } from './search.pages.js';
import type { HitKind } from './search.schemas.js';
import { narrows, tsquery, wants } from './search.sql.js';

export type { SearchFilters } from './search.sql.js';
export type { SearchOrder } from './search.pages.js';

// Full-text search over segments and quotes in Postgres: the stored `search_vector` columns
// (English, accents folded) and their GIN indexes. Headlines are computed for the page's rows
// only, after the keyset limit.

export interface HitQuery extends PageQuery {
  order: SearchOrder;
}

export interface HitRow {
  kind: HitKind;
  id: string;
  /** The rank rounded to 6 decimals, as text, so the cursor compares it exactly. */
  score: string;
  pos: number;
  sub: number;
  /** Whether the candidate cap left matches of some kind unranked (the same on every row). */
  capped: boolean;
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

export interface ParsedQuery {
  /** The tsquery, as text. */
  query: string;
  /** What the index looks up for it: '' when it is only stop words or punctuation, 'T' when it only excludes. */
  tree: string;
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

interface StatsRow {
  kind: HitKind;
  rows: number;
  buffered: boolean;
  elems: string[] | null;
  freqs: number[] | null;
}

/** The page of hits with everything each shows: deep-link fields, speaker and headline. */
export function hitsSql(q: HitQuery): Prisma.Sql {
  const page = q.order.by === 'rank' ? rankedPage(q, q.order.after) : transcriptPage(q, q.order.after);
  const order = q.order.by === 'rank' ? Prisma.sql`p.score DESC, p.id` : Prisma.sql`p.pos, p.sub`;
  return Prisma.sql`
    WITH page AS (${page})
    SELECT p.kind, p.id, p.capped,
           coalesce(p.score, ${rank(Prisma.sql`coalesce(s.search_vector, q.search_vector)`, q.query)})::text AS score,
           p.pos, p.sub,
           e.id AS "episodeId", e.slug AS "episodeSlug", e.title AS "episodeTitle",
           coalesce(s.id, q.segment_id) AS "segmentId",
           q.id AS "quoteId",
           coalesce(s.chapter_id, q.chapter_id, qs.chapter_id) AS "chapterId",
           coalesce(s.start_ms, q.start_ms, qs.start_ms, q.stated_ms) AS "startMs",
           pe.id AS "speakerId", pe.slug AS "speakerSlug", pe.name AS "speakerName",
           ts_headline('castindex_english', translate(coalesce(s.text, q.text), ${SELECTORS}, '  '),
                       ${tsquery(q.query)}, ${HEADLINE_OPTIONS}) AS headline
      FROM page p
      LEFT JOIN segments s ON p.kind = 'segment' AND s.id = p.id
      LEFT JOIN quotes q ON p.kind = 'quote' AND q.id = p.id
      LEFT JOIN segments qs ON qs.id = q.segment_id
      JOIN episodes e ON e.id = coalesce(s.episode_id, q.episode_id)
      LEFT JOIN people pe ON pe.id = coalesce(s.person_id, q.person_id, qs.person_id)
     ORDER BY ${order}`;
}

/**
 * A search over the text alone (and kind) has a plan its SQL dictates: the walk, the index
 * lookup, the ranking. It runs as a named prepared statement, one per shape of SQL (a few
 * dozen), so Postgres plans it once per connection instead of for every search (about a
 * millisecond, a fifth of a common search). With a person, topic, episode or date, the plan
 * depends on the values (a generic plan walked a million segments for one person's words), so
 * those are planned each time.
 */
function statement(q: HitQuery, sql: Prisma.Sql): { name?: string; text: string; values: unknown[] } {
  const fixed = q.order.by === 'rank' && !narrows(q.filters);
  const name = fixed ? `search_${createHash('sha1').update(sql.text).digest('hex').slice(0, 20)}` : undefined;
  return { ...(name ? { name } : {}), text: sql.text, values: sql.values as unknown[] };
}

export function createSearchRepository(read: () => Connection) {
  const prisma = () => read().prisma;
  return {
    /** Up to limit+1 hits after the cursor position, with everything a hit shows. */
    async hits(q: HitQuery): Promise<HitRow[]> {
      if (!wants(q.filters, 'segment') && !wants(q.filters, 'quote')) return [];
      const { rows } = await read().pool.query<HitRow>(statement(q, hitsSql(q)));
      return rows;
    },

    /** The words of a search as a tsquery (web-search syntax, English stems, accents folded). */
    async parse(text: string): Promise<ParsedQuery> {
      const [row] = await prisma().$queryRaw<ParsedQuery[]>`
        SELECT q::text AS query, querytree(q) AS tree
          FROM websearch_to_tsquery('english', castindex_unaccent(${text})) AS q`;
      return row ?? { query: '', tree: '' };
    },

    /** Postgres' statistics of the most common lexemes of each kind's search_vector. */
    async lexemeStats(): Promise<Record<HitKind, LexemeStats>> {
      const rows = await prisma().$queryRaw<StatsRow[]>`
        SELECT CASE c.relname WHEN 'segments' THEN 'segment' ELSE 'quote' END AS kind,
               greatest(c.reltuples, 0)::float8 AS rows,
               -- At most half the buffers, leaving room for the indexes and everything else.
               c.relpages * 2 <= (SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers') AS buffered,
               s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs::float8[] AS freqs
          FROM pg_class c
          LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = c.relname
                              AND s.attname = 'search_vector'
         WHERE c.oid IN ('segments'::regclass, 'quotes'::regclass)`;
      const stats = (kind: HitKind): LexemeStats => {
        const row = rows.find((r) => r.kind === kind);
        const elems = row?.elems ?? [];
        // The frequencies list each element's, then the lowest and highest of them.
        const freqs = (row?.freqs ?? []).slice(0, elems.length);
        return {
          rows: row?.rows ?? 0,
          buffered: row?.buffered ?? true,
          shares: new Map(elems.map((e, i) => [e, freqs[i] ?? 0])),
          // Postgres' own guess for a lexeme it did not keep: half the rarest one it kept.
          otherShare: freqs.length > 0 ? Math.min(...freqs) / 2 : 0,
        };
      };
      return { segment: stats('segment'), quote: stats('quote') };
    },

    /**
     * For each word that is neither a known term nor a stop word, the closest known term by
     * trigram similarity (ties: the more common term). A candidate with the same stem as the
     * word means the word is a valid form the search already found, so it is not corrected.
     */
    async corrections(words: string[]): Promise<Map<string, string>> {
      if (words.length === 0) return new Map();
      const rows = await prisma().$queryRaw<{ word: string; term: string }[]>`
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
      return prisma().episode.findFirst({
        select: { id: true, slug: true, title: true },
        where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
      });
    },

    /** People by id or slug, else by name (trigram similarity, accents folded), best first. */
    findPeople(ref: string): Promise<NameMatch[]> {
      return prisma().$queryRaw<NameMatch[]>`
        SELECT * FROM (${nameMatch(ref, Prisma.sql`(id = ${ref} OR slug = ${ref})`)} FROM people
                        WHERE id = ${ref} OR slug = ${ref} OR ${fuzzyName(ref)}) m
         ORDER BY exact DESC, "sameName" DESC, closeness DESC, id
         LIMIT ${NAME_CANDIDATES}`;
    },

    /** Topics by slug, else by name, best first. */
    findTopics(ref: string): Promise<NameMatch[]> {
      return prisma().$queryRaw<NameMatch[]>`
        SELECT * FROM (${nameMatch(ref, Prisma.sql`(slug = ${ref})`)} FROM topics
                        WHERE slug = ${ref} OR ${fuzzyName(ref)}) m
         ORDER BY exact DESC, "sameName" DESC, closeness DESC, id
         LIMIT ${NAME_CANDIDATES}`;
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
