import type { Prisma } from '../../generated/prisma/client.js';
import type { episodeSummarySelect, personSelect } from './refs.repository.js';
import type { EpisodeSummaryDto, PersonDto, PersonRole } from './refs.schemas.js';

export type PersonRow = Prisma.PersonGetPayload<{ select: typeof personSelect }>;
export type EpisodeSummaryRow = Prisma.EpisodeGetPayload<{ select: typeof episodeSummarySelect }>;

/** A person's role in an episode, or undefined when they have no appearance there. */
export type RoleOf = (episodeId: string, personId: string) => PersonRole | undefined;

export function roleIndex(rows: { episodeId: string; personId: string; role: PersonRole }[]): RoleOf {
  const roles = new Map(rows.map((r) => [`${r.episodeId} ${r.personId}`, r.role]));
  return (episodeId, personId) => roles.get(`${episodeId} ${personId}`);
}

export function toPersonDto(row: PersonRow, role?: PersonRole): PersonDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    title: row.title,
    ...(role ? { role } : {}),
  };
}

export function toEpisodeSummaryDto(row: EpisodeSummaryRow): EpisodeSummaryDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    show: { id: row.show.id, slug: row.show.slug, name: row.show.name },
    publishedAt: row.publishedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
  };
}

/**
 * Where a moment of an episode can be linked to: the episode's URL with a media fragment
 * (`#t=<seconds>`), absolute when PUBLIC_BASE_URL is configured.
 */
export function episodeLink(baseUrl: string | undefined, slug: string, ms: number | null): string {
  const base = `${(baseUrl ?? '').replace(/\/+$/, '')}/v1/episodes/${encodeURIComponent(slug)}`;
  return ms === null ? base : `${base}#t=${Math.round(ms) / 1000}`;
}
