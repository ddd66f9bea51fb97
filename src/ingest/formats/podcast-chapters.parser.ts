import { z } from 'zod';
import { IngestError } from '../errors.js';
import type { IngestWarning, RawChapter } from '../model.js';
import { squash } from './cue-text.js';
import { firstIssue, keyLines, readJson } from './json-source.js';
import { WarningTally } from './warning-tally.js';

// Podcasting 2.0 JSON chapters (https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md):
// { "version": "1.2.0", "chapters": [{ "startTime": 0, "title": "Intro", "endTime"?, "img"?, "url"?, "toc"? }] }
// Times are seconds. Chapters come beside a transcript (<base>.chapters.json), inside its
// sidecar, or uploaded for an episode already stored; all three are read here.

const seconds = (what: string) =>
  z
    .number({ error: `expected the ${what} in seconds (a number)` })
    .min(0, `the ${what} cannot be negative`)
    .max(360_000, `the ${what} is more than 100 hours`);

export const PodcastChapterSchema = z
  .object({
    startTime: seconds('start').describe('When the chapter starts, in seconds from the start of the audio'),
    endTime: seconds('end')
      .optional()
      .describe('When the chapter ends, in seconds; defaults to the next start'),
    title: z.string().max(300).optional().describe('Chapter title; chapters without one are skipped'),
    img: z.string().max(2000).optional().describe('Chapter artwork URL (accepted, not stored)'),
    url: z.string().max(2000).optional().describe('A web page for the chapter (accepted, not stored)'),
    toc: z
      .boolean()
      .optional()
      .describe('false: a silent chapter, not part of the table of contents (skipped)'),
  })
  .loose();

export const PodcastChaptersSchema = z
  .object({
    version: z.string().max(20).optional().describe('Version of the chapters format, e.g. "1.2.0"'),
    chapters: z.array(PodcastChapterSchema).max(1000).describe('Chapters in time order'),
  })
  .loose();

export type PodcastChapters = z.infer<typeof PodcastChaptersSchema>;

export interface ParsedChapters {
  chapters: RawChapter[];
  warnings: IngestWarning[];
}

export function isChaptersDocument(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { chapters?: unknown }).chapters)
  );
}

/** A parsed JSON value → chapters in time order, or an `invalid-chapters` error naming the JSON path. */
export function readChapters(value: unknown, source: string, lines: number[] = []): ParsedChapters {
  const parsed = PodcastChaptersSchema.safeParse(Array.isArray(value) ? { chapters: value } : value);
  if (!parsed.success) {
    const { path, message } = firstIssue(parsed.error);
    const at = /^chapters\[(\d+)\]/.exec(path)?.[1];
    throw new IngestError(
      'invalid-chapters',
      `${path}: ${message}`,
      source,
      at !== undefined ? lines[Number(at)] : undefined,
    );
  }
  const warnings = new WarningTally();
  const read: RawChapter[] = [];
  parsed.data.chapters.forEach((c, index) => {
    const line = lines[index];
    const where = { ...(line !== undefined ? { line } : {}) };
    const title = squash(c.title ?? '');
    if (c.toc === false) {
      warnings.add('silent-chapters-skipped', 'skipped chapters marked "toc": false', line);
      return;
    }
    if (!title) {
      warnings.add('untitled-chapters-skipped', 'skipped chapters with no title', line);
      return;
    }
    if (c.endTime !== undefined && c.endTime < c.startTime) {
      throw new IngestError(
        'invalid-chapters',
        `chapters[${index}]: endTime (${c.endTime} s) is before startTime (${c.startTime} s)`,
        source,
        line,
      );
    }
    const startMs = Math.round(c.startTime * 1000);
    const endMs =
      c.endTime !== undefined && c.endTime > c.startTime ? Math.round(c.endTime * 1000) : undefined;
    read.push({ title, startMs, ...(endMs !== undefined ? { endMs } : {}), ...where });
  });
  const chapters = settleChapters(read, warnings);
  return { chapters, warnings: warnings.toWarnings() };
}

/**
 * Chapters from any source put in order: sorted by start, a second chapter at the same time
 * dropped, an end that runs into the next chapter clipped — each with a warning.
 */
export function settleChapters(input: RawChapter[], warnings: WarningTally): RawChapter[] {
  const sorted = input
    .map((c, index) => ({ c, index }))
    .sort((a, b) => a.c.startMs - b.c.startMs || a.index - b.index);
  if (sorted.some((s, i) => s.index !== i)) {
    warnings.add('chapters-reordered', 'chapters were not in time order; sorted them', sorted[0]?.c.line);
  }
  const chapters: RawChapter[] = [];
  for (const { c: original } of sorted) {
    const { endMs, ...rest } = original;
    const c = { ...rest, title: squash(rest.title) };
    const chapter: RawChapter = endMs !== undefined && endMs > c.startMs ? { ...c, endMs } : c;
    const previous = chapters.at(-1);
    if (previous && previous.startMs === chapter.startMs) {
      warnings.add(
        'duplicate-chapter',
        `two chapters start at the same time; kept "${previous.title}"`,
        chapter.line,
      );
      continue;
    }
    if (previous?.endMs !== undefined && previous.endMs > chapter.startMs) {
      previous.endMs = chapter.startMs;
      warnings.add(
        'chapter-overlap-clipped',
        'a chapter ended after the next one started; clipped it',
        chapter.line,
      );
    }
    chapters.push(chapter);
  }
  return chapters;
}

/** The text of a `.chapters.json` file (or an upload) → chapters. */
export function parseChaptersJson(text: string, source: string): ParsedChapters {
  const value = readJson(text.replace(/^\uFEFF/, ''), source, 'invalid-chapters');
  return readChapters(value, source, keyLines(text, 'startTime'));
}
