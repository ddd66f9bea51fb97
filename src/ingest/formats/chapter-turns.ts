import type { ParsedTranscript, RawTurn } from '../model.js';
import { joinSpeech } from './cue-text.js';

// A chapter that starts where one of a turn's cues starts starts a new turn there: one
// speaker's answer that runs on into the next chapter is two segments, each in its own
// chapter, rather than one that begins in the first and hides the second's opening words.

/** How long after a chapter's start a cue may start for the chapter to start with that cue. */
const NEAR_MS = 2_000;

const spaced = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The turns, split at chapter starts that fall inside one, where one of its cues starts at the
 * chapter's start or just after (never before: a segment belongs to the chapter it starts in).
 * Only a turn whose text is exactly its cues' words, and whose times were all read from the file,
 * is split, so no word is lost or moved and the times at a split are the cues' own.
 */
export function splitTurnsAtChapters(parsed: ParsedTranscript): ParsedTranscript {
  const starts = parsed.chapters.map((c) => c.startMs);
  if (starts.length === 0 || !parsed.turns.some((t) => (t.cues?.length ?? 0) > 1)) return parsed;
  return { ...parsed, turns: parsed.turns.flatMap((turn) => splitTurn(turn, starts)) };
}

function splitTurn(turn: RawTurn, starts: number[]): RawTurn[] {
  const cues = turn.cues;
  if (!cues || cues.length < 2 || turn.startMs === undefined || turn.endMs === undefined) return [turn];
  // A worked-out time (a JSON segment without an end) may be a cue's too: not split.
  if (turn.startEstimated || turn.endEstimated) return [turn];
  if (spaced(joinSpeech(cues.map((c) => c.text))) !== spaced(turn.text)) return [turn];
  // Each chapter inside the turn starts at the first cue (not the turn's first) starting with it
  // or in the NEAR_MS after.
  const at = new Set<number>();
  for (const ms of starts) {
    if (ms <= turn.startMs || ms >= turn.endMs) continue;
    let best = -1;
    cues.forEach((c, i) => {
      const after = c.startMs - ms;
      if (i > 0 && best < 0 && after >= 0 && after <= NEAR_MS) best = i;
    });
    if (best > 0) at.add(best);
  }
  if (at.size === 0) return [turn];
  const bounds = [0, ...[...at].sort((a, b) => a - b), cues.length];
  return bounds.slice(0, -1).map((from, k) => {
    const part = cues.slice(from, bounds[k + 1]);
    const first = k === 0;
    const last = k === bounds.length - 2;
    return {
      label: turn.label,
      text: joinSpeech(part.map((c) => c.text)),
      line: turn.line,
      startMs: first ? turn.startMs! : part[0]!.startMs,
      endMs: last ? turn.endMs! : part.at(-1)!.endMs,
      cues: part,
    };
  });
}
