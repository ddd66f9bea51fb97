import { createHash } from 'node:crypto';
import { transliterate } from 'transliteration';

/** Printable ASCII only: nothing to romanise, decompose or fold (most English words and titles). */
export function isPrintableAscii(text: string): boolean {
  return /^[ -~]*$/.test(text);
}

/**
 * Lower-case ASCII words joined by hyphens, romanised from any script and cut at a word
 * boundary: "Gödel Prize Winners" → "godel-prize-winners", "Анна Петрова" → "anna-petrova".
 * Empty when nothing in the value has letters or digits (emoji, punctuation).
 */
export function slugify(value: string, maxLength = 80): string {
  // Plain ASCII has nothing to romanise (most slugs): transliteration is the costly part.
  const slug = (isPrintableAscii(value) ? value : transliterate(value.normalize('NFKC')))
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  // A word longer than the whole slug is the only thing cut mid-word.
  const lastBreak = cut.lastIndexOf('-');
  return (lastBreak > 0 ? cut.slice(0, lastBreak) : cut.slice(0, maxLength)).replace(/-+$/, '');
}

/** Characters of the hash an identity slug carries (computed only when it does). */
const HASH_CHARS = 8;

/** Letters of the Latin script (after accents are set aside): they romanise without loss. */
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

/**
 * The slug of a name that identifies something (a person, a show, a topic): `slugify`, plus
 * — where the name is written in another script, whose romanisation can give two names one
 * spelling (王伟 and 汪巍 are both "wang wei") — a short hash of the name as written; a hash
 * alone when nothing romanises. Stable for one name, never empty, never shared by accident.
 */
export function identitySlug(name: string, maxLength = 80): string {
  const written = name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const hash = () => createHash('sha256').update(written).digest('hex').slice(0, HASH_CHARS);
  const lossless = !NON_LATIN_LETTER.test(written.normalize('NFKD'));
  if (lossless) return slugify(name, maxLength) || hash();
  const base = slugify(name, maxLength - HASH_CHARS - 1);
  return base ? `${base}-${hash()}` : hash();
}

/**
 * One word of a name, as a regex source: a capital and what follows ("Ana", "O’Brien",
 * "J."), or a word of a script without letter case (王伟, محمد), which has no capital to
 * announce a name and so is kept short. Combining marks belong to the word.
 */
export const NAME_WORD = String.raw`(?:[\p{Lu}\p{Lt}][\p{L}\p{M}'’.\-]*|\p{Lo}[\p{L}\p{M}]{0,15})`;

/** Does a word open as a name can: with a capital, or in a script without letter case? */
export function startsLikeName(word: string): boolean {
  return /^[\p{Lu}\p{Lt}\p{Lo}]/u.test(word);
}

export function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu);
  return m ? m.length : 0;
}

/** Whether a string, or any key or string inside a parsed JSON value, holds a NUL character. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}
