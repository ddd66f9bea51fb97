import type pg from 'pg';
import { queryRows, sql } from './sql.js';

// People, topics and shows are shared between episodes. When an episode goes away — deleted,
// or replaced by a new version of its file — those only it used go with it: a person or topic
// page with nothing on it helps no one. Both paths use these two steps, inside their own
// transaction: note what the episode refers to, change it, then sweep what nothing refers to.

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

/** Deletes the noted people, topics and show that no episode refers to any more. */
export async function deleteOrphans(client: pg.ClientBase, refs: SharedRefs): Promise<void> {
  await queryRows(
    client,
    sql`DELETE FROM people p
         WHERE p.id = ANY (${refs.people}::text[])
           AND NOT EXISTS (SELECT 1 FROM episode_people x WHERE x.person_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM segments x WHERE x.person_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM quotes x WHERE x.person_id = p.id)`,
  );
  await queryRows(
    client,
    sql`DELETE FROM topics t
         WHERE t.id = ANY (${refs.topics}::text[])
           AND NOT EXISTS (SELECT 1 FROM episode_topics x WHERE x.topic_id = t.id)
           AND NOT EXISTS (SELECT 1 FROM segment_topics x WHERE x.topic_id = t.id)
           AND NOT EXISTS (SELECT 1 FROM quote_topics x WHERE x.topic_id = t.id)`,
  );
  await queryRows(
    client,
    sql`DELETE FROM shows s
         WHERE s.id = ${refs.showId} AND NOT EXISTS (SELECT 1 FROM episodes e WHERE e.show_id = s.id)`,
  );
}
