import { captions, type Caption, type CaptionSegment } from './captions.js';
import type { PodcastTranscriptDto } from './transcripts.schemas.js';

// One stored transcript, written out in each Podcasting 2.0 transcript format. Pure functions:
// segments in, text out. The caption formats give one cue per caption (captions.ts): the
// source's own cues when it had them; plain text gives one paragraph per segment.

/** A segment to write out; `speaker` is the person's name, or the source's label when unresolved. */
export type TranscriptLine = CaptionSegment;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Cue text keeps its line breaks but never a blank line, which would end the cue early. */
const cueLines = (text: string) => text.split('\n').map(oneLine).filter(Boolean);

/**
 * Times a player can rely on: starts never go backwards (VTT requires it) and every cue lasts
 * at least a millisecond, whatever the estimates said.
 */
function cueTimes(lines: Caption[]): { startMs: number; endMs: number }[] {
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

/** Podcasting 2.0 JSON, one segment per caption. */
export function toPodcastJson(segments: TranscriptLine[]): PodcastTranscriptDto {
  return {
    version: '1.0.0',
    segments: captions(segments).map((c) => ({
      speaker: c.speaker,
      startTime: seconds(c.startMs),
      endTime: seconds(Math.max(c.endMs, c.startMs)),
      body: oneLine(c.text),
    })),
  };
}

const vttText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** WebVTT, one cue per caption, the speaker in a `<v Name>` voice span. */
export function toWebVtt(segments: TranscriptLine[]): string {
  const list = captions(segments);
  const times = cueTimes(list);
  const cues = list.map((c, i) => {
    const t = times[i]!;
    const text = cueLines(c.text).map(vttText).join('\n');
    return `${i + 1}\n${clock(t.startMs, '.')} --> ${clock(t.endMs, '.')}\n<v ${vttText(oneLine(c.speaker))}>${text}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/** SubRip, one numbered cue per caption, each starting with "Name:". */
export function toSrt(segments: TranscriptLine[]): string {
  const list = captions(segments);
  const times = cueTimes(list);
  const cues = list.map((c, i) => {
    const t = times[i]!;
    const text = cueLines(c.text).join('\n');
    return `${i + 1}\n${clock(t.startMs, ',')} --> ${clock(t.endMs, ',')}\n${oneLine(c.speaker)}: ${text}`;
  });
  return `${cues.join('\n\n')}\n`;
}

/** Plain text: one paragraph per segment, "[hh:mm:ss] Name: text". */
export function toText(lines: TranscriptLine[]): string {
  return `${lines.map((l) => `[${clock(l.startMs, '.').slice(0, 8)}] ${oneLine(l.speaker)}: ${l.text.trim()}`).join('\n\n')}\n`;
}
