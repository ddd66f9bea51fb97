import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, waitFor } from '../test/helpers/process.js';
import { PROJECT_ROOT } from '../src/lib/paths.js';

// The processes a benchmark talks to: the API from the production build, and the baseline.
// Each runs in its own process on loopback, so the load generator never shares their event loop.

export interface Served {
  url: string;
  pid: number;
  /** The process's peak resident set size so far (VmHWM), in bytes. */
  peakRss(): number;
  stop(): Promise<void>;
}

/**
 * The API from dist/ (run `npm run build` first) over `databaseUrl`, as deployed; with
 * `responseCache: false` every read goes to the database.
 */
export function startApi(
  databaseUrl: string,
  opts: { nodeArgs?: string[]; responseCache?: boolean } = {},
): Promise<Served> {
  return start([...(opts.nodeArgs ?? []), 'dist/src/server.js'], {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    INGEST_SEEDS_ON_START: 'false',
    RATE_LIMIT_ANONYMOUS: '1000000',
    RATE_LIMIT_KEY: '1000000',
    // Counters in memory: the limiter's Redis round trip is not what is measured here.
    REDIS_URL: undefined,
    ...(opts.responseCache === false ? { RESPONSE_CACHE_MB: '0' } : {}),
  });
}

/** The minimal Fastify + pg app running the same SQL as the API's routes. */
export function startBaseline(databaseUrl: string): Promise<Served> {
  return start(['--import', 'tsx', 'bench/baseline-server.ts'], { DATABASE_URL: databaseUrl });
}

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

async function start(args: string[], env: Record<string, string | undefined>): Promise<Served> {
  const port = await freePort();
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }))
    if (v !== undefined) childEnv[k] = v;
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: childEnv,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor(`${url}/health`, 200, 60_000, () => child.exitCode === null);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid!, peakRss: () => statusField(child.pid!, 'VmHWM'), stop };
}
