import { z } from 'zod';
import { allInOrder } from '../../lib/async.js';
import { ValidationError } from '../../lib/errors.js';
import { cursorFields, decodeCursor, pageOf } from '../../lib/pagination.js';
import type { ChaptersRepository } from '../chapters/chapters.repository.js';
import { roleIndex } from '../refs/refs.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
import { toSegmentDto } from './segments.mappers.js';
import type { SegmentsRepository } from './segments.repository.js';
import type { SegmentListQuery } from './segments.schemas.js';

const Cursor = z.tuple([z.literal('segments'), cursorFields.int()]);

export function createSegmentsService(deps: {
  refs: RefsService;
  segments: SegmentsRepository;
  chapters: ChaptersRepository;
}) {
  return {
    /** A page of an episode's segments in transcript order, filtered by time, speaker, chapter and kind. */
    async list(idOrSlug: string, q: SegmentListQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, Cursor)[1] : undefined;
      const [episode, { personId }] = await allInOrder([
        deps.refs.episode(idOrSlug),
        deps.refs.filterIds({ person: { field: 'query.speaker', value: q.speaker } }),
      ]);
      let chapterId: string | undefined;
      if (q.chapter !== undefined) {
        const chapter = await deps.chapters.findInEpisode(episode.id, q.chapter);
        if (!chapter) {
          const message = `episode "${episode.slug}" has no chapter "${q.chapter}" (give a chapter id or ordinal)`;
          throw new ValidationError(`query.chapter: ${message}`, [{ field: 'query.chapter', message }]);
        }
        chapterId = chapter.id;
      }
      const [rows, roles] = await Promise.all([
        deps.segments.listForEpisode(
          episode.id,
          { fromMs: q.fromMs, toMs: q.toMs, personId, chapterId, kinds: q.kind },
          { afterOrdinal: after, limit: q.limit },
        ),
        deps.refs.roles([episode.id]),
      ]);
      const roleOf = roleIndex(roles);
      const page = pageOf(rows, q.limit, (r) => ['segments', r.ordinal]);
      return {
        data: page.rows.map((r) => toSegmentDto(r, roleOf)),
        page: { nextCursor: page.nextCursor, limit: q.limit },
      };
    },
  };
}

export type SegmentsService = ReturnType<typeof createSegmentsService>;
