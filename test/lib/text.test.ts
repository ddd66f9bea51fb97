import { describe, expect, it } from 'vitest';
import { identitySlug, slugify } from '../../src/lib/text.js';

describe('slugs', () => {
  it('romanises any script and folds accents', () => {
    expect(slugify('Erdős')).toBe('erdos');
    expect(slugify('Gödel Prize Winners')).toBe('godel-prize-winners');
    expect(slugify('Strauß & Søren')).toBe('strauss-soren');
    expect(slugify('Анна Петрова')).toBe('anna-petrova');
    expect(slugify('王伟')).toBe('wang-wei');
    expect(slugify('🎙️ …')).toBe('');
  });

  it('cuts a long slug at a word boundary, never inside a word', () => {
    const slug = slugify('Reinforcement learning and the unreasonable effectiveness of mathematics', 40);
    expect(slug).toBe('reinforcement-learning-and-the');
    expect(slugify('supercalifragilisticexpialidocious', 10)).toBe('supercalif');
  });

  it('gives names in other scripts a slug of their own, stable and never empty', () => {
    expect(identitySlug('Zoltán Erdős')).toBe('zoltan-erdos');
    expect(identitySlug('王伟')).toMatch(/^wang-wei-[0-9a-f]{8}$/);
    expect(identitySlug('王伟')).not.toBe(identitySlug('汪巍'));
    expect(identitySlug('Анна Петрова')).toBe(identitySlug(' анна  петрова '));
    expect(identitySlug('🎙️')).toMatch(/^[0-9a-f]{8}$/);
    expect(identitySlug('🎙️')).not.toBe(identitySlug('🎧'));
    expect(identitySlug('王伟'.repeat(40), 30).length).toBeLessThanOrEqual(30);
  });
});
