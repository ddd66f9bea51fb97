import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runEntry } from '../helpers/process.js';

// `npm run ingest -- <folder>` as a person runs it: one line per file, a summary table, and
// an exit code that says whether everything went in.

const GOOD = `A
Welcome to Tide Tables. I'm Nora Beck, and with me is Ravi Shah.
B
Thanks, Nora. Tides follow the moon, mostly.
A
Mostly?
B
The coastline shapes them too.
`;

describe('the ingest command', () => {
  let database: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    folder = await mkdtemp(path.join(os.tmpdir(), 'castindex-cli-'));
    await writeFile(path.join(folder, 'good.txt'), GOOD);
    await writeFile(path.join(folder, 'bad.txt'), 'A\nHello there.\nB\nC\nHi.\n');
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await database.drop();
  });

  it('stores the good file, reports the bad one with its line, prints the table and exits 1', async () => {
    const cli = runEntry(
      'src/cli.ts',
      // Two worker threads: a refusal crosses back from one with its file, line and reason.
      { DATABASE_URL: database.url, LOG_LEVEL: 'warn', LOG_PRETTY: 'false', INGEST_WORKERS: '2' },
      ['ingest', folder],
    );
    const code = await cli.exited;
    const output = cli.output();
    expect(code).toBe(1);
    expect(output).toMatch(/created\s+\S*good\.txt → /);
    expect(output).toMatch(/failed\s+\S*bad\.txt/);
    expect(output).toMatch(/│ created │ unchanged │ replaced │ failed │ warnings │/);
    expect(output).toMatch(/│ 1\s+│ 0\s+│ 0\s+│ 1\s+│ \d+\s+│/);
    expect(output).toContain('error: bad.txt:3: speaker label "B" has no text');
    const { rows } = await database.db.pool.query(`SELECT source_name FROM episodes`);
    expect(rows).toEqual([{ source_name: 'good.txt' }]);
  }, 60_000);
});
