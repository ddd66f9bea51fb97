import { describe, expect, it } from 'vitest';
import {
  addressedNames,
  introducedNames,
  type NameCheck,
  selfIntroductions,
} from '../../../src/ingest/understand/name-mentions.js';

const nobody: NameCheck = { isKnown: () => false };

describe('name mentions', () => {
  it('keeps an abbreviated title before an introduced guest’s name', () => {
    expect(introducedNames('Joining me is Dr. Ada Brennan, a glaciologist.', nobody)).toContain(
      'Dr. Ada Brennan',
    );
    expect(introducedNames('Please welcome Prof. Tomas Wrenfield. He studies ice.', nobody)).toEqual([
      'Prof. Tomas Wrenfield',
    ]);
  });

  it('finds an introduced guest’s name after words that say who they are', () => {
    expect(
      introducedNames('My guest today is volcanologist Haraldur Sigurðsson. Haraldur, welcome.', nobody),
    ).toEqual(['Haraldur Sigurðsson']);
    expect(introducedNames('Joining me today is astronomer Dr. Aisha Khan. Aisha, welcome.', nobody)).toEqual(
      ['Dr. Aisha Khan'],
    );
    expect(introducedNames('Please welcome my good friend Chiamaka Obi-Nwosu to the show.', nobody)).toEqual([
      'Chiamaka Obi-Nwosu',
    ]);
    // Not a name after a few words, or not within the clause, or someone else the guest is
    // described by: nobody.
    for (const sentence of [
      'My guest today is going to tell us about Paris.',
      'With me today is nobody. Kwame Mensah will join next week.',
      'I sat down with the widow of John Lennon.',
      'My guest today is someone who knew Steve Jobs.',
      'Joining me is a colleague of Maria Lopez.',
      'Welcome to the show, today we discuss Maria Callas.',
      'I’m happy to have a chat about Maria Lopez.',
    ])
      expect(introducedNames(sentence, nobody), sentence).toEqual([]);
    // Descriptions that are only about the guest, however they are worded.
    for (const [sentence, name] of [
      ['Please welcome back to the show Maria Lopez.', 'Maria Lopez'],
      ['My guest today is none other than Maria Lopez.', 'Maria Lopez'],
      ['Joining me is our very own Maria Lopez.', 'Maria Lopez'],
      ['Please welcome the one and only Maria Lopez.', 'Maria Lopez'],
      ['My guest today is the accomplished author Maria Lopez.', 'Maria Lopez'],
      ['Please welcome J. R. Okafor to the show.', 'J. R. Okafor'],
    ] as const)
      expect(introducedNames(sentence, nobody), sentence).toEqual([name]);
    // Someone else's name, or a name that is not the guest's.
    for (const sentence of [
      'Please welcome Maria Lopez’s co-author, Dan Brooks.',
      'My guest today is not Maria Lopez but her sister.',
    ])
      expect(introducedNames(sentence, nobody), sentence).toEqual([]);
    // The name ends where its words do.
    expect(introducedNames('Please welcome Maria Lopez—a volcanologist.', nobody)).toEqual(['Maria Lopez']);
    expect(introducedNames('Please welcome “Maria Lopez” to the show.', nobody)).toEqual(['Maria Lopez']);
    expect(introducedNames('Please welcome Ana Beatriz Souza Pereira Costa today.', nobody)).toEqual([
      'Ana Beatriz Souza Pereira',
    ]);
  });

  it('ends a name at an initial that closes it, and at a possessive', () => {
    expect(selfIntroductions('Hi, I’m Ana B. Welcome to Endgame Hour.', nobody)).toEqual([]);
    expect(addressedNames('Thanks, Ana B. Great point.', nobody)).toEqual([]);
    const tom = { isKnown: (n: string) => n === 'Tom' || n === 'Tom Baker' };
    expect(selfIntroductions("This is Tom's first time on the show.", tom)).toEqual([]);
  });

  it('ends a name at any other period', () => {
    for (const check of [nobody, { isKnown: (n: string) => n === 'Mira' }]) {
      const found = addressedNames('Thanks, Mira. Happy to be here.', check);
      expect(found).toEqual(['Mira']);
      expect(found.some((n) => n.includes('.'))).toBe(false);
    }
  });
});
