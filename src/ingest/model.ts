// The canonical transcript. Data flows one way:
//   file → parser (formats/) → ParsedTranscript → understanding (understand/) → EpisodeDraft → store
// Parsers never touch the database; the store never parses.

export type TranscriptFormat = 'summary-transcript' | 'webvtt' | 'srt' | 'podcast-json' | 'plain';

export type PersonRole = 'host' | 'guest' | 'other';
export type SegmentKind = 'teaser' | 'intro' | 'interview' | 'outro' | 'ad';

export interface IngestWarning {
  /** Stable machine-readable code, e.g. "unaligned-quote". */
  code: string;
  message: string;
  line?: number;
}

/** Optional `<file>.meta.json` beside a transcript: editorial facts that override the file's. */
export interface Sidecar {
  show?: string;
  title?: string;
  publishedAt?: string;
  description?: string;
  language?: string;
  people?: { name: string; role?: PersonRole; title?: string; labels?: string[] }[];
  chapters?: RawChapter[];
}

/**
 * One caption as the source timed it (a WebVTT or SRT cue, a Podcasting 2.0 JSON segment, a
 * phrase of word-level JSON): kept with its turn so exports give back the source's own cues.
 */
export interface SourceCue {
  startMs: number;
  endMs: number;
  /** The words, markup and speaker label removed; line breaks as the source broke them. */
  text: string;
}

/** Where a time came from: read from the file, or worked out (from words, or the next start). */
export type Timing = 'source' | 'estimated';

/** One speaker turn as the source gives it. */
export interface RawTurn {
  /** Diarization label ("A", "Speaker 2") or a name, exactly as written. */
  label: string;
  text: string;
  /** 1-based line where the turn starts, for error messages. */
  line: number;
  /** Present when the source itself carries times (VTT, SRT, JSON, timestamped text). */
  startMs?: number;
  endMs?: number;
  /**
   * Set when a present time was worked out rather than read: a turn that starts or ends inside
   * a cue shared with another voice (split by words), a JSON segment with no `endTime`.
   */
  startEstimated?: boolean;
  endEstimated?: boolean;
  /** The source's cues, in order, for formats that have them. */
  cues?: SourceCue[];
}

export interface RawQuote {
  text: string;
  /** The name the source attributes the quote to, as written. */
  attribution?: string;
  /** A heading the quote sits under ("On Why …", "Notable Analogy"), if any. */
  theme?: string;
  statedMs?: number;
  line: number;
}

export interface RawChapter {
  title: string;
  startMs: number;
  endMs?: number;
  line?: number;
}

export interface RawPerson {
  name: string;
  role?: PersonRole;
  title?: string;
  /** Labels the source already ties to this person (a sidecar can). */
  labels?: string[];
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  turns: RawTurn[];
  meta: {
    show?: string;
    title?: string;
    /** ISO 8601 date or date-time. */
    publishedAt?: string;
    description?: string;
    language?: string;
    people: RawPerson[];
  };
  quotes: RawQuote[];
  chapters: RawChapter[];
  warnings: IngestWarning[];
}

export interface Evidence {
  /** self-introduction | addressed | introduced | quote-attribution | metadata | sidecar | questions | source-label | elimination */
  kind: string;
  detail: string;
  weight: number;
}

export interface DraftPerson {
  name: string;
  title: string | null;
  role: PersonRole;
  labels: string[];
  confidence: number;
  evidence: Evidence[];
  /** No name could be found for this speaker: a per-episode person, never merged across episodes. */
  unnamed?: boolean;
}

export interface DraftSegment {
  /** Index into EpisodeDraft.people, or null when the speaker is unknown. */
  person: number | null;
  label: string;
  text: string;
  wordCount: number;
  startMs: number;
  endMs: number;
  /** "source" only when both the start and the end were read from the file. */
  timing: Timing;
  startTiming: Timing;
  endTiming: Timing;
  /** The source's cues, when it has them: what caption exports give back. */
  cues?: SourceCue[];
  /** Index into EpisodeDraft.chapters. */
  chapter: number | null;
  kind: SegmentKind;
}

export interface DraftChapter {
  title: string;
  startMs: number;
  endMs: number;
  /** Index into EpisodeDraft.segments. */
  firstSegment: number | null;
}

export interface DraftQuote {
  person: number | null;
  attributedName: string | null;
  text: string;
  theme: string | null;
  statedMs: number | null;
  segment: number | null;
  chapter: number | null;
  startMs: number | null;
  charStart: number | null;
  charEnd: number | null;
  /** 0..1: how well the quote's words were found in its segment; 0 when unaligned. */
  alignmentScore: number;
}

export interface DraftTopic {
  slug: string;
  name: string;
  kind: 'topic' | 'person' | 'organization' | 'place';
  weight: number;
  mentions: number;
  segments: { segment: number; weight: number }[];
  quotes: { quote: number; weight: number }[];
}

/** Everything ingestion understood about one file, ready to be stored in one transaction. */
export interface EpisodeDraft {
  format: TranscriptFormat;
  show: { name: string };
  title: string;
  description: string | null;
  publishedAt: Date | null;
  durationMs: number;
  language: string;
  people: DraftPerson[];
  segments: DraftSegment[];
  chapters: DraftChapter[];
  quotes: DraftQuote[];
  topics: DraftTopic[];
  warnings: IngestWarning[];
}
