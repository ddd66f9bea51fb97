import type { PrismaClient } from '../../db/client.js';

export function createChangesRepository(read: () => PrismaClient) {
  return {
    /**
     * limit + 1 changes after a position, in seq order (which is commit order: see the
     * read_api migration), and the newest seq — both from one snapshot, so a caller told
     * "nothing new up to here" cannot miss a change committed in between.
     */
    async list(q: { afterSeq?: bigint | undefined; occurredFrom?: Date | undefined; limit: number }) {
      const db = read();
      const [rows, head] = await db.$transaction(
        [
          db.episodeChange.findMany({
            where: {
              ...(q.afterSeq !== undefined ? { seq: { gt: q.afterSeq } } : {}),
              ...(q.occurredFrom ? { occurredAt: { gte: q.occurredFrom } } : {}),
            },
            orderBy: { seq: 'asc' },
            take: q.limit + 1,
          }),
          db.episodeChange.aggregate({ _max: { seq: true } }),
        ],
        { isolationLevel: 'RepeatableRead' },
      );
      return { rows, headSeq: head._max.seq ?? 0n };
    },

    /** The newest seq: every write to an episode records a change, so this versions all of them. */
    async head(): Promise<bigint> {
      return (await read().episodeChange.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
    },
  };
}

export type ChangesRepository = ReturnType<typeof createChangesRepository>;
