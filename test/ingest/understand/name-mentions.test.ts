import { describe, expect, it } from 'vitest';
import {
  addressedNames,
  introducedNames,
  type NameCheck,
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

  it('ends a name at any other period', () => {
    for (const check of [nobody, { isKnown: (n: string) => n === 'Mira' }]) {
      const found = addressedNames('Thanks, Mira. Happy to be here.', check);
      expect(found).toEqual(['Mira']);
      expect(found.some((n) => n.includes('.'))).toBe(false);
    }
  });
});
