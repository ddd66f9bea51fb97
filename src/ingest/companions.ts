import { IngestError, type IngestErrorCode } from './errors.js';

// What the ingest service shares with the worker threads without loading the parsers and the
// language models: the companion files' names, and a refusal as it crosses between threads.

export const SIDECAR_SUFFIX = '.meta.json';
export const CHAPTERS_SUFFIX = '.chapters.json';

/** An IngestError as a worker thread can send it back (structured clone keeps no class). */
export interface SentIngestError {
  code: IngestErrorCode;
  reason: string;
  source: string;
  line?: number;
}

export function sendable(err: IngestError): SentIngestError {
  return { code: err.code, reason: err.reason, source: err.source, ...(err.line ? { line: err.line } : {}) };
}

export function received(sent: SentIngestError): IngestError {
  return new IngestError(sent.code, sent.reason, sent.source, sent.line);
}
