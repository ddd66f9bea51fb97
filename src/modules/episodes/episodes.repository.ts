import type pg from 'pg';
import type { PrismaClient } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import {
  and,
  empty,
  episodePublishedKey,
  join,
  matches,
  publishedValue,
  queryRows,
  searchable,
  webQuery,
  sql,
  type Sql,
} from '../../db/sql.js';
import type { ChapterDto } from '../chapters/chapters.schemas.js';
import type { EpisodePersonDto } from '../people/people.schemas.js';
import type { QuoteCoreRow } from '../quotes/quotes.mappers.js';
import type { PersonRow } from '../refs/refs.mappers.js';
import { showSelect } from '../refs/refs.repository.js';
import type { ChapterRefDto, PersonRole } from '../refs/refs.schemas.js';
import type { EpisodeTopicDto } from '../topics/topics.schemas.js';
import type { EpisodeInclude, EpisodeSort } from './episodes.schemas.js';

const episodeSelect = {
  id: true,
  slug: true,
  title: true,
  publishedAt: true,
  durationMs: true,
  description: true,
  language: true,
  createdAt: true,
  updatedAt: true,
  show: { select: showSelect },
} as const;

export interface EpisodeFilter {
  showId?: string | undefined;
  personId?: string | undefined;
  topicId?: string | undefined;
  publishedFrom?: Date | undefined;
  /** Exclusive upper bound. */
  publishedBefore?: Date | undefined;
  q?: string | undefined;
}

/** Each sort as a keyset: the key expression, its direction, and how a cursor value binds to it. */
const SORTS: Record<EpisodeSort, { key: Sql; descending: boolean; bind: (v: string | null) => Sql }> = {
  '-publishedAt': { key: episodePublishedKey, descending: true, bind: publishedValue },
  publishedAt: { key: episodePublishedKey, descending: false, bind: publishedValue },
  title: { key: sql`e.title`, descending: false, bind: (v) => sql`${v}::text` },
  '-title': { key: sql`e.title`, descending: true, bind: (v) => sql`${v}::text` },
  createdAt: { key: sql`e.created_at`, descending: false, bind: (v) => sql`${v}::timestamptz` },
  '-createdAt': { key: sql`e.created_at`, descending: true, bind: (v) => sql`${v}::timestamptz` },
};

function where(f: EpisodeFilter): Sql {
  return and([
    f.showId !== undefined && sql`e.show_id = ${f.showId}`,
    f.personId !== undefined &&
      sql`EXISTS (SELECT 1 FROM episode_people ep WHERE ep.episode_id = e.id AND ep.person_id = ${f.personId})`,
    f.topicId !== undefined &&
      sql`EXISTS (SELECT 1 FROM episode_topics et WHERE et.episode_id = e.id AND et.topic_id = ${f.topicId})`,
    f.publishedFrom !== undefined && sql`e.published_at >= ${f.publishedFrom}::timestamptz`,
    f.publishedBefore !== undefined && sql`e.published_at < ${f.publishedBefore}::timestamptz`,
    f.q !== undefined && matches(sql`e.search_vector`, f.q),
  ]);
}

/** A quote of an episode page, with its speaker (and their role there) and its chapter. */
export type EpisodePageQuote = QuoteCoreRow & {
  person: PersonRow | null;
  role: PersonRole | null;
  chapter: ChapterRefDto | null;
};

/** An episode with what its page embeds; each list is there only when asked for. */
export type EpisodePageRow = EpisodeRow & {
  people?: EpisodePersonDto[];
  chapters?: ChapterDto[];
  quotes?: EpisodePageQuote[];
  topics?: EpisodeTopicDto[];
};

const PERSON = sql`json_build_object('id', p.id, 'slug', p.slug, 'name', p.name, 'title', p.title)`;

// Each embedded list is one JSON aggregate over the episode `e`, in the order the page shows
// it; people, chapters and topics come out in their DTO's shape.
const PAGE_LISTS: Record<EpisodeInclude, Sql> = {
  people: sql`(SELECT coalesce(json_agg(json_build_object(
      'id', p.id, 'slug', p.slug, 'name', p.name, 'title', p.title, 'role', ep.role,
      'labels', ep.labels, 'confidence', ep.confidence, 'segmentCount', ep.segment_count,
      'wordCount', ep.word_count, 'talkMs', ep.talk_ms)
    ORDER BY ep.role, ep.talk_ms DESC, ep.person_id), '[]')
    FROM episode_people ep JOIN people p ON p.id = ep.person_id WHERE ep.episode_id = e.id) AS people`,
  chapters: sql`(SELECT coalesce(json_agg(json_build_object(
      'id', c.id, 'ordinal', c.ordinal, 'title', c.title, 'startMs', c.start_ms, 'endMs', c.end_ms,
      'firstSegmentId', c.first_segment_id)
    ORDER BY c.ordinal), '[]')
    FROM chapters c WHERE c.episode_id = e.id) AS chapters`,
  quotes: sql`(SELECT coalesce(json_agg(json_build_object(
      'id', q.id, 'episodeId', q.episode_id, 'ordinal', q.ordinal, 'personId', q.person_id,
      'attributedName', q.attributed_name, 'text', q.text, 'theme', q.theme, 'statedMs', q.stated_ms,
      'segmentId', q.segment_id, 'chapterId', q.chapter_id, 'startMs', q.start_ms,
      'charStart', q.char_start, 'charEnd', q.char_end, 'alignmentScore', q.alignment_score,
      'person', CASE WHEN p.id IS NULL THEN NULL ELSE ${PERSON} END,
      'role', qp.role,
      'chapter', CASE WHEN c.id IS NULL THEN NULL
        ELSE json_build_object('id', c.id, 'ordinal', c.ordinal, 'title', c.title) END)
    ORDER BY q.ordinal), '[]')
    FROM quotes q
    LEFT JOIN people p ON p.id = q.person_id
    LEFT JOIN episode_people qp ON qp.episode_id = q.episode_id AND qp.person_id = q.person_id
    LEFT JOIN chapters c ON c.id = q.chapter_id
    WHERE q.episode_id = e.id) AS quotes`,
  topics: sql`(SELECT coalesce(json_agg(json_build_object(
      'id', t.id, 'slug', t.slug, 'name', t.name, 'kind', t.kind,
      'weight', et.weight, 'mentions', et.mentions)
    ORDER BY et.weight DESC, et.topic_id), '[]')
    FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id = e.id) AS topics`,
};

export function createEpisodesRepository(read: () => PrismaClient, readPool: () => pg.Pool) {
  return {
    /** Whether a `q` can match anything at all (see searchable). */
    async isSearchable(text: string): Promise<boolean> {
      const [row] = await read().$queryRaw<{ ok: boolean }[]>`SELECT ${searchable(webQuery(text))} AS ok`;
      return row?.ok === true;
    },

    /** limit + 1 matching episodes after the cursor position, in the sort's order. */
    async list(
      f: EpisodeFilter,
      sort: EpisodeSort,
      page: { after?: { value: string | null; id: string } | undefined; limit: number },
    ) {
      const s = SORTS[sort];
      const dir = s.descending ? sql`DESC` : sql`ASC`;
      const a = page.after;
      const db = read();
      const keyset = a
        ? s.descending
          ? sql`(${s.key}, e.id) < (${s.bind(a.value)}, ${a.id})`
          : sql`(${s.key}, e.id) > (${s.bind(a.value)}, ${a.id})`
        : undefined;
      const ids = await db.$queryRaw<{ id: string }[]>`
        SELECT e.id FROM episodes e
        WHERE ${and([where(f), keyset])}
        ORDER BY ${s.key} ${dir}, e.id ${dir}
        LIMIT ${page.limit + 1}`;
      if (ids.length === 0) return [];
      // Rows from the same database as their ids: replicas can lag differently.
      const rows = await db.episode.findMany({
        where: { id: { in: ids.map((r) => r.id) } },
        select: episodeSelect,
      });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((r) => byId.get(r.id) ?? []);
    },

    /** One episode by id or slug with the lists `include` names, in one statement. */
    async findPage(idOrSlug: string, include: ReadonlySet<EpisodeInclude>): Promise<EpisodePageRow | null> {
      const lists = (Object.keys(PAGE_LISTS) as EpisodeInclude[]).filter((k) => include.has(k));
      const [row] = await queryRows<EpisodePageRow>(
        readPool(),
        sql`SELECT e.id, e.slug, e.title, e.published_at AS "publishedAt", e.duration_ms AS "durationMs",
            e.description, e.language, e.created_at AS "createdAt", e.updated_at AS "updatedAt",
            json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) AS show
            ${lists.length ? sql`, ${join(lists.map((k) => PAGE_LISTS[k]))}` : empty}
          FROM episodes e JOIN shows s ON s.id = e.show_id
          WHERE e.id = ${idOrSlug} OR e.slug = ${idOrSlug}
          LIMIT 1`,
      );
      return row ?? null;
    },
  };
}

export type EpisodesRepository = ReturnType<typeof createEpisodesRepository>;
export type EpisodeRow = Prisma.EpisodeGetPayload<{ select: typeof episodeSelect }>;
