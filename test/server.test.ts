import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { relocatedHome } from '../src/db/embedded-postgres.js';
import { freePort, runEntry, waitFor } from './helpers/process.js';

// `npm start` as an operator runs it: no DATABASE_URL, so an embedded Postgres in the data
// folder; seeds ingested; a clean stop on SIGTERM; a restart that duplicates nothing.

interface EpisodeList {
  data: { id: string }[];
}

async function start(dataDir: string, port: number, pgPort: number) {
  const server = runEntry('src/server.ts', {
    DATABASE_URL: undefined,
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    LOG_PRETTY: 'false',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
  });
  await waitFor(`http://127.0.0.1:${port}/ready`, 200, 90_000, () => server.child.exitCode === null);
  return server;
}

async function stop(server: ReturnType<typeof runEntry>): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

async function portAnswers(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const dataDirs: string[] = [];
afterAll(async () => {
  for (const dir of dataDirs) {
    await rm(dir, { recursive: true, force: true });
    await rm(relocatedHome(path.join(dir, '.data')), { recursive: true, force: true });
    await rm(relocatedHome(dir), { recursive: true, force: true });
  }
});

describe('npm start', () => {
  it('serves the seeds from an embedded Postgres, stops it cleanly, and restarts without duplicates', async () => {
    // A private parent folder, as in a clone under /root or mktemp -d.
    const home = await mkdtemp(path.join(os.tmpdir(), 'castindex-start-'));
    await chmod(home, 0o700);
    dataDirs.push(home);
    const dataDir = path.join(home, '.data');
    const [port, pgPort] = [await freePort(), await freePort()];
    const seeds = (await readdir(path.join(import.meta.dirname, '..', 'seeds'))).filter((f) =>
      f.endsWith('.txt'),
    );

    const first = await start(dataDir, port, pgPort);
    const list = (await (
      await fetch(`http://127.0.0.1:${port}/v1/episodes?limit=100`)
    ).json()) as EpisodeList;
    expect(list.data).toHaveLength(seeds.length);
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('shutdown complete');
    expect(await portAnswers(pgPort)).toBe(false);

    const second = await start(dataDir, port, pgPort);
    const again = (await (
      await fetch(`http://127.0.0.1:${port}/v1/episodes?limit=100`)
    ).json()) as EpisodeList;
    expect(again.data.map((e) => e.id)).toEqual(list.data.map((e) => e.id));
    expect(second.output()).not.toContain('seed ingested');
    expect(await stop(second)).toBe(0);
  }, 240_000);

  it('refuses a bad PORT with one clear line and a non-zero exit', async () => {
    const server = runEntry('src/server.ts', { PORT: 'abc' });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe(
      'Invalid configuration: PORT: must be a whole number between 0 and 65535 (got "abc")',
    );
  });

  it('says clearly when the embedded Postgres port is taken', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    const pgPort = await freePort();
    await new Promise<void>((r) => blocker.listen(pgPort, '127.0.0.1', () => r()));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'castindex-busy-'));
    dataDirs.push(dataDir);
    const server = runEntry('src/server.ts', {
      DATABASE_URL: undefined,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_PRETTY: 'false',
    });
    expect(await server.exited).toBe(1);
    blocker.close();
    expect(server.output()).toContain(`Port ${pgPort} for the embedded Postgres is already in use`);
  }, 120_000);
});
