import type { PrismaClient } from '../../db/client.js';
import {
  and,
  matches,
  episodePublishedKey,
  publishedValue,
  searchableQuery,
  sql,
  type Sql,
} from '../../db/sql.js';
import { showSelect } from '../refs/refs.repository.js';
import type { EpisodeSort } from './episodes.schemas.js';

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

export function createEpisodesRepository(read: () => PrismaClient) {
  return {
    /** Whether a `q` can match anything at all (see searchableQuery). */
    async isSearchable(text: string): Promise<boolean> {
      const [row] = await read().$queryRaw<{ ok: boolean }[]>`SELECT ${searchableQuery(text)} AS ok`;
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

    findByIdOrSlug(idOrSlug: string) {
      return read().episode.findFirst({
        select: episodeSelect,
        where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
      });
    },
  };
}

export type EpisodesRepository = ReturnType<typeof createEpisodesRepository>;
export type EpisodeRow = NonNullable<Awaited<ReturnType<EpisodesRepository['findByIdOrSlug']>>>;
