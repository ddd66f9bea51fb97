// Cue timing lines ("00:01:02.500 --> 00:01:05.000 align:start") as people actually write
// them: comma or dot before the milliseconds, one to three digits of fraction or none, hours
// optional, spaces around the arrow optional. The strict forms are read by the format's own
// parser; this is the lenient second reading that turns near misses into repairs.

const TIME = String.raw`(?:\d{1,3}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,9})?`;
const TIMING = new RegExp(String.raw`^\s*(${TIME})\s*-->\s*(${TIME})(?:[ \t]+(.*?))?\s*$`);
// Two times joined by something that is almost an arrow: a timing line gone wrong.
const BROKEN_TIMING = new RegExp(String.raw`^\s*${TIME}\s*(?:-+>?|[–—=]+>?|<-+|to)\s*${TIME}`);

/** Nothing castindex stores lasts 100 hours; a later time is a typo (and would not fit the database). */
export const MAX_TIME_MS = 100 * 3_600_000;

export interface Timing {
  startMs: number;
  endMs: number;
  settings?: string;
}

/** "1:02:03.5", "00:01,250", "00:00:01" → milliseconds; undefined when minutes or seconds exceed 59. */
export function readTime(value: string): number | undefined {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,9}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [, h, min, s, frac] = m;
  if (Number(s) > 59 || (h !== undefined && Number(min) > 59)) return undefined;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return ((Number(h ?? 0) * 60 + Number(min)) * 60 + Number(s)) * 1000 + ms;
}

export function isTimingLine(line: string): boolean {
  return line.includes('-->');
}

/** A line that was meant as a cue timing but has no usable "-->" arrow. */
export function isBrokenTimingLine(line: string): boolean {
  return !isTimingLine(line) && BROKEN_TIMING.test(line);
}

export function readTimingLine(line: string): Timing | undefined {
  const m = TIMING.exec(line);
  if (!m?.[1] || !m[2]) return undefined;
  const startMs = readTime(m[1]);
  const endMs = readTime(m[2]);
  if (startMs === undefined || endMs === undefined) return undefined;
  return { startMs, endMs, ...(m[3] ? { settings: m[3] } : {}) };
}

/** Whether the text has at least one readable cue timing line in its first few hundred lines. */
export function hasTimingLines(text: string): boolean {
  return text.split('\n', 400).some((l) => isTimingLine(l) && readTimingLine(l) !== undefined);
}

export function firstContentLine(text: string): string {
  return /^\s*(\S[^\n]*)/.exec(text)?.[1]?.trimEnd() ?? '';
}
