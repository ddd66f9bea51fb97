import type { ChangesRepository } from '../changes/changes.repository.js';
import { toCitableQuoteDto } from '../quotes/quotes.mappers.js';
import type { QuotesRepository } from '../quotes/quotes.repository.js';
import { roleIndex } from '../refs/refs.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
import { toSegmentDto } from '../segments/segments.mappers.js';
import type { SegmentsRepository } from '../segments/segments.repository.js';
import type { ExportQuery } from './exports.schemas.js';

type Position = { episodeId: string; ordinal: number } | undefined;

/** What one export reads through, all on one database: replicas can lag differently. */
export interface ExportSource {
  refs: RefsService;
  quotes: QuotesRepository;
  segments: SegmentsRepository;
  changes: ChangesRepository;
}

export interface Export {
  /** The change feed's head when the export started: every write to an episode records a change. */
  version: string;
  lines: AsyncIterable<string>;
}

/**
 * Bulk exports as NDJSON, one object a line. Rows are read in keyset batches and written as
 * they come, so memory stays the same whatever the size, and no connection is held between
 * batches. Each line is a complete object in the API's own shape.
 */
export function createExportsService(deps: {
  source: () => ExportSource;
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

  /** The source, the filter and the version — checked before the first byte, so a bad filter is still a 400. */
  async function prepare(q: ExportQuery) {
    const source = deps.source();
    const [ids, head] = await Promise.all([
      source.refs.filterIds({ episode: { field: 'query.episode', value: q.episode } }),
      source.changes.head(),
    ]);
    const roleOf = async (rows: { episodeId: string }[]) =>
      roleIndex(await source.refs.roles(rows.map((r) => r.episodeId)));
    return { source, episodeId: ids.episodeId, version: head.toString(), roleOf };
  }

  return {
    async quotes(q: ExportQuery): Promise<Export> {
      const { source, episodeId, version, roleOf } = await prepare(q);
      const lines = batches(
        (after) => source.quotes.batch(after, deps.batchSize, episodeId),
        async (rows) => {
          const roles = await roleOf(rows);
          return rows.map((r) => `${JSON.stringify(toCitableQuoteDto(r, roles, deps.publicBaseUrl))}\n`);
        },
      );
      return { version, lines };
    },

    async segments(q: ExportQuery): Promise<Export> {
      const { source, episodeId, version, roleOf } = await prepare(q);
      const lines = batches(
        (after) => source.segments.batch(after, deps.batchSize, episodeId),
        async (rows) => {
          const roles = await roleOf(rows);
          return rows.map((r) => `${JSON.stringify(toSegmentDto(r, roles))}\n`);
        },
      );
      return { version, lines };
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
