import { isPrintableAscii } from '../../lib/text.js';

// Words with their place in the text, compared in a normal form: lower case, no accents,
// straight apostrophes removed — so "Don’t" and "dont", "Gödel" and "Godel" are one word.
// Every understanding step that compares texts (quotes, chapters, teasers, topics) uses this.

export interface Token {
  norm: string;
  /** Character range of the word in the original text. */
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export function normalizeWord(word: string): string {
  // Printable ASCII needs no Unicode decomposition: most words of an English transcript.
  if (isPrintableAscii(word)) {
    const lower = word.toLowerCase();
    return lower.includes("'") ? lower.replace(/'/g, '') : lower;
  }
  return word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '');
}

/** The words of a text; the same words `countWords` counts, so word offsets agree with it. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    tokens.push({ norm: normalizeWord(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** Index of the first token that starts at or after a character offset. */
export function tokenAt(tokens: Token[], charOffset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < charOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Function words that carry no topic and no identity. */
export const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing down during each either even ever every few
  for from further had has have having he her here hers herself him himself his how i if in into is
  it its itself just like me more most my myself no nor not now of off on once only or other our ours
  ourselves out over own really same she should so some such than that thats the their theirs them
  themselves then there these they this those through to too under until up us very was we were what
  when where which while who whom why will with would you your yours yourself yourselves im youre
  dont doesnt didnt isnt wasnt cant wont ive weve theyre thats theres its lets ill id hes shes were
  yeah yes okay ok oh um uh well right maybe actually kind sort lot get got go going gonna want think
  know say said see mean thing things way much many one two also still something anything everything`
    .split(/\s+/)
    .filter(Boolean),
);

/** Light stemming for matching titles to text: plural, -ed and -ing forms meet their stem. */
export function stem(norm: string): string {
  if (norm.length > 5 && norm.endsWith('ing')) return norm.slice(0, -3);
  if (norm.length > 5 && norm.endsWith('ed')) return norm.slice(0, -2);
  if (norm.length > 4 && norm.endsWith('ies')) return `${norm.slice(0, -3)}y`;
  if (norm.length > 3 && norm.endsWith('s') && !/(?:ss|us|is)$/.test(norm)) return norm.slice(0, -1);
  return norm;
}
