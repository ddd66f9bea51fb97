import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { createIngestService } from '../src/ingest/ingest.service.js';
import { createMetrics } from '../src/lib/metrics.js';
import { PROJECT_ROOT } from '../src/lib/paths.js';
import { dumpTable, loadTable } from './copy.js';
import { generateEpisode, loadSeeds } from './corpus.js';
import { createScratchDatabase, type ScratchDatabase } from './db.js';

// Ingest throughput: generated episodes through the real pipeline (parse, understand, store:
// the service the CLI runs, with its worker threads, several files at a time as the CLI
// does), then the same rows COPYed into a fresh database in one transaction, the ceiling of
// what Postgres can take.

/** Every table an ingestion writes, parents before children. */
const TABLES = [
  'shows',
  'people',
  'topics',
  'episodes',
  'chapters',
  'segments',
  'quotes',
  'episode_people',
  'episode_topics',
  'segment_topics',
  'quote_topics',
  'ingestion_runs',
  'episode_changes',
];

export interface IngestFigures {
  episodes: number;
  failed: number;
  rows: number;
  pipelineSeconds: number;
  pipelineEpisodesPerSecond: number;
  copySeconds: number;
  copyEpisodesPerSecond: number;
  /** Pipeline rate over the COPY rate. */
  ratio: number;
}

/** Columns a COPY can write: generated columns (the search vectors) are computed by Postgres. */
async function writableColumns(db: ScratchDatabase, table: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'
     ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

async function copyCeiling(source: ScratchDatabase): Promise<{ seconds: number; rows: number }> {
  const dumps: { table: string; columns: string[]; data: Buffer }[] = [];
  const out = await source.pool.connect();
  try {
    for (const table of TABLES) {
      const columns = await writableColumns(source, table);
      dumps.push({ table, columns, data: await dumpTable(out, table, columns) });
    }
  } finally {
    out.release();
  }
  const target = await createScratchDatabase('copy');
  const client = await target.pool.connect();
  try {
    const t0 = performance.now();
    let rows = 0;
    await client.query('BEGIN');
    for (const d of dumps) rows += await loadTable(client, d.table, d.columns, d.data);
    await client.query('COMMIT');
    return { seconds: (performance.now() - t0) / 1000, rows };
  } finally {
    client.release();
    await target.drop();
  }
}

/** Ingests `count` generated episodes into `db` and measures both paths. */
export async function benchIngest(db: ScratchDatabase, count: number): Promise<IngestFigures> {
  const seeds = await loadSeeds(path.join(PROJECT_ROOT, 'seeds'));
  const files = Array.from({ length: count }, (_, i) => generateEpisode(seeds, i));
  const appDb = createDb({ url: db.url, poolMax: 4, statementTimeoutMs: 60_000 });
  const service = createIngestService({
    db: appDb,
    metrics: createMetrics(),
    log: pino({ level: 'silent' }),
    maxBytes: 5 * 1024 * 1024,
    // As the CLI and the server have them: INGEST_WORKERS, or its default.
    workers: loadConfig().ingestWorkers,
  });
  let failed = 0;
  const inputs = files.map((f) => ({ name: f.name, content: Buffer.from(f.content) }));
  const t0 = performance.now();
  try {
    await service.ingestMany(inputs, 'cli', (input, outcome) => {
      if ('result' in outcome) return;
      failed++;
      if (failed <= 3) process.stderr.write(`ingest failed: ${input.name}: ${outcome.error.message}\n`);
    });
  } finally {
    await service.close();
    await appDb.close();
  }
  const pipelineSeconds = (performance.now() - t0) / 1000;
  const copy = await copyCeiling(db);
  const pipelineEpisodesPerSecond = count / pipelineSeconds;
  const copyEpisodesPerSecond = count / copy.seconds;
  return {
    episodes: count,
    failed,
    rows: copy.rows,
    pipelineSeconds,
    pipelineEpisodesPerSecond,
    copySeconds: copy.seconds,
    copyEpisodesPerSecond,
    ratio: pipelineEpisodesPerSecond / copyEpisodesPerSecond,
  };
}
