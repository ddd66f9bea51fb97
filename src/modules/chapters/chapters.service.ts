import { linkChapters } from '../../ingest/chapter-links.js';
import { parseChaptersJson, readChapters } from '../../ingest/formats/podcast-chapters.parser.js';
import { decodeText } from '../../ingest/formats/decode.js';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { cursorFields, decodeCursor, pageOf } from '../../lib/pagination.js';
import { toChapterDto, toPodcastChapters } from './chapters.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
import type { ChaptersRepository } from './chapters.repository.js';
import type { ChapterListQuerySchema, ReplacedChaptersDto } from './chapters.schemas.js';

const SOURCE = 'request body';
const DEFAULT_LIMIT = 100;
const Cursor = z.tuple([z.literal('chapters'), cursorFields.int()]);

type ChapterListQuery = z.output<typeof ChapterListQuerySchema>;

/** Chapters as uploaded: raw bytes or text of a chapters file, or an already parsed JSON body. */
export type ChaptersContent = Buffer | string | object;

function parse(content: ChaptersContent) {
  if (Buffer.isBuffer(content)) return parseChaptersJson(decodeText(content, SOURCE), SOURCE);
  if (typeof content === 'string') return parseChaptersJson(content, SOURCE);
  return readChapters(content, SOURCE);
}

export function createChaptersService(deps: { refs: RefsService; chapters: ChaptersRepository }) {
  const repo = deps.chapters;
  const episode = deps.refs.episode;

  return {
    /** A page of an episode's chapters, in order. */
    async list(idOrSlug: string, q: ChapterListQuery) {
      const after = q.cursor ? decodeCursor(q.cursor, Cursor)[1] : undefined;
      const limit = q.limit ?? DEFAULT_LIMIT;
      const { id } = await episode(idOrSlug);
      const rows = await repo.listForEpisode(id, { afterOrdinal: after, limit });
      const page = pageOf(rows, limit, (r) => ['chapters', r.ordinal]);
      return { data: page.rows.map(toChapterDto), page: { nextCursor: page.nextCursor, limit } };
    },

    /** Every chapter as one Podcasting 2.0 document: players load it whole, so it has no pages. */
    async podcast(idOrSlug: string, q: ChapterListQuery) {
      const paged = (['limit', 'cursor'] as const).filter((k) => q[k] !== undefined);
      if (paged.length > 0) {
        throw new ValidationError(
          `query.${paged[0]}: the Podcasting 2.0 chapters document is never paged; drop ${paged.join(' and ')} or use format=json`,
          paged.map((k) => ({ field: `query.${k}`, message: 'not allowed with format=podcast-json' })),
        );
      }
      const { id } = await episode(idOrSlug);
      return toPodcastChapters(await repo.listForEpisode(id));
    },

    /**
     * Replaces an episode's chapters with Podcasting 2.0 JSON chapters, in one transaction:
     * parse and check them, swap them in, re-link every segment and quote to the chapter it
     * falls in, and record the change in the change feed. Bad chapters change nothing.
     */
    async replaceChapters(idOrSlug: string, content: ChaptersContent): Promise<ReplacedChaptersDto> {
      const parsed = parse(content);
      return repo.transaction(async (tx) => {
        const episode = await repo.lockEpisode(tx, idOrSlug);
        if (!episode) throw new NotFoundError('episode', idOrSlug);
        const segments = await repo.segments(tx, episode.id);
        const lastEnd = Math.max(episode.durationMs, segments.at(-1)?.endMs ?? 0);
        const warnings = parsed.warnings.map(({ code, message }) => ({ code, message }));
        const late = parsed.chapters.filter((c) => lastEnd > 0 && c.startMs >= lastEnd).length;
        if (late) {
          // Estimated durations can be short of the real audio, so this is a warning, not a refusal.
          warnings.push({
            code: 'chapters-after-speech',
            message: `${late} chapter(s) start after the last segment ends (${lastEnd / 1000} s)`,
          });
        }
        // The last chapter runs to the end of the episode, however long the audio really is: an
        // estimated duration must not leave the last moments outside every chapter.
        const open = parsed.chapters.map((c, i) => ({
          title: c.title,
          startMs: c.startMs,
          endMs: c.endMs ?? parsed.chapters[i + 1]?.startMs ?? Number.POSITIVE_INFINITY,
        }));
        const spans = open.map((c) => ({
          ...c,
          endMs: Number.isFinite(c.endMs) ? c.endMs : Math.max(lastEnd, c.startMs),
        }));
        const links = linkChapters(segments, open);
        const segmentIndex = new Map(segments.map((s, i) => [s.id, i]));
        const quotes = await repo.quotes(tx, episode.id);
        const quoteChapter = quotes.map((q) => {
          const at = q.segmentId !== null ? segmentIndex.get(q.segmentId) : undefined;
          if (at !== undefined) return { id: q.id, chapter: links.segmentChapter[at] ?? null };
          const ms = q.startMs ?? q.statedMs;
          const chapter = ms === null ? -1 : open.findIndex((c) => c.startMs <= ms && ms < c.endMs);
          return { id: q.id, chapter: chapter >= 0 ? chapter : null };
        });
        const rows = await repo.replace(
          tx,
          episode.id,
          spans.map((c, i) => ({ ...c, firstSegment: links.firstSegment[i] ?? null })),
          segments.map((s) => s.id),
          links.segmentChapter,
          quoteChapter,
        );
        await repo.recordChange(tx, episode);
        return { data: rows, warnings };
      });
    },
  };
}

export type ChaptersService = ReturnType<typeof createChaptersService>;
