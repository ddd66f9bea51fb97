import type { PodcastTranscriptDto } from './transcripts.schemas.js';

// One stored transcript, written out in each Podcasting 2.0 transcript format. Pure functions:
// segments in, text out.

export interface TranscriptLine {
  /** The speaker's name, or the source's label when unresolved. */
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
}

/** Cue text is one line: a blank line would end the cue early in both VTT and SRT. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Times a player can rely on: starts never go backwards (VTT requires it) and every cue lasts
 * at least a millisecond, whatever the estimates said.
 */
function cueTimes(lines: TranscriptLine[]): { startMs: number; endMs: number }[] {
  let previous = 0;
  return lines.map((l) => {
    const startMs = Math.max(Math.round(l.startMs), previous);
    previous = startMs;
    return { startMs, endMs: Math.max(Math.round(l.endMs), startMs + 1) };
  });
}

function clock(ms: number, fraction: '.' | ','): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}${fraction}${pad(ms % 1000, 3)}`;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export function toPodcastJson(lines: TranscriptLine[]): PodcastTranscriptDto {
  return {
    version: '1.0.0',
    segments: lines.map((l) => ({
      speaker: l.speaker,
      startTime: seconds(l.startMs),
      endTime: seconds(Math.max(l.endMs, l.startMs)),
      body: l.text,
    })),
  };
}

const vttText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** WebVTT, one cue per segment, the speaker in a `<v Name>` voice span. */
export function toWebVtt(lines: TranscriptLine[]): string {
  const times = cueTimes(lines);
  const cues = lines.map((l, i) => {
    const t = times[i]!;
    return `${i + 1}\n${clock(t.startMs, '.')} --> ${clock(t.endMs, '.')}\n<v ${vttText(oneLine(l.speaker))}>${vttText(oneLine(l.text))}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/** SubRip, one numbered cue per segment, each starting with "Name:". */
export function toSrt(lines: TranscriptLine[]): string {
  const times = cueTimes(lines);
  const cues = lines.map((l, i) => {
    const t = times[i]!;
    return `${i + 1}\n${clock(t.startMs, ',')} --> ${clock(t.endMs, ',')}\n${oneLine(l.speaker)}: ${oneLine(l.text)}`;
  });
  return `${cues.join('\n\n')}\n`;
}

/** Plain text: one paragraph per segment, "[hh:mm:ss] Name: text". */
export function toText(lines: TranscriptLine[]): string {
  return `${lines.map((l) => `[${clock(l.startMs, '.').slice(0, 8)}] ${oneLine(l.speaker)}: ${l.text.trim()}`).join('\n\n')}\n`;
}
