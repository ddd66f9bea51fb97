import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createEpisodeStore, startRun } from '../../src/ingest/store/episode-store.js';
import type { EpisodeDraft } from '../../src/ingest/model.js';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import type { TestDatabase } from './db.js';
import { ingestService } from './ingest.js';

/**
 * Search tests fire requests back to back on a shared, busy machine: load shedding (tested in
 * test/reliability) would answer some of them 503, so it is off here.
 */
export const NO_LOAD_SHEDDING = {
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
  PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
};

export const SEED = path.join(PROJECT_ROOT, 'seeds', '000_3f588ae5e4cd8754.txt');
export const SEARCH_FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'search');

/** Ingests transcript files through the whole pipeline; returns their episodes by file name. */
export async function ingestFiles(database: TestDatabase, files: string[]) {
  const ingest = ingestService(database);
  const episodes: Record<string, { id: string; slug: string }> = {};
  for (const file of files) {
    const result = await ingest.ingest({
      name: path.basename(file),
      content: await readFile(file),
      trigger: 'cli',
    });
    episodes[path.basename(file)] = result.episode;
  }
  return episodes;
}

/** Stores a hand-made, fully understood episode the way an ingestion does. */
export async function storeDraft(database: TestDatabase, draft: EpisodeDraft, sourceName: string) {
  const contentHash = `hash-of-${sourceName}`;
  const run = startRun({ sourceName, contentHash, format: draft.format, trigger: 'cli' });
  const result = await createEpisodeStore(database.db).save(draft, sourceName, contentHash, run);
  return result.episode;
}
