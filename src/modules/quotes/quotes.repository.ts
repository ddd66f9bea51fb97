import type pg from 'pg';
import type { PrismaClient } from '../../db/client.js';
import { and, episodePublishedKey, matches, publishedValue, queryRows, sql, type Sql } from '../../db/sql.js';
import { personSelect } from '../refs/refs.repository.js';
import { nextBatch, type EpisodeOrdinal } from '../../db/export-keyset.js';
import type { PersonRole } from '../refs/refs.schemas.js';
import type { QuoteCoreRow } from './quotes.mappers.js';

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

/** Filters name a person, episode or topic by id or slug, as the request gave it. */
export interface QuoteFilter {
  person?: string | undefined;
  episode?: string | undefined;
  topic?: string | undefined;
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

/**
 * A quote with what makes it citable — its speaker (and their role in the episode), episode
 * and chapter — as the flat columns of one row; mapped straight to the DTO.
 */
export interface CitableQuoteRow extends QuoteCoreRow {
  episodeSlug: string;
  episodeTitle: string;
  episodePublishedAt: Date | null;
  personSlug: string | null;
  personName: string | null;
  personTitle: string | null;
  role: PersonRole | null;
  chapterOrdinal: number | null;
  chapterTitle: string | null;
}

// One statement gives a page of citable quotes: no follow-up queries for the relations.
const CITABLE = sql`SELECT q.id, q.episode_id AS "episodeId", q.ordinal, q.person_id AS "personId",
    q.attributed_name AS "attributedName", q.text, q.theme, q.stated_ms AS "statedMs",
    q.segment_id AS "segmentId", q.chapter_id AS "chapterId", q.start_ms AS "startMs",
    q.char_start AS "charStart", q.char_end AS "charEnd", q.alignment_score AS "alignmentScore",
    e.slug AS "episodeSlug", e.title AS "episodeTitle", e.published_at AS "episodePublishedAt",
    p.slug AS "personSlug", p.name AS "personName", p.title AS "personTitle", ep.role,
    c.ordinal AS "chapterOrdinal", c.title AS "chapterTitle"
  FROM quotes q
  JOIN episodes e ON e.id = q.episode_id
  LEFT JOIN people p ON p.id = q.person_id
  LEFT JOIN episode_people ep ON ep.episode_id = q.episode_id AND ep.person_id = q.person_id
  LEFT JOIN chapters c ON c.id = q.chapter_id`;

// A filter's id or slug is resolved inside the statement; when a page comes back empty the
// service checks whether a filter named nothing (a 400), so a full page costs one query.
function where(f: QuoteFilter): Sql {
  const topicId = sql`(SELECT id FROM topics WHERE id = ${f.topic} OR slug = ${f.topic} LIMIT 1)`;
  return and([
    f.person !== undefined &&
      sql`q.person_id = (SELECT id FROM people WHERE id = ${f.person} OR slug = ${f.person} LIMIT 1)`,
    f.episode !== undefined &&
      sql`q.episode_id = (SELECT id FROM episodes WHERE id = ${f.episode} OR slug = ${f.episode} LIMIT 1)`,
    f.topic !== undefined &&
      sql`(EXISTS (SELECT 1 FROM quote_topics qt WHERE qt.quote_id = q.id AND qt.topic_id = ${topicId})
        OR EXISTS (SELECT 1 FROM segment_topics st WHERE st.segment_id = q.segment_id AND st.topic_id = ${topicId}))`,
    f.q !== undefined && matches(sql`q.search_vector`, f.q),
    f.minLength !== undefined && sql`char_length(q.text) >= ${f.minLength}`,
    f.maxLength !== undefined && sql`char_length(q.text) <= ${f.maxLength}`,
  ]);
}

export function createQuotesRepository(read: () => PrismaClient, readPool: () => pg.Pool) {
  const citables = (statement: Sql) => queryRows<CitableQuoteRow>(readPool(), statement);

  return {
    /** limit + 1 matching quotes after `after`, in listing order. */
    list(f: QuoteFilter, page: { after?: QuoteKey | undefined; limit: number }) {
      const a = page.after;
      return citables(sql`${CITABLE}
        WHERE ${where(f)} AND ${
          a
            ? sql`((${episodePublishedKey}, q.episode_id) < (${publishedValue(a.publishedAt)}, ${a.episodeId})
                OR (q.episode_id = ${a.episodeId} AND q.ordinal > ${a.ordinal}))`
            : sql`TRUE`
        }
        ORDER BY ${episodePublishedKey} DESC, q.episode_id DESC, q.ordinal ASC
        LIMIT ${page.limit + 1}`);
    },

    /** One matching quote chosen uniformly at random, or none. */
    async random(f: QuoteFilter): Promise<CitableQuoteRow | null> {
      const [row] = await citables(sql`${CITABLE}
        WHERE q.id = (SELECT q.id FROM quotes q WHERE ${where(f)} ORDER BY random() LIMIT 1)`);
      return row ?? null;
    },

    async findById(id: string): Promise<CitableQuoteRow | null> {
      const [row] = await citables(sql`${CITABLE} WHERE q.id = ${id}`);
      return row ?? null;
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
