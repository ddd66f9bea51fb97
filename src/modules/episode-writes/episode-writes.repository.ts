import type { PrismaClient, Tx } from '../../db/client.js';

function unique(ids: (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** Removes episodes; writes go to the primary. */
export function createEpisodeWritesRepository(prisma: () => PrismaClient) {
  // Queries inside one transaction share one connection: they run one after the other.
  async function peopleOf(tx: Tx, episodeId: string): Promise<string[]> {
    const appearing = await tx.episodePerson.findMany({ where: { episodeId }, select: { personId: true } });
    const speaking = await tx.segment.findMany({
      where: { episodeId },
      select: { personId: true },
      distinct: ['personId'],
    });
    const quoted = await tx.quote.findMany({
      where: { episodeId },
      select: { personId: true },
      distinct: ['personId'],
    });
    return unique([...appearing, ...speaking, ...quoted].map((r) => r.personId));
  }

  async function topicsOf(tx: Tx, episodeId: string): Promise<string[]> {
    const ofEpisode = await tx.episodeTopic.findMany({ where: { episodeId }, select: { topicId: true } });
    const ofSegments = await tx.segmentTopic.findMany({
      where: { segment: { episodeId } },
      select: { topicId: true },
      distinct: ['topicId'],
    });
    const ofQuotes = await tx.quoteTopic.findMany({
      where: { quote: { episodeId } },
      select: { topicId: true },
      distinct: ['topicId'],
    });
    return unique([...ofEpisode, ...ofSegments, ...ofQuotes].map((r) => r.topicId));
  }

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
          const people = await peopleOf(tx, episode.id);
          const topics = await topicsOf(tx, episode.id);
          await tx.episode.delete({ where: { id: episode.id } });
          await tx.person.deleteMany({
            where: {
              id: { in: people },
              appearances: { none: {} },
              segments: { none: {} },
              quotes: { none: {} },
            },
          });
          await tx.topic.deleteMany({
            where: {
              id: { in: topics },
              episodes: { none: {} },
              segments: { none: {} },
              quotes: { none: {} },
            },
          });
          await tx.show.deleteMany({ where: { id: episode.showId, episodes: { none: {} } } });
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
