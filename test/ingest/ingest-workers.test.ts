import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.js';
import { createIngestService } from '../../src/ingest/ingest.service.js';
import { createMetrics } from '../../src/lib/metrics.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// Parsing and understanding on worker threads: the same episodes and the same refusals as on
// the main thread, and a pool that cannot start never leaves an ingestion waiting.

const TALK = (n: number) => `A
Welcome to Kiln Notes. I'm Oskar Lind, and today Wren Adeyemi is here to talk about glazes.
B
Thanks, Oskar. Glaze number ${n} is all about ash and feldspar.
A
Ash glazes run, don't they?
B
They do. Feldspar keeps them on the pot.
`;

describe('ingestion on worker threads', () => {
  let database: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    folder = await mkdtemp(path.join(os.tmpdir(), 'castindex-workers-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await database.drop();
  });

  const service = (extra: { workerUrl?: string; log?: pino.Logger } = {}) =>
    createIngestService({
      db: database.db,
      metrics: createMetrics(),
      log: extra.log ?? pino({ level: 'silent' }),
      maxBytes: 1024 * 1024,
      workers: 2,
      ...(extra.workerUrl ? { workerUrl: extra.workerUrl } : {}),
    });

  it('stores what the main thread would, and refuses a bad file with its code, file and line', async () => {
    const lines: string[] = [];
    const onWorkers = service({
      log: pino({ level: 'error' }, { write: (line: string) => lines.push(line) }),
    });
    const inline = createIngestService({
      db: database.db,
      metrics: createMetrics(),
      log: pino({ level: 'silent' }),
      maxBytes: 1024 * 1024,
    });
    try {
      const outcomes: { name: string; status?: string; error?: unknown }[] = [];
      const inputs = [1, 2, 3].map((n) => ({
        name: `kiln-${n}.txt`,
        content: Buffer.from(TALK(n)),
        trigger: 'cli' as const,
      }));
      inputs.push({
        name: 'broken.txt',
        content: Buffer.from('A\nHello there.\nB\nC\nHi.\n'),
        trigger: 'cli',
      });
      await onWorkers.ingestMany(inputs, 'cli', (input, outcome) =>
        outcomes.push(
          'result' in outcome
            ? { name: input.name, status: outcome.result.status }
            : { name: input.name, error: outcome.error },
        ),
      );
      expect(
        outcomes
          .filter((o) => o.status === 'created')
          .map((o) => o.name)
          .sort(),
      ).toEqual(['kiln-1.txt', 'kiln-2.txt', 'kiln-3.txt']);
      const refused = outcomes.find((o) => o.name === 'broken.txt')!.error;
      expect(refused).toBeInstanceOf(IngestError);
      expect(refused).toMatchObject({ code: 'empty-turn', source: 'broken.txt', line: 3 });
      expect((refused as Error).message).toBe('broken.txt:3: speaker label "B" has no text');

      // The same file understood in-line gives the same people and topics.
      const fromWorker = await database.db.pool.query(
        `SELECT p.name, ep.role FROM episode_people ep JOIN people p ON p.id = ep.person_id
         JOIN episodes e ON e.id = ep.episode_id WHERE e.source_name = 'kiln-1.txt' ORDER BY p.name`,
      );
      await inline.ingest({ name: 'kiln-inline.txt', content: Buffer.from(`${TALK(1)}\n`), trigger: 'cli' });
      const fromMain = await database.db.pool.query(
        `SELECT p.name, ep.role FROM episode_people ep JOIN people p ON p.id = ep.person_id
         JOIN episodes e ON e.id = ep.episode_id WHERE e.source_name = 'kiln-inline.txt' ORDER BY p.name`,
      );
      expect(fromWorker.rows.length).toBeGreaterThan(0);
      expect(fromWorker.rows).toEqual(fromMain.rows);
      // Nothing fell back to the main thread.
      expect(lines).toEqual([]);
    } finally {
      await onWorkers.close();
      await inline.close();
    }
  }, 60_000);

  it('falls back to the main thread, and says so, when its workers cannot start', async () => {
    const module = path.join(folder, 'broken-worker.mjs');
    await writeFile(module, `throw new Error('this worker cannot start');\n`);
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const broken = service({ workerUrl: pathToFileURL(module).href, log });
    try {
      const result = await broken.ingest({
        name: 'fallback.txt',
        content: Buffer.from(TALK(9)),
        trigger: 'cli',
      });
      expect(result.status).toBe('created');
      expect(lines.join('')).toContain('ingest worker threads cannot start');
      expect(lines.join('')).toContain('this worker cannot start');
      const again = await broken.ingest({
        name: 'fallback-2.txt',
        content: Buffer.from(TALK(10)),
        trigger: 'cli',
      });
      expect(again.status).toBe('created');
    } finally {
      await broken.close();
    }
  }, 60_000);
});
