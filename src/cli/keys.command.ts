import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { CreateApiKeySchema, type CreateApiKeyInput } from '../modules/api-keys/api-keys.schemas.js';
import type { Services } from '../services.js';
import { UsageError } from './usage-error.js';

export const KEYS_USAGE = `  keys create --name <name> --scopes <read,ingest,admin>
                            create an API key (printed once, on stdout)
  keys list                 list API keys, without secrets
  keys revoke <id|prefix>   revoke an API key`;

export type KeysCommand =
  { action: 'create'; input: CreateApiKeyInput } | { action: 'list' } | { action: 'revoke'; target: string };

/** Reads `keys …` arguments, before any database is opened for them. */
export function parseKeysCommand(args: string[]): KeysCommand {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, scopes: { type: 'string' } },
      });
      const parsed = CreateApiKeySchema.safeParse({
        name: values.name,
        scopes: values.scopes
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const flag = issue?.path[0] === 'scopes' ? '--scopes' : '--name';
        const given = flag === '--scopes' ? values.scopes : values.name;
        throw new UsageError(`keys create: ${flag} ${given === undefined ? 'is required' : issue?.message}`);
      }
      return { action, input: parsed.data };
    }
    case 'list':
      if (rest.length) throw new UsageError('keys list takes no arguments');
      return { action };
    case 'revoke': {
      const [target, ...extra] = rest;
      if (!target || extra.length) throw new UsageError('keys revoke takes one key id or prefix');
      return { action, target };
    }
    default:
      throw new UsageError(action ? `unknown keys action "${action}"` : 'keys needs an action');
  }
}

/** `castindex keys …`: the same service and audit trail as the HTTP key routes. */
export async function runKeys(services: Services, command: KeysCommand): Promise<number> {
  const audit = (a: { action: string; targetId: string; details: Record<string, unknown> }) =>
    services.audit.record({
      ...a,
      apiKeyId: null,
      actor: 'cli',
      targetType: 'keys',
      requestId: null,
      outcome: 'succeeded',
      status: null,
    });
  switch (command.action) {
    case 'create': {
      const created = await services.apiKeys.create(command.input);
      await audit({
        action: 'apiKey.create',
        targetId: created.id,
        details: { name: created.name, prefix: created.prefix, scopes: created.scopes },
      });
      process.stderr.write(
        `created ${created.id} "${created.name}" with scopes ${created.scopes.join(', ')}\n` +
          'the key below is shown once: store it now\n',
      );
      process.stdout.write(`${created.key}\n`);
      return 0;
    }
    case 'list': {
      const color = Boolean(process.stdout.isTTY);
      const table = new Table({
        head: ['id', 'name', 'prefix', 'scopes', 'created', 'last used', 'revoked'],
        style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
      });
      let cursor: string | undefined;
      do {
        const page = await services.apiKeys.list({ limit: 100, cursor });
        for (const k of page.data) {
          table.push([
            k.id,
            k.name,
            k.prefix,
            k.scopes.join(','),
            k.createdAt,
            k.lastUsedAt ?? '-',
            k.revokedAt ?? '-',
          ]);
        }
        cursor = page.page.nextCursor ?? undefined;
      } while (cursor);
      process.stdout.write(`${table.toString()}\n`);
      return 0;
    }
    case 'revoke': {
      const revoked = await services.apiKeys.revoke(command.target);
      await audit({
        action: 'apiKey.revoke',
        targetId: revoked.id,
        details: { name: revoked.name, prefix: revoked.prefix },
      });
      process.stdout.write(`revoked ${revoked.id} "${revoked.name}" (${revoked.prefix})\n`);
      return 0;
    }
  }
}
