/** "12:35", "1:02:03", "00:01:23.500", "00:01:23,500" → milliseconds; undefined if not a time. */
export function parseClock(value: string): number | undefined {
  const m = /^\s*(?:(\d{1,2}):)?(\d{1,3}):(\d{2})(?:[.,](\d{1,3}))?\s*$/.exec(value);
  if (!m) return undefined;
  const [, h, min, s, frac] = m;
  const minutes = Number(min);
  const seconds = Number(s);
  if (seconds >= 60 || (h !== undefined && minutes >= 60)) return undefined;
  const ms = frac ? Number(frac.padEnd(3, '0')) : 0;
  return ((Number(h ?? 0) * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

/** Milliseconds → "mm:ss" or "h:mm:ss". */
export function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}
