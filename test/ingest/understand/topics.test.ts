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

  it('never makes the show’s own name a topic, however often the host says it', () => {
    const framed = [
      'Welcome back to Tide Watch, the show about the sea.',
      'On Tide Watch we talk about coral reefs and ocean acidification.',
      'Ocean acidification makes it harder for a coral reef to grow.',
      'Thanks for listening to Tide Watch. Tide Watch returns next week.',
    ];
    const input = {
      segments: framed.map((text) => ({ text, chapter: null })),
      chapters: [],
      quotes: [],
      speakers: [],
    };
    const slugs = (show?: string) =>
      extractTopics({ ...input, ...(show ? { show } : {}) }).map((t) => t.slug);
    expect(slugs()).toContain('tide-watch');
    expect(slugs('Tide Watch')).not.toContain('tide-watch');
    expect(slugs('Tide Watch')).toContain('ocean-acidification');
  });

  it('keeps acronyms and named entities, but not the speakers or filler', () => {
    expect(bySlug.get('noaa')).toMatchObject({ name: 'NOAA', kind: 'topic' });
    expect(bySlug.get('ruth-gates')).toMatchObject({ kind: 'person', name: 'Ruth Gates' });
    expect([...bySlug.keys()].some((s) => s.includes('ines') || s.includes('duarte'))).toBe(false);
    for (const junk of ['people', 'part', 'hope', 'today', 'thing']) expect(bySlug.has(junk)).toBe(false);
    expect(topics.length).toBeLessThanOrEqual(20);
  });

  it('counts a chapter title for its noun when vague modifiers come before it', () => {
    const kite = extractTopics({
      segments: [
        { text: 'Today we fold a kite from one sheet of paper.', chapter: 0 },
        { text: 'Most people crease their kites too hard, and the paper tears.', chapter: 0 },
      ],
      chapters: [{ title: 'Folding your first kite' }],
      quotes: [],
      speakers: [],
    }).find((t) => t.slug === 'kite');
    expect(kite).toMatchObject({ kind: 'topic', mentions: 2 });
  });

  it('links a chapter’s topic to the chapter’s segments that do not say it', () => {
    const acid = bySlug.get('ocean-acidification')!;
    expect(acid.segments).toEqual(expect.arrayContaining([{ segment: 0, weight: expect.any(Number) }]));
  });
});

describe('people mentioned', () => {
  const people = (segments: string[]) =>
    extractTopics({
      segments: segments.map((text) => ({ text, chapter: null })),
      chapters: [],
      quotes: [],
      speakers: ['Lena Vogel'],
    })
      .filter((t) => t.kind === 'person')
      .map((t) => t.slug);

  it('does not take a capitalised common word for a person', () => {
    const found = people([
      'Rich people May buy the first loaves. Will you bake on Sunday?',
      'He is Rich. She May go. Rich families Will pay anything for bread.',
      'Rich is what a good crumb tastes like. May brings the first rye.',
    ]);
    for (const junk of ['rich', 'will', 'may']) expect(found).not.toContain(junk);
  });

  it('keeps such a word when the text names someone by it', () => {
    const found = people([
      'Last year I talked to Rich Sutton about bread and learning.',
      'I have other disagreements with Rich, but he bakes well.',
      'Our neighbour Dr. Hope ran the oven. We asked Dr. Hope about the crust.',
    ]);
    expect(found).toContain('rich-sutton');
    expect(found).not.toContain('rich');
    expect(found).toContain('hope');
  });
});

describe('acronyms', () => {
  const topics = (segments: string[], definitions: string[] = []) =>
    extractTopics({
      segments: segments.map((text) => ({ text, chapter: null })),
      chapters: [],
      quotes: [],
      speakers: [],
      definitions,
    });
  const SEGMENTS = [
    'Reinforcement learning is how the model learns from reward.',
    'RL is really exciting. RL turns compute into intelligence.',
    'We trust reinforcement learning when the reward is clear. RL scales.',
    'LLMs read the internet. An LLM predicts the next word; LLMs are big.',
  ];

  it('is one topic with its expansion when the episode spells it out', () => {
    const merged = topics(SEGMENTS, [
      'A conversation about reinforcement learning (RL) and language models.',
    ]);
    const slugs = merged.map((t) => t.slug);
    expect(slugs).toContain('reinforcement-learning');
    expect(slugs).not.toContain('rl');
    const rl = merged.find((t) => t.slug === 'reinforcement-learning')!;
    expect(rl.name).toBe('reinforcement learning');
    expect(rl.mentions).toBe(5);
    expect(rl.segments.map((s) => s.segment).sort()).toEqual([0, 1, 2]);
    const reversed = topics(SEGMENTS, ['We explain RL (reinforcement learning) first.']).map((t) => t.slug);
    expect(reversed).not.toContain('rl');
  });

  it('stays apart from a phrase it was never defined as, and is one topic in the plural', () => {
    const slugs = topics(SEGMENTS).map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['rl', 'reinforcement-learning', 'llm']));
    expect(slugs).not.toContain('llms');
  });
});
