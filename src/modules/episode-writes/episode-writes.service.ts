import type { IngestService } from '../../ingest/ingest.service.js';
import { NotFoundError } from '../../lib/errors.js';
import type { EpisodesService } from '../episodes/episodes.service.js';
import type { EpisodeWritesRepository } from './episode-writes.repository.js';
import type { UploadResultDto } from './episode-writes.schemas.js';

export interface Upload {
  /** Source file name: the episode's identity for replacements. */
  name: string;
  content: Buffer;
  /** Optional `<file>.meta.json` sidecar. */
  sidecar?: Buffer | undefined;
  apiKeyId?: string | undefined;
}

export interface EpisodeWritesDeps {
  ingest: IngestService;
  /** Episodes read from the primary: a replica may not have the upload yet. */
  episodes: EpisodesService;
  writes: EpisodeWritesRepository;
}

/** Changes to episodes requested over HTTP: uploads (the CLI's own pipeline) and deletions. */
export function createEpisodeWritesService(deps: EpisodeWritesDeps) {
  return {
    async upload(input: Upload): Promise<UploadResultDto> {
      const r = await deps.ingest.ingest({
        name: input.name,
        content: input.content,
        trigger: 'http',
        ...(input.sidecar ? { sidecar: input.sidecar } : {}),
        ...(input.apiKeyId ? { apiKeyId: input.apiKeyId } : {}),
      });
      return {
        result: r.status,
        episode: await deps.episodes.get(r.episode.id),
        ingestion: {
          id: r.runId,
          sourceName: r.sourceName,
          format: r.format,
          counts: r.counts,
          warnings: r.warnings,
          timings: r.timings,
        },
      };
    },

    async delete(idOrSlug: string): Promise<{ id: string; slug: string }> {
      const deleted = await deps.writes.delete(idOrSlug);
      if (!deleted) throw new NotFoundError('episode', idOrSlug);
      return deleted;
    },
  };
}

export type EpisodeWritesService = ReturnType<typeof createEpisodeWritesService>;
