import autocannon from 'autocannon';
import { createRequire } from 'node:module';

// Load runs with autocannon. Each request takes the next path of a rotation, so consecutive
// requests hit different rows, as a site's many visitors would. On a shared 2-core machine the load
// from other work changes from second to second, so two targets are compared in alternating
// short slices, and each one's slices are merged (latency histograms included).

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers, errors and timeouts: any makes the figures suspect. */
  failures: number;
}

/** A slice's raw result (histograms still encoded), as autocannon gives it without aggregating. */
interface RawSlice {
  totalCompletedRequests: number;
  duration: number;
}

// autocannon's merge of raw results; @types/autocannon does not declare it.
const { aggregateResult } = createRequire(import.meta.url)('autocannon') as {
  aggregateResult(results: RawSlice[], opts: { url: string }): autocannon.Result;
};

async function slice(url: string, paths: readonly string[], connections: number, seconds: number) {
  let next = Math.floor(Math.random() * paths.length);
  const raw = (await autocannon({
    url,
    connections,
    duration: seconds,
    skipAggregateResult: true,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }) }],
  })) as unknown as RawSlice;
  return raw;
}

function merge(url: string, slices: RawSlice[]): LoadFigures {
  const r = aggregateResult(slices, { url });
  const completed = slices.reduce((n, s) => n + s.totalCompletedRequests, 0);
  const seconds = slices.reduce((n, s) => n + s.duration, 0);
  return {
    requestsPerSecond: completed / seconds,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: completed,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  /** Slices per target (default 5). */
  slices?: number;
}

/** Each target under the same load for `seconds` in total, in alternating slices. */
export async function compare<const U extends readonly string[]>(
  urls: U,
  paths: readonly string[],
  opts: LoadOptions,
): Promise<{ -readonly [K in keyof U]: LoadFigures }> {
  const count = opts.slices ?? 5;
  const perSlice = Math.max(1, Math.round(opts.seconds / count));
  // Unmeasured: JIT, pools and Postgres' caches warm up.
  for (const url of urls) await slice(url, paths, opts.connections, 2);
  const slices: RawSlice[][] = urls.map(() => []);
  for (let i = 0; i < count; i++)
    for (const [t, url] of urls.entries())
      slices[t]!.push(await slice(url, paths, opts.connections, perSlice));
  return urls.map((url, t) => merge(url, slices[t]!)) as { -readonly [K in keyof U]: LoadFigures };
}

/** One target under load. */
export async function load(url: string, paths: readonly string[], opts: LoadOptions): Promise<LoadFigures> {
  const [figures] = await compare([url], paths, opts);
  return figures;
}
