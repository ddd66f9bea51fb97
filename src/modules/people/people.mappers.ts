import type { Prisma } from '../../generated/prisma/client.js';
import type { episodePersonSelect } from './people.repository.js';
import type { EpisodePersonDto } from './people.schemas.js';

export type EpisodePersonRow = Prisma.EpisodePersonGetPayload<{ select: typeof episodePersonSelect }>;

export function toEpisodePersonDto(row: EpisodePersonRow): EpisodePersonDto {
  return {
    id: row.person.id,
    slug: row.person.slug,
    name: row.person.name,
    title: row.person.title,
    role: row.role,
    labels: row.labels,
    confidence: row.confidence,
    segmentCount: row.segmentCount,
    wordCount: row.wordCount,
    talkMs: row.talkMs,
  };
}
