import { NAME_WORD } from '../../lib/text.js';

// Names of people as written by different hands: a transcript's "Ana Lyma" and a summary's
// "Ana Lima", "Dr. Ana Lima" and "Ana Lima", "Joe" and "Joe Park". The spelling with the
// better source (sidecar, then metadata or summary, then a label, then the text) wins.

const HONORIFICS = new Set(['dr', 'mr', 'mrs', 'ms', 'mx', 'prof', 'professor', 'sir', 'dame']);

/**
 * The words of a name in a form two spellings can be compared in: any script, compatibility
 * forms unified (NFKC), case folded, Latin/Greek/Cyrillic accents set aside, apostrophes
 * dropped, honorifics ("Dr.", "Prof.") left out.
 */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((t) => t && !HONORIFICS.has(t));
}

/** Honorifics that say something about the person, kept as their title when they have none. */
const TITLE_HONORIFICS = new Set(['dr', 'prof', 'professor', 'sir', 'dame']);
const LEADING_HONORIFIC = /^\s*([\p{L}]+)\.?\s+/u;

/**
 * "Dr. Jane Roe" → the name "Jane Roe" and the honorific "Dr.": a person's name (and so their
 * slug, their one row across episodes) never carries the honorific; "Mr."/"Ms." are dropped.
 */
export function splitHonorific(written: string): { name: string; honorific?: string } {
  let name = written.trim();
  const kept: string[] = [];
  for (let m = LEADING_HONORIFIC.exec(name); m; m = LEADING_HONORIFIC.exec(name)) {
    const word = m[1]!.toLowerCase();
    const rest = name.slice(m[0].length);
    if (!HONORIFICS.has(word) || !rest.trim()) break;
    if (TITLE_HONORIFICS.has(word)) kept.push(m[0].trim());
    name = rest;
  }
  return kept.length ? { name, honorific: kept.join(' ') } : { name };
}

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Edits tolerated between two spellings of one word: one per five letters, at least one. */
function closeWords(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 3 || b.length < 3 || a[0] !== b[0]) return false;
  const allowed = Math.max(1, Math.floor(Math.min(a.length, b.length) / 5));
  // Each edit changes the length by one at most.
  return Math.abs(a.length - b.length) <= allowed && editDistance(a, b) <= allowed;
}

/**
 * How two names relate: "same" (one person, perhaps spelled differently), "first" (one is
 * just the other's first name), or null. Middle names and initials are ignored.
 */
export function compareNames(a: string, b: string): 'same' | 'first' | null {
  return compareNameTokens(nameTokens(a), nameTokens(b));
}

/** compareNames over names already split by nameTokens (to compare one name with many). */
export function compareNameTokens(x: string[], y: string[]): 'same' | 'first' | null {
  if (x.length === 0 || y.length === 0) return null;
  if (x.join(' ') === y.join(' ')) return 'same';
  if (x.length === 1 || y.length === 1) {
    const [single, full] = x.length === 1 ? [x, y] : [y, x];
    if (full.length === 1) return closeWords(single[0]!, full[0]!) ? 'same' : null;
    return single[0] === full[0] ? 'first' : null;
  }
  const firstSame = x[0] === y[0] || (x[0]!.length > 3 && closeWords(x[0]!, y[0]!));
  return firstSame && closeWords(x.at(-1)!, y.at(-1)!) ? 'same' : null;
}

const LABEL_NAME = new RegExp(String.raw`^${NAME_WORD}(?:\s+${NAME_WORD}){0,3}$`, 'u');

/** Does this look like a person's name written as a label ("Priya Natarajan", "Joe", "王伟")? */
export function isNameLabel(label: string): boolean {
  const l = label.trim();
  if (/^(?:[A-Z]\d{0,2}|\d+|spk\s*\d+|s\d+)$/i.test(l)) return false;
  if (/^(?:speaker|spk|voice|person|participant|unknown)[\s_-]*[a-z0-9]{0,3}$/i.test(l)) return false;
  if (ROLE_LABELS.test(l)) return false;
  return LABEL_NAME.test(l);
}

/** Labels that name a role instead of a person: "Host", "Guest 2", "Interviewer". */
export const ROLE_LABELS =
  /^(?:co-?)?(?:host|guest|interviewer|interviewee|moderator|presenter|narrator|announcer|caller|panelist)(?:[\s_-]*\d{1,2})?$/i;
