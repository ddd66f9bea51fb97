import type { CandidatePlan, LexemeStats } from './search.plan.js';
import { indexable, matchShareBound, parseTsquery, walkWindow } from './search.plan.js';
import type { ParsedQuery, SearchRepository } from './search.repository.js';
import type { HitKind } from './search.schemas.js';

// What the service needs from Postgres to plan a search, kept between requests: the parsed
// form of recent queries (a pure function of the text), and the column statistics, which only
// change when the tables are analyzed. Neither changes what a search finds, only how much work
// finding it takes.

/** Distinct query texts whose tsquery is kept. */
const MAX_PARSED = 2000;
/** Statistics are read again after this long. */
const STATS_TTL_MS = 5 * 60_000;

export type CandidatePlans = Record<HitKind, CandidatePlan>;

/** For a query that is not a tsquery: every match through the index, as for a rare one. */
const DEFAULT_PLAN: CandidatePlan = { walk: 0, indexText: true };

export function createSearchPlanner(search: Pick<SearchRepository, 'parse' | 'lexemeStats'>) {
  const parsed = new Map<string, ParsedQuery>();
  let stats: { until: number; value: Promise<Record<HitKind, LexemeStats>> } | undefined;

  function currentStats(): Promise<Record<HitKind, LexemeStats>> {
    if (!stats || stats.until < Date.now()) {
      const value = search.lexemeStats();
      stats = { until: Date.now() + STATS_TTL_MS, value };
      // A failed read is retried by the next search instead of being kept.
      value.catch(() => {
        if (stats?.value === value) stats = undefined;
      });
    }
    return stats.value;
  }

  return {
    /** The query's tsquery (a pure function of its text, so kept for the next time). */
    async parse(text: string): Promise<ParsedQuery> {
      const known = parsed.get(text);
      if (known !== undefined) return known;
      const query = await search.parse(text);
      if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value!);
      parsed.set(text, query);
      return query;
    },

    /**
     * How to find `quota` candidates of each kind. Walking the newest documents only pays
     * when nothing but the text narrows the search; with a person, topic, episode or date,
     * their own indexes lead, and the text's only joins in when it is selective.
     */
    async plans(tree: string, quota: number, narrowed: boolean): Promise<CandidatePlans> {
      const node = parseTsquery(tree);
      if (!node) return { segment: DEFAULT_PLAN, quote: DEFAULT_PLAN };
      const all = await currentStats();
      const plan = (kind: HitKind): CandidatePlan => {
        const { rows } = all[kind];
        const share = matchShareBound(node, all[kind]);
        return narrowed
          ? { walk: 0, indexText: rows === 0 || indexable(share, rows) }
          : { walk: walkWindow(share, quota, all[kind]), indexText: true };
      };
      return { segment: plan('segment'), quote: plan('quote') };
    },
  };
}

export type SearchPlanner = ReturnType<typeof createSearchPlanner>;
