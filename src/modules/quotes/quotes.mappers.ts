import type { Prisma } from '../../generated/prisma/client.js';
import { toChapterRef } from '../chapters/chapters.mappers.js';
import { episodeLink, speakerOf, toPersonDto, type RoleOf } from '../refs/refs.mappers.js';
import type { ChapterRefDto, EpisodeRefDto, PersonDto } from '../refs/refs.schemas.js';
import type { CitableQuoteRow, quoteCoreSelect, quoteSelect } from './quotes.repository.js';
import type { QuoteDto } from './quotes.schemas.js';

export type QuoteCoreRow = Prisma.QuoteGetPayload<{ select: typeof quoteCoreSelect }>;
export type QuoteRow = Prisma.QuoteGetPayload<{ select: typeof quoteSelect }>;

export interface QuoteContext {
  episode: EpisodeRefDto;
  speaker: PersonDto | null;
  chapter: ChapterRefDto | null;
  baseUrl: string | undefined;
}

export function toQuoteDto(row: QuoteCoreRow, ctx: QuoteContext): QuoteDto {
  return {
    id: row.id,
    episodeId: row.episodeId,
    ordinal: row.ordinal,
    text: row.text,
    theme: row.theme,
    speaker: ctx.speaker,
    attributedName: row.attributedName,
    statedMs: row.statedMs,
    segmentId: row.segmentId,
    chapterId: row.chapterId,
    startMs: row.startMs,
    alignment: { score: row.alignmentScore, charStart: row.charStart, charEnd: row.charEnd },
    episode: ctx.episode,
    chapter: ctx.chapter,
    url: episodeLink(ctx.baseUrl, ctx.episode.slug, row.startMs ?? row.statedMs),
  };
}

/** A quote loaded with its relations, as a citable object on its own. */
export function toCitableQuoteDto(row: QuoteRow, roleOf: RoleOf, baseUrl: string | undefined): QuoteDto {
  return toQuoteDto(row, {
    episode: { id: row.episode.id, slug: row.episode.slug, title: row.episode.title },
    speaker: row.person ? toPersonDto(row.person, roleOf(row.episodeId, row.person.id)) : null,
    chapter: row.chapter ? toChapterRef(row.chapter) : null,
    baseUrl,
  });
}

/** A citable quote from its flat row, in one pass (the quote listing maps hundreds a second). */
export function toQuoteDtoFromRow(r: CitableQuoteRow, baseUrl: string | undefined): QuoteDto {
  return {
    id: r.id,
    episodeId: r.episodeId,
    ordinal: r.ordinal,
    text: r.text,
    theme: r.theme,
    speaker: speakerOf(r),
    attributedName: r.attributedName,
    statedMs: r.statedMs,
    segmentId: r.segmentId,
    chapterId: r.chapterId,
    startMs: r.startMs,
    alignment: { score: r.alignmentScore, charStart: r.charStart, charEnd: r.charEnd },
    episode: { id: r.episodeId, slug: r.episodeSlug, title: r.episodeTitle },
    chapter:
      r.chapterId !== null && r.chapterOrdinal !== null && r.chapterTitle !== null
        ? { id: r.chapterId, ordinal: r.chapterOrdinal, title: r.chapterTitle }
        : null,
    url: episodeLink(baseUrl, r.episodeSlug, r.startMs ?? r.statedMs),
  };
}
