import type { CandidatePlan, LexemeStats } from './search.plan.js';
import { indexable, matchShareBound, parseTsquery, walkWindow } from './search.plan.js';
import type { SearchRepository } from './search.repository.js';
import type { HitKind } from './search.schemas.js';

// What the service needs from Postgres to plan a search, kept between requests: the parsed
// form of recent queries (a pure function of the text), and the column statistics, which only
// change when the tables are analyzed. Neither changes what a search finds, only how much work
// finding it takes.

/** Distinct query texts whose tsquery is kept. */
const MAX_TREES = 2000;
/** Statistics are read again after this long. */
const STATS_TTL_MS = 5 * 60_000;

export type CandidatePlans = Record<HitKind, CandidatePlan>;

/** Without statistics, or for a query that is not a tsquery: the planner's choice. */
const DEFAULT_PLAN: CandidatePlan = { walk: 0, indexText: true };

export function createSearchPlanner(search: Pick<SearchRepository, 'queryTree' | 'lexemeStats'>) {
  const trees = new Map<string, string>();
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
    /** The query's tsquery as text: '' or 'T' when there is nothing to look up. */
    async tree(text: string): Promise<string> {
      const known = trees.get(text);
      if (known !== undefined) return known;
      const tree = await search.queryTree(text);
      if (trees.size >= MAX_TREES) trees.delete(trees.keys().next().value!);
      trees.set(text, tree);
      return tree;
    },

    /**
     * How to find `quota` candidates of each kind. Walking the newest documents only pays
     * when nothing but the text narrows the search; with a person, topic, episode or date,
     * their own indexes lead, and the text's only joins in when it is selective.
     */
    async plans(tree: string, quota: number, narrowed: boolean): Promise<CandidatePlans> {
      const parsed = parseTsquery(tree);
      if (!parsed) return { segment: DEFAULT_PLAN, quote: DEFAULT_PLAN };
      const all = await currentStats();
      const plan = (kind: HitKind): CandidatePlan => {
        const { rows } = all[kind];
        const share = matchShareBound(parsed, all[kind]);
        return narrowed
          ? { walk: 0, indexText: rows === 0 || indexable(share, rows) }
          : { walk: walkWindow(share, quota, rows), indexText: true };
      };
      return { segment: plan('segment'), quote: plan('quote') };
    },
  };
}

export type SearchPlanner = ReturnType<typeof createSearchPlanner>;
