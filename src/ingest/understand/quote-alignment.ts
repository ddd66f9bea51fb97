import { stem, STOP_WORDS, type Token, tokenize } from './tokens.js';

// Finds where a summary quote was said. Editors trim quotes ("…" marks a cut), change
// typography (’ vs ', — vs ,) and lightly reword; so the quote is split at its ellipses and
// each piece is aligned word by word (semi-global edit distance: the piece must be matched
// whole, the segment only in part), in order, inside one segment.

export interface QuoteAlignment {
  segment: number;
  charStart: number;
  charEnd: number;
  /** Index of the first aligned word inside the segment. */
  wordStart: number;
  /** 0..1: share of the quote's words found in place. */
  score: number;
}

/** Below this a location is a guess, not an alignment. */
export const MIN_ALIGNMENT_SCORE = 0.6;
/** How many words a later piece may skip after the previous one before it is doubtful. */
const MAX_GAP_WORDS = 120;

/**
 * One word despite a plural, an -ing or a one-letter slip in a longer word. Takes each word
 * with its stem, computed once per text rather than once per comparison.
 */
function sameWord(a: string, aStem: string, b: string, bStem: string): boolean {
  if (a === b || aStem === bStem) return true;
  return a.length >= 5 && b.length >= 5 && oneEditApart(a, b);
}

/** Whether one substitution, insertion or deletion turns `a` into `b` (they differ). */
function oneEditApart(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  // Past the first difference, the rest must agree: shifted by one when the lengths differ.
  const skip = a.length === b.length ? 1 : 0;
  for (let j = i + 1; j < a.length; j++) if (a[j] !== b[j - 1 + skip]) return false;
  return true;
}

/** Words with their stems, as the aligner compares them. */
interface Stemmed {
  words: string[];
  stems: string[];
}

function stemmed(words: string[]): Stemmed {
  return { words, stems: words.map(stem) };
}

/**
 * A segment's words as indexes into its vocabulary: a quote word is compared with each
 * distinct word once, and the alignment itself reads numbers.
 */
interface Indexed {
  vocabulary: Stemmed;
  ids: Int32Array;
}

function indexed(words: string[]): Indexed {
  const index = new Map<string, number>();
  const distinct: string[] = [];
  const ids = new Int32Array(words.length);
  words.forEach((w, k) => {
    let id = index.get(w);
    if (id === undefined) {
      id = distinct.length;
      index.set(w, id);
      distinct.push(w);
    }
    ids[k] = id;
  });
  return { vocabulary: stemmed(distinct), ids };
}

/** The quote's pieces between ellipses, as words. */
export function quotePieces(text: string): string[][] {
  return text
    .split(/\.{2,}|…/)
    .map((piece) => tokenize(piece).map((t) => t.norm))
    .filter((words) => words.length > 0);
}

interface PieceMatch {
  start: number;
  end: number;
  cost: number;
}

/** Best place for `piece` in `words[from..to)`: the lowest edit cost, earliest on ties. */
function alignPiece(piece: Stemmed, words: Indexed, from: number, to: number): PieceMatch | null {
  const n = to - from;
  if (n <= 0) return null;
  const m = piece.words.length;
  const { vocabulary, ids } = words;
  // cost[j] / origin[j]: best cost of aligning the piece's first i words ending at word j,
  // and where that alignment started. Two rows, reused.
  let cost = new Int32Array(n + 1);
  let origin = Int32Array.from({ length: n + 1 }, (_, j) => j);
  let nextCost = new Int32Array(n + 1);
  let nextOrigin = new Int32Array(n + 1);
  const same = new Uint8Array(vocabulary.words.length);
  for (let i = 1; i <= m; i++) {
    const a = piece.words[i - 1]!;
    const aStem = piece.stems[i - 1]!;
    for (let v = 0; v < same.length; v++)
      same[v] = sameWord(a, aStem, vocabulary.words[v]!, vocabulary.stems[v]!) ? 1 : 0;
    nextCost[0] = i;
    nextOrigin[0] = 0;
    for (let j = 1; j <= n; j++) {
      const sub = cost[j - 1]! + 1 - same[ids[from + j - 1]!]!;
      const del = cost[j]! + 1;
      const ins = nextCost[j - 1]! + 1;
      if (sub <= del && sub <= ins) {
        nextCost[j] = sub;
        nextOrigin[j] = origin[j - 1]!;
      } else if (del <= ins) {
        nextCost[j] = del;
        nextOrigin[j] = origin[j]!;
      } else {
        nextCost[j] = ins;
        nextOrigin[j] = nextOrigin[j - 1]!;
      }
    }
    [cost, nextCost] = [nextCost, cost];
    [origin, nextOrigin] = [nextOrigin, origin];
  }
  let best = 1;
  for (let j = 2; j <= n; j++) if (cost[j]! < cost[best]!) best = j;
  const start = Math.min(origin[best]!, best - 1);
  return { start: from + start, end: from + best, cost: cost[best]! };
}

/** Aligns a quote inside one segment's words; null when no piece fits at all. */
export function alignInSegment(pieces: string[][], words: Token[]): Omit<QuoteAlignment, 'segment'> | null {
  return alignStemmed(pieces.map(stemmed), words, indexed(words.map((w) => w.norm)));
}

function alignStemmed(
  pieces: Stemmed[],
  tokens: Token[],
  words: Indexed,
): Omit<QuoteAlignment, 'segment'> | null {
  const total = pieces.reduce((n, p) => n + p.words.length, 0);
  if (total === 0 || tokens.length === 0) return null;
  let from = 0;
  let matched = 0;
  let first: PieceMatch | undefined;
  let last: PieceMatch | undefined;
  for (const piece of pieces) {
    const length = piece.words.length;
    const to = first ? Math.min(tokens.length, from + MAX_GAP_WORDS + length * 2) : tokens.length;
    const found = alignPiece(piece, words, from, to);
    if (!found) continue;
    const pieceScore = Math.max(0, 1 - found.cost / length);
    // A piece that cannot be found counts as missing rather than dragging the match away.
    if (pieceScore < 0.5) continue;
    matched += pieceScore * length;
    first ??= found;
    last = found;
    from = found.end;
  }
  if (!first || !last) return null;
  return {
    charStart: tokens[first.start]!.start,
    charEnd: tokens[last.end - 1]!.end,
    wordStart: first.start,
    score: Math.round((matched / total) * 1000) / 1000,
  };
}

/** Cheap pre-filter: the share of the quote's distinct content words found in the segment. */
function overlap(quoteWords: Set<string>, segmentWords: Set<string>): number {
  let hit = 0;
  for (const w of quoteWords) if (segmentWords.has(w)) hit++;
  return quoteWords.size ? hit / quoteWords.size : 0;
}

/** Only the segments sharing most words with a quote are aligned word by word. */
const MAX_CANDIDATES = 8;

/**
 * Aligns quotes against one transcript's segments: the segments' stems are computed once and
 * shared by every quote. Each call gives every segment where the quote aligns at least
 * MIN_ALIGNMENT_SCORE, best first; the choice among near-equal places (a teaser repeats
 * words said later) is left to the caller.
 */
export function quoteAligner(segments: Token[][]): (text: string) => QuoteAlignment[] {
  const words = segments.map((tokens) => indexed(tokens.map((w) => w.norm)));
  const stemSets = words.map((w) => new Set(w.vocabulary.stems));
  return (text) => {
    const pieces = quotePieces(text).map(stemmed);
    const all = new Set(pieces.flatMap((p) => p.stems));
    const content = new Set([...all].filter((w) => !STOP_WORDS.has(w)));
    const quoteWords = content.size >= 3 ? content : all;
    const results: QuoteAlignment[] = [];
    stemSets
      .map((set, segment) => ({ segment, share: overlap(quoteWords, set) }))
      .filter((c) => c.share >= MIN_ALIGNMENT_SCORE)
      .sort((a, b) => b.share - a.share)
      .slice(0, MAX_CANDIDATES)
      .forEach(({ segment }) => {
        const found = alignStemmed(pieces, segments[segment]!, words[segment]!);
        if (found && found.score >= MIN_ALIGNMENT_SCORE) results.push({ segment, ...found });
      });
    return results.sort((a, b) => b.score - a.score || a.segment - b.segment);
  };
}
