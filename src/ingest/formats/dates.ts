const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function month(name: string): number | undefined {
  const i = MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().slice(0, 3)));
  return i >= 0 ? i + 1 : undefined;
}

function iso(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * A publication date as written by people — "June 4, 2026", "4 June 2026", "2026-06-04",
 * or a full ISO date-time — as an ISO 8601 string (UTC); undefined when it is not a date.
 */
export function parseDate(value: string): string | undefined {
  const v = value.trim().replace(/(\d)(st|nd|rd|th)\b/g, '$1');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  m = /^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(v);
  if (m?.[1]) {
    const mo = month(m[1]);
    return mo ? iso(Number(m[3]), mo, Number(m[2])) : undefined;
  }
  m = /^(?:[A-Za-z]+,?\s+)?(\d{1,2})\s+([A-Za-z]{3,})\.?,?\s+(\d{4})$/.exec(v);
  if (m?.[2]) {
    const mo = month(m[2]);
    return mo ? iso(Number(m[3]), mo, Number(m[1])) : undefined;
  }
  return undefined;
}
