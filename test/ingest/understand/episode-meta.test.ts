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
    });
    expect(fromChapter.title).toBe('Lena Vogel: Sourdough starters explained');
    expect(fromChapter.show).toBe('Unknown show');
    const bare = episodeMeta({
      parsed: parsed(),
      source: 'bread_talk-03.txt',
      opening: '',
      guests: [],
      chapterTitles: [],
    });
    expect(bare.title).toBe('bread talk 03');
  });

  it('lets the sidecar override the file, and the file override what the text implies', () => {
    const meta = episodeMeta({
      parsed: parsed({ show: 'File Show', title: 'File Title', publishedAt: '2024-01-02' }),
      sidecar: { show: 'Sidecar Show', description: 'From the sidecar.' },
      source: 'x.txt',
      opening: 'Welcome to Spoken Show.',
      guests: [],
      chapterTitles: [],
    });
    expect(meta).toMatchObject({
      show: 'Sidecar Show',
      title: 'File Title',
      description: 'From the sidecar.',
      publishedAt: new Date('2024-01-02T00:00:00Z'),
    });
  });
});
