import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeysCommand } from '../../src/cli/keys.command.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { createApiKeysRepository } from '../../src/modules/api-keys/api-keys.repository.js';
import { createApiKeysService } from '../../src/modules/api-keys/api-keys.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { runEntry } from '../helpers/process.js';

describe('npm run keys', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  async function keys(...args: string[]) {
    const run = runEntry('src/cli.ts', { DATABASE_URL: database.url, LOG_LEVEL: 'warn' }, ['keys', ...args]);
    const code = await run.exited;
    return { code, output: run.output() };
  }

  it('creates a key (printed once), lists it without its secret, revokes it by prefix, and audits both', async () => {
    const created = await keys('create', '--name', 'acme', '--scopes', 'read,ingest');
    expect(created.code).toBe(0);
    const key = /^(ck_([0-9a-f]{12})_[A-Za-z0-9_-]{32})$/m.exec(created.output);
    expect(key).not.toBeNull();
    const [, whole, prefix] = key!;
    expect(created.output).toContain('shown once');

    const listed = await keys('list');
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(new RegExp(`acme.*${prefix}.*read,ingest`));
    expect(listed.output).not.toContain(whole!.slice(16));

    const revoked = await keys('revoke', prefix!);
    expect(revoked.code).toBe(0);
    expect(revoked.output).toContain(`revoked`);
    const service = createApiKeysService({
      keys: createApiKeysRepository(() => database.db.prisma),
      log: pino({ level: 'silent' }),
    });
    expect(await service.authenticate(whole!)).toMatchObject({ ok: false, reason: 'revoked' });

    const { rows } = await database.db.pool.query(
      `SELECT action, actor, outcome, status FROM audit_events WHERE actor = 'cli' ORDER BY id`,
    );
    expect(rows).toEqual([
      { action: 'apiKey.create', actor: 'cli', outcome: 'succeeded', status: null },
      { action: 'apiKey.revoke', actor: 'cli', outcome: 'succeeded', status: null },
    ]);
  }, 120_000);

  it.each([
    [['create', '--scopes', 'read'], /keys create: --name is required/],
    [['create', '--name', 'x', '--scopes', 'read,write'], /keys create: --scopes Invalid option/],
    [['create', '--name', 'x'], /keys create: --scopes is required/],
    [['list', 'extra'], /keys list takes no arguments/],
    [['revoke'], /keys revoke takes one key id or prefix/],
    [['rotate'], /unknown keys action "rotate"/],
  ])('refuses %j before opening a database', (args, message) => {
    expect(() => parseKeysCommand(args)).toThrow(UsageError);
    expect(() => parseKeysCommand(args)).toThrow(message);
  });

  it('exits with code 2 and the usage on a bad command line', async () => {
    const run = await keys('create', '--scopes', 'read');
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/^castindex: keys create: --name is required\nusage: castindex/);
  }, 60_000);

  it('fails with one line for a key that does not exist', async () => {
    const run = await keys('revoke', 'key_nothing');
    expect(run.code).toBe(1);
    expect(run.output.trim()).toBe('castindex: No API key with id or prefix "key_nothing"');
  }, 60_000);
});
