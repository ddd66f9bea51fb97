import { describe, expect, it } from 'vitest';
import { compareNames, isNameLabel } from '../../../src/ingest/understand/names.js';

describe('names', () => {
  it('treats small misspellings of one person as the same name', () => {
    expect(compareNames('Priya Natarajan', 'Priya Nataraajan')).toBe('same');
    expect(compareNames('Tomasz Wierzbicki', 'Tomas Wierzbicky')).toBe('same');
    expect(compareNames('Dr. Ana Lima', 'ana lima')).toBe('same');
    expect(compareNames('José Álvarez', 'Jose Alvarez')).toBe('same');
  });

  it('relates a bare first name to its full name, and nothing else', () => {
    expect(compareNames('Ana', 'Ana Lima')).toBe('first');
    expect(compareNames('Ana Lima', 'Ana Silva')).toBeNull();
    expect(compareNames('Ana Lima', 'Bea Lima')).toBeNull();
    expect(compareNames('Ed', 'Ted')).toBeNull();
  });

  it('tells names from diarization and role labels', () => {
    for (const label of ['Priya Natarajan', 'Dan', "Seán O'Brien"]) expect(isNameLabel(label)).toBe(true);
    for (const label of ['A', 'B2', 'Speaker 1', 'SPEAKER_03', 'spk 2', 'Host', 'Guest 2', '3'])
      expect(isNameLabel(label)).toBe(false);
  });
});
