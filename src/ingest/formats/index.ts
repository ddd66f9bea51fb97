import { IngestError } from '../errors.js';
import type { ParsedTranscript, TranscriptFormat } from '../model.js';
import { decodeText } from './decode.js';
import { looksLikePlainText, parsePlainText } from './plain-text.parser.js';
import { parseChaptersJson, type ParsedChapters } from './podcast-chapters.parser.js';
import { looksLikePodcastJson, parsePodcastJson } from './podcast-json.parser.js';
import { looksLikeSrt, parseSrt } from './srt.parser.js';
import {
  looksLikeSummaryTranscript,
  parseSummaryTranscript,
  summaryWithoutTurns,
} from './summary-transcript.parser.js';
import { looksLikeWebVtt, parseWebVtt } from './webvtt.parser.js';

interface FormatParser {
  format: TranscriptFormat;
  /** Cheap test on the decoded text: does this look like my format? */
  detect(text: string): boolean;
  parse(text: string, source: string): ParsedTranscript;
}

// Tried in order; the first whose detect() accepts the text parses it. Formats are
// recognised by content, never by file name. The most constrained shapes come first: JSON
// (starts with "{"), WebVTT (its "WEBVTT" signature, or timing lines that are not SubRip's),
// SubRip (numbered cues, comma milliseconds), then the two line-based text shapes, which
// exclude each other: label-only lines (the seed) versus "Name: text" lines (plain).
const PARSERS: FormatParser[] = [
  { format: 'podcast-json', detect: looksLikePodcastJson, parse: parsePodcastJson },
  { format: 'webvtt', detect: looksLikeWebVtt, parse: parseWebVtt },
  { format: 'srt', detect: looksLikeSrt, parse: parseSrt },
  { format: 'summary-transcript', detect: looksLikeSummaryTranscript, parse: parseSummaryTranscript },
  { format: 'plain', detect: looksLikePlainText, parse: parsePlainText },
];

export function detectFormat(text: string): TranscriptFormat | undefined {
  return PARSERS.find((p) => p.detect(text))?.format;
}

/** Bytes → canonical transcript, or an IngestError saying precisely why not. */
export function parseTranscript(content: Buffer, source: string): ParsedTranscript {
  const text = decodeText(content, source);
  const parser = PARSERS.find((p) => p.detect(text));
  if (!parser) {
    const summaryLine = summaryWithoutTurns(text);
    if (summaryLine !== undefined) {
      throw new IngestError(
        'no-turns',
        `the file has an episode summary (from this line) but no speaker turns before it`,
        source,
        summaryLine,
      );
    }
    throw new IngestError(
      'unknown-format',
      `not a transcript format castindex reads (supported: ${PARSERS.map((p) => p.format).join(', ')})`,
      source,
    );
  }
  return parser.parse(text, source);
}

/** Bytes of a Podcasting 2.0 JSON chapters file → chapters, or an `invalid-chapters` error. */
export function parseChapters(content: Buffer, source: string): ParsedChapters {
  return parseChaptersJson(decodeText(content, source), source);
}
