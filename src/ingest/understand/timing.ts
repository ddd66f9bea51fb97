// Time from words. Without per-turn times, a segment's time is estimated from how many words
// were spoken before it: cumulative words → milliseconds, a monotonic piecewise-linear
// mapping fitted to anchors — chapter starts placed on segments, the quotes' stated times —
// as the smoothest path a steady speaker would take (a random walk around one speaking rate:
// between anchors it is a straight line, so time is interpolated by words; before and after
// them it runs at the rate the anchors themselves show).

export interface TimeAnchor {
  /** Words spoken before the anchored moment. */
  word: number;
  ms: number;
  /** How far off the anchor's time may be (one standard deviation). */
  sigmaMs: number;
  /** The estimate must land within ± this of the anchor, or the anchor is dropped. */
  windowMs: number;
}

/**
 * A stated quote time: the quote's own words start at or after it, and the segment holding
 * the quote starts at or before it (editors cite the start of the passage a quote is in).
 */
export interface QuoteBound {
  segmentWord: number;
  quoteWord: number;
  ms: number;
}

export interface TimelineInput {
  totalWords: number;
  anchors: TimeAnchor[];
  quotes: QuoteBound[];
  /** Moments known exactly: the start of the audio, turns with source times. */
  fixed: { word: number; ms: number }[];
}

export interface Timeline {
  at(word: number): number;
  msPerWord: number;
  durationMs: number;
  /** Anchors and quote bounds left out because they contradict the others. */
  dropped: number;
}

export const DEFAULT_WORDS_PER_MINUTE = 160;
const FASTEST_WPM = 320;
const SLOWEST_WPM = 60;
/** Spread of a steady speaker's drift from their own rate: ms² per word (≈ 30 s per 1000 words). */
const DRIFT_VARIANCE = 900_000;
/** Tolerance on the quote bounds: editors round times. */
const QUOTE_SLACK_MS = 10_000;
/** Anchor pairs closer than this tell little about the speaking rate. */
const MIN_RATE_SPAN_WORDS = 150;

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

/** Speaking rate (ms per word) from anchor pairs far enough apart: the median slope. */
export function fitRate(points: { word: number; ms: number }[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i]!;
      const b = points[j]!;
      if (Math.abs(b.word - a.word) >= MIN_RATE_SPAN_WORDS) slopes.push((b.ms - a.ms) / (b.word - a.word));
    }
  }
  const rate = median(slopes.filter((s) => s > 0)) ?? 60_000 / DEFAULT_WORDS_PER_MINUTE;
  return Math.min(60_000 / SLOWEST_WPM, Math.max(60_000 / FASTEST_WPM, rate));
}

/** Can two timed points both be right, given how fast and slow people speak? */
function compatible(
  a: { word: number; ms: number },
  b: { word: number; ms: number },
  slack: number,
): boolean {
  const [x, y] = a.word <= b.word ? [a, b] : [b, a];
  const dt = y.ms - x.ms;
  const dw = y.word - x.word;
  return dt >= (dw * 60_000) / FASTEST_WPM - slack && dt <= (dw * 60_000) / SLOWEST_WPM + slack;
}

/** The heaviest subset of anchors that agree with one another (and with the fixed points). */
export function consistentAnchors(
  anchors: TimeAnchor[],
  fixed: { word: number; ms: number }[],
): TimeAnchor[] {
  const ok = anchors
    .filter((a) => fixed.every((f) => compatible(a, f, a.windowMs)))
    .sort((a, b) => a.word - b.word || a.ms - b.ms);
  const weight = (a: TimeAnchor) => 1 / (a.sigmaMs * a.sigmaMs);
  const best = ok.map(weight);
  const prev = ok.map(() => -1);
  for (let j = 0; j < ok.length; j++) {
    for (let i = 0; i < j; i++) {
      if (!compatible(ok[i]!, ok[j]!, ok[i]!.windowMs + ok[j]!.windowMs)) continue;
      if (best[i]! + weight(ok[j]!) > best[j]!) {
        best[j] = best[i]! + weight(ok[j]!);
        prev[j] = i;
      }
    }
  }
  const chain: TimeAnchor[] = [];
  let k = best.indexOf(Math.max(...best));
  while (k >= 0) {
    chain.unshift(ok[k]!);
    k = prev[k]!;
  }
  return chain;
}

/** Solves a tridiagonal system in place (Thomas algorithm). */
function solveTridiagonal(a: number[], b: number[], c: number[], d: number[]): number[] {
  const n = b.length;
  for (let i = 1; i < n; i++) {
    const m = a[i]! / b[i - 1]!;
    b[i] = b[i]! - m * c[i - 1]!;
    d[i] = d[i]! - m * d[i - 1]!;
  }
  const x = new Array<number>(n);
  x[n - 1] = d[n - 1]! / b[n - 1]!;
  for (let i = n - 2; i >= 0; i--) x[i] = (d[i]! - c[i]! * x[i + 1]!) / b[i]!;
  return x;
}

/** Can a stated quote time hold, given a trusted point and how fast people speak? */
function quoteFits(r: { word: number; ms: number; windowMs: number }, q: QuoteBound): boolean {
  const slack = QUOTE_SLACK_MS + r.windowMs;
  const fast = 60_000 / FASTEST_WPM;
  const slow = 60_000 / SLOWEST_WPM;
  if (r.word <= q.segmentWord) {
    const dt = q.ms - r.ms;
    return dt >= (q.segmentWord - r.word) * fast - slack && dt <= (q.quoteWord - r.word) * slow + slack;
  }
  if (r.word >= q.quoteWord) {
    const dt = r.ms - q.ms;
    return dt >= (r.word - q.quoteWord) * fast - slack && dt <= (r.word - q.segmentWord) * slow + slack;
  }
  return true;
}

export function estimateTimeline(input: TimelineInput): Timeline {
  const fixedPoints = input.fixed.length ? input.fixed : [{ word: 0, ms: 0 }];
  const anchors = consistentAnchors(input.anchors, fixedPoints);
  const reference = [...fixedPoints.map((f) => ({ ...f, windowMs: 0 })), ...anchors];
  const quotes = input.quotes.filter((q) => reference.every((r) => quoteFits(r, q)));
  // Chapters tell the rate best; quotes (somewhere between their passage's start and their
  // own words) help only when chapters are few.
  const quotePoints = quotes.map((q) => ({ word: (q.segmentWord + q.quoteWord) / 2, ms: q.ms }));
  const msPerWord = fitRate(anchors.length >= 3 ? reference : [...reference, ...quotePoints]);

  const words = [
    ...new Set([
      0,
      input.totalWords,
      ...fixedPoints.map((f) => f.word),
      ...anchors.map((a) => a.word),
      ...quotes.flatMap((q) => [q.segmentWord, q.quoteWord]),
    ]),
  ]
    .filter((w) => w >= 0 && w <= input.totalWords)
    .sort((a, b) => a - b);
  const knot = new Map(words.map((w, i) => [w, i]));
  const n = words.length;

  const solve = (pinned: Map<number, number>): number[] => {
    if (n === 1) return [pinned.get(0) ?? 0];
    const a = new Array<number>(n).fill(0);
    const b = new Array<number>(n).fill(0);
    const c = new Array<number>(n).fill(0);
    const d = new Array<number>(n).fill(0);
    // Random walk with drift: each step's cost is (Δt − rate·Δw)² / (variance·Δw).
    for (let k = 1; k < n; k++) {
      const dw = words[k]! - words[k - 1]!;
      const w = 1 / (DRIFT_VARIANCE * dw);
      const drift = msPerWord * dw * w;
      b[k - 1] = b[k - 1]! + w;
      c[k - 1] = c[k - 1]! - w;
      d[k - 1] = d[k - 1]! - drift;
      b[k] = b[k]! + w;
      a[k] = a[k]! - w;
      d[k] = d[k]! + drift;
    }
    for (const anchor of anchors) {
      const k = knot.get(anchor.word)!;
      const w = 1 / (anchor.sigmaMs * anchor.sigmaMs);
      b[k] = b[k]! + w;
      d[k] = d[k]! + w * anchor.ms;
    }
    for (const [k, ms] of pinned) {
      a[k] = 0;
      b[k] = 1;
      c[k] = 0;
      d[k] = ms;
    }
    return solveTridiagonal(a, b, c, d);
  };

  // Bounds are met by pinning each violated knot to its bound and solving again.
  const pinned = new Map(fixedPoints.map((f) => [knot.get(f.word)!, f.ms]));
  const bounds: { k: number; lo?: number; hi?: number }[] = [
    ...anchors.map((a) => ({ k: knot.get(a.word)!, lo: a.ms - a.windowMs, hi: a.ms + a.windowMs })),
    ...quotes.flatMap((q) => [
      { k: knot.get(q.segmentWord)!, hi: q.ms + QUOTE_SLACK_MS },
      { k: knot.get(q.quoteWord)!, lo: q.ms - QUOTE_SLACK_MS },
    ]),
  ];
  let x = solve(pinned);
  for (let round = 0; round < bounds.length; round++) {
    const broken = bounds.filter(
      ({ k, lo, hi }) =>
        !pinned.has(k) && ((lo !== undefined && x[k]! < lo) || (hi !== undefined && x[k]! > hi)),
    );
    if (broken.length === 0) break;
    for (const { k, lo, hi } of broken) pinned.set(k, lo !== undefined && x[k]! < lo ? lo : hi!);
    x = solve(pinned);
  }
  for (let k = 1; k < n; k++) x[k] = Math.max(x[k]!, x[k - 1]!);

  const at = (word: number): number => {
    if (word <= words[0]!) return Math.round(x[0]!);
    for (let k = 1; k < n; k++) {
      if (word <= words[k]!) {
        const f = (word - words[k - 1]!) / (words[k]! - words[k - 1]!);
        return Math.round(x[k - 1]! + f * (x[k]! - x[k - 1]!));
      }
    }
    return Math.round(x[n - 1]! + (word - words[n - 1]!) * msPerWord);
  };
  return {
    at,
    msPerWord,
    durationMs: at(input.totalWords),
    dropped: input.anchors.length - anchors.length + input.quotes.length - quotes.length,
  };
}
