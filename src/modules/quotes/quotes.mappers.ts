import type { Prisma } from '../../generated/prisma/client.js';
import { toChapterRef } from '../chapters/chapters.mappers.js';
import { episodeLink, toPersonDto, type RoleOf } from '../refs/refs.mappers.js';
import type { ChapterRefDto, EpisodeRefDto, PersonDto } from '../refs/refs.schemas.js';
import type { quoteCoreSelect, quoteSelect } from './quotes.repository.js';
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
