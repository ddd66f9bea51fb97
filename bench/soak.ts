import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { PROJECT_ROOT } from '../src/lib/paths.js';
import { freePort, runEntry, waitFor } from '../test/helpers/process.js';

// A bounded soak: the real server (its own process, its own database) under steady load on
// loopback for SOAK_SECONDS (default 300), sampling its memory. Passes when no request
// failed and memory stayed flat: after a warm-up (the first fifth of the run), the median
// RSS of the last fifth is within 15% of the second fifth's.
//   npm run soak                 # 5 minutes
//   SOAK_SECONDS=60 npm run soak # a quick one

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 16);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function rssOf(pid: number): number {
  const status = execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' });
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function main(): Promise<number> {
  const name = `castindex_soak_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const port = await freePort();
  const server = runEntry('src/server.ts', {
    DATABASE_URL: url.toString(),
    PORT: String(port),
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    NODE_ENV: 'production',
    // The soak measures the server, not its rate limits: one key, a budget it cannot exhaust.
    RATE_LIMIT_KEY: '1000000',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/ready`, 200, 60_000, () => server.child.exitCode === null);
    // An admin key, so the admin reads (keys, audit events) are soaked too.
    const key = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'keys', 'create', '--name', 'soak', '--scopes', 'admin'],
      { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: url.toString() }, encoding: 'utf8' },
    ).match(/ck_\S+/)?.[0];
    if (!key) throw new Error('could not create an API key for the soak');
    const headers = { authorization: `Bearer ${key}` };
    const get = async <T>(p: string) => (await (await fetch(`${base}${p}`, { headers })).json()) as T;
    const list = await get<{ data: { id: string }[] }>('/v1/episodes');
    const id = list.data[0]?.id;
    if (!id) throw new Error('no episode to read: are there seeds?');
    const page = await get<{ people: { id: string }[]; quotes: { id: string }[] }>(
      `/v1/episodes/${id}?include=people,quotes`,
    );
    // Each path parameter gets an id of its own resource.
    const idFor = (p: string) =>
      p.startsWith('/v1/people/')
        ? page.people[0]?.id
        : p.startsWith('/v1/quotes/')
          ? page.quotes[0]?.id
          : id;
    const paths = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'openapi', 'openapi.json'), 'utf8'))
      .paths as Record<string, Record<string, unknown>>;
    // Every documented GET that needs no more than an episode id.
    const requests = Object.keys(paths)
      .filter((p) => paths[p]?.get && !/\{(?!idOrSlug|id\})[^}]+\}/.test(p) && p.startsWith('/v1/'))
      .map((p) => ({
        method: 'GET' as const,
        headers,
        path: p.replace(/\{[^}]+\}/, idFor(p) ?? id) + (p.endsWith('/search') ? '?q=learning' : ''),
      }));

    const samples: { t: number; rss: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(
      () => samples.push({ t: Date.now() - started, rss: rssOf(server.child.pid!) }),
      Math.min(5000, (SECONDS * 1000) / 20),
    );
    const result = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests });
    clearInterval(sampler);

    const fifth = (SECONDS * 1000) / 5;
    const early = samples.filter((s) => s.t > fifth && s.t <= 2 * fifth).map((s) => s.rss);
    const late = samples.filter((s) => s.t > 4 * fifth).map((s) => s.rss);
    const growth = early.length && late.length ? median(late) / median(early) - 1 : 0;
    const failures = result.errors + result.timeouts + result.non2xx;
    const summary = {
      seconds: SECONDS,
      connections: CONNECTIONS,
      routes: requests.map((r) => r.path),
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      p99Ms: result.latency.p99,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      rssStartMb: Math.round((samples[0]?.rss ?? 0) / 2 ** 20),
      rssEndMb: Math.round((samples.at(-1)?.rss ?? 0) / 2 ** 20),
      rssGrowthAfterWarmup: Math.round(growth * 1000) / 10 + '%',
      pass: failures === 0 && growth < 0.15,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.pass ? 0 : 1;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

process.exitCode = await main();
