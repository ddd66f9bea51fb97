import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { publishedRange } from '../../lib/date-range.js';
import { cursorFields, decodeCursor, encodeCursor } from '../../lib/pagination.js';
import { resolveFilters, type Resolved } from './search.filters.js';
import { createSearchPlanner } from './search.planner.js';
import type { HitRow, ParsedQuery, SearchOrder, SearchRepository } from './search.repository.js';
import type { EpisodeSearchQuery, SearchHitDto, SearchQuery, SearchResultsDto } from './search.schemas.js';
import { narrows } from './search.sql.js';
import { applyCorrections, correctableWords, toSnippet } from './search.text.js';

/** Below this many hits in all, a spelling correction is tried. */
const FEW_HITS = 3;
/**
 * A correction may lengthen the query (it travels in the cursor), but not without bound: twice
 * the longest query. (Types only from the schemas module: importing its values here would
 * register its OpenAPI components before the routes', reordering the document.)
 */
const MAX_CORRECTED_LENGTH = 400;

// A cursor: the order ("r" rank, "t" transcript), the last hit's sort key, the query actually
// searched when it was a correction (later pages must search the same), and a digest of the
// request so a cursor cannot be replayed against another search.
const searched = z.string().max(MAX_CORRECTED_LENGTH).nullable();
const digest = z.string().length(12);
const RankCursor = z.tuple([
  z.literal('r'),
  z.string().regex(/^\d{1,3}\.\d{1,6}$|^\d{1,3}$/),
  z.string().max(64),
  searched,
  digest,
]);
const TranscriptCursor = z.tuple([z.literal('t'), cursorFields.int(), cursorFields.int(), searched, digest]);

export interface SearchServiceDeps {
  search: SearchRepository;
  /** Absolute base of deep links; relative links without it. */
  publicBaseUrl: string | undefined;
  maxCandidates: number;
}

function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/** The query has nothing to look up: only stop words, punctuation or excluded words. */
function nothingToSearch(q: string): ValidationError {
  return new ValidationError(
    `query.q: "${q}" has nothing to search for (only stop words, punctuation or excluded words)`,
    [{ field: 'query.q', message: 'needs at least one word to look for that is not excluded' }],
  );
}

const searchable = (tree: string) => tree !== '' && tree !== 'T';

export function createSearchService(deps: SearchServiceDeps) {
  const base = (deps.publicBaseUrl ?? '').replace(/\/+$/, '');
  const planner = createSearchPlanner(deps.search);

  function toHit(row: HitRow): SearchHitDto {
    const episodeUrl = `${base}/v1/episodes/${encodeURIComponent(row.episodeSlug)}`;
    return {
      kind: row.kind,
      id: row.id,
      episodeId: row.episodeId,
      segmentId: row.segmentId,
      quoteId: row.quoteId,
      chapterId: row.chapterId,
      startMs: row.startMs,
      score: Number(row.score),
      snippet: toSnippet(row.headline),
      speaker:
        row.speakerId && row.speakerSlug && row.speakerName
          ? { id: row.speakerId, slug: row.speakerSlug, name: row.speakerName }
          : null,
      episode: { id: row.episodeId, slug: row.episodeSlug, title: row.episodeTitle },
      url: row.startMs === null ? episodeUrl : `${episodeUrl}#t=${seconds(row.startMs)}`,
    };
  }

  /** The query with its misspelled words corrected, when any could be. */
  async function correction(q: string): Promise<string | undefined> {
    const fixes = await deps.search.corrections(correctableWords(q));
    if (fixes.size === 0) return undefined;
    const text = applyCorrections(q, fixes);
    return text !== q && text.length <= MAX_CORRECTED_LENGTH ? text : undefined;
  }

  async function run(
    q: string,
    by: SearchOrder['by'],
    resolved: Resolved,
    page: { limit: number; cursor?: string | undefined },
    request: unknown,
  ): Promise<SearchResultsDto> {
    const binding = createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 12);
    let text = q;
    let order: SearchOrder = { by };
    if (page.cursor) {
      const cursor =
        by === 'rank' ? decodeCursor(page.cursor, RankCursor) : decodeCursor(page.cursor, TranscriptCursor);
      if (cursor[4] !== binding) {
        throw new ValidationError('query.cursor: the cursor belongs to another search', [
          { field: 'query.cursor', message: 'use the nextCursor of a previous page of this search' },
        ]);
      }
      text = cursor[3] ?? q;
      order =
        cursor[0] === 'r'
          ? { by: 'rank', after: { score: cursor[1], id: cursor[2] } }
          : { by: 'transcript', after: { pos: cursor[1], sub: cursor[2] } };
    }
    const hits = async ({ query, tree }: ParsedQuery) =>
      deps.search.hits({
        query,
        filters: resolved.filters,
        order,
        limit: page.limit,
        maxCandidates: deps.maxCandidates,
        plans: await planner.plans(tree, deps.maxCandidates + 1, narrows(resolved.filters)),
      });

    const parsed = await planner.parse(text);
    if (!searchable(parsed.tree)) throw nothingToSearch(q);
    let rows = await hits(parsed);
    // Few: the first page is also the last, and holds fewer than FEW_HITS.
    if (!page.cursor && rows.length <= page.limit && rows.length < FEW_HITS) {
      const corrected = await correction(q);
      const better = corrected === undefined ? undefined : await hits(await planner.parse(corrected));
      if (corrected !== undefined && better !== undefined && better.length > rows.length) {
        text = corrected;
        rows = better;
      }
    }

    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const last = shown.at(-1);
    const correctedText = text === q ? null : text;
    const nextCursor =
      more && last
        ? encodeCursor(
            by === 'rank'
              ? ['r', last.score, last.id, correctedText, binding]
              : ['t', last.pos, last.sub, correctedText, binding],
          )
        : null;
    return {
      data: shown.map(toHit),
      page: { nextCursor, limit: page.limit, candidatesCapped: rows[0]?.capped ?? false },
      ...(correctedText === null ? {} : { didYouMean: correctedText }),
      query: { q, searched: text, ...resolved.echo },
    };
  }

  return {
    /** Ranked hits across every episode. */
    async search(query: SearchQuery): Promise<SearchResultsDto> {
      const { limit, cursor, ...request } = query;
      const resolved = await resolveFilters(deps.search, query, query.episode, 'query');
      const range = publishedRange(query);
      if (range.publishedFrom) resolved.filters.publishedFrom = range.publishedFrom;
      if (range.publishedBefore) resolved.filters.publishedBefore = range.publishedBefore;
      resolved.echo.publishedFrom = query.publishedFrom ?? null;
      resolved.echo.publishedTo = query.publishedTo ?? null;
      return run(query.q, 'rank', resolved, { limit, cursor }, ['search', request]);
    },

    /** Hits inside one episode, in transcript order. */
    async searchEpisode(idOrSlug: string, query: EpisodeSearchQuery): Promise<SearchResultsDto> {
      const { limit, cursor, ...request } = query;
      const resolved = await resolveFilters(deps.search, query, idOrSlug, 'path');
      return run(query.q, 'transcript', resolved, { limit, cursor }, ['episode', idOrSlug, request]);
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
