import type { ParsedTranscript, RawTurn } from '../model.js';
import { joinSpeech } from './cue-text.js';

// A chapter that starts where one of a turn's cues starts starts a new turn there: one
// speaker's answer that runs on into the next chapter is two segments, each in its own
// chapter, rather than one that begins in the first and hides the second's opening words.

/** How far a cue's start may be from a chapter's for the chapter to start with that cue. */
const NEAR_MS = 2_000;

const spaced = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The turns, split at chapter starts that fall inside one and near the start of one of its cues.
 * Only a turn whose text is exactly its cues' words is split, so no word is lost or moved; the
 * times at a split are the cues' own, read from the file.
 */
export function splitTurnsAtChapters(parsed: ParsedTranscript): ParsedTranscript {
  const starts = parsed.chapters.map((c) => c.startMs);
  if (starts.length === 0 || !parsed.turns.some((t) => (t.cues?.length ?? 0) > 1)) return parsed;
  return { ...parsed, turns: parsed.turns.flatMap((turn) => splitTurn(turn, starts)) };
}

function splitTurn(turn: RawTurn, starts: number[]): RawTurn[] {
  const cues = turn.cues;
  if (!cues || cues.length < 2 || turn.startMs === undefined || turn.endMs === undefined) return [turn];
  if (spaced(joinSpeech(cues.map((c) => c.text))) !== spaced(turn.text)) return [turn];
  // Each chapter inside the turn starts at the cue (not the first) whose start is nearest it.
  const at = new Set<number>();
  for (const ms of starts) {
    if (ms <= turn.startMs || ms >= turn.endMs) continue;
    let best = -1;
    cues.forEach((c, i) => {
      const off = Math.abs(c.startMs - ms);
      if (i > 0 && off <= NEAR_MS && (best < 0 || off < Math.abs(cues[best]!.startMs - ms))) best = i;
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
      ...(first && turn.startEstimated ? { startEstimated: true } : {}),
      ...(last && turn.endEstimated ? { endEstimated: true } : {}),
      cues: part,
    };
  });
}
