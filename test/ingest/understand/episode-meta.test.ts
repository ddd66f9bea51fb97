import { describe, expect, it } from 'vitest';
import type { ParsedTranscript } from '../../../src/ingest/model.js';
import { episodeMeta, showFromIntro, subjectOf } from '../../../src/ingest/understand/episode-meta.js';

const parsed = (meta: Partial<ParsedTranscript['meta']> = {}): ParsedTranscript => ({
  format: 'plain',
  turns: [],
  meta: { people: [], ...meta },
  quotes: [],
  chapters: [],
  warnings: [],
});

describe('episode facts', () => {
  it('recovers the show from how the host opens it', () => {
    expect(showFromIntro('Hi all, welcome back to the Harbor Lights show, I am Priya.')).toBe(
      'Harbor Lights',
    );
    expect(showFromIntro("You're listening to Planet Kelp. Today we dive.")).toBe('Planet Kelp');
    expect(showFromIntro('Welcome to the ZAP podcast.')).toBe('ZAP Podcast');
    expect(showFromIntro('This is the Long Table podcast, where chefs talk.')).toBe('Long Table');
    expect(showFromIntro('Welcome to the show, everyone.')).toBeUndefined();
    expect(showFromIntro('Hi, this is Ana Lima.')).toBeUndefined();
  });

  it('derives a title from the guests and the description, never the file name when it can', () => {
    const meta = episodeMeta({
      parsed: parsed({
        description:
          'This episode explores how small towns rebuilt their bakeries after the war, and why bread matters.',
      }),
      source: '0042_raw_dump.txt',
      opening: 'Welcome to Crumbs.',
      guests: ['Lena Vogel'],
      chapterTitles: [],
      topics: [],
    });
    expect(meta.title).toBe(
      'Lena Vogel on how small towns rebuilt their bakeries after the war, and why bread matters',
    );
    expect(meta.show).toBe('Crumbs');
    expect(subjectOf('In this episode, features a long story. Then more.')).toBe('a long story');
  });

  it('falls back to the first real chapter, then to the file name', () => {
    const fromChapter = episodeMeta({
      parsed: parsed(),
      source: 'x.txt',
      opening: '',
      guests: ['Lena Vogel'],
      chapterTitles: ['Introduction', 'Sourdough starters explained'],
      topics: ['sourdough starter'],
    });
    expect(fromChapter.title).toBe('Lena Vogel: Sourdough starters explained');
    expect(fromChapter.show).toBe('Unknown show');
    const bare = episodeMeta({
      parsed: parsed(),
      source: 'bread_talk-03.txt',
      opening: '',
      guests: [],
      chapterTitles: [],
      topics: [],
    });
    expect(bare.title).toBe('bread talk 03');
  });

  it('titles an episode with neither description nor chapters by what the host says it is about', () => {
    const meta = (opening: string, guests = ['Kofi Mensah']) =>
      episodeMeta({ parsed: parsed(), source: 'x.vtt', opening, guests, chapterTitles: [], topics: ['bin'] })
        .title;
    expect(meta("Good morning. Today we're talking about composting in small spaces with Kofi Mensah.")).toBe(
      'Kofi Mensah on composting in small spaces',
    );
    expect(
      meta('Welcome back! This week we are digging into the history of the bicycle; Kofi joins us.'),
    ).toBe('Kofi Mensah on the history of the bicycle');
    expect(meta('I want to talk about it later. Hello and welcome.')).toBe('Kofi Mensah on bin');
    expect(meta('Hi, today we are discussing tidal power.', [])).toBe('Tidal power');
  });

  it('never makes a title of a sentence about the episode, and keeps it to a line', () => {
    const derive = (description: string, extra: { chapterTitles?: string[]; topics?: string[] } = {}) =>
      episodeMeta({
        parsed: parsed({ description }),
        source: 'ep-12.txt',
        opening: '',
        guests: ['Lena Vogel'],
        chapterTitles: extra.chapterTitles ?? [],
        topics: extra.topics ?? [],
      }).title;
    const chatty = 'In this episode we sit down with a baker to hear how her mornings begin.';
    expect(derive(chatty, { chapterTitles: ['Welcome', 'Ovens before dawn'], topics: ['sourdough'] })).toBe(
      'Lena Vogel: Ovens before dawn',
    );
    expect(derive(chatty, { topics: ['sourdough starter', 'rye'] })).toBe('Lena Vogel on sourdough starter');
    expect(derive('Today we talk bread.')).toBe('Lena Vogel');
    expect(subjectOf('In this episode, we explore bread.')).toBeUndefined();
    const long = derive(
      'This episode explores why the crust of a loaf baked in a wood-fired oven tastes different from one baked in an electric deck oven, and what that says about steam.',
    );
    expect(long).toBe(
      'Lena Vogel on why the crust of a loaf baked in a wood-fired oven tastes different from one baked',
    );
    expect(long.length).toBeLessThanOrEqual(100);
  });

  it('lets the sidecar override the file, and the file override what the text implies', () => {
    const meta = episodeMeta({
      parsed: parsed({ show: 'File Show', title: 'File Title', publishedAt: '2024-01-02' }),
      sidecar: { show: 'Sidecar Show', description: 'From the sidecar.' },
      source: 'x.txt',
      opening: 'Welcome to Spoken Show.',
      guests: [],
      chapterTitles: [],
      topics: [],
    });
    expect(meta).toMatchObject({
      show: 'Sidecar Show',
      title: 'File Title',
      description: 'From the sidecar.',
      publishedAt: new Date('2024-01-02T00:00:00Z'),
    });
  });
});
