import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { IngestError } from './errors.js';
import { parseChapters, parseTranscript } from './formats/index.js';
import { settleChapters } from './formats/podcast-chapters.parser.js';
import { WarningTally } from './formats/warning-tally.js';
import type { IngestWarning, ParsedTranscript, RawChapter, Sidecar } from './model.js';
import { parseSidecar } from './sidecar.js';
import {
  createEpisodeStore,
  type RunRecord,
  type StoredEpisode,
  type StoredStatus,
} from './store/episode-store.js';
import { understand } from './understand/index.js';

export interface IngestInput {
  /** Source file name: the episode's identity for later replacements. */
  name: string;
  content: Buffer;
  sidecar?: Buffer | string;
  /** Podcasting 2.0 JSON chapters for this transcript; they replace any the transcript has. */
  chapters?: Buffer | string;
  trigger: 'cli' | 'http' | 'startup';
  apiKeyId?: string;
}

export interface IngestResult {
  status: StoredStatus;
  sourceName: string;
  episode: StoredEpisode;
  runId: string;
  format: string;
  counts: Record<string, number>;
  warnings: IngestWarning[];
  timings: Record<string, number>;
}

export const SIDECAR_SUFFIX = '.meta.json';
export const CHAPTERS_SUFFIX = '.chapters.json';
const TRANSCRIPT_FILE = /\.(txt|vtt|srt|json|md)$/i;

/** Files to ingest under the given paths: folders are walked; sidecars and chapters are not transcripts. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await stat(p);
    if (info.isDirectory()) {
      const entries = await readdir(p, { withFileTypes: true, recursive: true });
      for (const e of entries) {
        const full = path.join(e.parentPath, e.name);
        const companion = e.name.endsWith(SIDECAR_SUFFIX) || e.name.endsWith(CHAPTERS_SUFFIX);
        if (e.isFile() && TRANSCRIPT_FILE.test(e.name) && !companion) files.push(full);
      }
    } else {
      files.push(p);
    }
  }
  return [...new Set(files)].sort();
}

/** The chapters file beside a transcript: `<base>.chapters.json`, or `<file>.chapters.json`. */
export function chaptersFileFor(file: string): string[] {
  const base = file.slice(0, file.length - path.extname(file).length);
  return [`${base}${CHAPTERS_SUFFIX}`, `${file}${CHAPTERS_SUFFIX}`];
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

function ms(from: number, to = performance.now()): number {
  return Math.round((to - from) * 10) / 10;
}

/** The ingestion pipeline: parse → understand → store, used by the CLI, start-up and HTTP. */
export function createIngestService(deps: { db: Db; metrics: Metrics; log: Logger; maxBytes: number }) {
  const store = createEpisodeStore(deps.db);

  async function ingest(input: IngestInput): Promise<IngestResult> {
    const t0 = performance.now();
    const startedAt = new Date();
    const contentHash = createHash('sha256')
      .update(input.content)
      .update(input.sidecar ?? '')
      .update(input.chapters ? '\0chapters\0' : '')
      .update(input.chapters ?? '')
      .digest('hex');
    const run: RunRecord = {
      sourceName: input.name,
      contentHash,
      format: null,
      trigger: input.trigger,
      apiKeyId: input.apiKeyId ?? null,
      startedAt,
      counts: {},
      warnings: [],
      timings: {},
    };
    const stopTimer = deps.metrics.ingestDuration.startTimer();
    try {
      if (input.content.length > deps.maxBytes) {
        throw new IngestError(
          'too-large',
          `the file is ${input.content.length} bytes; the limit is ${deps.maxBytes}`,
          input.name,
        );
      }
      // Content already stored is found by its hash before any parsing: a restart or a
      // repeated upload costs one query.
      const known = await store.findByContentHash(contentHash);
      if (known) {
        const runId = await store.recordRun(run, 'unchanged', known.id);
        deps.metrics.ingestions.inc({ status: 'unchanged' });
        const { format, ...episode } = known;
        return {
          status: 'unchanged',
          sourceName: input.name,
          episode,
          runId,
          format,
          counts: {},
          warnings: [],
          timings: { totalMs: ms(t0) },
        };
      }
      const sidecar: Sidecar | undefined = input.sidecar
        ? parseSidecar(input.sidecar, `${input.name}${SIDECAR_SUFFIX}`)
        : undefined;
      const chapters = input.chapters
        ? parseChapters(Buffer.from(input.chapters), `${input.name}${CHAPTERS_SUFFIX}`)
        : undefined;
      const parsed = withChapters(parseTranscript(input.content, input.name), chapters, sidecar);
      run.format = parsed.format;
      const t1 = performance.now();
      const draft = understand({ parsed, source: input.name, ...(sidecar ? { sidecar } : {}) });
      const t2 = performance.now();
      run.counts = {
        segments: draft.segments.length,
        people: draft.people.length,
        quotes: draft.quotes.length,
        alignedQuotes: draft.quotes.filter((q) => q.segment !== null).length,
        chapters: draft.chapters.length,
        topics: draft.topics.length,
      };
      run.warnings = draft.warnings;
      run.timings = { parseMs: ms(t0, t1), understandMs: ms(t1, t2) };
      const stored = await store.save(draft, input.name, contentHash, run);
      run.timings = { ...run.timings, storeMs: ms(t2), totalMs: ms(t0) };
      deps.metrics.ingestions.inc({ status: stored.status });
      return {
        ...stored,
        sourceName: input.name,
        format: parsed.format,
        counts: run.counts,
        warnings: run.warnings,
        timings: run.timings,
      };
    } catch (err) {
      deps.metrics.ingestions.inc({ status: 'failed' });
      const error =
        err instanceof IngestError
          ? { code: err.code, message: err.message, ...(err.line ? { line: err.line } : {}) }
          : { code: 'internal', message: (err as Error).message };
      try {
        await store.recordRun({ ...run, error }, 'failed', null);
      } catch (recordErr) {
        deps.log.warn({ err: recordErr }, 'could not record a failed ingestion run');
      }
      throw err;
    } finally {
      stopTimer();
    }
  }

  return {
    ingest,

    /**
     * Reads a file with its optional companions — the `<file>.meta.json` sidecar and the
     * `<base>.chapters.json` chapters — then ingests them together.
     */
    async ingestFile(file: string, trigger: IngestInput['trigger']): Promise<IngestResult> {
      const content = await readFile(file);
      const sidecar = await readFile(`${file}${SIDECAR_SUFFIX}`).catch(() => undefined);
      let chapters: Buffer | undefined;
      for (const candidate of chaptersFileFor(file)) {
        chapters ??= await readFile(candidate).catch(() => undefined);
      }
      return ingest({
        name: path.basename(file),
        content,
        trigger,
        ...(sidecar ? { sidecar } : {}),
        ...(chapters ? { chapters } : {}),
      });
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
