import type { PrismaClient } from '../../db/client.js';

// Lookups every resource shares: resolving a filter's id-or-slug, and the role each person
// plays in an episode (a role belongs to an appearance, not to the person).

export const personSelect = { id: true, slug: true, name: true, title: true } as const;

export const showSelect = { id: true, slug: true, name: true } as const;

export const episodeSummarySelect = {
  id: true,
  slug: true,
  title: true,
  publishedAt: true,
  durationMs: true,
  show: { select: showSelect },
} as const;

const byIdOrSlug = (idOrSlug: string) => ({ OR: [{ id: idOrSlug }, { slug: idOrSlug }] });

export function createRefsRepository(read: () => PrismaClient) {
  return {
    findShow(idOrSlug: string) {
      return read().show.findFirst({ where: byIdOrSlug(idOrSlug), select: { id: true } });
    },

    findPerson(idOrSlug: string) {
      return read().person.findFirst({ where: byIdOrSlug(idOrSlug), select: { id: true } });
    },

    findTopic(idOrSlug: string) {
      return read().topic.findFirst({ where: byIdOrSlug(idOrSlug), select: { id: true } });
    },

    findEpisode(idOrSlug: string) {
      return read().episode.findFirst({
        where: byIdOrSlug(idOrSlug),
        select: { id: true, slug: true, title: true },
      });
    },

    people(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return read().person.findMany({ where: { id: { in: [...new Set(ids)] } }, select: personSelect });
    },

    /** Each person's role in each of these episodes, in one query. */
    roles(episodeIds: string[]) {
      if (episodeIds.length === 0) return Promise.resolve([]);
      return read().episodePerson.findMany({
        where: { episodeId: { in: [...new Set(episodeIds)] } },
        select: { episodeId: true, personId: true, role: true },
      });
    },
  };
}

export type RefsRepository = ReturnType<typeof createRefsRepository>;
