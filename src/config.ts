import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

// The only place that reads process.env. Every setting is validated once, at start-up;
// a bad value stops the process with one line naming the variable.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number between ${min} and ${max}`);

const fraction = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number between 0 and 1')
  .transform(Number);

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL');

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/**
 * Worker threads for ingestion unless INGEST_WORKERS says: one core stays with the main thread
 * (requests, storing) and Postgres — on 2 cores a second worker gains nothing (17.5 and 17.2
 * against 17.6 and 16.9 episodes/s, 300-episode runs of bench/ingest.ts) and costs memory.
 */
function defaultIngestWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_READ_URLS: csv.pipe(z.array(postgresUrl)).default([]),
  DATABASE_POOL_MAX: int(1, 500).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: int(100, 600_000).default(15_000),
  EMBEDDED_PG_PORT: int(1024, 65535).default(54329),
  DATA_DIR: z.string().min(1).default('.data'),
  SEEDS_DIR: z.string().min(1).default('seeds'),
  INGEST_SEEDS_ON_START: bool.default(true),
  CORS_ORIGINS: z.string().default('*'),
  PUBLIC_BASE_URL: z.url({ message: 'must be an absolute http(s) URL' }).optional(),
  TRUST_PROXY: bool.default(false),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1 to 64 letters, digits or ":_.-"')
    .default('castindex:'),
  MAX_UPLOAD_BYTES: int(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  INGEST_WORKERS: int(0, 64).default(defaultIngestWorkers()),
  SHUTDOWN_TIMEOUT_MS: int(1000, 120_000).default(25_000),
  MAX_URL_LENGTH: int(256, 65_536).default(4096),
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000).default(1000),
  PRESSURE_MAX_EVENT_LOOP_UTILIZATION: fraction.default(0),
  PRESSURE_MAX_HEAP_USED_BYTES: int(0, 2 ** 45).default(0),
  PRESSURE_MAX_RSS_BYTES: int(0, 2 ** 45).default(0),
  RESPONSE_CACHE_MB: int(0, 65_536).default(64),
  SEARCH_MAX_CANDIDATES: int(100, 1_000_000).default(200),
  ANONYMOUS_READS: bool.default(true),
  RATE_LIMIT_ANONYMOUS: int(1, 1_000_000).default(60),
  RATE_LIMIT_KEY: int(1, 1_000_000).default(600),
  RATE_LIMIT_WINDOW_MS: int(1000, 86_400_000).default(60_000),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  log: { level: Env['LOG_LEVEL']; pretty: boolean };
  database: {
    url: string | undefined;
    readUrls: string[];
    poolMax: number;
    statementTimeoutMs: number;
    embeddedPort: number;
  };
  dataDir: string;
  seedsDir: string;
  ingestSeedsOnStart: boolean;
  corsOrigins: string[] | '*';
  publicBaseUrl: string | undefined;
  trustProxy: boolean;
  redisUrl: string | undefined;
  /** Prepended to every Redis key, so deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  maxUploadBytes: number;
  /** Worker threads that parse and understand transcripts; 0 does it on the main thread. */
  ingestWorkers: number;
  maxUrlLength: number;
  shutdownTimeoutMs: number;
  /** Thresholds past which /v1 answers 503 instead of degrading; 0 turns a check off. */
  pressure: {
    maxEventLoopDelayMs: number;
    maxEventLoopUtilization: number;
    maxHeapUsedBytes: number;
    maxRssBytes: number;
  };
  /** Memory for repeated public reads (plugins/app/response-cache.ts); 0 turns the cache off. */
  responseCacheBytes: number;
  search: {
    /** A search ranks at most this many of the newest matches of each kind. */
    maxCandidates: number;
  };
  auth: { anonymousReads: boolean };
  /** Requests allowed per window: per IP without a key, per key with one. */
  rateLimit: { anonymous: number; key: number; windowMs: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into a Config, or throws a ConfigError whose message is one line. */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): Config {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const got = cleaned[name];
    throw new ConfigError(
      `Invalid configuration: ${name}: ${issue?.message ?? 'is invalid'}` +
        (got === undefined ? '' : ` (got ${JSON.stringify(got.slice(0, 80))})`),
    );
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY ?? Boolean(process.stdout.isTTY) },
    database: {
      url: env.DATABASE_URL,
      readUrls: env.DATABASE_READ_URLS,
      poolMax: env.DATABASE_POOL_MAX,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      embeddedPort: env.EMBEDDED_PG_PORT,
    },
    dataDir: path.resolve(cwd, env.DATA_DIR),
    seedsDir: path.resolve(cwd, env.SEEDS_DIR),
    ingestSeedsOnStart: env.INGEST_SEEDS_ON_START,
    corsOrigins:
      env.CORS_ORIGINS.trim() === '*'
        ? '*'
        : env.CORS_ORIGINS.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    publicBaseUrl: env.PUBLIC_BASE_URL,
    trustProxy: env.TRUST_PROXY,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    ingestWorkers: env.INGEST_WORKERS,
    maxUrlLength: env.MAX_URL_LENGTH,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    pressure: {
      maxEventLoopDelayMs: env.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxEventLoopUtilization: env.PRESSURE_MAX_EVENT_LOOP_UTILIZATION,
      maxHeapUsedBytes: env.PRESSURE_MAX_HEAP_USED_BYTES,
      maxRssBytes: env.PRESSURE_MAX_RSS_BYTES,
    },
    responseCacheBytes: env.RESPONSE_CACHE_MB * 2 ** 20,
    search: { maxCandidates: env.SEARCH_MAX_CANDIDATES },
    auth: { anonymousReads: env.ANONYMOUS_READS },
    rateLimit: {
      anonymous: env.RATE_LIMIT_ANONYMOUS,
      key: env.RATE_LIMIT_KEY,
      windowMs: env.RATE_LIMIT_WINDOW_MS,
    },
  };
}
