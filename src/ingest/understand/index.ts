import type {
  DraftChapter,
  DraftQuote,
  DraftSegment,
  EpisodeDraft,
  IngestWarning,
  ParsedTranscript,
  RawChapter,
  Sidecar,
} from '../model.js';
import { placeOnClock } from './clock.js';
import { episodeMeta, showOf } from './episode-meta.js';
import { classifyKinds } from './kinds.js';
import { compareNames } from './names.js';
import { type QuoteAlignment, quoteAligner } from './quote-alignment.js';
import { chooseAlignment, dedupeQuotes } from './quotes.js';
import { buildSegments, joinSamePerson, type Segment } from './segments.js';
import { resolveSpeakers } from './speakers.js';
import { DEFAULT_WORDS_PER_MINUTE } from './timing.js';
import { type Token, tokenAt, tokenize } from './tokens.js';
import { extractTopics } from './topics.js';

// Understanding: from what a file says to what it means. Each step is a pure module
// (segments, speakers, kinds, quotes, chapters, timing, topics, meta); this file only runs
// them in order. Nothing here touches the database.

export interface UnderstandInput {
  parsed: ParsedTranscript;
  source: string;
  sidecar?: Sidecar;
}

export function understand({ parsed, source, sidecar }: UnderstandInput): EpisodeDraft {
  const warnings: IngestWarning[] = [...parsed.warnings];

  // 1. Segments, and who speaks in each.
  const built = buildSegments(parsed.turns);
  const quotes = dedupeQuotes(parsed.quotes);
  const firstTokens = built.segments.map((s) => tokenize(s.text));
  const align = quoteAligner(firstTokens);
  const firstAlignments = quotes.map((q) => align(q.text));
  const speakers = resolveSpeakers({
    segments: built.segments.map((s) => ({ label: s.labels[0]!, text: s.text, wordCount: s.wordCount })),
    listed: [
      ...(sidecar?.people ?? []).map((person) => ({ person, source: 'sidecar' as const })),
      ...parsed.meta.people.map((person) => ({ person, source: 'metadata' as const })),
    ],
    // Every place a quote's words were said speaks for its author (a teaser repeats them).
    quotes: quotes.flatMap((q, i) => {
      const candidates = firstAlignments[i]!;
      const best = candidates[0]?.score ?? 0;
      return q.attribution
        ? candidates
            .filter((a) => a.score >= best - 0.1)
            .map((a) => ({ attribution: q.attribution!, segment: a.segment, score: a.score }))
        : [];
    }),
  });
  warnings.push(...speakers.warnings);
  const personOf = (s: Segment) => speakers.personOfLabel.get(s.labels[0]!) ?? null;
  const joined = joinSamePerson(
    built.segments,
    personOf,
    classifyKinds(built.segments.map((s) => ({ text: s.text, wordCount: s.wordCount, label: s.labels[0]! }))),
  );
  const segments = joined.segments;
  const kinds = joined.kinds;
  // Joined segments are their parts' texts with one space between: their words are the
  // parts' words, moved by the part's offset (no word spans a space), so none is tokenised twice.
  const tokens: Token[][] = segments.map(() => []);
  firstTokens.forEach((words, a) => {
    const { index, offset } = joined.map[a]!;
    for (const t of words)
      tokens[index]!.push(offset ? { ...t, start: t.start + offset, end: t.end + offset } : t);
  });
  const wordStarts: number[] = [];
  let totalWords = 0;
  for (const s of segments) {
    wordStarts.push(totalWords);
    totalWords += s.wordCount;
  }

  // 2. Where each quote was said: offsets carried over to the joined segments.
  const roughMs = (segment: number, word: number) =>
    ((wordStarts[segment]! + word) * 60_000) / DEFAULT_WORDS_PER_MINUTE;
  const alignments = quotes.map((q, i) => {
    const moved = firstAlignments[i]!.map((a): QuoteAlignment => {
      const { index, offset } = joined.map[a.segment]!;
      return {
        ...a,
        segment: index,
        charStart: a.charStart + offset,
        charEnd: a.charEnd + offset,
        wordStart: tokenAt(tokens[index]!, a.charStart + offset),
      };
    });
    return chooseAlignment(moved, q.statedMs, (s) => kinds[s] === 'teaser', roughMs);
  });
  quotes.forEach((q, i) => {
    if (!alignments[i])
      warnings.push({
        code: 'unaligned-quote',
        message: `could not find this quote in the transcript: "${q.text.slice(0, 60)}${q.text.length > 60 ? '…' : ''}"`,
        line: q.line,
      });
  });

  // 3. Chapters and time.
  // The ingest service has already chosen among a chapters file, the sidecar and the transcript.
  const rawChapters: RawChapter[] = parsed.chapters;
  const chapterSegments = segments.map((s, i) => ({
    ...s,
    tokens: tokens[i]!,
    kind: kinds[i]!,
    wordStart: wordStarts[i]!,
  }));
  const quoteBounds = quotes.flatMap((q, i) => {
    const a = alignments[i];
    if (!a || q.statedMs === undefined) return [];
    const segmentWord = wordStarts[a.segment]!;
    return [{ segmentWord, quoteWord: segmentWord + a.wordStart, ms: q.statedMs }];
  });
  const { firstSegments, segmentChapters, timeline, dropped } = placeOnClock({
    segments: chapterSegments,
    chapters: rawChapters,
    quotes: quoteBounds,
    totalWords,
  });
  if (dropped > 0) {
    warnings.push({
      code: 'contradicting-times',
      message: `${dropped} chapter or quote time(s) contradict the others and were not used to estimate times`,
    });
  }

  // Real times win over estimates: a time read from the file is kept as it is, and flagged
  // "source"; every other time (from words, or the next turn's start) is "estimated".
  const draftSegments: DraftSegment[] = segments.map((s, i) => {
    const startMs = s.startMs ?? timeline!.at(wordStarts[i]!);
    const next = segments[i + 1]?.startMs;
    const endMs =
      s.endMs ??
      (timeline
        ? timeline.at(wordStarts[i]! + s.wordCount)
        : (next ?? startMs + Math.round((s.wordCount * 60_000) / DEFAULT_WORDS_PER_MINUTE)));
    const startTiming = s.startMs !== undefined && !s.startEstimated ? 'source' : 'estimated';
    const endTiming = s.endMs !== undefined && !s.endEstimated ? 'source' : 'estimated';
    return {
      person: personOf(s),
      label: s.labels.join(', '),
      text: s.text,
      wordCount: s.wordCount,
      startMs,
      endMs: Math.max(startMs, endMs),
      timing: startTiming === 'source' && endTiming === 'source' ? 'source' : 'estimated',
      startTiming,
      endTiming,
      ...(s.cues?.length ? { cues: s.cues } : {}),
      chapter: null,
      kind: kinds[i]!,
    };
  });
  const lastChapterStart = rawChapters.at(-1)?.startMs ?? 0;
  const durationMs = Math.max(
    timeline?.durationMs ?? Math.max(0, ...draftSegments.map((s) => s.endMs)),
    draftSegments.at(-1)?.endMs ?? 0,
    lastChapterStart,
  );
  const last = draftSegments.at(-1);
  if (last && timeline && last.endTiming === 'estimated') last.endMs = durationMs;
  const chapters: DraftChapter[] = rawChapters.map((c, j) => ({
    title: c.title,
    startMs: c.startMs,
    endMs: c.endMs ?? rawChapters[j + 1]?.startMs ?? Math.max(durationMs, c.startMs),
    firstSegment: firstSegments[j] ?? null,
  }));
  // Estimated: a chapter runs from its first segment to the next chapter's.
  let current: number | null = null;
  draftSegments.forEach((s, i) => {
    const starting = firstSegments.lastIndexOf(i);
    if (starting >= 0) current = starting;
    s.chapter = segmentChapters ? (segmentChapters[i] ?? null) : current;
  });

  // 4. Quotes: attributed, timed inside their segment.
  const draftQuotes: DraftQuote[] = quotes.map((q, i) => {
    const a = alignments[i];
    const named = q.attribution
      ? speakers.people.findIndex((p) => compareNames(p.name, q.attribution!) !== null)
      : -1;
    if (!a) {
      return {
        person: named >= 0 ? named : null,
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
      };
    }
    const seg = draftSegments[a.segment]!;
    return {
      person: named >= 0 ? named : seg.person,
      attributedName: q.attribution ?? null,
      text: q.text,
      theme: q.theme ?? null,
      statedMs: q.statedMs ?? null,
      segment: a.segment,
      chapter: seg.chapter,
      startMs: quoteTime(
        seg,
        a.wordStart,
        segments[a.segment]!.wordCount,
        q.statedMs,
        timeline !== undefined,
      ),
      charStart: a.charStart,
      charEnd: a.charEnd,
      alignmentScore: a.score,
    };
  });

  // 5. Topics and the episode's own facts.
  const opening = draftSegments
    .filter((s) => s.kind === 'intro' || s.kind === 'teaser')
    .concat(draftSegments.slice(0, 3))
    .map((s) => s.text)
    .join(' ');
  const show = showOf(parsed, sidecar, opening);
  const topics = extractTopics({
    segments: draftSegments.map((s) => ({ text: s.text, chapter: s.chapter })),
    chapters,
    quotes: draftQuotes.map((q) => ({ text: q.text, chapter: q.chapter })),
    speakers: speakers.people.filter((p) => !p.unnamed).map((p) => p.name),
    ...(show ? { show } : {}),
    definitions: [parsed.meta.description, sidecar?.description].filter((d) => d !== undefined),
  });
  const meta = episodeMeta({
    parsed,
    ...(sidecar ? { sidecar } : {}),
    source,
    opening,
    guests: speakers.people.filter((p) => p.role === 'guest').map((p) => p.name),
    chapterTitles: chapters.map((c) => c.title),
    topics: topics
      .filter((t) => t.kind === 'topic')
      .sort((a, b) => b.weight - a.weight)
      .map((t) => t.name),
  });

  return {
    format: parsed.format,
    show: { name: meta.show },
    title: meta.title,
    description: meta.description,
    publishedAt: meta.publishedAt,
    durationMs,
    language: meta.language,
    people: speakers.people,
    segments: draftSegments,
    chapters,
    quotes: draftQuotes,
    topics,
    warnings,
  };
}

/** How far an estimated quote time may stray from the time the editor stated. */
const QUOTE_LEEWAY_MS = 25_000;

/**
 * A quote's time: its place in the segment by words — kept within QUOTE_LEEWAY_MS of the
 * stated time when times are estimated (an editor who heard the audio knows better than a
 * word count), and always inside its segment's span.
 */
function quoteTime(
  segment: DraftSegment,
  wordInSegment: number,
  wordCount: number,
  statedMs: number | undefined,
  estimated: boolean,
): number {
  const byWords = Math.round(
    segment.startMs + (segment.endMs - segment.startMs) * (wordCount ? wordInSegment / wordCount : 0),
  );
  if (statedMs === undefined || !estimated) return byWords;
  const reconciled = Math.min(statedMs + QUOTE_LEEWAY_MS, Math.max(statedMs - QUOTE_LEEWAY_MS, byWords));
  return Math.min(segment.endMs, Math.max(segment.startMs, reconciled));
}
