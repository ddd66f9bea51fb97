import type { Tx } from './client.js';

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

function unique(ids: (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** What an episode refers to now; call before its rows are deleted or replaced. */
export async function sharedRefsOf(tx: Tx, episode: { id: string; showId: string }): Promise<SharedRefs> {
  const episodeId = episode.id;
  // Queries inside one transaction share one connection: they run one after the other.
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
  return {
    people: unique([...appearing, ...speaking, ...quoted].map((r) => r.personId)),
    topics: unique([...ofEpisode, ...ofSegments, ...ofQuotes].map((r) => r.topicId)),
    showId: episode.showId,
  };
}

/** Deletes the noted people, topics and show that no episode refers to any more. */
export async function deleteOrphans(tx: Tx, refs: SharedRefs): Promise<void> {
  await tx.person.deleteMany({
    where: {
      id: { in: refs.people },
      appearances: { none: {} },
      segments: { none: {} },
      quotes: { none: {} },
    },
  });
  await tx.topic.deleteMany({
    where: {
      id: { in: refs.topics },
      episodes: { none: {} },
      segments: { none: {} },
      quotes: { none: {} },
    },
  });
  await tx.show.deleteMany({ where: { id: refs.showId, episodes: { none: {} } } });
}
