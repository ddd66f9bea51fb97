import type pg from 'pg';
import type { PrismaClient } from '../../db/client.js';
import { and, queryRows, sql } from '../../db/sql.js';
import { personSelect } from '../refs/refs.repository.js';
import type { PersonRole } from '../refs/refs.schemas.js';
import type { SegmentRow } from './segments.mappers.js';
import type { SegmentKind } from './segments.schemas.js';
import { nextBatch, type EpisodeOrdinal } from '../../db/export-keyset.js';

export const segmentSelect = {
  id: true,
  episodeId: true,
  ordinal: true,
  label: true,
  text: true,
  wordCount: true,
  startMs: true,
  endMs: true,
  timing: true,
  startTiming: true,
  endTiming: true,
  chapterId: true,
  kind: true,
  person: { select: personSelect },
} as const;

/** What a page of segments is filtered by; the speaker and chapter as the request named them. */
export interface SegmentPageFilter {
  fromMs?: number | undefined;
  toMs?: number | undefined;
  /** A person's id or slug. */
  speaker?: string | undefined;
  /** A chapter's id, or its 1-based ordinal in the episode. */
  chapter?: string | undefined;
  kinds?: SegmentKind[] | undefined;
}

/** A segment with its speaker and the speaker's role in the episode, as one flat row. */
export interface SegmentPageRow extends Omit<SegmentRow, 'person'> {
  personId: string | null;
  personSlug: string | null;
  personName: string | null;
  personTitle: string | null;
  role: PersonRole | null;
}

export function createSegmentsRepository(read: () => PrismaClient, readPool: () => pg.Pool) {
  return {
    /**
     * A page of an episode's segments in transcript order (limit + 1 rows), in one statement:
     * the episode, speaker and chapter are resolved inside it. An empty page may mean one of
     * them names nothing; the caller tells which.
     */
    async pageForEpisode(
      idOrSlug: string,
      f: SegmentPageFilter,
      page: { afterOrdinal?: number | undefined; limit: number },
    ): Promise<SegmentPageRow[]> {
      const ordinal = f.chapter !== undefined && /^\d{1,6}$/.test(f.chapter) ? Number(f.chapter) : null;
      return queryRows<SegmentPageRow>(
        readPool(),
        sql`WITH ep AS (SELECT id FROM episodes WHERE id = ${idOrSlug} OR slug = ${idOrSlug} LIMIT 1)
          SELECT s.id, s.episode_id AS "episodeId", s.ordinal, s.label, s.text, s.word_count AS "wordCount",
            s.start_ms AS "startMs", s.end_ms AS "endMs", s.timing, s.start_timing AS "startTiming",
            s.end_timing AS "endTiming", s.chapter_id AS "chapterId", s.kind,
            s.person_id AS "personId", p.slug AS "personSlug", p.name AS "personName",
            p.title AS "personTitle", epp.role
          FROM ep
          JOIN segments s ON s.episode_id = ep.id
          LEFT JOIN people p ON p.id = s.person_id
          LEFT JOIN episode_people epp ON epp.episode_id = s.episode_id AND epp.person_id = s.person_id
          WHERE ${and([
            page.afterOrdinal !== undefined && sql`s.ordinal > ${page.afterOrdinal}`,
            // Overlap with [fromMs, toMs): ends after its start and starts before its end.
            f.fromMs !== undefined && sql`s.end_ms > ${f.fromMs}`,
            f.toMs !== undefined && sql`s.start_ms < ${f.toMs}`,
            f.speaker !== undefined &&
              sql`s.person_id = (SELECT id FROM people WHERE id = ${f.speaker} OR slug = ${f.speaker} LIMIT 1)`,
            f.chapter !== undefined &&
              sql`s.chapter_id = (SELECT c.id FROM chapters c WHERE c.episode_id = ep.id
                AND (c.id = ${f.chapter} OR c.ordinal = ${ordinal}::int) LIMIT 1)`,
            f.kinds !== undefined && f.kinds.length > 0 && sql`s.kind::text = ANY(${f.kinds}::text[])`,
          ])}
          ORDER BY s.ordinal
          LIMIT ${page.limit + 1}`,
      );
    },

    /** Every segment of an episode, in order: the transcript. */
    allForEpisode(episodeId: string) {
      return read().segment.findMany({
        select: segmentSelect,
        where: { episodeId },
        orderBy: { ordinal: 'asc' },
      });
    },

    /** Every segment of an episode, in order, with what caption exports need: its source cues. */
    captionsForEpisode(episodeId: string) {
      return read().segment.findMany({
        select: {
          label: true,
          text: true,
          startMs: true,
          endMs: true,
          cues: true,
          person: { select: { name: true } },
        },
        where: { episodeId },
        orderBy: { ordinal: 'asc' },
      });
    },

    /** The next batch of every segment (or one episode's), in (episode, ordinal) order, for exports. */
    batch(after: EpisodeOrdinal | undefined, size: number, episodeId?: string) {
      return read().segment.findMany({ select: segmentSelect, ...nextBatch(after, size, episodeId) });
    },
  };
}

export type SegmentsRepository = ReturnType<typeof createSegmentsRepository>;
