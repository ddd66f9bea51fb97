import type { RawQuote } from '../model.js';
import type { QuoteAlignment } from './quote-alignment.js';
import { tokenize } from './tokens.js';

// Summary quotes: the same words at the same stated time are one quote (a summary often
// lists a quote once plainly and again under a theme heading — the heading is kept).

export interface UniqueQuote extends RawQuote {
  /** Source lines of every copy, for warnings. */
  lines: number[];
}

function sameWords(a: string, b: string): boolean {
  const x = tokenize(a).map((t) => t.norm);
  const y = tokenize(b).map((t) => t.norm);
  if (x.join(' ') === y.join(' ')) return true;
  // Light edits between the two copies (a dropped "And", a changed comma) still make one quote.
  const shared = new Set(x.filter((w) => y.includes(w)));
  const similarity = (2 * shared.size) / (new Set(x).size + new Set(y).size);
  return similarity >= 0.9 && Math.abs(x.length - y.length) <= Math.max(2, x.length / 10);
}

export function dedupeQuotes(quotes: RawQuote[]): UniqueQuote[] {
  const unique: UniqueQuote[] = [];
  for (const q of quotes) {
    const twin = unique.find((u) => u.statedMs === q.statedMs && sameWords(u.text, q.text));
    if (!twin) {
      unique.push({ ...q, lines: [q.line] });
      continue;
    }
    twin.lines.push(q.line);
    if (!twin.theme && q.theme) twin.theme = q.theme;
    if (!twin.attribution && q.attribution) twin.attribution = q.attribution;
  }
  return unique;
}

/** Alignments this much below the best are still contenders for "where it was said". */
const CONTENDER_MARGIN = 0.1;

/**
 * Picks where a quote was said among its alignments: the best text match, except that among
 * near-equal matches a teaser (a clip repeated later) loses, and the place whose rough time
 * is nearest the stated time wins.
 */
export function chooseAlignment(
  candidates: QuoteAlignment[],
  statedMs: number | undefined,
  isTeaser: (segment: number) => boolean,
  roughMs: (segment: number, word: number) => number,
): QuoteAlignment | null {
  const best = candidates[0];
  if (!best) return null;
  const contenders = candidates.filter((c) => c.score >= best.score - CONTENDER_MARGIN);
  const pool = contenders.some((c) => !isTeaser(c.segment))
    ? contenders.filter((c) => !isTeaser(c.segment))
    : contenders;
  if (statedMs === undefined) return pool[0]!;
  const distance = (c: QuoteAlignment) => Math.abs(roughMs(c.segment, c.wordStart) - statedMs);
  return pool.reduce((a, b) => (distance(b) < distance(a) ? b : a));
}
