import { AppError } from '../lib/errors.js';

/** Stable codes for transcripts we refuse; each is documented in the README. */
export type IngestErrorCode =
  | 'empty-file'
  | 'binary-content'
  | 'unsupported-encoding'
  | 'unknown-format'
  | 'no-turns'
  | 'empty-turn'
  | 'malformed-transcript'
  | 'invalid-time'
  | 'invalid-timing'
  | 'invalid-chapters'
  | 'invalid-sidecar'
  | 'too-large';

/** A transcript that cannot be ingested. Over HTTP: 422 problem+json; in the CLI: one line. */
export class IngestError extends AppError {
  constructor(
    readonly code: IngestErrorCode,
    /** What is wrong, without the file and line the message starts with. */
    readonly reason: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(
      `ingest/${code}`,
      422,
      'The transcript cannot be ingested',
      `${source}${line ? `:${line}` : ''}: ${reason}`,
      { code, source, ...(line ? { line } : {}) },
    );
  }
}
