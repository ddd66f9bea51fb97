import type { RawChapter, SegmentKind } from '../model.js';
import { STOP_WORDS, stem, type Token, tokenize } from './tokens.js';

// Where each chapter begins when the source has no times (with times, chapters are linked by
// time: ../chapter-links.ts). It is found by what the chapter is about and when it should begin: title
// words matched against segments (rarer words count more), closeness to the time the words
// spoken so far suggest, and order — chapters begin in order, in distinct segments.

export interface ChapterSegment {
  tokens: Token[];
  text: string;
  kind: SegmentKind;
  /** Words spoken before this segment. */
  wordStart: number;
  startMs?: number;
  endMs?: number;
}

/** Chapters starting this early start with the audio itself. */
export const OPENING_MS = 1_000;
const INTRO_TITLE = /^\s*(?:intro(?:duction)?|welcome|opening|cold open|teaser)\b/i;

function keywords(text: string): string[] {
  return [
    ...new Set(
      tokenize(text)
        .map((t) => stem(t.norm))
        .filter((w) => w.length > 1 && !STOP_WORDS.has(w)),
    ),
  ];
}

/**
 * Chooses each chapter's first segment: the order-respecting assignment (strictly increasing
 * segments) that maximises title similarity plus time proximity, by dynamic programming.
 */
export function placeChapters(
  chapters: RawChapter[],
  segments: ChapterSegment[],
  timeOf: (word: number) => number,
  toleranceMs: number,
): (number | null)[] {
  const n = segments.length;
  const k = chapters.length;
  if (k === 0) return [];
  if (n < k) return chapters.map((_, i) => (i < n ? i : null));
  const titleWords = chapters.map((c) => keywords(c.title));
  // Only the titles' words are looked for: each segment keeps those it says, and how many
  // segments say each is all the weighting needs.
  const wanted = new Set(titleWords.flat());
  const stems = segments.map((s) => {
    const said = new Set<string>();
    for (const t of s.tokens) {
      const w = stem(t.norm);
      if (wanted.has(w)) said.add(w);
    }
    return said;
  });
  const df = new Map<string, number>();
  for (const set of stems) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log(1 + n / (1 + (df.get(w) ?? 0)));
  const firstIntro = segments.findIndex((s) => s.kind === 'intro');
  const asks = segments.map((s) => s.text.includes('?'));

  const titles = chapters.map((c, j) => {
    const words = titleWords[j]!.map((w) => ({ w, idf: idf(w) }));
    return { words, total: words.reduce((sum, x) => sum + x.idf, 0), intro: INTRO_TITLE.test(c.title) };
  });

  const score = (j: number, i: number): number => {
    const c = chapters[j]!;
    const s = segments[i]!;
    const { words, total, intro } = titles[j]!;
    // A chapter usually opens with a question, whose answer speaks of the chapter as much.
    const follow = asks[i] ? 1 : 0.5;
    let found = 0;
    for (const { w, idf: weight } of words)
      found += weight * (stems[i]!.has(w) ? 1 : stems[i + 1]?.has(w) ? follow : 0);
    const similarity = total > 0 ? found / total : 0;
    const offset = (timeOf(s.wordStart) - c.startMs) / toleranceMs;
    const proximity = Math.exp(-0.5 * offset * offset);
    let bonus = asks[i] ? 0.1 : 0;
    if (intro && i === firstIntro) bonus += 1;
    // A chapter at the very start holds whatever opens the episode, teaser included.
    if (c.startMs <= OPENING_MS && i === 0) bonus += 2;
    if (s.kind === 'teaser' && c.startMs > 0) bonus -= 1;
    return similarity + proximity + bonus;
  };

  // best[j][i]: best total for chapters 0..j with chapter j starting at segment i.
  const best: number[][] = [];
  const from: number[][] = [];
  for (let j = 0; j < k; j++) {
    best.push(new Array<number>(n).fill(-Infinity));
    from.push(new Array<number>(n).fill(-1));
    let runMax = -Infinity;
    let runArg = -1;
    for (let i = j; i <= n - (k - j); i++) {
      if (j > 0 && best[j - 1]![i - 1]! > runMax) {
        runMax = best[j - 1]![i - 1]!;
        runArg = i - 1;
      }
      const before = j === 0 ? 0 : runMax;
      if (before === -Infinity) continue;
      best[j]![i] = before + score(j, i);
      from[j]![i] = runArg;
    }
  }
  const placed = new Array<number | null>(k).fill(null);
  let i = best[k - 1]!.indexOf(Math.max(...best[k - 1]!));
  for (let j = k - 1; j >= 0 && i >= 0; j--) {
    placed[j] = i;
    i = from[j]![i]!;
  }
  return placed;
}
