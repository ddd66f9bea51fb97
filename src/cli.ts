import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { runIngest } from './cli/ingest.command.js';
import { KEYS_USAGE, parseKeysCommand, runKeys } from './cli/keys.command.js';
import { UsageError } from './cli/usage-error.js';
import { createLogger } from './lib/logger.js';
import { PROJECT_ROOT } from './lib/paths.js';
import { generateOpenApi } from './openapi.js';

// castindex's command line: the same services as the HTTP API, without the HTTP.
//   migrate                 apply pending migrations
//   ingest <files|folders>  ingest transcripts (exit 0 only when every file succeeded)
//   keys create|list|revoke manage API keys
//   openapi [--check]       write openapi/openapi.json (or fail if it is out of date)

const USAGE = `usage: castindex <command>
  migrate                   apply pending database migrations
  ingest <file|folder>...   ingest transcripts
${KEYS_USAGE}
  openapi [--check]         write openapi/openapi.json, or check that it is current`;

const OPENAPI_FILE = path.join(PROJECT_ROOT, 'openapi', 'openapi.json');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  // The CLI speaks to people: plain lines on stderr, not JSON logs, unless asked for.
  const log = createLogger({
    ...config,
    log: { ...config.log, level: config.log.level === 'info' ? 'warn' : config.log.level },
  });

  switch (command) {
    case 'migrate': {
      const runtime = await bootstrap(config, log);
      await runtime.close();
      process.stdout.write('migrations: up to date\n');
      return 0;
    }
    case 'ingest': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      if (positionals.length === 0) throw new UsageError('ingest needs at least one file or folder');
      const runtime = await bootstrap(config, log);
      try {
        return await runIngest(runtime.services.ingest, positionals);
      } finally {
        await runtime.close();
      }
    }
    case 'keys': {
      const keysCommand = parseKeysCommand(rest);
      const runtime = await bootstrap(config, log);
      try {
        return await runKeys(runtime.services, keysCommand);
      } finally {
        await runtime.close();
      }
    }
    case 'openapi': {
      const { values } = parseArgs({ args: rest, options: { check: { type: 'boolean', default: false } } });
      const doc = await generateOpenApi(config);
      if (values.check) {
        const current = await readFile(OPENAPI_FILE, 'utf8').catch(() => '');
        if (current !== doc) {
          process.stderr.write('openapi/openapi.json is out of date; run `npm run openapi`\n');
          return 1;
        }
        process.stdout.write('openapi/openapi.json is current\n');
        return 0;
      }
      await mkdir(path.dirname(OPENAPI_FILE), { recursive: true });
      await writeFile(OPENAPI_FILE, doc);
      process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
      return 0;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) process.stderr.write(`castindex: ${err.message}\n${USAGE}\n`);
  else if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`castindex: ${(err as Error).message}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
