import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import { parseTranscript } from '../../src/ingest/formats/index.js';

export const FORMATS_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'formats');

export function fixture(name: string): Buffer {
  return readFileSync(path.join(FORMATS_DIR, name));
}

export function parseFixture(name: string) {
  return parseTranscript(fixture(name), name);
}

/** Parses inline text the way a file would be read. */
export function parseText(text: string, name = 'inline.txt') {
  return parseTranscript(Buffer.from(text), name);
}

/** The error thrown by `work`, for assertions on its code, line and message. */
export function errorOf(work: () => unknown): { code?: string; line?: number; message: string } {
  try {
    work();
  } catch (err) {
    return err as { code?: string; line?: number; message: string };
  }
  throw new Error('expected an error, got none');
}
