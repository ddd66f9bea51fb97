import { NotFoundError, UnknownFilterValueError } from '../../lib/errors.js';
import type { RefsRepository } from './refs.repository.js';

/**
 * Turns the ids and slugs a request names into rows: a filter naming nothing is a 400 that
 * says so (an empty 200 would look like "no results"), a path naming nothing is a 404.
 */
export function createRefsService(deps: { refs: RefsRepository }) {
  const { refs } = deps;

  async function must<T>(found: Promise<T | null>, field: string, what: string, value: string): Promise<T> {
    const row = await found;
    if (!row) throw new UnknownFilterValueError(field, what, value);
    return row;
  }

  return {
    /** The id each given filter names, in parallel; absent filters stay undefined. */
    async filterIds(filters: {
      show?: { field: string; value: string | undefined };
      person?: { field: string; value: string | undefined };
      topic?: { field: string; value: string | undefined };
      episode?: { field: string; value: string | undefined };
    }) {
      const lookup = async (
        f: { field: string; value: string | undefined } | undefined,
        what: string,
        find: (v: string) => Promise<{ id: string } | null>,
      ) => (f?.value === undefined ? undefined : (await must(find(f.value), f.field, what, f.value)).id);
      const [showId, personId, topicId, episodeId] = await Promise.all([
        lookup(filters.show, 'show', refs.findShow),
        lookup(filters.person, 'person', refs.findPerson),
        lookup(filters.topic, 'topic', refs.findTopic),
        lookup(filters.episode, 'episode', refs.findEpisode),
      ]);
      return { showId, personId, topicId, episodeId };
    },

    /** The episode a path names, or a 404. */
    async episode(idOrSlug: string) {
      const row = await refs.findEpisode(idOrSlug);
      if (!row) throw new NotFoundError('episode', idOrSlug);
      return row;
    },

    async roles(episodeIds: string[]) {
      return refs.roles(episodeIds);
    },
  };
}

export type RefsService = ReturnType<typeof createRefsService>;
