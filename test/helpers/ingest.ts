import pino from 'pino';
import { createIngestService, type IngestService } from '../../src/ingest/ingest.service.js';
import { createMetrics } from '../../src/lib/metrics.js';
import type { TestDatabase } from './db.js';

export function ingestService(database: TestDatabase, maxBytes = 5 * 1024 * 1024): IngestService {
  return createIngestService({
    db: database.db,
    metrics: createMetrics(),
    log: pino({ level: 'silent' }),
    maxBytes,
  });
}

/** Row counts of every table an ingestion writes, to prove a failure wrote nothing. */
export async function episodeRowCounts(database: TestDatabase): Promise<Record<string, number>> {
  const tables = [
    'shows',
    'episodes',
    'people',
    'episode_people',
    'segments',
    'chapters',
    'quotes',
    'topics',
    'episode_topics',
    'segment_topics',
    'quote_topics',
    'episode_changes',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await database.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    counts[t] = rows[0]!.n;
  }
  return counts;
}
