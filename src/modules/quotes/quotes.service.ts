import { z } from 'zod';
import { AppError, NotFoundError } from '../../lib/errors.js';
import { cursorFields, decodeCursor, pageOf } from '../../lib/pagination.js';
import { roleIndex } from '../refs/refs.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
import { toCitableQuoteDto, type QuoteRow } from './quotes.mappers.js';
import type { QuoteFilter, QuotesRepository } from './quotes.repository.js';
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
  async function filter(q: QuoteFilterQuery): Promise<QuoteFilter> {
    const ids = await deps.refs.filterIds({
      person: { field: 'query.person', value: q.person },
      episode: { field: 'query.episode', value: q.episode },
      topic: { field: 'query.topic', value: q.topic },
    });
    return {
      personId: ids.personId,
      episodeId: ids.episodeId,
      topicId: ids.topicId,
      q: q.q,
      minLength: q.minLength,
      maxLength: q.maxLength,
    };
  }

  async function citable(rows: QuoteRow[]) {
    const roleOf = roleIndex(await deps.refs.roles(rows.map((r) => r.episodeId)));
    return rows.map((r) => toCitableQuoteDto(r, roleOf, deps.publicBaseUrl));
  }

  return {
    /** Quotes from the newest episodes first, each in the order it was said. */
    async list(q: QuoteListQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, Cursor) : undefined;
      const rows = await deps.quotes.list(await filter(q), {
        after: after && { publishedAt: after[1], episodeId: after[2], ordinal: after[3] },
        limit: q.limit,
      });
      const page = pageOf(rows, q.limit, (r) => [
        'quotes',
        r.episode.publishedAt?.toISOString() ?? null,
        r.episodeId,
        r.ordinal,
      ]);
      return { data: await citable(page.rows), page: { nextCursor: page.nextCursor, limit: q.limit } };
    },

    async random(q: QuoteFilterQuery) {
      const row = await deps.quotes.random(await filter(q));
      if (!row) throw new AppError('not-found', 404, 'Not found', 'No quote matches these filters');
      const [quote] = await citable([row]);
      return quote!;
    },

    async get(id: string) {
      const row = await deps.quotes.findById(id);
      if (!row) throw new NotFoundError('quote', id);
      const [quote] = await citable([row]);
      return quote!;
    },
  };
}

export type QuotesService = ReturnType<typeof createQuotesService>;
