import type pg from 'pg';
import { recordChange } from '../../db/change-listener.js';
import { deleteOrphans, sharedRefsOf, sweepAfterCommit } from '../../db/orphans.js';
import type { Logger } from '../../lib/logger.js';
import { DEADLOCK_DETECTED, inTransaction, queryRows, retrying, sql } from '../../db/sql.js';

interface EpisodeRow {
  id: string;
  slug: string;
  showId: string;
  sourceName: string;
  contentHash: string;
}

const episodeColumns = sql`id, slug, show_id AS "showId", source_name AS "sourceName", content_hash AS "contentHash"`;

/** Removes episodes; writes go to the primary. `log` hears of what fails once a delete has committed. */
export function createEpisodeWritesRepository(pool: () => pg.Pool, log?: Logger) {
  return {
    /**
     * Deletes an episode and everything that belongs to it (segments, quotes, chapters,
     * participations and topic links cascade), then the people, topics and show that no
     * other episode refers to any more, and appends "deleted" to the change feed — in one
     * transaction; then sweeps those rows again once it has committed. Returns null when there
     * is no such episode.
     */
    async delete(idOrSlug: string): Promise<{ id: string; slug: string } | null> {
      // Its sweep locks people and topics that an ingestion may be locking in another order.
      const deleted = await retrying(
        () =>
          inTransaction(pool(), async (client) => {
            const [found] = await queryRows<EpisodeRow>(
              client,
              sql`SELECT ${episodeColumns} FROM episodes WHERE id = ${idOrSlug} OR slug = ${idOrSlug} LIMIT 1`,
            );
            if (!found) return null;
            // The same advisory locks, in the same order, as an ingestion of this source takes:
            // a delete and a replacement of one episode never interleave.
            for (const key of [found.sourceName, found.contentHash].sort()) {
              await queryRows(client, sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
            }
            const [episode] = await queryRows<EpisodeRow>(
              client,
              sql`SELECT ${episodeColumns} FROM episodes WHERE id = ${found.id}`,
            );
            if (!episode) return null;
            const refs = await sharedRefsOf(client, episode);
            await queryRows(client, sql`DELETE FROM episodes WHERE id = ${episode.id}`);
            await deleteOrphans(client, refs);
            await recordChange(pool(), client, {
              episodeId: episode.id,
              episodeSlug: episode.slug,
              type: 'deleted',
            });
            return { id: episode.id, slug: episode.slug, refs };
          }),
        ({ code }) => code === DEADLOCK_DETECTED,
      );
      if (!deleted) return null;
      await sweepAfterCommit(pool(), deleted.refs, log);
      return { id: deleted.id, slug: deleted.slug };
    },
  };
}

export type EpisodeWritesRepository = ReturnType<typeof createEpisodeWritesRepository>;
