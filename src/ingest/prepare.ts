import { splitTurnsAtChapters } from './formats/chapter-turns.js';
import { parseChapters, parseTranscript } from './formats/index.js';
import { settleChapters } from './formats/podcast-chapters.parser.js';
import { WarningTally } from './formats/warning-tally.js';
import { CHAPTERS_SUFFIX, SIDECAR_SUFFIX } from './companions.js';
import type { EpisodeDraft, IngestWarning, ParsedTranscript, RawChapter, Sidecar } from './model.js';
import { parseSidecar } from './sidecar.js';
import { understand } from './understand/index.js';

// The CPU part of an ingestion — parse, then understand — as one pure function of the file's
// bytes, so that it can run on a worker thread (prepare.worker.ts) as well as in-line.

export interface PrepareInput {
  name: string;
  content: Uint8Array;
  sidecar?: Uint8Array | string;
  chapters?: Uint8Array | string;
}

export interface Prepared {
  draft: EpisodeDraft;
  format: string;
  parseMs: number;
  understandMs: number;
}

/** Bytes as the parsers read them (a worker receives a Buffer as a plain Uint8Array). */
const asBuffer = (bytes: Uint8Array | string) =>
  typeof bytes === 'string'
    ? Buffer.from(bytes)
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function prepare(input: PrepareInput): Prepared {
  const t0 = performance.now();
  const sidecar: Sidecar | undefined = input.sidecar
    ? parseSidecar(asBuffer(input.sidecar), `${input.name}${SIDECAR_SUFFIX}`)
    : undefined;
  const chapters = input.chapters
    ? parseChapters(asBuffer(input.chapters), `${input.name}${CHAPTERS_SUFFIX}`)
    : undefined;
  const parsed = splitTurnsAtChapters(
    withChapters(parseTranscript(asBuffer(input.content), input.name), chapters, sidecar),
  );
  const t1 = performance.now();
  const draft = understand({ parsed, source: input.name, ...(sidecar ? { sidecar } : {}) });
  return { draft, format: parsed.format, parseMs: t1 - t0, understandMs: performance.now() - t1 };
}

/**
 * Chapters, most specific source first: a chapters file, then the sidecar's, then the
 * transcript's own (the seed's summary table); whichever is used is put in order.
 */
function withChapters(
  parsed: ParsedTranscript,
  external: { chapters: RawChapter[]; warnings: IngestWarning[] } | undefined,
  sidecar: Sidecar | undefined,
): ParsedTranscript {
  const chosen = external?.chapters ?? sidecar?.chapters;
  if (!chosen) return parsed;
  const tally = new WarningTally();
  const chapters = settleChapters(chosen, tally);
  const replaced: IngestWarning[] = parsed.chapters.length
    ? [
        {
          code: 'chapters-replaced',
          message: `used the ${external ? 'chapters file' : "sidecar's chapters"} instead of the ${parsed.chapters.length} chapter(s) in the transcript`,
        },
      ]
    : [];
  return {
    ...parsed,
    chapters,
    warnings: [...parsed.warnings, ...(external?.warnings ?? []), ...tally.toWarnings(), ...replaced],
  };
}
