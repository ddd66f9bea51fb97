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

/** A page row's speaker columns: the person joined in, and their role in the episode. */
export interface SpeakerColumns {
  personId: string | null;
  personSlug: string | null;
  personName: string | null;
  personTitle: string | null;
  role: PersonRole | null;
}

/** The speaker of a flat page row, or null when nobody was resolved. */
export function speakerOf(r: SpeakerColumns): PersonDto | null {
  return r.personId !== null && r.personSlug !== null && r.personName !== null
    ? {
        id: r.personId,
        slug: r.personSlug,
        name: r.personName,
        title: r.personTitle,
        ...(r.role ? { role: r.role } : {}),
      }
    : null;
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
