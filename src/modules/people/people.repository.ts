import type { PrismaClient } from '../../db/client.js';
import { nameMatches } from '../../db/sql.js';
import type { PersonRole } from '../refs/refs.schemas.js';
import { episodeSummarySelect, personSelect } from '../refs/refs.repository.js';

const appearanceSelect = {
  role: true,
  labels: true,
  confidence: true,
  segmentCount: true,
  wordCount: true,
  talkMs: true,
} as const;

export const episodePersonSelect = { ...appearanceSelect, person: { select: personSelect } } as const;

export interface PersonFilter {
  q?: string | undefined;
  episodeId?: string | undefined;
  role?: PersonRole | undefined;
}

export function createPeopleRepository(read: () => PrismaClient) {
  return {
    /** limit + 1 people after `after` in name order, with how often each appears and is quoted. */
    list(
      f: PersonFilter,
      page: { descending: boolean; after?: { name: string; id: string }; limit: number },
    ) {
      const dir = page.descending ? 'desc' : 'asc';
      const beyond = page.descending ? 'lt' : 'gt';
      const a = page.after;
      return read().person.findMany({
        select: { ...personSelect, _count: { select: { appearances: true, quotes: true } } },
        where: {
          ...(f.q ? { OR: nameMatches(f.q) } : {}),
          ...(f.episodeId || f.role
            ? {
                appearances: {
                  some: {
                    ...(f.episodeId ? { episodeId: f.episodeId } : {}),
                    ...(f.role ? { role: f.role } : {}),
                  },
                },
              }
            : {}),
          ...(a
            ? { AND: [{ OR: [{ name: { [beyond]: a.name } }, { name: a.name, id: { [beyond]: a.id } }] }] }
            : {}),
        },
        orderBy: [{ name: dir }, { id: dir }],
        take: page.limit + 1,
      });
    },

    findByIdOrSlug(idOrSlug: string) {
      return read().person.findFirst({
        where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
        select: personSelect,
      });
    },

    /** A person's appearances, newest episode first. */
    appearances(personId: string, take: number) {
      return read().episodePerson.findMany({
        where: { personId },
        select: { ...appearanceSelect, episode: { select: episodeSummarySelect } },
        orderBy: [{ episode: { publishedAt: { sort: 'desc', nulls: 'last' } } }, { episodeId: 'desc' }],
        take,
      });
    },

    /** Totals over every appearance of a person, and their quote count per episode. */
    async totals(personId: string) {
      const db = read();
      const [sums, quotes] = await Promise.all([
        db.episodePerson.aggregate({
          where: { personId },
          _count: { _all: true },
          _sum: { segmentCount: true, wordCount: true, talkMs: true },
        }),
        db.quote.groupBy({ by: ['episodeId'], where: { personId }, _count: { _all: true } }),
      ]);
      return {
        episodeCount: sums._count._all,
        segmentCount: sums._sum.segmentCount ?? 0,
        wordCount: sums._sum.wordCount ?? 0,
        talkMs: sums._sum.talkMs ?? 0,
        quotesByEpisode: new Map(quotes.map((q) => [q.episodeId, q._count._all])),
      };
    },

    /** Everyone in an episode: hosts, then guests, then others; the most talkative first. */
    forEpisode(episodeId: string) {
      return read().episodePerson.findMany({
        where: { episodeId },
        select: episodePersonSelect,
        orderBy: [{ role: 'asc' }, { talkMs: 'desc' }, { personId: 'asc' }],
      });
    },
  };
}

export type PeopleRepository = ReturnType<typeof createPeopleRepository>;
