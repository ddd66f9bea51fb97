import { joinSpeech } from './cue-text.js';

// Word-level transcripts (one JSON segment per word, as speech-to-text services write them) are
// grouped into phrases before they become cues, so the stored cues — and the captions exported
// from them — are readable lines rather than one flashing word at a time. A phrase ends at the
// end of a sentence, at a pause, when the speaker changes, or before it would outgrow a
// two-line caption: about 80 characters or 7 seconds.

export const PHRASE_MAX_CHARS = 80;
export const PHRASE_MAX_MS = 7000;
/** Silence between two words that ends a phrase even mid-sentence. */
const PHRASE_PAUSE_MS = 1000;
/** A file is word-level when at least this share of its segments is a single token. */
const WORD_LEVEL_SHARE = 0.8;

export interface TimedWord {
  /** Index of the segment in the file, for messages. */
  index: number;
  speaker: string;
  body: string;
  startMs: number;
  endMs: number;
  endEstimated: boolean;
}

export interface Phrase {
  /** Index of the phrase's first segment. */
  index: number;
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
  endEstimated: boolean;
}

export function isWordLevel(bodies: string[]): boolean {
  if (bodies.length < 2) return false;
  const single = bodies.filter((b) => !/\s/.test(b)).length;
  return single / bodies.length >= WORD_LEVEL_SHARE;
}

const SENTENCE_END = /[.!?…]["”’)\]]*$/;

export function groupWords(words: TimedWord[]): Phrase[] {
  const phrases: (Phrase & { words: string[]; lastStartMs: number })[] = [];
  for (const w of words) {
    const last = phrases.at(-1);
    const previous = last?.words.at(-1);
    // A word out of order, or ending before it starts, is a phrase of its own, so that the cue
    // checks name it.
    const sound = last !== undefined && w.startMs >= last.lastStartMs && w.endMs >= w.startMs;
    const fits =
      last !== undefined &&
      sound &&
      last.speaker === w.speaker &&
      !SENTENCE_END.test(previous ?? '') &&
      w.startMs - last.endMs < PHRASE_PAUSE_MS &&
      w.endMs - last.startMs <= PHRASE_MAX_MS &&
      joinSpeech([...last.words, w.body]).length <= PHRASE_MAX_CHARS;
    // Punctuation spoken as its own token always stays with the word before it.
    const clinging = sound && last.speaker === w.speaker && /^[,.!?;:…)\]}”’]+$/.test(w.body);
    if (last && (fits || clinging)) {
      last.words.push(w.body);
      last.lastStartMs = w.startMs;
      if (w.endMs > last.endMs) last.endEstimated = w.endEstimated;
      last.endMs = Math.max(last.endMs, w.endMs);
      continue;
    }
    phrases.push({
      index: w.index,
      speaker: w.speaker,
      text: '',
      startMs: w.startMs,
      endMs: w.endMs,
      endEstimated: w.endEstimated,
      words: [w.body],
      lastStartMs: w.startMs,
    });
  }
  return phrases.map(({ words: list, lastStartMs: _, ...p }) => ({ ...p, text: joinSpeech(list) }));
}
