import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { decodeCursor, pageOf } from '../../lib/pagination.js';
import { roleIndex, toEpisodeSummaryDto } from '../refs/refs.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
import { toSegmentDto } from '../segments/segments.mappers.js';
import type { TopicsRepository } from './topics.repository.js';
import { TOPIC_ITEMS_SHOWN, type TopicDetailDto, type TopicListQuery } from './topics.schemas.js';

// In slug order; a cursor of the earlier name order ('topics') is refused, not misread.
const Cursor = z.tuple([z.literal('topics-by-slug'), z.string().max(2048), z.string().max(64)]);

export function createTopicsService(deps: { refs: RefsService; topics: TopicsRepository }) {
  return {
    async list(q: TopicListQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, Cursor) : undefined;
      const rows = await deps.topics.list(
        { q: q.q, kind: q.kind },
        { after: after && { slug: after[1], id: after[2] }, limit: q.limit },
      );
      const page = pageOf(rows, q.limit, (r) => ['topics-by-slug', r.slug, r.id]);
      return {
        data: page.rows.map((r) => ({
          id: r.id,
          slug: r.slug,
          name: r.name,
          kind: r.kind,
          episodeCount: r._count.episodes,
        })),
        page: { nextCursor: page.nextCursor, limit: q.limit },
      };
    },

    /** A topic page: the episodes and the moments most about it, heaviest first. */
    async get(idOrSlug: string): Promise<TopicDetailDto> {
      const topic = await deps.topics.findByIdOrSlug(idOrSlug);
      if (!topic) throw new NotFoundError('topic', idOrSlug);
      const w = await deps.topics.weighted(topic.id, TOPIC_ITEMS_SHOWN);
      const roleOf = roleIndex(await deps.refs.roles(w.segments.map((s) => s.segment.episodeId)));
      return {
        id: topic.id,
        slug: topic.slug,
        name: topic.name,
        kind: topic.kind,
        episodeCount: w.episodeCount,
        segmentCount: w.segmentCount,
        episodes: w.episodes.map((e) => ({
          episode: toEpisodeSummaryDto(e.episode),
          weight: e.weight,
          mentions: e.mentions,
        })),
        segments: w.segments.map((s) => ({
          segment: toSegmentDto(s.segment, roleOf),
          episode: { id: s.segment.episode.id, slug: s.segment.episode.slug, title: s.segment.episode.title },
          weight: s.weight,
        })),
      };
    },
  };
}

export type TopicsService = ReturnType<typeof createTopicsService>;
