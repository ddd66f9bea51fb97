import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { decodeCursor, pageOf } from '../../lib/pagination.js';
import type { EpisodeRow, EpisodesRepository } from './episodes.repository.js';
import type { EpisodeDto } from './episodes.schemas.js';

const ListCursor = z.tuple([z.iso.datetime(), z.string().max(64)]);

export function toEpisodeDto(row: EpisodeRow): EpisodeDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    show: row.show,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
    description: row.description,
  };
}

export function createEpisodesService(deps: { episodes: EpisodesRepository }) {
  return {
    async list(q: { limit: number; cursor?: string | undefined }) {
      const after = q.cursor ? decodeCursor(q.cursor, ListCursor) : undefined;
      const rows = await deps.episodes.list({
        limit: q.limit,
        ...(after ? { after: { createdAt: new Date(after[0]), id: after[1] } } : {}),
      });
      const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { data: page.rows.map(toEpisodeDto), page: { nextCursor: page.nextCursor, limit: q.limit } };
    },

    async get(idOrSlug: string): Promise<EpisodeDto> {
      const row = await deps.episodes.findByIdOrSlug(idOrSlug);
      if (!row) throw new NotFoundError('episode', idOrSlug);
      return toEpisodeDto(row);
    },
  };
}

export type EpisodesService = ReturnType<typeof createEpisodesService>;
