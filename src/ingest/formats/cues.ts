import { IngestError } from '../errors.js';
import type { RawTurn, SourceCue } from '../model.js';
import { MAX_TIME_MS } from './cue-timing.js';
import { dropSounds, isSoundDescription, joinSpeech, squash } from './cue-text.js';
import {
  acceptLabels,
  speakerChangeMarker,
  splitSpeakerPrefix,
  unifyLabelCase,
  unnamedLabel,
  type LabelCandidate,
} from './speaker-labels.js';
import type { WarningTally } from './warning-tally.js';

// Timed cues (WebVTT, SRT) → speaker turns. Both formats give short captions with times; a
// speaker is named by a voice tag, a "Name:" / "[Name]" / ">> NAME:" label, or not at all (the
// previous speaker continues). Consecutive cues of one speaker become one turn that starts when
// the first cue starts and ends when the last one ends; the turn keeps its cues, so exports can
// give the source's own captions back. Lines of one cue stay on their own lines ("\n") in the
// pieces and cues; a turn's text is one line.

/** Overlaps up to this long are timing jitter: the earlier cue is clipped. */
export const SMALL_OVERLAP_MS = 1000;
// Speech with no speaker at all is cut into paragraphs at pauses or after this long at a
// sentence end, so one unnamed voice does not become a single hour-long segment.
const UNNAMED_PAUSE_MS = 2000;
const UNNAMED_MAX_TURN_MS = 60_000;
/**
 * One speaker's cues with a silence this long between them are two turns, not one: nobody
 * pauses that long mid-turn, so what fell between (music, a break, a cut) separates them.
 */
const TURN_PAUSE_MS = 10_000;

export interface CuePiece {
  /** A speaker given by the format itself (a WebVTT voice tag). */
  voice?: string;
  /** A label written in the text, kept only if acceptLabels() agrees it is a speaker. */
  candidate?: { label: string; marked: boolean; raw: string };
  /** A ">>" or "- " marker: someone else speaks from here, name not given. */
  change?: boolean;
  text: string;
}

export interface Cue {
  /** Line of the cue's timing ("00:00:01.000 --> …"), for messages. */
  line: number;
  /** Where the cue is when a line says little, e.g. "segments[12]" in a JSON transcript. */
  path?: string;
  id?: string;
  startMs: number;
  endMs: number;
  /** The end was not in the source (a JSON segment with no end time): worked out. */
  endEstimated?: boolean;
  pieces: CuePiece[];
}

interface Piece {
  label: string | undefined;
  change: boolean;
  text: string;
}

interface Timed {
  label: string;
  change: boolean;
  text: string;
  startMs: number;
  endMs: number;
  startEstimated: boolean;
  endEstimated: boolean;
  /** The caption as the source timed it, before overlaps between speakers are clipped. */
  cue: SourceCue;
  line: number;
}

/** Lines squashed one by one, empty ones dropped: a cue's text as captions show it. */
function captionText(text: string): string {
  return text.split('\n').map(squash).filter(Boolean).join('\n');
}

/** Text lines of one cue (markup already removed) → pieces, split where a labelled line begins. */
export function piecesFromLines(lines: string[], voice?: string): CuePiece[] {
  const pieces: CuePiece[] = [];
  for (const line of lines) {
    const text = squash(line);
    if (!text) continue;
    if (voice !== undefined) {
      const last = pieces.at(-1);
      if (last) last.text = `${last.text}\n${text}`;
      else pieces.push({ voice, text });
      continue;
    }
    const spoken = splitSpeakerPrefix(text);
    const marker = spoken ? undefined : speakerChangeMarker(text);
    const last = pieces.at(-1);
    if (spoken) {
      // Were the label not a speaker after all, the line is prose; a ">>" before it still says
      // that someone else speaks.
      const raw = text.replace(/^>>\s*/, '');
      pieces.push({ candidate: { label: spoken.label, marked: spoken.marked, raw }, text: spoken.text });
    } else if (marker !== undefined) pieces.push({ change: true, text: marker });
    else if (last) {
      last.text = `${last.text}\n${text}`;
      if (last.candidate) last.candidate.raw = `${last.candidate.raw}\n${text}`;
    } else pieces.push({ text });
  }
  return pieces;
}

export function clock(ms: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

function resolvePieces(cues: Cue[]): Map<Cue, Piece[]> {
  const candidates = new Map<string, LabelCandidate>();
  for (const cue of cues)
    for (const p of cue.pieces)
      if (p.candidate) {
        const c = candidates.get(p.candidate.label) ?? { count: 0 };
        c.count++;
        if (p.candidate.marked) c.marked = true;
        candidates.set(p.candidate.label, c);
      }
  const accepted = acceptLabels(candidates);
  const out = new Map<Cue, Piece[]>();
  for (const cue of cues) {
    const pieces: Piece[] = [];
    for (const p of cue.pieces) {
      const isLabel = p.candidate !== undefined && accepted.has(p.candidate.label);
      const label = p.voice ?? (isLabel ? p.candidate?.label : undefined);
      const text = dropSounds(p.candidate && !isLabel ? p.candidate.raw : p.text);
      if (isSoundDescription(text)) continue;
      const last = pieces.at(-1);
      // A line whose label was not a speaker after all is more of the same piece.
      if (last && label === undefined && !p.change) last.text = `${last.text}\n${text}`;
      else pieces.push({ label, change: p.change === true, text });
    }
    if (pieces.length) out.set(cue, pieces);
  }
  return out;
}

/** Cues in time order; blocks shuffled with their numbers intact are put back in order. */
function ordered(cues: Cue[], source: string, warnings: WarningTally): Cue[] {
  const backwards = cues.findIndex((c, i) => i > 0 && c.startMs < cues[i - 1]!.startMs);
  if (backwards < 0) return cues;
  const byTime = [...cues].sort((a, b) => a.startMs - b.startMs);
  const ids = byTime.map((c) => (c.id && /^\d+$/.test(c.id) ? Number(c.id) : NaN));
  if (ids.every((n, i) => !Number.isNaN(n) && (i === 0 || n > ids[i - 1]!))) {
    warnings.add(
      'cues-reordered',
      'cues were not in time order but their numbers agree with their times; put them in order',
      cues[backwards]!.line,
    );
    return byTime;
  }
  const cue = cues[backwards]!;
  const previous = cues[backwards - 1]!;
  throw new IngestError(
    'invalid-timing',
    `${cue.path ?? 'this cue'} starts at ${clock(cue.startMs)}, before ${previous.path ?? `the previous cue (line ${previous.line})`}, which starts at ${clock(previous.startMs)}; cues must be in time order`,
    source,
    cue.line,
  );
}

function labelPieces(cues: Cue[], pieces: Map<Cue, Piece[]>, warnings: WarningTally) {
  const written = new Set<string>();
  for (const list of pieces.values()) for (const p of list) if (p.label) written.add(p.label);
  const spelling = unifyLabelCase(written);
  const named = new Set(spelling.values());
  const recased = [...spelling].filter(([label, unified]) => label !== unified);
  if (recased.length) {
    const pairs = recased.map(([label, unified]) => `"${label}" as "${unified}"`).join(', ');
    warnings.add('label-case', `labels differing only in capitals are one speaker: read ${pairs}`);
  }
  const unnamed = unnamedLabel(named);
  if (named.size === 0) {
    warnings.add(
      'no-speaker-labels',
      `no speaker is named anywhere in the file; the speech is labelled "${unnamed}"`,
    );
  }
  let current: string | undefined;
  const result: { cue: Cue; pieces: { label: string; change: boolean; text: string }[] }[] = [];
  for (const cue of cues) {
    const list = pieces.get(cue);
    if (!list) continue;
    const labelled = list.map((p) => {
      if (p.label === undefined && current === undefined && named.size > 0) {
        warnings.add(
          'unlabelled-speech',
          `speech before the first speaker label is labelled "${unnamed}"`,
          cue.line,
        );
      }
      current = (p.label && spelling.get(p.label)) ?? current ?? unnamed;
      return { label: current, change: p.change && named.size === 0, text: p.text };
    });
    result.push({ cue, pieces: labelled });
  }
  return { result, unnamedOnly: named.size === 0 };
}

/**
 * Lines of one cue that turned out to be one speaker's ("- Hi." / "- Hello." when no one is
 * named) stay one piece, so the cue is kept whole rather than cut at a guessed time.
 */
function sameVoiceTogether(
  pieces: { label: string; change: boolean; text: string }[],
): { label: string; change: boolean; text: string }[] {
  const out: { label: string; change: boolean; text: string }[] = [];
  for (const p of pieces) {
    const last = out.at(-1);
    if (last && last.label === p.label && !p.change) last.text = `${last.text}\n${p.text}`;
    else out.push({ ...p });
  }
  return out;
}

/**
 * The cue's time shared among its speakers in proportion to their words: the times where one
 * voice hands over to the next inside the cue are estimates.
 */
function spread(cue: Cue, pieces: { label: string; change: boolean; text: string }[]): Timed[] {
  const words = pieces.map((p) => Math.max(1, p.text.split(/\s+/).length));
  const total = words.reduce((a, b) => a + b, 0);
  let before = 0;
  return pieces.map((p, i) => {
    const startMs =
      i === 0 ? cue.startMs : Math.round(cue.startMs + ((cue.endMs - cue.startMs) * before) / total);
    before += words[i]!;
    const endMs =
      i === pieces.length - 1
        ? cue.endMs
        : Math.round(cue.startMs + ((cue.endMs - cue.startMs) * before) / total);
    const first = i === 0;
    const last = i === pieces.length - 1;
    return {
      ...p,
      startMs,
      endMs,
      startEstimated: !first,
      endEstimated: !last || cue.endEstimated === true,
      cue: { startMs, endMs, text: captionText(p.text) },
      line: cue.line,
    };
  });
}

/**
 * Overlapping cues of one speaker are merged anyway. Between two speakers, a short overlap is
 * timing jitter (the earlier cue is clipped); a long one is crosstalk, and both keep their times.
 */
function settleOverlaps(timed: Timed[], warnings: WarningTally): void {
  for (let i = 1; i < timed.length; i++) {
    const prev = timed[i - 1]!;
    const cur = timed[i]!;
    const overlap = prev.endMs - cur.startMs;
    if (overlap <= 0 || prev.label === cur.label) continue;
    if (overlap <= SMALL_OVERLAP_MS) {
      // The turn ends where the next speaker starts; the caption keeps its own times.
      prev.endMs = Math.max(prev.startMs, cur.startMs);
      warnings.add('overlap-clipped', 'a cue ended after the next one started; clipped it', prev.line);
    } else {
      warnings.add(
        'overlapping-speakers',
        'two speakers overlap (crosstalk); both keep their times',
        cur.line,
      );
    }
  }
}

/** Timed cues → speaker turns with source times. */
export function cuesToTurns(cues: Cue[], source: string, warnings: WarningTally): RawTurn[] {
  for (const cue of cues) {
    if (cue.endMs > MAX_TIME_MS) {
      throw new IngestError(
        'invalid-time',
        `${cue.path ?? 'this cue'} ends at ${clock(cue.endMs)}, more than 100 hours in`,
        source,
        cue.line,
      );
    }
    if (cue.endMs < cue.startMs) {
      throw new IngestError(
        'invalid-timing',
        `${cue.path ?? 'this cue'} ends at ${clock(cue.endMs)}, before it starts at ${clock(cue.startMs)}`,
        source,
        cue.line,
      );
    }
  }
  const pieces = resolvePieces(cues);
  const inOrder = ordered(
    cues.filter((c) => pieces.has(c)),
    source,
    warnings,
  );
  const { result, unnamedOnly } = labelPieces(inOrder, pieces, warnings);
  const timed = result.flatMap(({ cue, pieces: p }) => spread(cue, sameVoiceTogether(p)));
  settleOverlaps(timed, warnings);

  const turns: (RawTurn & { startMs: number; endMs: number; parts: string[]; cues: SourceCue[] })[] = [];
  for (const t of timed) {
    const last = turns.at(-1);
    const paragraphEnds =
      unnamedOnly &&
      last !== undefined &&
      (t.change ||
        t.startMs - last.endMs >= UNNAMED_PAUSE_MS ||
        (t.startMs - last.startMs >= UNNAMED_MAX_TURN_MS && /[.!?…]["”’]?$/.test(last.parts.at(-1) ?? '')));
    const pause = last !== undefined && t.startMs - last.endMs >= TURN_PAUSE_MS;
    if (last && last.label === t.label && !paragraphEnds && !pause) {
      last.parts.push(t.text);
      last.cues.push(t.cue);
      if (t.endMs > last.endMs) last.endEstimated = t.endEstimated;
      else if (t.endMs === last.endMs) last.endEstimated = last.endEstimated && t.endEstimated;
      last.endMs = Math.max(last.endMs, t.endMs);
    } else {
      turns.push({
        label: t.label,
        text: '',
        line: t.line,
        startMs: t.startMs,
        endMs: t.endMs,
        startEstimated: t.startEstimated,
        endEstimated: t.endEstimated,
        parts: [t.text],
        cues: [t.cue],
      });
    }
  }
  if (turns.length === 0) throw new IngestError('no-turns', 'no cue contains any speech', source);
  return turns.map(({ parts, startEstimated, endEstimated, ...turn }) => ({
    ...turn,
    ...(startEstimated ? { startEstimated } : {}),
    ...(endEstimated ? { endEstimated } : {}),
    text: joinSpeech(parts),
  }));
}
