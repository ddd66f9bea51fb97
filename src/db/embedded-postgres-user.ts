import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgresError } from './embedded-postgres-error.js';

// Where the embedded cluster runs when the API runs as root: Postgres refuses root, so it runs
// as the `postgres` system user, which must reach both the binaries and the data folder.

export interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

export interface RunAs {
  uid: number;
  gid: number;
}

export const SUPERUSER = 'postgres';

/** Postgres refuses to run as root; as root we run it as the `postgres` system user. */
export function runAsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, SUPERUSER], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER]);
    if (made.status !== 0) {
      throw new EmbeddedPostgresError(
        `Running as root, but there is no "${SUPERUSER}" user to run Postgres as and it could not be created`,
      );
    }
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function canAccess(as: RunAs, file: string, mode: '-x' | '-w'): boolean {
  return spawnSync('test', [mode, file], { uid: as.uid, gid: as.gid }).status === 0;
}

/** Where a data folder's cluster lives when the postgres user cannot reach the folder itself. */
export function relocatedHome(dataDir: string): string {
  return path.join(
    os.tmpdir(),
    `castindex-pg-${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`,
  );
}

/**
 * As root, the postgres user must reach both the binaries and the data folder. A project
 * cloned under a private folder (e.g. /root) allows neither, so both move to a folder of
 * their own under the system temp directory, named after the project's data folder.
 */
export async function placeForUser(
  as: RunAs | undefined,
  bin: Binaries,
  dataDir: string,
): Promise<{ bin: Binaries; clusterDir: string }> {
  if (!as) return { bin, clusterDir: path.join(dataDir, 'pg') };
  await mkdir(dataDir, { recursive: true });
  const reachable = canAccess(as, bin.postgres, '-x') ? bin : await copyBinaries(bin);
  if (canAccess(as, dataDir, '-x')) return { bin: reachable, clusterDir: path.join(dataDir, 'pg') };
  const home = relocatedHome(dataDir);
  await mkdir(home, { recursive: true, mode: 0o755 });
  await chmod(home, 0o755);
  return { bin: reachable, clusterDir: path.join(home, 'pg') };
}

/** One shared copy of the binaries per package version, in the system temp directory. */
async function copyBinaries(bin: Binaries): Promise<Binaries> {
  const nativeDir = path.dirname(path.dirname(bin.postgres));
  const version =
    (await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8').then(
      (json) => (JSON.parse(json) as { version?: string }).version,
      () => undefined,
    )) ?? 'unknown';
  const copied = path.join(os.tmpdir(), `castindex-pg-bin-${version}`);
  if (!existsSync(path.join(copied, 'bin', 'postgres'))) {
    const staging = `${copied}.${process.pid}`;
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    // Another process may have finished the same copy first; theirs is as good as ours.
    await rename(staging, copied).catch(() => rm(staging, { recursive: true, force: true }));
  }
  const at = (p: string) => path.join(copied, 'bin', path.basename(p));
  return { postgres: at(bin.postgres), initdb: at(bin.initdb), pg_ctl: at(bin.pg_ctl) };
}
