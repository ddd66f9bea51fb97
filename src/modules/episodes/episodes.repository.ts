import type { PrismaClient } from '../../db/client.js';

const episodeSelect = {
  id: true,
  slug: true,
  title: true,
  publishedAt: true,
  durationMs: true,
  description: true,
  createdAt: true,
  show: { select: { id: true, slug: true, name: true } },
} as const;

export interface EpisodeListQuery {
  limit: number;
  after?: { createdAt: Date; id: string };
}

export function createEpisodesRepository(read: () => PrismaClient) {
  return {
    list(q: EpisodeListQuery) {
      return read().episode.findMany({
        select: episodeSelect,
        where: q.after
          ? {
              OR: [
                { createdAt: { lt: q.after.createdAt } },
                { createdAt: q.after.createdAt, id: { lt: q.after.id } },
              ],
            }
          : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.limit + 1,
      });
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
