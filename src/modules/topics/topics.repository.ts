import type { PrismaClient } from '../../db/client.js';
import { nameMatches } from '../../db/sql.js';
import type { TopicKind } from '../../generated/prisma/client.js';
import { episodeSummarySelect } from '../refs/refs.repository.js';
import { segmentSelect } from '../segments/segments.repository.js';

export const topicSelect = { id: true, slug: true, name: true, kind: true } as const;

export function createTopicsRepository(read: () => PrismaClient) {
  return {
    /**
     * limit + 1 topics after `after`, by name, with how many episodes each has. In the order of
     * their slugs, the names with case and accents folded ("AI" between "agriculture" and
     * "automation"), whatever the database's collation.
     */
    list(
      f: { q?: string | undefined; kind?: TopicKind | undefined },
      page: { after?: { slug: string; id: string } | undefined; limit: number },
    ) {
      const a = page.after;
      return read().topic.findMany({
        select: { ...topicSelect, _count: { select: { episodes: true } } },
        where: {
          ...(f.q ? { OR: nameMatches(f.q) } : {}),
          ...(f.kind ? { kind: f.kind } : {}),
          ...(a ? { AND: [{ OR: [{ slug: { gt: a.slug } }, { slug: a.slug, id: { gt: a.id } }] }] } : {}),
        },
        orderBy: [{ slug: 'asc' }, { id: 'asc' }],
        take: page.limit + 1,
      });
    },

    findByIdOrSlug(idOrSlug: string) {
      return read().topic.findFirst({
        where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
        select: topicSelect,
      });
    },

    /** The topic's heaviest episodes and segments, and how many there are in all. */
    async weighted(topicId: string, take: number) {
      const db = read();
      const [episodes, segments, episodeCount, segmentCount] = await Promise.all([
        db.episodeTopic.findMany({
          where: { topicId },
          select: { weight: true, mentions: true, episode: { select: episodeSummarySelect } },
          orderBy: [{ weight: 'desc' }, { episodeId: 'asc' }],
          take,
        }),
        db.segmentTopic.findMany({
          where: { topicId },
          select: {
            weight: true,
            segment: {
              select: { ...segmentSelect, episode: { select: { id: true, slug: true, title: true } } },
            },
          },
          orderBy: [{ weight: 'desc' }, { segmentId: 'asc' }],
          take,
        }),
        db.episodeTopic.count({ where: { topicId } }),
        db.segmentTopic.count({ where: { topicId } }),
      ]);
      return { episodes, segments, episodeCount, segmentCount };
    },

    /** What an episode is about, heaviest first. */
    forEpisode(episodeId: string) {
      return read().episodeTopic.findMany({
        where: { episodeId },
        select: { weight: true, mentions: true, topic: { select: topicSelect } },
        orderBy: [{ weight: 'desc' }, { topicId: 'asc' }],
      });
    },
  };
}

export type TopicsRepository = ReturnType<typeof createTopicsRepository>;
