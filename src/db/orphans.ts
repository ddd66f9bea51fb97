import type pg from 'pg';
import type { Logger } from '../lib/logger.js';
import { notifyChange } from './change-listener.js';
import { and, DEADLOCK_DETECTED, inTransaction, queryRows, retrying, sql } from './sql.js';

// People, topics and shows are shared between episodes. When an episode goes away — deleted,
// or replaced by a new version of its file — those only it used go with it: a person or topic
// page with nothing on it helps no one. Both paths use these steps: inside their own
// transaction, note what the episode refers to, change it, then sweep what nothing refers to;
// once it has committed, sweep the same rows again (sweepAfterCommit).

/** Rows an episode refers to that other episodes may share. */
export interface SharedRefs {
  people: string[];
  topics: string[];
  showId: string;
}

/** What an episode refers to now; call before its rows are deleted or replaced. */
export async function sharedRefsOf(
  client: pg.ClientBase,
  episode: { id: string; showId: string },
): Promise<SharedRefs> {
  const [refs] = await queryRows<{ people: string[]; topics: string[] }>(
    client,
    sql`SELECT
          ARRAY(SELECT person_id FROM episode_people WHERE episode_id = ${episode.id}
                UNION SELECT person_id FROM segments WHERE episode_id = ${episode.id} AND person_id IS NOT NULL
                UNION SELECT person_id FROM quotes WHERE episode_id = ${episode.id} AND person_id IS NOT NULL
          ) AS people,
          ARRAY(SELECT topic_id FROM episode_topics WHERE episode_id = ${episode.id}
                UNION SELECT st.topic_id FROM segment_topics st JOIN segments s ON s.id = st.segment_id
                       WHERE s.episode_id = ${episode.id}
                UNION SELECT qt.topic_id FROM quote_topics qt JOIN quotes q ON q.id = qt.quote_id
                       WHERE q.episode_id = ${episode.id}
          ) AS topics`,
  );
  return { people: refs!.people, topics: refs!.topics, showId: episode.showId };
}

/** Shared rows, with the tables whose rows refer to them (by which column). */
const SHARED = [
  {
    table: sql`people`,
    refs: (r: SharedRefs) => r.people,
    by: sql`person_id`,
    from: [sql`episode_people`, sql`segments`, sql`quotes`],
  },
  {
    table: sql`topics`,
    refs: (r: SharedRefs) => r.topics,
    by: sql`topic_id`,
    from: [sql`episode_topics`, sql`segment_topics`, sql`quote_topics`],
  },
];

/**
 * Deletes the noted people, topics and show that no episode refers to any more.
 *
 * What looks unused is locked first, then deleted by a statement of its own that checks again.
 * A writer linking one of these rows holds a lock on it until it commits, so the lock waits for
 * that writer, and the DELETE, with a snapshot taken after it, sees the new link and keeps the
 * row. Deleting without the lock would judge "unused" from the older snapshot: a person's delete
 * would then fail on the new link, and a topic's would cascade and remove it. A writer that links
 * a row only after it is locked here waits, then fails on the row's absence and stores again.
 * Rows that are still in use (the show, common topics) are not locked: that would make every
 * replacement wait for, and deadlock with, the ingestions that link them. Returns how many rows
 * it deleted.
 */
export async function deleteOrphans(client: pg.ClientBase, refs: SharedRefs): Promise<number> {
  const kinds = [
    ...SHARED.map(({ table, refs: ids, by, from }) => ({
      table,
      ids: ids(refs),
      unused: and(from.map((t) => sql`NOT EXISTS (SELECT 1 FROM ${t} x WHERE x.${by} = o.id)`)),
    })),
    {
      table: sql`shows`,
      ids: [refs.showId],
      unused: sql`NOT EXISTS (SELECT 1 FROM episodes e WHERE e.show_id = o.id)`,
    },
  ];
  let deleted = 0;
  for (const { table, ids, unused } of kinds) {
    if (ids.length === 0) continue;
    const candidates = await queryRows<{ id: string }>(
      client,
      sql`SELECT o.id FROM ${table} o WHERE o.id = ANY (${ids}::text[]) AND ${unused} ORDER BY o.id FOR UPDATE`,
    );
    if (candidates.length === 0) continue;
    const gone = await queryRows(
      client,
      sql`DELETE FROM ${table} o WHERE o.id = ANY (${candidates.map((c) => c.id)}::text[]) AND ${unused}
          RETURNING o.id`,
    );
    deleted += gone.length;
  }
  return deleted;
}

/**
 * Sweeps the noted rows again, in a transaction of its own, once the one that unlinked them has
 * committed. Two transactions that remove the last two links to a row each still see the other's
 * link, not yet committed, and both keep the row; whichever commits last sees both links gone
 * here. What it deletes is a change like any other: notified, so that no cached page shows a
 * person or topic that is gone. The write has committed and stands, so a sweep that fails (the
 * database went away) is logged, not the caller's failure; the rows stay as the write left them.
 */
export async function sweepAfterCommit(pool: pg.Pool, refs: SharedRefs, log?: Logger): Promise<void> {
  try {
    await retrying(
      () =>
        inTransaction(pool, async (client) => {
          if ((await deleteOrphans(client, refs)) > 0) await notifyChange(pool, client);
        }),
      ({ code }) => code === DEADLOCK_DETECTED,
    );
  } catch (err) {
    log?.warn(
      { err, refs },
      'could not sweep again what a write left unused: people, topics or a show no episode uses may remain',
    );
  }
}
