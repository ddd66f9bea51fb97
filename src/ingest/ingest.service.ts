import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { IngestError } from './errors.js';
import { parseTranscript } from './formats/index.js';
import type { IngestWarning, Sidecar } from './model.js';
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
const TRANSCRIPT_FILE = /\.(txt|vtt|srt|json|md)$/i;

/** Files to ingest under the given paths: folders are walked, sidecars are not transcripts. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await stat(p);
    if (info.isDirectory()) {
      const entries = await readdir(p, { withFileTypes: true, recursive: true });
      for (const e of entries) {
        const full = path.join(e.parentPath, e.name);
        if (e.isFile() && TRANSCRIPT_FILE.test(e.name) && !e.name.endsWith(SIDECAR_SUFFIX)) files.push(full);
      }
    } else {
      files.push(p);
    }
  }
  return [...new Set(files)].sort();
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
      const parsed = parseTranscript(input.content, input.name);
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

    /** Reads a file and its optional `<file>.meta.json` sidecar, then ingests them. */
    async ingestFile(file: string, trigger: IngestInput['trigger']): Promise<IngestResult> {
      const content = await readFile(file);
      const sidecar = await readFile(`${file}${SIDECAR_SUFFIX}`).catch(() => undefined);
      return ingest({ name: path.basename(file), content, trigger, ...(sidecar ? { sidecar } : {}) });
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
