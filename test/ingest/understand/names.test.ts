import { describe, expect, it } from 'vitest';
import {
  compareNames,
  isNameLabel,
  nameTokens,
  splitHonorific,
} from '../../../src/ingest/understand/names.js';

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

  it('compares names in any script, and never takes two different names for one', () => {
    expect(nameTokens('Анна  Петрова')).toEqual(['анна', 'петрова']);
    expect(nameTokens('Prof. Γιώργος Παπαδόπουλος')).toEqual(['γιωργος', 'παπαδοπουλος']);
    expect(compareNames('Анна Петрова', 'АННА ПЕТРОВА')).toBe('same');
    expect(compareNames('Анна', 'Анна Петрова')).toBe('first');
    expect(compareNames('王伟', '王伟')).toBe('same');
    expect(compareNames('王伟', '汪巍')).toBeNull();
    expect(compareNames('محمد علي', 'محمد علي')).toBe('same');
    expect(compareNames('محمد علي', 'محمد حسن')).toBeNull();
    for (const label of ['Анна Петрова', '王伟', 'محمد علي', 'Ζωή']) expect(isNameLabel(label)).toBe(true);
  });
});

describe('honorifics', () => {
  it('keeps "Dr.", "Prof." or "Sir" out of the name, as the title', () => {
    expect(splitHonorific('Dr. Jane Roe')).toEqual({ name: 'Jane Roe', honorific: 'Dr.' });
    expect(splitHonorific('Prof. Dr. Hans Weber')).toEqual({ name: 'Hans Weber', honorific: 'Prof. Dr.' });
    expect(splitHonorific('Sir David Low')).toEqual({ name: 'David Low', honorific: 'Sir' });
    expect(splitHonorific('Ms. Ada Obi')).toEqual({ name: 'Ada Obi' });
    expect(splitHonorific('Drew Barry')).toEqual({ name: 'Drew Barry' });
    expect(splitHonorific('Dr.')).toEqual({ name: 'Dr.' });
  });
});
