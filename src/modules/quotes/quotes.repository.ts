import type { PrismaClient } from '../../db/client.js';
import { and, matches, episodePublishedKey, publishedValue, sql, type Sql } from '../../db/sql.js';
import { personSelect } from '../refs/refs.repository.js';
import { nextBatch, type EpisodeOrdinal } from '../../db/export-keyset.js';

/** A quote's own columns: what an episode page needs when it already has the people and chapters. */
export const quoteCoreSelect = {
  id: true,
  episodeId: true,
  ordinal: true,
  personId: true,
  attributedName: true,
  text: true,
  theme: true,
  statedMs: true,
  segmentId: true,
  chapterId: true,
  startMs: true,
  charStart: true,
  charEnd: true,
  alignmentScore: true,
} as const;

/** A quote with what makes it citable on its own: speaker, episode and chapter. */
export const quoteSelect = {
  ...quoteCoreSelect,
  person: { select: personSelect },
  episode: { select: { id: true, slug: true, title: true, publishedAt: true } },
  chapter: { select: { id: true, ordinal: true, title: true } },
} as const;

export interface QuoteFilter {
  personId?: string | undefined;
  episodeId?: string | undefined;
  topicId?: string | undefined;
  q?: string | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
}

/** Position in the listing: newest episode first (undated last), then in the order said. */
export interface QuoteKey {
  publishedAt: string | null;
  episodeId: string;
  ordinal: number;
}

function where(f: QuoteFilter): Sql {
  return and([
    f.personId !== undefined && sql`q.person_id = ${f.personId}`,
    f.episodeId !== undefined && sql`q.episode_id = ${f.episodeId}`,
    f.topicId !== undefined &&
      sql`(EXISTS (SELECT 1 FROM quote_topics qt WHERE qt.quote_id = q.id AND qt.topic_id = ${f.topicId})
        OR EXISTS (SELECT 1 FROM segment_topics st WHERE st.segment_id = q.segment_id AND st.topic_id = ${f.topicId}))`,
    f.q !== undefined && matches(sql`q.search_vector`, f.q),
    f.minLength !== undefined && sql`char_length(q.text) >= ${f.minLength}`,
    f.maxLength !== undefined && sql`char_length(q.text) <= ${f.maxLength}`,
  ]);
}

export function createQuotesRepository(read: () => PrismaClient) {
  // The ids and their rows come from the same database (replicas can lag differently).
  async function hydrate(db: PrismaClient, ids: string[]) {
    if (ids.length === 0) return [];
    const rows = await db.quote.findMany({ where: { id: { in: ids } }, select: quoteSelect });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    /** limit + 1 matching quotes after `after`, in listing order. */
    async list(f: QuoteFilter, page: { after?: QuoteKey | undefined; limit: number }) {
      const a = page.after;
      const db = read();
      const ids = await db.$queryRaw<{ id: string }[]>`
        SELECT q.id FROM quotes q JOIN episodes e ON e.id = q.episode_id
        WHERE ${where(f)} AND ${
          a
            ? sql`((${episodePublishedKey}, q.episode_id) < (${publishedValue(a.publishedAt)}, ${a.episodeId})
                OR (q.episode_id = ${a.episodeId} AND q.ordinal > ${a.ordinal}))`
            : sql`TRUE`
        }
        ORDER BY ${episodePublishedKey} DESC, q.episode_id DESC, q.ordinal ASC
        LIMIT ${page.limit + 1}`;
      return hydrate(
        db,
        ids.map((r) => r.id),
      );
    },

    /** One matching quote chosen uniformly at random, or none. */
    async random(f: QuoteFilter) {
      const db = read();
      const ids = await db.$queryRaw<{ id: string }[]>`
        SELECT q.id FROM quotes q WHERE ${where(f)} ORDER BY random() LIMIT 1`;
      return (
        (
          await hydrate(
            db,
            ids.map((r) => r.id),
          )
        )[0] ?? null
      );
    },

    findById(id: string) {
      return read().quote.findUnique({ where: { id }, select: quoteSelect });
    },

    /** An episode's quotes in order, without relations: the caller has the people and chapters. */
    listForEpisode(episodeId: string) {
      return read().quote.findMany({
        where: { episodeId },
        select: quoteCoreSelect,
        orderBy: { ordinal: 'asc' },
      });
    },

    /** A person's most recent quotes. */
    listForPerson(personId: string, take: number) {
      return read().quote.findMany({
        where: { personId },
        select: quoteSelect,
        orderBy: [
          { episode: { publishedAt: { sort: 'desc', nulls: 'last' } } },
          { episodeId: 'desc' },
          { ordinal: 'asc' },
        ],
        take,
      });
    },

    /** The next batch of every quote, in (episode, ordinal) order, for exports. */
    batch(after: EpisodeOrdinal | undefined, size: number, episodeId?: string) {
      return read().quote.findMany({ select: quoteSelect, ...nextBatch(after, size, episodeId) });
    },
  };
}

export type QuotesRepository = ReturnType<typeof createQuotesRepository>;
