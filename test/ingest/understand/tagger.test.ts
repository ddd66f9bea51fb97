import { describe, expect, it } from 'vitest';
import {
  nameKind,
  readsAsPersonName,
  tagSentences,
  type Tag,
  type Term,
} from '../../../src/ingest/understand/tagger.js';

/** The terms of a one-sentence text. */
function terms(text: string): Term[] {
  const sentences = tagSentences(text);
  expect(sentences).toHaveLength(1);
  return sentences[0]!;
}

/** The tags of the word (its text without trailing punctuation) in a one-sentence text. */
function tagsOf(text: string, word: string): Set<Tag> {
  const term = terms(text).find((t) => t.text === word);
  expect(term, `"${word}" in "${text}"`).toBeDefined();
  return term!.tags;
}

describe('tagSentences: parts of speech around wink-nlp’s errors', () => {
  it('takes an -ing word after a noun, with no object, for a noun', () => {
    // wink-nlp tags "making" VERB here.
    expect(tagsOf('Sail making is slow.', 'making').has('Noun')).toBe(true);
    expect(tagsOf('We think kelp farming is growing.', 'farming').has('Noun')).toBe(true);
  });

  it('takes a participle before a noun, with no subject before it, for an adjective', () => {
    expect(tagsOf('They measured the dissolved gas in the lake.', 'dissolved').has('Adjective')).toBe(true);
    // wink-nlp tags "printed" and "Sampled" VERB here.
    expect(tagsOf('She sold printed circuits.', 'printed').has('Adjective')).toBe(true);
    expect(tagsOf('Sampled data looks fine.', 'Sampled').has('Adjective')).toBe(true);
  });

  it('takes a bare verb between a modifier and a noun for a noun', () => {
    // wink-nlp tags "launch" VERB here.
    const tags = tagsOf('They shared the curated launch checklists.', 'launch');
    expect(tags.has('Noun')).toBe(true);
  });

  it('marks a capital mid-sentence as a proper noun, but not a sentence’s first word or a title’s', () => {
    expect(tagsOf('Then we called Okafor about it.', 'Okafor').has('ProperNoun')).toBe(true);
    const opening = tagsOf('Gardening is fun on weekends.', 'Gardening');
    expect(opening.has('ProperNoun')).toBe(false);
    expect(opening.has('Noun')).toBe(true);
    for (const t of terms('Charting Quiet Harbours')) expect(t.tags.has('ProperNoun'), t.text).toBe(false);
  });

  it('keeps a possessive as one term, tagged Possessive', () => {
    const words = terms('We liked Okafor’s idea a lot.');
    expect(words.map((t) => t.text)).toContain('Okafor’s');
    expect(words.find((t) => t.text === 'Okafor’s')!.tags.has('Possessive')).toBe(true);
    expect(tagsOf("Okafor's idea was simple.", "Okafor's").has('Possessive')).toBe(true);
  });

  it('tags an honorific, and the name after it as a person', () => {
    const words = terms('We spoke with Dr. Quillan Marsh yesterday.');
    const at = words.findIndex((t) => t.text === 'Dr.');
    expect(words[at]!.tags.has('Honorific')).toBe(true);
    expect(words[at + 1]).toMatchObject({ text: 'Quillan' });
    expect(words[at + 1]!.tags.has('Person')).toBe(true);
    expect(words[at + 2]).toMatchObject({ text: 'Marsh' });
    expect(words[at + 2]!.tags.has('Person')).toBe(true);
  });
});

describe('nameKind', () => {
  it('looks words up as words: those naming a JavaScript object property are nothing special', () => {
    // Said mid-sentence with a capital, they reach the lexicon's lookups.
    const words = terms('We read the Constructor Theory notes and the ValueOf Digest with Hana today.');
    expect(words.find((t) => t.text === 'Hana')!.tags.has('Person')).toBe(true);
    for (const word of ['Constructor', 'Theory', 'ValueOf', 'Digest'])
      expect(words.find((t) => t.text === word)!.tags.has('Organization'), word).toBe(false);
    expect(nameKind(['Acme', 'Constructor'])).toBeNull();
    expect(nameKind(['Hasownproperty'])).toBeNull();
  });

  it('knows a first name and a surname for a person', () => {
    expect(nameKind(['Maria', 'Quillfeather'])).toBe('person');
  });

  it('knows organisations by a suffix word or the lexicon', () => {
    expect(nameKind(['Tessaly', 'University'])).toBe('organization');
    expect(nameKind(['Stanford', 'University'])).toBe('organization');
    expect(nameKind(['Microsoft'])).toBe('organization');
  });

  it('knows places by a suffix word', () => {
    expect(nameKind(['Great', 'Barrier', 'Reef'])).toBe('place');
  });
});

describe('readsAsPersonName', () => {
  it('reads an honorific and a name as a person', () => {
    expect(readsAsPersonName(['Dr.', 'Arjun', 'Iyer'])).toBe(true);
  });

  it('does not read a place-like show name as a person', () => {
    expect(readsAsPersonName(['Deep', 'Field'])).toBe(false);
  });
});
