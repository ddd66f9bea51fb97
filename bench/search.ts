import { load, type LoadFigures } from './load.js';
import { createScratchDatabase } from './db.js';
import { loadSearchCorpus, RARE_WORDS, SEGMENTS_PER_EPISODE, surnameOf } from './search-corpus.js';
import { startApi } from './server.js';

// Search on a large corpus: a fixed set of queries, first one client at a time (what a person
// waits), then 16 clients at once (what the server sustains).

const CONNECTIONS = 16;
const ROUNDS = 10;

/** What people type: common words, rare words, phrases, typos, accented and unaccented names. */
export const searchQueries = (segments: number, accentedName: string) => [
  'learning',
  'model',
  'compute intelligence',
  RARE_WORDS[0]!,
  surnameOf(Math.floor(segments / SEGMENTS_PER_EPISODE / 2), 1),
  '"reinforcement learning"',
  '"scaling laws"',
  'reinforcment',
  'scalling lawz',
  accentedName,
  accentedName.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''),
  'exploration -exploitation',
];

export interface SearchFigures {
  segments: number;
  loadSeconds: number;
  queries: string[];
  sequential: { requests: number; p50Ms: number; p95Ms: number };
  concurrent: LoadFigures & { connections: number; seconds: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timeOne(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t0;
}

export async function benchSearch(opts: { segments: number; seconds: number }): Promise<SearchFigures> {
  const db = await createScratchDatabase('search');
  try {
    process.stderr.write(`search: loading ${opts.segments} segments\n`);
    const t0 = performance.now();
    await loadSearchCorpus(db.pool, { segments: opts.segments });
    const loadSeconds = (performance.now() - t0) / 1000;
    // Without the response cache: the fixed query set would otherwise be answered from memory
    // after its first round, and this measures search.
    const api = await startApi(db.url, { responseCache: false });
    try {
      // A name of the corpus written with accents, asked for as written and without them.
      const named = await db.pool.query<{ name: string }>(
        `SELECT name FROM people WHERE name ~ '[^\\x01-\\x7f]' ORDER BY id LIMIT 1`,
      );
      const accented =
        named.rows[0]?.name.split(' ').find((w) => [...w].some((c) => c.charCodeAt(0) > 127)) ?? 'Gödel';
      const queries = searchQueries(opts.segments, accented);
      const paths = queries.map((q) => `/v1/search?q=${encodeURIComponent(q)}`);
      for (const p of paths) await timeOne(api.url + p);
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++)
        for (const p of paths) times.push(await timeOne(api.url + p));
      times.sort((a, b) => a - b);
      process.stderr.write(`search: ${CONNECTIONS} connections\n`);
      const concurrent = await load(api.url, paths, { connections: CONNECTIONS, seconds: opts.seconds });
      return {
        segments: opts.segments,
        loadSeconds,
        queries,
        sequential: { requests: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) },
        concurrent: { ...concurrent, connections: CONNECTIONS, seconds: opts.seconds },
      };
    } finally {
      await api.stop();
    }
  } finally {
    await db.drop();
  }
}
