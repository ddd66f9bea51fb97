import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Tests run the TypeScript sources in-process, where a worker thread could not load them;
    // the CLI and server tests start real processes and turn workers on themselves.
    env: { INGEST_WORKERS: '0' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
