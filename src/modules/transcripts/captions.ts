import type { StoredCue } from './transcripts.schemas.js';

// Captions for the caption formats (WebVTT, SRT, Podcasting 2.0 JSON). A segment is a whole
// speaker turn, often minutes long: far too much for one caption. When the source had cues,
// they are the captions, exactly as timed. Otherwise each segment is cut into short captions —
// whole sentences where they fit, at most two lines of about 42 characters and about 7 seconds
// (common subtitle guidance) — timed by sharing the segment's span in proportion to characters.
// Those times are estimates like the segment's own; nothing in an export claims otherwise.

export const LINE_CHARS = 42;
export const CAPTION_CHARS = 2 * LINE_CHARS;
export const CAPTION_MS = 7000;

/** Start and end in milliseconds; the text on one or more lines, separated by "\n". */
export type CaptionCue = StoredCue;

export interface CaptionSegment {
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
  /** The source's cues, when it had them. */
  cues: CaptionCue[] | null;
}

export interface Caption extends CaptionCue {
  speaker: string;
}

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const CLAUSE_END = /[,;:–—]$/;

function sentences(text: string): string[] {
  return [...sentenceSegmenter.segment(text)].map((s) => s.segment.trim()).filter(Boolean);
}

/**
 * A sentence too long for one caption, cut into parts of about equal length — early at a
 * clause break (a comma, a semicolon, a dash) when there is one — never longer than a caption.
 */
function cutLong(sentence: string): string[] {
  if (sentence.length <= CAPTION_CHARS) return [sentence];
  const target = sentence.length / Math.ceil(sentence.length / CAPTION_CHARS);
  const parts: string[] = [];
  let current = '';
  for (const word of sentence.split(' ')) {
    const full = current.length + 1 + word.length > CAPTION_CHARS;
    const clause = CLAUSE_END.test(current) && current.length >= target * 0.6;
    if (current && (full || clause || current.length >= target)) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current} ${word}` : word;
  }
  if (current) parts.push(current);
  return parts;
}

/** Into `n` runs of words of about equal length. */
function splitEvenly(text: string, n: number): string[] {
  const words = text.split(' ');
  const parts: string[] = [];
  let current: string[] = [];
  let done = 0;
  for (const word of words) {
    current.push(word);
    done += word.length + 1;
    if (parts.length < n - 1 && done >= ((parts.length + 1) * (text.length + 1)) / n) {
      parts.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) parts.push(current.join(' '));
  return parts;
}

/** Two lines when one would be too long, broken at the space nearest the middle. */
export function wrapLines(text: string): string {
  if (text.length <= LINE_CHARS) return text;
  let best = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
    if (best < 0 || Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2)) best = i;
  }
  return best < 0 ? text : `${text.slice(0, best)}\n${text.slice(best + 1)}`;
}

/** One segment without source cues → short captions spread over its span by characters. */
export function cutSegment(segment: { startMs: number; endMs: number; text: string }): CaptionCue[] {
  const text = segment.text.replace(/\s+/g, ' ').trim();
  if (!text) return [];
  const span = Math.max(0, segment.endMs - segment.startMs);
  const msPerChar = span / (text.length + 1);
  const duration = (chars: string) => (chars.length + 1) * msPerChar;

  // Whole sentences packed together while they fit; long ones cut; slow ones split by time.
  const pieces = sentences(text).flatMap(cutLong);
  const packed: string[] = [];
  for (const piece of pieces) {
    const last = packed.at(-1);
    const joined = last === undefined ? piece : `${last} ${piece}`;
    if (last !== undefined && joined.length <= CAPTION_CHARS && duration(joined) <= CAPTION_MS) {
      packed[packed.length - 1] = joined;
    } else packed.push(piece);
  }
  const texts = packed.flatMap((p) => splitEvenly(p, Math.max(1, Math.ceil(duration(p) / CAPTION_MS))));

  const total = texts.reduce((n, t) => n + t.length + 1, 0);
  let before = 0;
  return texts.map((t, i) => {
    const startMs = segment.startMs + Math.round((span * before) / total);
    before += t.length + 1;
    const endMs =
      i === texts.length - 1 ? segment.endMs : segment.startMs + Math.round((span * before) / total);
    // A few words over a long span (a turn with long silences): shown for the limit, not longer.
    return { startMs, endMs: Math.min(endMs, startMs + CAPTION_MS), text: wrapLines(t) };
  });
}

/** Every caption of a transcript, in order, each with its speaker. */
export function captions(segments: CaptionSegment[]): Caption[] {
  return segments.flatMap((s) =>
    (s.cues?.length ? s.cues : cutSegment(s)).map((c) => ({ speaker: s.speaker, ...c })),
  );
}
