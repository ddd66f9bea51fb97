import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { publishedRange } from '../../lib/date-range.js';
import { decodeCursor, pageOf } from '../../lib/pagination.js';
import { toQuoteDto } from '../quotes/quotes.mappers.js';
import { toPersonDto } from '../refs/refs.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
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
  episodes: EpisodesRepository;
  publicBaseUrl: string | undefined;
}) {
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

    /** One episode, with whatever an episode page needs embedded: one statement. */
    async get(idOrSlug: string, q: EpisodeGetQuery = {}): Promise<EpisodeDto> {
      const row = await deps.episodes.findPage(idOrSlug, new Set(q.include ?? []));
      if (!row) throw new NotFoundError('episode', idOrSlug);
      const episode = toEpisodeDto(row);
      if (row.people) episode.people = row.people;
      if (row.chapters) episode.chapters = row.chapters;
      if (row.quotes) {
        const ref = { id: row.id, slug: row.slug, title: row.title };
        episode.quotes = row.quotes.map((r) =>
          toQuoteDto(r, {
            episode: ref,
            speaker: r.person ? toPersonDto(r.person, r.role ?? undefined) : null,
            chapter: r.chapter,
            baseUrl: deps.publicBaseUrl,
          }),
        );
      }
      if (row.topics) episode.topics = row.topics;
      return episode;
    },
  };
}

export type EpisodesService = ReturnType<typeof createEpisodesService>;
