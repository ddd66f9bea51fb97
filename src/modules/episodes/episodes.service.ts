import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { publishedRange } from '../../lib/date-range.js';
import { decodeCursor, pageOf } from '../../lib/pagination.js';
import { toChapterDto, toChapterRef } from '../chapters/chapters.mappers.js';
import type { ChaptersRepository } from '../chapters/chapters.repository.js';
import { toEpisodePersonDto } from '../people/people.mappers.js';
import type { PeopleRepository } from '../people/people.repository.js';
import { toQuoteDto } from '../quotes/quotes.mappers.js';
import type { QuotesRepository } from '../quotes/quotes.repository.js';
import { toPersonDto } from '../refs/refs.mappers.js';
import type { RefsRepository } from '../refs/refs.repository.js';
import type { PersonDto } from '../refs/refs.schemas.js';
import type { RefsService } from '../refs/refs.service.js';
import type { TopicsRepository } from '../topics/topics.repository.js';
import type { EpisodeRow, EpisodesRepository } from './episodes.repository.js';
import type { EpisodeDto, EpisodeGetQuery, EpisodeListQuery, EpisodeSort } from './episodes.schemas.js';

// The sort is part of the cursor: a cursor from another order is refused as malformed.
const cursorOf = (sort: EpisodeSort) =>
  z.tuple([
    z.literal(sort),
    sort.endsWith('title') ? z.string().max(2048) : z.iso.datetime().nullable(),
    z.string().max(64),
  ]);

function sortValue(row: EpisodeRow, sort: EpisodeSort): string | null {
  if (sort.endsWith('title')) return row.title;
  if (sort.endsWith('createdAt')) return row.createdAt.toISOString();
  return row.publishedAt?.toISOString() ?? null;
}

export function toEpisodeDto(row: EpisodeRow): EpisodeDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    show: { id: row.show.id, slug: row.show.slug, name: row.show.name },
    publishedAt: row.publishedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
    description: row.description,
    language: row.language,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createEpisodesService(deps: {
  refs: RefsService;
  refsRepository: RefsRepository;
  episodes: EpisodesRepository;
  people: PeopleRepository;
  chapters: ChaptersRepository;
  quotes: QuotesRepository;
  topics: TopicsRepository;
  publicBaseUrl: string | undefined;
}) {
  /** The speaker of each quote: from the episode's people, or looked up if the quote names someone else. */
  async function speakers(
    people: Awaited<ReturnType<PeopleRepository['forEpisode']>>,
    personIds: (string | null)[],
  ): Promise<Map<string, PersonDto>> {
    const known = new Map(people.map((p) => [p.person.id, toPersonDto(p.person, p.role)]));
    const missing = personIds.filter((id): id is string => id !== null && !known.has(id));
    for (const p of await deps.refsRepository.people(missing)) known.set(p.id, toPersonDto(p));
    return known;
  }

  return {
    async list(q: EpisodeListQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, cursorOf(q.sort)) : undefined;
      const range = publishedRange(q);
      const ids = await deps.refs.filterIds({
        show: { field: 'query.show', value: q.show },
        person: { field: 'query.person', value: q.person },
        topic: { field: 'query.topic', value: q.topic },
      });
      const rows = await deps.episodes.list(
        { showId: ids.showId, personId: ids.personId, topicId: ids.topicId, q: q.q, ...range },
        q.sort,
        { after: after && { value: after[1], id: after[2] }, limit: q.limit },
      );
      // Words that can match nothing are a mistake to report, not an empty list to show.
      if (rows.length === 0 && q.q !== undefined && !(await deps.episodes.isSearchable(q.q))) {
        throw new ValidationError(
          `query.q: "${q.q}" has nothing to search for (only stop words, punctuation or excluded words)`,
          [{ field: 'query.q', message: 'needs at least one word to look for that is not excluded' }],
        );
      }
      const page = pageOf(rows, q.limit, (r) => [q.sort, sortValue(r, q.sort), r.id]);
      return { data: page.rows.map(toEpisodeDto), page: { nextCursor: page.nextCursor, limit: q.limit } };
    },

    /** One episode, with whatever an episode page needs embedded: a fixed handful of queries. */
    async get(idOrSlug: string, q: EpisodeGetQuery = {}): Promise<EpisodeDto> {
      const row = await deps.episodes.findByIdOrSlug(idOrSlug);
      if (!row) throw new NotFoundError('episode', idOrSlug);
      const include = new Set(q.include ?? []);
      const wantsQuotes = include.has('quotes');
      const [people, chapters, quotes, topics] = await Promise.all([
        include.has('people') || wantsQuotes ? deps.people.forEpisode(row.id) : undefined,
        include.has('chapters') || wantsQuotes ? deps.chapters.listForEpisode(row.id) : undefined,
        wantsQuotes ? deps.quotes.listForEpisode(row.id) : undefined,
        include.has('topics') ? deps.topics.forEpisode(row.id) : undefined,
      ]);
      const episode = toEpisodeDto(row);
      if (include.has('people') && people) episode.people = people.map(toEpisodePersonDto);
      if (include.has('chapters') && chapters) episode.chapters = chapters.map(toChapterDto);
      if (quotes && people && chapters) {
        const speakerOf = await speakers(
          people,
          quotes.map((r) => r.personId),
        );
        const chapterOf = new Map(chapters.map((c) => [c.id, toChapterRef(c)]));
        const ref = { id: row.id, slug: row.slug, title: row.title };
        episode.quotes = quotes.map((r) =>
          toQuoteDto(r, {
            episode: ref,
            speaker: (r.personId && speakerOf.get(r.personId)) || null,
            chapter: (r.chapterId && chapterOf.get(r.chapterId)) || null,
            baseUrl: deps.publicBaseUrl,
          }),
        );
      }
      if (topics) {
        episode.topics = topics.map((t) => ({
          id: t.topic.id,
          slug: t.topic.slug,
          name: t.topic.name,
          kind: t.topic.kind,
          weight: t.weight,
          mentions: t.mentions,
        }));
      }
      return episode;
    },
  };
}

export type EpisodesService = ReturnType<typeof createEpisodesService>;
