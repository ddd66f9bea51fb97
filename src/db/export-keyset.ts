import type { Prisma } from '../generated/prisma/client.js';

/** Where an export batch resumes: the last row written, in (episode, ordinal) order. */
export interface EpisodeOrdinal {
  episodeId: string;
  ordinal: number;
}

/**
 * The findMany arguments of the next export batch over rows ordered by (episode, ordinal):
 * quotes and segments page the same way, optionally within one episode.
 */
export function nextBatch(after: EpisodeOrdinal | undefined, size: number, episodeId?: string) {
  return {
    where: {
      ...(episodeId ? { episodeId } : {}),
      ...(after
        ? {
            OR: [
              { episodeId: { gt: after.episodeId } },
              { episodeId: after.episodeId, ordinal: { gt: after.ordinal } },
            ],
          }
        : {}),
    },
    orderBy: [{ episodeId: 'asc' }, { ordinal: 'asc' }] satisfies { [k: string]: Prisma.SortOrder }[],
    take: size,
  };
}
