import type { PrismaClient } from '../../db/client.js';
import { personSelect } from '../refs/refs.repository.js';
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

export interface SegmentFilter {
  fromMs?: number | undefined;
  toMs?: number | undefined;
  personId?: string | undefined;
  chapterId?: string | undefined;
  kinds?: SegmentKind[] | undefined;
}

export function createSegmentsRepository(read: () => PrismaClient) {
  return {
    /** A page of an episode's segments in transcript order (limit + 1 rows). */
    listForEpisode(
      episodeId: string,
      f: SegmentFilter,
      page: { afterOrdinal?: number | undefined; limit: number },
    ) {
      return read().segment.findMany({
        select: segmentSelect,
        where: {
          episodeId,
          ...(page.afterOrdinal !== undefined ? { ordinal: { gt: page.afterOrdinal } } : {}),
          // Overlap with [fromMs, toMs): ends after its start and starts before its end.
          ...(f.fromMs !== undefined ? { endMs: { gt: f.fromMs } } : {}),
          ...(f.toMs !== undefined ? { startMs: { lt: f.toMs } } : {}),
          ...(f.personId ? { personId: f.personId } : {}),
          ...(f.chapterId ? { chapterId: f.chapterId } : {}),
          ...(f.kinds?.length ? { kind: { in: f.kinds } } : {}),
        },
        orderBy: { ordinal: 'asc' },
        take: page.limit + 1,
      });
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
