import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { decodeCursor, pageOf } from '../../lib/pagination.js';
import { toCitableQuoteDto } from '../quotes/quotes.mappers.js';
import type { QuotesRepository } from '../quotes/quotes.repository.js';
import { roleIndex, toEpisodeSummaryDto } from '../refs/refs.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
import type { PeopleRepository } from './people.repository.js';
import {
  PERSON_EPISODES_SHOWN,
  PERSON_QUOTES_SHOWN,
  type PersonDetailDto,
  type PersonListQuery,
} from './people.schemas.js';

// The sort is part of the cursor, so a cursor from the other order is refused as malformed.
const cursorOf = (tag: 'people' | '-people') =>
  z.tuple([z.literal(tag), z.string().max(2048), z.string().max(64)]);

export function createPeopleService(deps: {
  refs: RefsService;
  people: PeopleRepository;
  quotes: QuotesRepository;
  publicBaseUrl: string | undefined;
}) {
  return {
    async list(q: PersonListQuery) {
      const tag = q.sort === '-name' ? '-people' : 'people';
      const after = q.cursor ? decodeCursor(q.cursor, cursorOf(tag)) : undefined;
      const { episodeId } = await deps.refs.filterIds({
        episode: { field: 'query.episode', value: q.episode },
      });
      const rows = await deps.people.list(
        { q: q.q, episodeId, role: q.role },
        {
          descending: q.sort === '-name',
          ...(after ? { after: { name: after[1], id: after[2] } } : {}),
          limit: q.limit,
        },
      );
      const page = pageOf(rows, q.limit, (r) => [tag, r.name, r.id]);
      return {
        data: page.rows.map((r) => ({
          id: r.id,
          slug: r.slug,
          name: r.name,
          title: r.title,
          episodeCount: r._count.appearances,
          quoteCount: r._count.quotes,
        })),
        page: { nextCursor: page.nextCursor, limit: q.limit },
      };
    },

    /** A speaker page: who they are, where they appear, how much they talk, what they said. */
    async get(idOrSlug: string): Promise<PersonDetailDto> {
      const person = await deps.people.findByIdOrSlug(idOrSlug);
      if (!person) throw new NotFoundError('person', idOrSlug);
      const [appearances, totals, quotes] = await Promise.all([
        deps.people.appearances(person.id, PERSON_EPISODES_SHOWN),
        deps.people.totals(person.id),
        deps.quotes.listForPerson(person.id, PERSON_QUOTES_SHOWN),
      ]);
      const roleOf = roleIndex(await deps.refs.roles(quotes.map((r) => r.episodeId)));
      const quoteCount = [...totals.quotesByEpisode.values()].reduce((n, c) => n + c, 0);
      return {
        id: person.id,
        slug: person.slug,
        name: person.name,
        title: person.title,
        stats: {
          episodeCount: totals.episodeCount,
          quoteCount,
          segmentCount: totals.segmentCount,
          wordCount: totals.wordCount,
          talkMs: totals.talkMs,
        },
        episodes: appearances.map((a) => ({
          episode: toEpisodeSummaryDto(a.episode),
          role: a.role,
          labels: a.labels,
          confidence: a.confidence,
          segmentCount: a.segmentCount,
          wordCount: a.wordCount,
          talkMs: a.talkMs,
          quoteCount: totals.quotesByEpisode.get(a.episode.id) ?? 0,
        })),
        quotes: quotes.map((r) => toCitableQuoteDto(r, roleOf, deps.publicBaseUrl)),
      };
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
