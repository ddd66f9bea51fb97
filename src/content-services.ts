import type pg from 'pg';
import type { PrismaClient } from './db/client.js';
import { createChangesRepository } from './modules/changes/changes.repository.js';
import { createChangesService } from './modules/changes/changes.service.js';
import { createChaptersRepository } from './modules/chapters/chapters.repository.js';
import { createChaptersService } from './modules/chapters/chapters.service.js';
import { createEpisodesRepository } from './modules/episodes/episodes.repository.js';
import { createEpisodesService } from './modules/episodes/episodes.service.js';
import { createExportsService } from './modules/exports/exports.service.js';
import { createPeopleRepository } from './modules/people/people.repository.js';
import { createPeopleService } from './modules/people/people.service.js';
import { createQuotesRepository } from './modules/quotes/quotes.repository.js';
import { createQuotesService } from './modules/quotes/quotes.service.js';
import { createRefsRepository } from './modules/refs/refs.repository.js';
import { createRefsService } from './modules/refs/refs.service.js';
import { createSegmentsRepository } from './modules/segments/segments.repository.js';
import { createSegmentsService } from './modules/segments/segments.service.js';
import { createTopicsRepository } from './modules/topics/topics.repository.js';
import { createTopicsService } from './modules/topics/topics.service.js';
import { createTranscriptsService } from './modules/transcripts/transcripts.service.js';

/** Rows per query of a streamed export. */
const EXPORT_BATCH_SIZE = 500;

export interface ContentDeps {
  /** Where reads go: a replica when configured, or the primary where a write must be read back. */
  read: () => PrismaClient;
  /** The pool under `read`, for the reads that skip Prisma. */
  readPool: () => pg.Pool;
  /** Where the few writes here (chapter replacement) go. */
  primary: PrismaClient;
  /** Told of each change committed here (the response cache's announceChange). */
  announce?: (seq: bigint) => void;
  publicBaseUrl: string | undefined;
}

/**
 * The services over episodes and what they contain — people, segments, transcripts, chapters,
 * quotes, topics — and the change feed and exports: the read API, wired in one place.
 */
export function createContentServices({ read, readPool, primary, announce, publicBaseUrl }: ContentDeps) {
  const repos = {
    refs: createRefsRepository(read),
    episodes: createEpisodesRepository(read, readPool),
    people: createPeopleRepository(read),
    chapters: createChaptersRepository(primary, read, announce),
    segments: createSegmentsRepository(read, readPool),
    quotes: createQuotesRepository(read, readPool),
    topics: createTopicsRepository(read),
    changes: createChangesRepository(read),
  };
  const refs = createRefsService({ refs: repos.refs });
  // An export reads many batches; all of them, and its version, come from one database.
  const exportSource = () => {
    const pinned = read();
    const one = () => pinned;
    return {
      refs: createRefsService({ refs: createRefsRepository(one) }),
      quotes: createQuotesRepository(one, readPool),
      segments: createSegmentsRepository(one, readPool),
      changes: createChangesRepository(one),
    };
  };
  return {
    episodes: createEpisodesService({ refs, episodes: repos.episodes, publicBaseUrl }),
    segments: createSegmentsService({ refs, segments: repos.segments, chapters: repos.chapters }),
    transcripts: createTranscriptsService({ refs, segments: repos.segments }),
    chapters: createChaptersService({ refs, chapters: repos.chapters }),
    people: createPeopleService({ refs, people: repos.people, quotes: repos.quotes, publicBaseUrl }),
    quotes: createQuotesService({ refs, quotes: repos.quotes, publicBaseUrl }),
    topics: createTopicsService({ refs, topics: repos.topics }),
    changes: createChangesService({ changes: repos.changes }),
    exports: createExportsService({ source: exportSource, publicBaseUrl, batchSize: EXPORT_BATCH_SIZE }),
  };
}
