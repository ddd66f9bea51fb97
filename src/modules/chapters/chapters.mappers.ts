import type { Prisma } from '../../generated/prisma/client.js';
import type { ChapterRefDto } from '../refs/refs.schemas.js';
import type { chapterSelect } from './chapters.repository.js';
import type { ChapterDto, PodcastChaptersDto } from './chapters.schemas.js';

export type ChapterRow = Prisma.ChapterGetPayload<{ select: typeof chapterSelect }>;

export function toChapterDto(row: ChapterRow): ChapterDto {
  return {
    id: row.id,
    ordinal: row.ordinal,
    title: row.title,
    startMs: row.startMs,
    endMs: row.endMs,
    firstSegmentId: row.firstSegmentId,
  };
}

export function toChapterRef(row: { id: string; ordinal: number; title: string }): ChapterRefDto {
  return { id: row.id, ordinal: row.ordinal, title: row.title };
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** The Podcasting 2.0 JSON chapters document (version 1.2.0) of an episode's chapters. */
export function toPodcastChapters(rows: ChapterRow[]): PodcastChaptersDto {
  return {
    version: '1.2.0',
    chapters: rows.map((c) => ({
      startTime: seconds(c.startMs),
      endTime: seconds(Math.max(c.endMs, c.startMs)),
      title: c.title,
    })),
  };
}
