import { countWords } from '../../lib/text.js';
import { linkChapters } from '../chapter-links.js';
import type { EpisodeDraft, ParsedTranscript, Sidecar } from '../model.js';

// Understanding: from what a file says to what it means. Each step is a pure function over
// the parsed transcript; nothing here touches the database.

const WORDS_PER_MINUTE = 160;

export interface UnderstandInput {
  parsed: ParsedTranscript;
  source: string;
  sidecar?: Sidecar;
}

export function understand({ parsed, source, sidecar }: UnderstandInput): EpisodeDraft {
  const labels = [...new Set(parsed.turns.map((t) => t.label))];
  const people = labels.map((label) => ({
    name: `Speaker ${label}`,
    title: null,
    role: 'other' as const,
    labels: [label],
    confidence: 0,
    evidence: [],
  }));
  let clock = 0;
  const segments = parsed.turns.map((t) => {
    const wordCount = countWords(t.text);
    const startMs = t.startMs ?? clock;
    const endMs = t.endMs ?? startMs + Math.round((wordCount / WORDS_PER_MINUTE) * 60_000);
    clock = endMs;
    return {
      person: labels.indexOf(t.label),
      label: t.label,
      text: t.text,
      wordCount,
      startMs,
      endMs,
      timing: t.startMs !== undefined ? ('source' as const) : ('estimated' as const),
      chapter: null as number | null,
      kind: 'interview' as const,
    };
  });
  const durationMs = segments.at(-1)?.endMs ?? 0;
  const chapters = parsed.chapters.map((c, i) => ({
    title: c.title,
    startMs: c.startMs,
    endMs: c.endMs ?? parsed.chapters[i + 1]?.startMs ?? Math.max(durationMs, c.startMs),
    firstSegment: null as number | null,
  }));
  const links = linkChapters(segments, chapters);
  segments.forEach((s, i) => (s.chapter = links.segmentChapter[i] ?? null));
  chapters.forEach((c, i) => (c.firstSegment = links.firstSegment[i] ?? null));
  const publishedAt = sidecar?.publishedAt ?? parsed.meta.publishedAt;
  const title = sidecar?.title ?? parsed.meta.title ?? source.replace(/\.[^.]+$/, '');
  return {
    format: parsed.format,
    show: { name: sidecar?.show ?? parsed.meta.show ?? 'Unknown show' },
    title,
    description: sidecar?.description ?? parsed.meta.description ?? null,
    publishedAt: publishedAt ? new Date(publishedAt) : null,
    durationMs,
    language: sidecar?.language ?? parsed.meta.language ?? 'en',
    people,
    segments,
    chapters,
    quotes: parsed.quotes.map((q) => ({
      person: null,
      attributedName: q.attribution ?? null,
      text: q.text,
      theme: q.theme ?? null,
      statedMs: q.statedMs ?? null,
      segment: null,
      chapter: null,
      startMs: null,
      charStart: null,
      charEnd: null,
      alignmentScore: 0,
    })),
    topics: [],
    warnings: parsed.warnings,
  };
}
