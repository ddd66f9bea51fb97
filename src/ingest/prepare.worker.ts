import { IngestError } from './errors.js';
import { type SentIngestError, sendable } from './companions.js';
import { type PrepareInput, prepare, type Prepared } from './prepare.js';

// A worker thread's task (run by piscina): one file parsed and understood. A refused file
// comes back as data, since a thrown error loses its class and fields on the way.

export type PrepareOutcome = ({ ok: true } & Prepared) | { ok: false; error: SentIngestError };

export default function prepareTask(input: PrepareInput | 'ping'): PrepareOutcome | 'pong' {
  // The pool's first task: the module loaded and the thread answers.
  if (input === 'ping') return 'pong';
  try {
    return { ok: true, ...prepare(input) };
  } catch (err) {
    if (err instanceof IngestError) return { ok: false, error: sendable(err) };
    throw err;
  }
}
