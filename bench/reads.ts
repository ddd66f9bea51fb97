import type pg from 'pg';
import { compare, type LoadFigures } from './load.js';
import { startApi, startBaseline } from './server.js';

// The read routes under load, each against the baseline app running the same SQL, in the
// same run and on the same database; and the API's peak memory while it served them. The API
// runs twice: as deployed, where a repeated read is answered by the response cache, and with
// that cache off, where every request queries the database as the baseline's does.

const CONNECTIONS = 32;
const ROTATION = 50;

export interface ReadRoute {
  name: string;
  /** As deployed (response cache on). */
  api: LoadFigures;
  /** With RESPONSE_CACHE_MB=0. */
  apiUncached: LoadFigures;
  baseline: LoadFigures;
  /** API requests/s over the baseline's. */
  ratio: number;
  ratioUncached: number;
}

export interface ReadFigures {
  connections: number;
  seconds: number;
  routes: ReadRoute[];
  peakRssBytes: number;
}

/** Paths for each route, rotating over many episodes and people. */
async function routePaths(pool: pg.Pool): Promise<Record<string, string[]>> {
  const episodes = (
    await pool.query<{ id: string }>(`SELECT id FROM episodes ORDER BY md5(id) LIMIT ${ROTATION}`)
  ).rows.map((r) => r.id);
  const people = (
    await pool.query<{ slug: string }>(
      `SELECT p.slug FROM people p WHERE EXISTS (SELECT 1 FROM quotes q WHERE q.person_id = p.id)
       ORDER BY md5(p.id) LIMIT ${ROTATION}`,
    )
  ).rows.map((r) => r.slug);
  if (episodes.length === 0 || people.length === 0) throw new Error('no episodes or quoted people to read');
  return {
    'GET /v1/episodes/{id}?include=people,chapters,quotes': episodes.map(
      (id) => `/v1/episodes/${id}?include=people,chapters,quotes`,
    ),
    'GET /v1/quotes?person=…&limit=20': people.map((slug) => `/v1/quotes?person=${slug}&limit=20`),
    'GET /v1/episodes/{id}/segments?limit=100': episodes.map((id) => `/v1/episodes/${id}/segments?limit=100`),
  };
}

export async function benchReads(
  db: { url: string; pool: pg.Pool },
  opts: { seconds: number; nodeArgs?: string[] },
): Promise<ReadFigures> {
  const paths = await routePaths(db.pool);
  const api = await startApi(db.url, { nodeArgs: opts.nodeArgs ?? [] });
  const uncached = await startApi(db.url, { responseCache: false });
  const baseline = await startBaseline(db.url);
  try {
    const routes: ReadRoute[] = [];
    for (const [name, list] of Object.entries(paths)) {
      process.stderr.write(`reads: ${name}\n`);
      const [apiFigures, uncachedFigures, baselineFigures] = await compare(
        [api.url, uncached.url, baseline.url],
        list,
        { connections: CONNECTIONS, seconds: opts.seconds },
      );
      routes.push({
        name,
        api: apiFigures,
        apiUncached: uncachedFigures,
        baseline: baselineFigures,
        ratio: apiFigures.requestsPerSecond / baselineFigures.requestsPerSecond,
        ratioUncached: uncachedFigures.requestsPerSecond / baselineFigures.requestsPerSecond,
      });
    }
    return { connections: CONNECTIONS, seconds: opts.seconds, routes, peakRssBytes: api.peakRss() };
  } finally {
    await Promise.all([api.stop(), uncached.stop(), baseline.stop()]);
  }
}
