import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { Db } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { IngestError } from './errors.js';
import type { IngestWarning } from './model.js';
import { CHAPTERS_SUFFIX, received, SIDECAR_SUFFIX } from './companions.js';
import type { PrepareInput, Prepared } from './prepare.js';
import type { PrepareOutcome } from './prepare.worker.js';
import {
  createEpisodeStore,
  startRun,
  type StoredEpisode,
  type StoredStatus,
} from './store/episode-store.js';

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

export { CHAPTERS_SUFFIX, SIDECAR_SUFFIX };
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

function ms(from: number, to = performance.now()): number {
  return Math.round((to - from) * 10) / 10;
}

/** The worker's module beside this one, as this module is run (TypeScript under tsx, or built). */
const WORKER = new URL(`./prepare.worker${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url)
  .href;

/** A worker runs with the process's own flags, plus tsx's loader where its module is TypeScript. */
function workerFlags(filename: string): string[] {
  const flags = process.execArgv;
  const loadsTypeScript = flags.some((f) => f.includes('tsx'));
  return filename.endsWith('.ts') && !loadsTypeScript ? [...flags, '--import', 'tsx'] : flags;
}

/** How long a new worker may take to load its module and answer. */
const WORKER_START_MS = 60_000;
const WORKER_YOUNG_GENERATION_MB = 192;

/**
 * The ingestion pipeline: parse → understand → store, used by the CLI, start-up and HTTP.
 * With `workers`, parsing and understanding (CPU-bound, ~50 ms an episode) run on that many
 * worker threads: the event loop keeps serving requests during an upload, and a batch
 * (`ingestMany`) understands one file while the last is being stored.
 */
export function createIngestService(deps: {
  db: Db;
  metrics: Metrics;
  log: Logger;
  maxBytes: number;
  workers?: number;
  /** The worker's module; tests point it elsewhere. */
  workerUrl?: string;
}) {
  const store = createEpisodeStore(deps.db, deps.log);
  const workers = deps.workers ?? 0;
  type Pool = Piscina<PrepareInput | 'ping', PrepareOutcome | 'pong'>;
  let starting: Promise<Pool | null> | undefined;

  /**
   * The pool, started at the first ingestion (a server that only reads never holds a worker
   * and its language model in memory; idle workers leave after 30 s). A worker that cannot
   * start (its module will not load) can leave piscina's tasks waiting for ever, so the pool
   * answers a ping first; without an answer it is given up, said once in the log, and
   * everything runs on this thread (null).
   */
  function workerPool(): Promise<Pool | null> {
    if (workers === 0) return Promise.resolve(null);
    starting ??= (async () => {
      const filename = deps.workerUrl ?? WORKER;
      const pool: Pool = new Piscina({
        filename,
        execArgv: workerFlags(filename),
        minThreads: 0,
        maxThreads: workers,
        idleTimeout: 30_000,
        // Understanding allocates a great many short-lived objects (tokens, tags, spans); a
        // young generation of 192 MB instead of V8's 48 MB cut a worker's time an episode by
        // about a tenth on the benchmark's episodes (52 → 47 ms), for that much more memory
        // while the worker lives (it leaves after 30 s idle).
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      try {
        await Promise.race([
          pool.run('ping'),
          // A worker whose module throws is reported here, while its task is left waiting.
          new Promise<never>((_, reject) => pool.once('error', reject)),
          new Promise<never>((_, reject) => {
            setTimeout(
              () => reject(new Error(`no answer in ${WORKER_START_MS} ms`)),
              WORKER_START_MS,
            ).unref();
          }),
        ]);
      } catch (err) {
        deps.log.error(
          { err },
          'ingest worker threads cannot start; parsing and understanding on the main thread',
        );
        void pool.destroy();
        return null;
      }
      pool.on('error', (err: Error) => deps.log.error({ err }, 'an ingest worker thread failed'));
      return pool;
    })();
    return starting;
  }

  async function prepareOff(input: PrepareInput): Promise<Prepared> {
    const pool = await workerPool();
    // In-line, the parsers and language models load at the first ingestion: a server whose
    // workers do this never holds them.
    if (!pool) return (await import('./prepare.js')).prepare(input);
    const outcome = (await pool.run(input)) as PrepareOutcome;
    if (!outcome.ok) throw received(outcome.error);
    return outcome;
  }

  async function ingest(input: IngestInput): Promise<IngestResult> {
    const t0 = performance.now();
    const contentHash = createHash('sha256')
      .update(input.content)
      .update(input.sidecar ?? '')
      .update(input.chapters ? '\0chapters\0' : '')
      .update(input.chapters ?? '')
      .digest('hex');
    const run = startRun({
      sourceName: input.name,
      contentHash,
      format: null,
      trigger: input.trigger,
      apiKeyId: input.apiKeyId ?? null,
    });
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
      const { draft, format, parseMs, understandMs } = await prepareOff({
        name: input.name,
        content: input.content,
        ...(input.sidecar ? { sidecar: input.sidecar } : {}),
        ...(input.chapters ? { chapters: input.chapters } : {}),
      });
      run.format = format;
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
      run.timings = { parseMs: ms(0, parseMs), understandMs: ms(0, understandMs) };
      const stored = await store.save(draft, input.name, contentHash, run);
      run.timings = { ...run.timings, storeMs: ms(t2), totalMs: ms(t0) };
      deps.metrics.ingestions.inc({ status: stored.status });
      return {
        ...stored,
        sourceName: input.name,
        format,
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

  async function ingestFile(file: string, trigger: IngestInput['trigger']): Promise<IngestResult> {
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
  }

  return {
    ingest,

    /**
     * Reads a file with its optional companions — the `<file>.meta.json` sidecar and the
     * `<base>.chapters.json` chapters — then ingests them together.
     */
    ingestFile,

    /**
     * Ingests many — files by path, as `ingestFile` does, or inputs in memory — several at a
     * time when there are workers (one more than the workers, so that one is always being
     * stored); `onResult` hears of each as it finishes. An item never rejects: its outcome is
     * its result or its error.
     */
    async ingestMany<T extends string | Omit<IngestInput, 'trigger'>>(
      items: T[],
      trigger: IngestInput['trigger'],
      onResult: (item: T, outcome: { result: IngestResult } | { error: Error }) => void,
    ): Promise<void> {
      let next = 0;
      const lane = async () => {
        while (next < items.length) {
          const item = items[next++]!;
          let outcome: { result: IngestResult } | { error: Error };
          try {
            outcome = {
              result:
                typeof item === 'string'
                  ? await ingestFile(item, trigger)
                  : await ingest({ ...item, trigger }),
            };
          } catch (err) {
            outcome = { error: err as Error };
          }
          // Outside the try: a listener that throws is not told the item failed as well.
          onResult(item, outcome);
        }
      };
      await Promise.all(Array.from({ length: Math.min(items.length, workers + 1) }, lane));
    },

    /** Stops the worker threads (after the tasks in flight). */
    async close(): Promise<void> {
      await (await starting)?.close();
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
