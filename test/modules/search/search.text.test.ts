import { describe, expect, it } from 'vitest';
import { applyCorrections, correctableWords, toSnippet } from '../../../src/modules/search/search.text.js';

describe('query words for spelling correction', () => {
  it('skips excluded words, "or", numbers and words too short or too long to be in the vocabulary', () => {
    expect(correctableWords('"lanturn glass" or -pear fog 1984 ab state-of-the-art')).toEqual([
      'lanturn',
      'glass',
      'fog',
      'state',
      'the',
      'art',
    ]);
    expect(correctableWords(`${'x'.repeat(41)} Gödel`)).toEqual(['Gödel']);
  });

  it('replaces corrected words and keeps phrases, alternatives and exclusions as written', () => {
    const fixes = new Map([
      ['lanturn', 'lantern'],
      ['pear', 'peer'],
    ]);
    expect(applyCorrections('"lanturn glass" OR lanturn -pear', fixes)).toBe(
      '"lantern glass" OR lantern -pear',
    );
  });
});

describe('snippets', () => {
  it('escapes the text and turns only the match selectors into <mark>', () => {
    expect(toSnippet('a \u0001<b>bold</b>\u0002 & "x" \'y\'')).toBe(
      'a <mark>&lt;b&gt;bold&lt;/b&gt;</mark> &amp; &quot;x&quot; &#39;y&#39;',
    );
  });

  it('collapses the whitespace ts_headline leaves behind', () => {
    expect(toSnippet('  one   \u0001two\u0002\n three ')).toBe('one <mark>two</mark> three');
  });
});
