import client from 'prom-client';

/** Every Prometheus metric castindex exports, in a registry of its own (one per app). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpRequests = new client.Counter({
    name: 'castindex_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: 'castindex_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const ingestions = new client.Counter({
    name: 'castindex_ingestions_total',
    help: 'Transcript ingestions by outcome (created, unchanged, replaced, failed)',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const ingestDuration = new client.Histogram({
    name: 'castindex_ingestion_duration_seconds',
    help: 'Time to parse, understand and store one transcript',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const responseCache = new client.Counter({
    name: 'castindex_response_cache_total',
    help: 'Cacheable reads by how they were answered (hit, miss, bypass while changes go unheard)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration, ingestions, ingestDuration, responseCache };
}

export type Metrics = ReturnType<typeof createMetrics>;

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** A gauge read when Prometheus scrapes. */
function gauge(metrics: Metrics, name: string, help: string, read: () => number): void {
  new client.Gauge({
    name,
    help,
    registers: [metrics.registry],
    collect() {
      this.set(read());
    },
  });
}

export function observePool(metrics: Metrics, pool: PoolLike): void {
  gauge(
    metrics,
    'castindex_db_pool_connections',
    'Open connections in the database pool',
    () => pool.totalCount,
  );
  gauge(metrics, 'castindex_db_pool_idle', 'Idle connections in the database pool', () => pool.idleCount);
  gauge(
    metrics,
    'castindex_db_pool_waiting',
    'Queries waiting for a pooled connection',
    () => pool.waitingCount,
  );
}

/** The response cache's size, for sizing RESPONSE_CACHE_MB. */
export function observeResponseCache(
  metrics: Metrics,
  cache: { calculatedSize: number; size: number },
): void {
  gauge(
    metrics,
    'castindex_response_cache_bytes',
    'Bytes held by the response cache',
    () => cache.calculatedSize,
  );
  gauge(
    metrics,
    'castindex_response_cache_entries',
    'Responses held by the response cache',
    () => cache.size,
  );
}
