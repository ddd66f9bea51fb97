import { z } from 'zod';
import { AppError, NotFoundError } from '../../lib/errors.js';
import { cursorFields, decodeCursor, pageOf } from '../../lib/pagination.js';
import type { RefsService } from '../refs/refs.service.js';
import { toQuoteDtoFromRow } from './quotes.mappers.js';
import type { CitableQuoteRow, QuoteFilter, QuotesRepository } from './quotes.repository.js';
import type { QuoteFilterQuery, QuoteListQuery } from './quotes.schemas.js';

const Cursor = z.tuple([
  z.literal('quotes'),
  z.iso.datetime().nullable(),
  z.string().max(64),
  cursorFields.int(),
]);

export function createQuotesService(deps: {
  refs: RefsService;
  quotes: QuotesRepository;
  publicBaseUrl: string | undefined;
}) {
  const filter = (q: QuoteFilterQuery): QuoteFilter => ({
    person: q.person,
    episode: q.episode,
    topic: q.topic,
    q: q.q,
    minLength: q.minLength,
    maxLength: q.maxLength,
  });

  /** After an empty answer: a filter naming no person, episode or topic is a 400 that says so. */
  async function filtersExist(q: QuoteFilterQuery): Promise<void> {
    await deps.refs.filterIds({
      person: { field: 'query.person', value: q.person },
      episode: { field: 'query.episode', value: q.episode },
      topic: { field: 'query.topic', value: q.topic },
    });
  }

  const citable = (r: CitableQuoteRow) => toQuoteDtoFromRow(r, deps.publicBaseUrl);

  return {
    /** Quotes from the newest episodes first, each in the order it was said. */
    async list(q: QuoteListQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, Cursor) : undefined;
      const rows = await deps.quotes.list(filter(q), {
        after: after && { publishedAt: after[1], episodeId: after[2], ordinal: after[3] },
        limit: q.limit,
      });
      if (rows.length === 0) await filtersExist(q);
      const page = pageOf(rows, q.limit, (r) => [
        'quotes',
        r.episodePublishedAt?.toISOString() ?? null,
        r.episodeId,
        r.ordinal,
      ]);
      return { data: page.rows.map(citable), page: { nextCursor: page.nextCursor, limit: q.limit } };
    },

    async random(q: QuoteFilterQuery) {
      const row = await deps.quotes.random(filter(q));
      if (!row) {
        await filtersExist(q);
        throw new AppError('not-found', 404, 'Not found', 'No quote matches these filters');
      }
      return citable(row);
    },

    async get(id: string) {
      const row = await deps.quotes.findById(id);
      if (!row) throw new NotFoundError('quote', id);
      return citable(row);
    },
  };
}

export type QuotesService = ReturnType<typeof createQuotesService>;
