import autocannon from 'autocannon';

// One autocannon run: `connections` clients for `seconds`, each request taking the next path
// of a rotation, so consecutive requests hit different rows and no cache is flattered.

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers, errors and timeouts: any makes the figures suspect. */
  failures: number;
}

export async function load(
  base: string,
  paths: readonly string[],
  opts: { connections: number; seconds: number },
): Promise<LoadFigures> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** A short run whose figures are thrown away: JIT, pools and Postgres' caches warm up. */
export async function warmUp(base: string, paths: readonly string[], connections: number): Promise<void> {
  await load(base, paths, { connections, seconds: 2 });
}
