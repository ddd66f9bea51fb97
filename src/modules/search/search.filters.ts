import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { NameMatch, SearchFilters, SearchRepository } from './search.repository.js';
import type { SearchQueryEcho } from './search.schemas.js';

// Turns a search's episode, person and topic references into ids. A person or topic may be
// named loosely ("Fogt", "Adebayo"), but a name that fits several equally well is refused with
// the candidates, rather than searched for whichever happened to sort first.

/** Names closer than this to the best match's closeness are as good a fit as it. */
const AMBIGUITY_MARGIN = 0.1;

export interface Resolved {
  filters: SearchFilters;
  echo: Omit<SearchQueryEcho, 'q' | 'searched'>;
}

/** A filter naming nothing that exists is a bad request, as on every other listing. */
function notMatched(field: string, what: string, ref: string): ValidationError {
  const message = `no ${what} matches "${ref}" by id, slug or name`;
  return new ValidationError(`${field}: ${message}`, [{ field, message }]);
}

/** A name that fits several people or topics: a 400 listing them, so the caller can choose. */
export class AmbiguousFilterError extends AppError {
  constructor(field: string, what: string, ref: string, candidates: NameMatch[]) {
    const listed = candidates.map((c) => `"${c.name}" (${c.slug})`).join(', ');
    const message = `"${ref}" matches several ${what}: ${listed}; use one's slug`;
    super('validation', 400, 'Request validation failed', `${field}: ${message}`, {
      errors: [{ field, message }],
      candidates: candidates.map(({ id, slug, name }) => ({ id, slug, name })),
    });
  }
}

/**
 * The match a reference means: the one with that id or slug; else the only one with that name
 * (case and accents aside); else the closest name, if no other comes within the margin. An
 * array when several fit equally well.
 */
export function chooseMatch(matches: NameMatch[]): NameMatch | NameMatch[] | undefined {
  const [best] = matches;
  if (!best || best.exact) return best;
  const fits = best.sameName
    ? matches.filter((m) => m.sameName)
    : matches.filter((m) => m.closeness >= best.closeness - AMBIGUITY_MARGIN);
  return fits.length > 1 ? fits : best;
}

function chosen(field: string, [one, many]: [string, string], ref: string, matches: NameMatch[]): NameMatch {
  const match = chooseMatch(matches);
  if (match === undefined) throw notMatched(field, one, ref);
  if (Array.isArray(match)) throw new AmbiguousFilterError(field, many, ref, match);
  return match;
}

export async function resolveFilters(
  search: SearchRepository,
  q: { person?: string | undefined; topic?: string | undefined; kind?: 'segment' | 'quote' | undefined },
  episodeRef: string | undefined,
  /** "query": the episode is a filter (unknown → 400); "path": the resource searched (unknown → 404). */
  episodeFrom: 'query' | 'path',
): Promise<Resolved> {
  const filters: SearchFilters = {};
  const echo: Resolved['echo'] = {
    episode: null,
    person: null,
    topic: null,
    kind: q.kind ?? null,
    publishedFrom: null,
    publishedTo: null,
  };
  if (q.kind) filters.kind = q.kind;
  const [episode, people, topics] = await Promise.all([
    episodeRef === undefined ? undefined : search.findEpisode(episodeRef),
    q.person === undefined ? [] : search.findPeople(q.person),
    q.topic === undefined ? [] : search.findTopics(q.topic),
  ]);
  if (episodeRef !== undefined) {
    if (!episode) {
      throw episodeFrom === 'path'
        ? new NotFoundError('episode', episodeRef)
        : notMatched('query.episode', 'episode', episodeRef);
    }
    filters.episodeId = episode.id;
    echo.episode = episode;
  }
  if (q.person !== undefined) {
    const person = chosen('query.person', ['person', 'people'], q.person, people);
    filters.personId = person.id;
    echo.person = { id: person.id, slug: person.slug, name: person.name };
  }
  if (q.topic !== undefined) {
    const topic = chosen('query.topic', ['topic', 'topics'], q.topic, topics);
    filters.topicId = topic.id;
    echo.topic = { slug: topic.slug, name: topic.name };
  }
  return { filters, echo };
}
