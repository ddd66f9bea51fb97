import { describe, expect, it } from 'vitest';
import { extractTopics } from '../../../src/ingest/understand/topics.js';

const SEGMENTS = [
  'Welcome back. Today Ines Duarte joins me to talk about coral reefs and ocean acidification.',
  'Coral reefs cover a tiny part of the sea floor. Ocean acidification makes it harder for a coral reef to grow.',
  'We measured pH levels with NOAA buoys. The NOAA data showed ocean acidification everywhere.',
  'So is there any hope for the coral reef? I mean, what do people actually do?',
  'Restoration teams in Australia grow coral in nurseries, then plant it on the reef. Marine biologists like Ruth Gates pioneered it.',
  'Ruth Gates called it assisted evolution. The Great Barrier Reef is the test case, with NOAA watching.',
];

describe('topics', () => {
  const topics = extractTopics({
    segments: SEGMENTS.map((text, i) => ({ text, chapter: i < 3 ? 0 : 1 })),
    chapters: [{ title: 'Ocean acidification' }, { title: 'Restoring coral reefs' }],
    quotes: [{ text: 'Ocean acidification is everywhere.', chapter: 0 }],
    speakers: ['Ines Duarte', 'Tom Reyes'],
  });
  const bySlug = new Map(topics.map((t) => [t.slug, t]));

  it('merges singular and plural and any case into one slug, weighted and linked to segments', () => {
    const reefs = bySlug.get('coral-reef')!;
    expect(reefs.mentions).toBeGreaterThanOrEqual(3);
    expect(reefs.segments.map((s) => s.segment)).toEqual(expect.arrayContaining([0, 1, 3]));
    const acid = bySlug.get('ocean-acidification')!;
    expect(acid.weight).toBeGreaterThan(0);
    expect(acid.weight).toBeLessThanOrEqual(1);
    expect(acid.quotes).toEqual([{ quote: 0, weight: 1 }]);
    expect(Math.max(...topics.map((t) => t.weight))).toBe(1);
  });

  it('keeps acronyms and named entities, but not the speakers or filler', () => {
    expect(bySlug.get('noaa')).toMatchObject({ name: 'NOAA', kind: 'topic' });
    expect(bySlug.get('ruth-gates')).toMatchObject({ kind: 'person', name: 'Ruth Gates' });
    expect([...bySlug.keys()].some((s) => s.includes('ines') || s.includes('duarte'))).toBe(false);
    for (const junk of ['people', 'part', 'hope', 'today', 'thing']) expect(bySlug.has(junk)).toBe(false);
    expect(topics.length).toBeLessThanOrEqual(20);
  });

  it('links a chapter’s topic to the chapter’s segments that do not say it', () => {
    const acid = bySlug.get('ocean-acidification')!;
    expect(acid.segments).toEqual(expect.arrayContaining([{ segment: 0, weight: expect.any(Number) }]));
  });
});
