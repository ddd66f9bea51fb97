import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('uses port 3000 and an embedded database when nothing is set', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.dataDir).toBe('/srv/app/.data');
  });

  it.each([
    [
      'PORT',
      'abc',
      /^Invalid configuration: PORT: must be a whole number between 0 and 65535 \(got "abc"\)$/,
    ],
    ['PORT', '70000', /^Invalid configuration: PORT: /],
    ['DATABASE_URL', 'mysql://x', /^Invalid configuration: DATABASE_URL: must be a postgres/],
    ['LOG_LEVEL', 'loud', /^Invalid configuration: LOG_LEVEL: /],
    ['INGEST_SEEDS_ON_START', 'maybe', /^Invalid configuration: INGEST_SEEDS_ON_START: /],
  ])('rejects %s=%s with one line naming the variable', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it('reads CORS origins as a list', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('allows anonymous reads and sets per-minute rate limits by default', () => {
    const config = loadConfig({});
    expect(config.auth.anonymousReads).toBe(true);
    expect(config.rateLimit).toEqual({ anonymous: 60, key: 600, windowMs: 60_000 });
    expect(config.redisKeyPrefix).toBe('castindex:');
  });

  it.each([
    ['ANONYMOUS_READS', 'sometimes'],
    ['RATE_LIMIT_KEY', '0'],
    ['RATE_LIMIT_WINDOW_MS', '10'],
    ['REDIS_KEY_PREFIX', 'has spaces'],
  ])('rejects %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name}: `));
  });
});
