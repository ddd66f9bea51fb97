import type { PrismaClient, Tx } from '../../db/client.js';
import { newId } from '../../lib/ids.js';

export interface NewChapter {
  title: string;
  startMs: number;
  endMs: number;
  /** Index into the segments passed alongside. */
  firstSegment: number | null;
}

export const chapterSelect = {
  id: true,
  ordinal: true,
  title: true,
  startMs: true,
  endMs: true,
  firstSegmentId: true,
} as const;

/** Writes go to the primary (`prisma`); reads go where `read` says (a replica when configured). */
export function createChaptersRepository(
  prisma: PrismaClient,
  read: () => PrismaClient = () => prisma,
  /** Told of each change a transaction here recorded, once it has committed. */
  announce: (seq: bigint) => void = () => undefined,
) {
  const recorded = new WeakMap<Tx, bigint>();
  return {
    /** A chapter of the episode by id or by 1-based ordinal ("3"). */
    findInEpisode(episodeId: string, idOrOrdinal: string) {
      const ordinal = /^\d{1,6}$/.test(idOrOrdinal) ? Number(idOrOrdinal) : undefined;
      return read().chapter.findFirst({
        select: { id: true },
        where: { episodeId, OR: [{ id: idOrOrdinal }, ...(ordinal !== undefined ? [{ ordinal }] : [])] },
      });
    },

    /** An episode's chapters in order; `limit` takes one more row to tell whether a page follows. */
    listForEpisode(episodeId: string, page?: { afterOrdinal?: number | undefined; limit: number }) {
      return read().chapter.findMany({
        select: chapterSelect,
        where: {
          episodeId,
          ...(page?.afterOrdinal !== undefined ? { ordinal: { gt: page.afterOrdinal } } : {}),
        },
        orderBy: { ordinal: 'asc' },
        ...(page ? { take: page.limit + 1 } : {}),
      });
    },

    async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      let seq: bigint | undefined;
      const out = await prisma.$transaction(
        async (tx) => {
          const result = await work(tx);
          seq = recorded.get(tx);
          return result;
        },
        { timeout: 30_000, maxWait: 10_000 },
      );
      if (seq !== undefined) announce(seq);
      return out;
    },

    /**
     * The episode, locked the way ingestion locks its source file, so an upload and a
     * re-ingestion of the same episode cannot interleave.
     */
    async lockEpisode(tx: Tx, idOrSlug: string) {
      const episode = await tx.episode.findFirst({
        where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] },
        select: { id: true, slug: true, sourceName: true, durationMs: true },
      });
      if (!episode) return null;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${episode.sourceName}))`;
      return episode;
    },

    segments(tx: Tx, episodeId: string) {
      return tx.segment.findMany({
        where: { episodeId },
        select: { id: true, startMs: true, endMs: true },
        orderBy: { ordinal: 'asc' },
      });
    },

    quotes(tx: Tx, episodeId: string) {
      return tx.quote.findMany({
        where: { episodeId },
        select: { id: true, segmentId: true, startMs: true, statedMs: true },
      });
    },

    /** Replaces every chapter of the episode and points segments and quotes at the new ones. */
    async replace(
      tx: Tx,
      episodeId: string,
      chapters: NewChapter[],
      segmentIds: string[],
      segmentChapter: (number | null)[],
      quoteChapter: { id: string; chapter: number | null }[],
    ) {
      const ids = chapters.map(() => newId('chp'));
      await tx.chapter.deleteMany({ where: { episodeId } });
      await tx.chapter.createMany({
        data: chapters.map((c, i) => ({
          id: ids[i]!,
          episodeId,
          ordinal: i + 1,
          title: c.title,
          startMs: c.startMs,
          endMs: c.endMs,
          firstSegmentId: c.firstSegment === null ? null : (segmentIds[c.firstSegment] ?? null),
        })),
      });
      const chapterOf = (i: number | null) => (i === null ? null : (ids[i] ?? null));
      await tx.$executeRaw`
        UPDATE segments AS s SET chapter_id = v.chapter_id
        FROM unnest(${segmentIds}::text[], ${segmentChapter.map(chapterOf)}::text[]) AS v(id, chapter_id)
        WHERE s.id = v.id`;
      await tx.$executeRaw`
        UPDATE quotes AS q SET chapter_id = v.chapter_id
        FROM unnest(${quoteChapter.map((q) => q.id)}::text[], ${quoteChapter.map((q) => chapterOf(q.chapter))}::text[]) AS v(id, chapter_id)
        WHERE q.id = v.id`;
      await tx.episode.update({ where: { id: episodeId }, data: { updatedAt: new Date() } });
      return tx.chapter.findMany({
        where: { episodeId },
        select: chapterSelect,
        orderBy: { ordinal: 'asc' },
      });
    },

    async recordChange(tx: Tx, episode: { id: string; slug: string }) {
      const { seq } = await tx.episodeChange.create({
        data: { episodeId: episode.id, episodeSlug: episode.slug, type: 'updated' },
        select: { seq: true },
      });
      recorded.set(tx, seq);
    },
  };
}

export type ChaptersRepository = ReturnType<typeof createChaptersRepository>;
