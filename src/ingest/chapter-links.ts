// Chapters and segments are tied by time: a segment belongs to the chapter its start falls in,
// and a chapter's first segment is where a player jumps to. Used when an episode is understood
// and again when its chapters are replaced.

export interface Span {
  startMs: number;
  endMs: number;
}

export interface ChapterLinks {
  /** For each segment, the index of its chapter, or null outside every chapter. */
  segmentChapter: (number | null)[];
  /** For each chapter, the index of its first segment, or null when no speech falls in it. */
  firstSegment: (number | null)[];
}

/** Links segments (in order) to chapters (in time order, not overlapping). */
export function linkChapters(segments: Span[], chapters: Span[]): ChapterLinks {
  const segmentChapter = segments.map((s) => {
    let found: number | null = null;
    for (let c = 0; c < chapters.length && chapters[c]!.startMs <= s.startMs; c++) {
      found = s.startMs < chapters[c]!.endMs ? c : null;
    }
    return found;
  });
  const firstSegment = chapters.map((chapter, c) => {
    const own = segmentChapter.indexOf(c);
    if (own >= 0) return own;
    // A chapter that starts and ends inside one long turn: that turn is where it is heard.
    const containing = segments.findIndex((s) => s.startMs <= chapter.startMs && chapter.startMs < s.endMs);
    return containing >= 0 ? containing : null;
  });
  return { segmentChapter, firstSegment };
}
