import autocannon from 'autocannon';
import pg from 'pg';
import { migrate } from '../src/db/migrator.js';
import { MIGRATIONS_DIR } from '../src/lib/paths.js';
import { freePort, runEntry, waitFor } from '../test/helpers/process.js';
import { loadSearchCorpus, RARE_WORDS, surnameOf } from './search-corpus.js';

// A probe of search latency on a large corpus, for finding and checking costs by hand
// (`npm run bench` is the measurement of record):
//   tsx bench/search-probe.ts load 1000000   # (re)creates the database and loads the corpus
//   tsx bench/search-probe.ts                # starts the server on it, prints p50/p95 per
//                                            # query (single client) and req/s at 16 connections
// PROBE_DB names the database (default castindex_search_probe), PROBE_ADMIN_URL the server.

const ADMIN_URL = process.env.PROBE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DB = process.env.PROBE_DB ?? 'castindex_search_probe';
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 40);
const SECONDS = Number(process.env.PROBE_SECONDS ?? 20);
const CONNECTIONS = 16;

function dbUrl(): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB}`;
  return url.toString();
}

async function load(segments: number): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: dbUrl(), max: 4 });
  try {
    await migrate(pool, MIGRATIONS_DIR);
    const started = Date.now();
    await loadSearchCorpus(pool, { segments, seed: 1 });
    process.stdout.write(`loaded ${segments} segments in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await pool.end();
  }
}

/** The fixed query set; rare words and names are picked from the corpus itself. */
async function querySet(): Promise<[string, Record<string, string>][]> {
  const pool = new pg.Pool({ connectionString: dbUrl(), max: 1 });
  try {
    const rare = await pool.query<{ term: string }>(
      `SELECT term FROM search_terms WHERE ndoc BETWEEN 3 AND 6 AND length(term) > 7 ORDER BY term LIMIT 1`,
    );
    const person = await pool.query<{ name: string }>(
      `SELECT name FROM people WHERE name ~ '[^\\x01-\\x7f]' ORDER BY id LIMIT 1`,
    );
    const topic = await pool.query<{ name: string }>(`SELECT name FROM topics ORDER BY id LIMIT 1`);
    const rareWord = rare.rows[0]?.term ?? 'nothing';
    const accented = person.rows[0]?.name.split(' ').at(-1) ?? 'Gödel';
    const episodes = Number(
      (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM episodes`)).rows[0]?.n,
    );
    const name = surnameOf(Math.floor(episodes / 2), 1);
    return [
      ['common "the work"', { q: 'the work' }],
      ['common "people"', { q: 'people' }],
      ['commonest "think"', { q: 'think' }],
      [`rare "${RARE_WORDS[0]}"`, { q: RARE_WORDS[0]! }],
      [`rare "${rareWord}"`, { q: rareWord }],
      [`name "${name}"`, { q: name }],
      ['stemmed "calculating"', { q: 'calculating' }],
      ['all of "compute intelligence"', { q: 'compute intelligence' }],
      ['phrase "reinforcement learning"', { q: '"reinforcement learning"' }],
      ['phrase "scaling laws"', { q: '"scaling laws"' }],
      ['or', { q: 'gravity or thermodynamics' }],
      ['exclusion', { q: 'exploration -exploitation' }],
      ['stem-tolerant "reinforcment"', { q: 'reinforcment' }],
      ['typos "scalling lawz"', { q: 'scalling lawz' }],
      ['typo "thermodinamics"', { q: 'thermodinamics' }],
      [`accented "${accented}"`, { q: accented }],
      ['unaccented', { q: accented.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') }],
      ['person filter', { q: 'learning', person: person.rows[0]?.name ?? '' }],
      ['topic filter', { q: 'models', topic: topic.rows[0]?.name ?? '' }],
      ['quotes, dated', { q: 'science', kind: 'quote', publishedFrom: '2024-01-01' }],
    ];
  } finally {
    await pool.end();
  }
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};

async function probe(): Promise<void> {
  const port = await freePort();
  const server = runEntry('src/server.ts', {
    DATABASE_URL: dbUrl(),
    PORT: String(port),
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    NODE_ENV: 'production',
    INGEST_SEEDS_ON_START: 'false',
    RATE_LIMIT_ANONYMOUS: '1000000',
    RATE_LIMIT_KEY: '1000000',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    // Each query is asked many times: from the response cache, only the first would be search.
    RESPONSE_CACHE_MB: '0',
    ...(process.env.SEARCH_MAX_CANDIDATES
      ? { SEARCH_MAX_CANDIDATES: process.env.SEARCH_MAX_CANDIDATES }
      : {}),
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/ready`, 200, 60_000, () => server.child.exitCode === null);
    const queries = await querySet();
    const paths = queries.map(([, params]) => `/v1/search?${new URLSearchParams(params).toString()}`);
    const all: number[] = [];
    for (const [i, [name]] of queries.entries()) {
      const times: number[] = [];
      let note = '';
      for (let r = 0; r < ROUNDS + 3; r++) {
        const t = performance.now();
        const res = await fetch(base + paths[i]!);
        const body = (await res.json()) as { data?: unknown[]; didYouMean?: string; detail?: string };
        if (r >= 3) times.push(performance.now() - t);
        if (!res.ok) throw new Error(`${name}: ${res.status} ${body.detail}`);
        note = `hits ${body.data?.length ?? 0}${body.didYouMean ? `, did you mean "${body.didYouMean}"` : ''}`;
      }
      all.push(...times);
      const p = (q: number) => percentile(times, q).toFixed(1).padStart(7);
      process.stdout.write(`${name.padEnd(34)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms  ${note}\n`);
    }
    const p = (q: number) => percentile(all, q).toFixed(1).padStart(7);
    process.stdout.write(`${'all queries'.padEnd(34)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms\n`);
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: paths.map((path) => ({ method: 'GET' as const, path })),
    });
    process.stdout.write(
      `autocannon ${CONNECTIONS} connections, ${SECONDS} s: ${result.requests.average.toFixed(0)} req/s, ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}\n`,
    );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

if (process.argv[2] === 'load') await load(Number(process.argv[3] ?? 1_000_000));
else await probe();
