import type { PrismaClient } from '../../db/client.js';
import { deleteOrphans, sharedRefsOf } from '../../db/orphans.js';

/** Removes episodes; writes go to the primary. */
export function createEpisodeWritesRepository(prisma: () => PrismaClient) {
  return {
    /**
     * Deletes an episode and everything that belongs to it (segments, quotes, chapters,
     * participations and topic links cascade), then the people, topics and show that no
     * other episode refers to any more, and appends "deleted" to the change feed — in one
     * transaction. Returns null when there is no such episode.
     */
    async delete(idOrSlug: string): Promise<{ id: string; slug: string } | null> {
      return prisma().$transaction(
        async (tx) => {
          const where = { OR: [{ id: idOrSlug }, { slug: idOrSlug }] };
          const select = { id: true, slug: true, showId: true, sourceName: true, contentHash: true } as const;
          const found = await tx.episode.findFirst({ where, select });
          if (!found) return null;
          // The same advisory locks, in the same order, as an ingestion of this source takes:
          // a delete and a replacement of one episode never interleave.
          for (const key of [found.sourceName, found.contentHash].sort()) {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
          }
          const episode = await tx.episode.findFirst({ where: { id: found.id }, select });
          if (!episode) return null;
          const refs = await sharedRefsOf(tx, episode);
          await tx.episode.delete({ where: { id: episode.id } });
          await deleteOrphans(tx, refs);
          await tx.episodeChange.create({
            data: { episodeId: episode.id, episodeSlug: episode.slug, type: 'deleted' },
          });
          return { id: episode.id, slug: episode.slug };
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
    },
  };
}

export type EpisodeWritesRepository = ReturnType<typeof createEpisodeWritesRepository>;
