import { toCitableQuoteDto } from '../quotes/quotes.mappers.js';
import type { QuotesRepository } from '../quotes/quotes.repository.js';
import { roleIndex } from '../refs/refs.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
import { toSegmentDto } from '../segments/segments.mappers.js';
import type { SegmentsRepository } from '../segments/segments.repository.js';
import type { ExportQuery } from './exports.schemas.js';

type Position = { episodeId: string; ordinal: number } | undefined;

/**
 * Bulk exports as NDJSON, one object a line. Rows are read in keyset batches and written as
 * they come, so memory stays the same whatever the size, and no connection is held between
 * batches. Each line is a complete object in the API's own shape.
 */
export function createExportsService(deps: {
  refs: RefsService;
  quotes: QuotesRepository;
  segments: SegmentsRepository;
  publicBaseUrl: string | undefined;
  batchSize: number;
}) {
  async function* batches<Row extends { episodeId: string; ordinal: number }>(
    next: (after: Position) => Promise<Row[]>,
    line: (rows: Row[]) => Promise<string[]>,
  ): AsyncGenerator<string> {
    let after: Position;
    for (;;) {
      const rows = await next(after);
      if (rows.length === 0) return;
      yield (await line(rows)).join('');
      if (rows.length < deps.batchSize) return;
      const last = rows[rows.length - 1]!;
      after = { episodeId: last.episodeId, ordinal: last.ordinal };
    }
  }

  const roleOf = async (rows: { episodeId: string }[]) =>
    roleIndex(await deps.refs.roles(rows.map((r) => r.episodeId)));

  // Filters are checked before the first byte is sent: a bad one is still a 400.
  async function episodeFilter(q: ExportQuery) {
    return (await deps.refs.filterIds({ episode: { field: 'query.episode', value: q.episode } })).episodeId;
  }

  return {
    async quotes(q: ExportQuery): Promise<AsyncIterable<string>> {
      const episodeId = await episodeFilter(q);
      return batches(
        (after) => deps.quotes.batch(after, deps.batchSize, episodeId),
        async (rows) => {
          const roles = await roleOf(rows);
          return rows.map((r) => `${JSON.stringify(toCitableQuoteDto(r, roles, deps.publicBaseUrl))}\n`);
        },
      );
    },

    async segments(q: ExportQuery): Promise<AsyncIterable<string>> {
      const episodeId = await episodeFilter(q);
      return batches(
        (after) => deps.segments.batch(after, deps.batchSize, episodeId),
        async (rows) => {
          const roles = await roleOf(rows);
          return rows.map((r) => `${JSON.stringify(toSegmentDto(r, roles))}\n`);
        },
      );
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
