import type { RawChapter } from '../model.js';
import { linkChapters } from '../chapter-links.js';
import { type ChapterSegment, OPENING_MS, placeChapters } from './chapters.js';
import { estimateTimeline, type QuoteBound, type TimeAnchor, type Timeline } from './timing.js';

// Chapters and time depend on each other: a chapter is found partly by when it should start,
// and the clock is anchored on where the chapters start. So: a rough clock from the speaking
// rate and the quotes; chapters placed on it; the clock refitted on them; chapters placed
// again on the better clock; the final clock fitted on those.

export interface ClockInput {
  segments: (ChapterSegment & { wordCount: number })[];
  chapters: RawChapter[];
  quotes: QuoteBound[];
  totalWords: number;
}

export interface Clock {
  firstSegments: (number | null)[];
  /** With source times, each segment's chapter by time (as when chapters are replaced later). */
  segmentChapters?: (number | null)[];
  /** Absent when every segment carries its source times. */
  timeline?: Timeline;
  /** Anchors and quote times left out because they contradict the others. */
  dropped: number;
}

/** A placed chapter's start may be off by about this much (one standard deviation)… */
const CHAPTER_SIGMA_MS = 8_000;
/** …and never by more than this. */
const CHAPTER_WINDOW_MS = 45_000;
/** How far off the first, rate-only clock may be when chapters are placed on it. */
const ROUGH_TOLERANCE_MS = 120_000;
const FINE_TOLERANCE_MS = 60_000;

export function placeOnClock({ segments, chapters, quotes, totalWords }: ClockInput): Clock {
  if (segments.length > 0 && segments.every((s) => s.startMs !== undefined)) {
    const spans = segments.map((s, i) => ({
      startMs: s.startMs!,
      endMs: s.endMs ?? segments[i + 1]?.startMs ?? s.startMs!,
    }));
    const links = linkChapters(
      spans,
      chapters.map((c, j) => ({
        startMs: c.startMs,
        endMs: c.endMs ?? chapters[j + 1]?.startMs ?? Infinity,
      })),
    );
    return { firstSegments: links.firstSegment, segmentChapters: links.segmentChapter, dropped: 0 };
  }
  const fixed = segments.flatMap((s) =>
    s.startMs !== undefined ? [{ word: s.wordStart, ms: s.startMs }] : [],
  );
  // The audio starts with the first segment — the teaser, when there is one.
  if (segments[0]?.startMs === undefined) fixed.unshift({ word: 0, ms: 0 });
  // A chapter at the very start adds nothing to the start of the audio, which is fixed.
  const anchorsFor = (placed: (number | null)[]): TimeAnchor[] =>
    placed.flatMap((s, j) =>
      s === null || chapters[j]!.startMs <= OPENING_MS
        ? []
        : [
            {
              word: segments[s]!.wordStart,
              ms: chapters[j]!.startMs,
              sigmaMs: CHAPTER_SIGMA_MS,
              windowMs: CHAPTER_WINDOW_MS,
            },
          ],
    );
  const fit = (anchors: TimeAnchor[]) => estimateTimeline({ totalWords, anchors, quotes, fixed });
  const rough = fit([]);
  const firstPass = placeChapters(chapters, segments, rough.at, ROUGH_TOLERANCE_MS);
  const better = fit(anchorsFor(firstPass));
  const firstSegments = placeChapters(chapters, segments, better.at, FINE_TOLERANCE_MS);
  const timeline = fit(anchorsFor(firstSegments));
  return { firstSegments, timeline, dropped: timeline.dropped };
}
