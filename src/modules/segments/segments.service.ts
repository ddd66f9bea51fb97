import { z } from 'zod';
import { allInOrder } from '../../lib/async.js';
import { ValidationError } from '../../lib/errors.js';
import { cursorFields, decodeCursor, pageOf } from '../../lib/pagination.js';
import type { ChaptersRepository } from '../chapters/chapters.repository.js';
import type { RefsService } from '../refs/refs.service.js';
import { toSegmentDtoFromRow } from './segments.mappers.js';
import type { SegmentsRepository } from './segments.repository.js';
import type { SegmentListQuery } from './segments.schemas.js';

const Cursor = z.tuple([z.literal('segments'), cursorFields.int()]);

export function createSegmentsService(deps: {
  refs: RefsService;
  segments: SegmentsRepository;
  chapters: ChaptersRepository;
}) {
  /** Why a page came back empty: a 404 for the episode, then a 400 for the speaker or chapter. */
  async function explainEmpty(idOrSlug: string, q: SegmentListQuery): Promise<void> {
    const [episode] = await allInOrder([
      deps.refs.episode(idOrSlug),
      deps.refs.filterIds({ person: { field: 'query.speaker', value: q.speaker } }),
    ]);
    if (q.chapter !== undefined && !(await deps.chapters.findInEpisode(episode.id, q.chapter))) {
      const message = `episode "${episode.slug}" has no chapter "${q.chapter}" (give a chapter id or ordinal)`;
      throw new ValidationError(`query.chapter: ${message}`, [{ field: 'query.chapter', message }]);
    }
  }

  return {
    /** A page of an episode's segments in transcript order, filtered by time, speaker, chapter and kind. */
    async list(idOrSlug: string, q: SegmentListQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, Cursor)[1] : undefined;
      const rows = await deps.segments.pageForEpisode(
        idOrSlug,
        { fromMs: q.fromMs, toMs: q.toMs, speaker: q.speaker, chapter: q.chapter, kinds: q.kind },
        { afterOrdinal: after, limit: q.limit },
      );
      if (rows.length === 0) await explainEmpty(idOrSlug, q);
      const page = pageOf(rows, q.limit, (r) => ['segments', r.ordinal]);
      return {
        data: page.rows.map(toSegmentDtoFromRow),
        page: { nextCursor: page.nextCursor, limit: q.limit },
      };
    },
  };
}

export type SegmentsService = ReturnType<typeof createSegmentsService>;
