// Pure text work around search: the words of a web-search query that may be misspelled,
// rewriting a query with corrections, and turning a raw headline into a safe HTML snippet.

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** The vocabulary holds words of 3 to 40 characters; others cannot be corrected. */
const MIN_WORD = 3;
const MAX_WORD = 40;

/** A word right after a "-" that starts a term is excluded by the query, not searched. */
function isExcluded(q: string, index: number): boolean {
  return q[index - 1] === '-' && (index === 1 || /[\s"(]/u.test(q[index - 2] ?? ''));
}

function isOperator(word: string): boolean {
  return word.toLowerCase() === 'or';
}

/** The distinct words of a query that a spelling correction could apply to. */
export function correctableWords(q: string): string[] {
  const words = new Set<string>();
  for (const m of q.matchAll(WORD)) {
    const word = m[0];
    if (word.length < MIN_WORD || word.length > MAX_WORD) continue;
    if (isOperator(word) || isExcluded(q, m.index) || /^\p{N}+$/u.test(word)) continue;
    words.add(word);
  }
  return [...words];
}

/** The query with each corrected word replaced, keeping its phrases, `or`s and exclusions. */
export function applyCorrections(q: string, corrections: ReadonlyMap<string, string>): string {
  return q.replace(WORD, (word, index: number) =>
    isExcluded(q, index) ? word : (corrections.get(word) ?? word),
  );
}

/** What the repository asks ts_headline to put around each match. */
const START_SELECTOR = '\u0001';
const STOP_SELECTOR = '\u0002';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A headline whose matches are wrapped in \u0001…\u0002 (characters the repository blanks in
 * the source text) as HTML: everything escaped, then only those selectors turned into <mark>,
 * so nothing a transcript contains can become markup.
 */
export function toSnippet(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim()
    .replaceAll(START_SELECTOR, '<mark>')
    .replaceAll(STOP_SELECTOR, '</mark>');
}
