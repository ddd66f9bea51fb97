import { countWords } from '../../lib/text.js';
import type { RawTurn, SourceCue } from '../model.js';

// Turns → segments. Diarization cuts speech at pauses, not at speakers: a turn that starts in
// lower case mid-sentence, right after a turn that did not finish its sentence, is usually the
// previous speaker's words under the wrong label. Such a fragment joins the previous segment
// (its label gains no text, so it gains no evidence), and untimed turns of the same speaker
// that then follow one another become one segment.

export interface Segment {
  /** Labels whose own words this segment holds (a fragment's label is not one of them). */
  labels: string[];
  text: string;
  /** 1-based source line of the first turn. */
  line: number;
  wordCount: number;
  startMs?: number;
  endMs?: number;
  /** The present time was worked out, not read from the source (see RawTurn). */
  startEstimated?: boolean;
  endEstimated?: boolean;
  /** The source's cues of every turn in the segment, in order. */
  cues?: SourceCue[];
  /** Where each source turn's text begins inside `text`, for mapping offsets back. */
  parts: { turn: number; offset: number }[];
}

export interface MergedFragment {
  label: string;
  line: number;
  into: string;
}

const MAX_FRAGMENT_WORDS = 25;
/** A pause longer than this between two timed turns means the second is not a fragment. */
const MAX_JOIN_GAP_MS = 1500;
const TERMINAL = /[.!?…"”’)\]]\s*$/;
/** Words that open a reply, not a continuation: "yes, …", "well, …", "okay so …". */
const REPLY_OPENERS =
  /^(?:yes|yeah|yep|yup|no|nope|okay|ok|right|sure|well|oh|ah|uh|um|hmm|mm|mhm|exactly|absolutely|totally|true|great|cool|wow|thanks|thank|hi|hello|hey|so)\b/i;

/** Does this turn continue the previous turn's unfinished sentence? */
export function isFragment(previous: RawTurn, turn: RawTurn): boolean {
  if (previous.label === turn.label) return false;
  if (TERMINAL.test(previous.text)) return false;
  const text = turn.text.replace(/^[\s"“'‘(…-]+/, '');
  if (!/^\p{Ll}/u.test(text) || REPLY_OPENERS.test(text)) return false;
  if (countWords(text) > MAX_FRAGMENT_WORDS) return false;
  if (previous.endMs !== undefined && turn.startMs !== undefined) {
    return turn.startMs - previous.endMs <= MAX_JOIN_GAP_MS;
  }
  return true;
}

/**
 * Untimed turns of one speaker in a row are one turn cut in two. Timed turns are kept as the
 * source gives them: its parser already joined the cues of one turn, and its times say where
 * one turn ends and the next begins.
 */
function joinable(a: { endMs?: number }, b: { startMs?: number }): boolean {
  return a.endMs === undefined && b.startMs === undefined;
}

function join(into: Segment, text: string, index: number, turn: RawTurn): void {
  into.parts.push({ turn: index, offset: into.text.length + 1 });
  into.text = `${into.text} ${text}`;
  into.wordCount += countWords(text);
  if (turn.cues) into.cues = [...(into.cues ?? []), ...turn.cues];
  const endMs = turn.endMs;
  if (endMs === undefined) return;
  if (into.endMs === undefined || endMs > into.endMs) {
    into.endMs = endMs;
    if (turn.endEstimated) into.endEstimated = true;
    else delete into.endEstimated;
  }
}

/** Cleans turns into segments: fragments merged, consecutive turns of one label joined. */
export function buildSegments(turns: RawTurn[]): { segments: Segment[]; fragments: MergedFragment[] } {
  const segments: Segment[] = [];
  const fragments: MergedFragment[] = [];
  turns.forEach((turn, i) => {
    const text = turn.text.replace(/\s+/g, ' ').trim();
    const last = segments.at(-1);
    const previous = turns[i - 1];
    if (last && previous && isFragment(previous, turn)) {
      fragments.push({ label: turn.label, line: turn.line, into: previous.label });
      join(last, text, i, turn);
      return;
    }
    if (last && last.labels.length === 1 && last.labels[0] === turn.label && joinable(last, turn)) {
      join(last, text, i, turn);
      return;
    }
    segments.push({
      labels: [turn.label],
      text,
      line: turn.line,
      wordCount: countWords(text),
      ...(turn.startMs !== undefined ? { startMs: turn.startMs } : {}),
      ...(turn.endMs !== undefined ? { endMs: turn.endMs } : {}),
      ...(turn.startEstimated ? { startEstimated: true } : {}),
      ...(turn.endEstimated ? { endEstimated: true } : {}),
      ...(turn.cues ? { cues: [...turn.cues] } : {}),
      parts: [{ turn: i, offset: 0 }],
    });
  });
  return { segments, fragments };
}

/**
 * Joins neighbouring segments that belong to one person (diarization drift split them over
 * two labels) when nothing separates them: same kind of speech and no pause between timed
 * turns. Returns the new segments and, for each old index, its new index and char offset.
 */
export function joinSamePerson<K>(
  segments: Segment[],
  personOf: (segment: Segment) => number | null,
  kinds: K[],
): { segments: Segment[]; kinds: K[]; map: { index: number; offset: number }[] } {
  const out: Segment[] = [];
  const outKinds: K[] = [];
  const owner: (number | null)[] = [];
  const map: { index: number; offset: number }[] = [];
  segments.forEach((segment, i) => {
    const person = personOf(segment);
    const last = out.at(-1);
    if (
      last &&
      person !== null &&
      owner.at(-1) === person &&
      outKinds.at(-1) === kinds[i] &&
      joinable(last, segment)
    ) {
      const offset = last.text.length + 1;
      map.push({ index: out.length - 1, offset });
      last.parts.push(...segment.parts.map((p) => ({ turn: p.turn, offset: p.offset + offset })));
      last.text = `${last.text} ${segment.text}`;
      last.wordCount += segment.wordCount;
      last.labels = [...new Set([...last.labels, ...segment.labels])];
      if (segment.endMs !== undefined) last.endMs = segment.endMs;
      if (segment.cues) last.cues = [...(last.cues ?? []), ...segment.cues];
      return;
    }
    map.push({ index: out.length, offset: 0 });
    out.push({ ...segment, labels: [...segment.labels], parts: [...segment.parts] });
    outKinds.push(kinds[i] as K);
    owner.push(person);
  });
  return { segments: out, kinds: outKinds, map };
}
