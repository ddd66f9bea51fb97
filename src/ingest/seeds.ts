import { existsSync } from 'node:fs';
import type { Logger } from '../lib/logger.js';
import { expandPaths, type IngestService } from './ingest.service.js';

/**
 * Ingests the seed folder at start-up. Content already stored is recognised by its hash,
 * so a restart adds nothing; a bad seed is logged and skipped, never fatal.
 */
export async function ingestSeeds(ingest: IngestService, dir: string, log: Logger): Promise<void> {
  if (!existsSync(dir)) {
    log.info({ dir }, 'no seeds folder; nothing to ingest');
    return;
  }
  const files = await expandPaths([dir]);
  const tally: Record<string, number> = {};
  await ingest.ingestMany(files, 'startup', (file, outcome) => {
    if ('result' in outcome) {
      const r = outcome.result;
      tally[r.status] = (tally[r.status] ?? 0) + 1;
      if (r.status !== 'unchanged')
        log.info(
          { file, status: r.status, episode: r.episode.slug, warnings: r.warnings.length },
          'seed ingested',
        );
    } else {
      tally.failed = (tally.failed ?? 0) + 1;
      log.warn({ file, err: outcome.error.message }, 'seed could not be ingested');
    }
  });
  log.info({ dir, ...tally }, 'seeds checked');
}
