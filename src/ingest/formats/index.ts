import { IngestError } from '../errors.js';
import type { ParsedTranscript, TranscriptFormat } from '../model.js';
import { decodeText } from './decode.js';
import { looksLikeSummaryTranscript, parseSummaryTranscript } from './summary-transcript.parser.js';

interface FormatParser {
  format: TranscriptFormat;
  /** Cheap test on the decoded text: does this look like my format? */
  detect(text: string): boolean;
  parse(text: string, source: string): ParsedTranscript;
}

// Tried in order; the first whose detect() accepts the text parses it. Formats are
// recognised by content, never by file name.
const PARSERS: FormatParser[] = [
  { format: 'summary-transcript', detect: looksLikeSummaryTranscript, parse: parseSummaryTranscript },
];

export function detectFormat(text: string): TranscriptFormat | undefined {
  return PARSERS.find((p) => p.detect(text))?.format;
}

/** Bytes → canonical transcript, or an IngestError saying precisely why not. */
export function parseTranscript(content: Buffer, source: string): ParsedTranscript {
  const text = decodeText(content, source);
  const parser = PARSERS.find((p) => p.detect(text));
  if (!parser) {
    throw new IngestError(
      'unknown-format',
      `not a transcript format castindex reads (supported: ${PARSERS.map((p) => p.format).join(', ')})`,
      source,
    );
  }
  return parser.parse(text, source);
}
