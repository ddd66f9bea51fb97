import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../src/lib/paths.js';
import { createScratchDatabase, dropAll, serverVersion } from './db.js';
import { benchIngest } from './ingest.js';
import { benchReads } from './reads.js';
import { printTable, resultsOf, writeResults, type Figures } from './report.js';
import { benchSearch } from './search.js';
import { updateReadme } from './update-readme.js';

// npm run bench: ingest, reads and search on this machine in one run, against the targets of
// issue 8. Not part of npm test. Settings (environment):
//   BENCH_EPISODES=1000            episodes generated and ingested (also the read corpus)
//   BENCH_DURATION=10              seconds of load per measured run
//   BENCH_SEARCH_SEGMENTS=1000000  size of the search corpus
//   BENCH_ONLY=ingest,reads,search the parts to run (reads include the ingest they read from)
//   BENCH_CPU_PROF=<dir>           profile the API during the reads (node --cpu-prof)
//   BENCH_DATABASE_URL=postgresql://…  the Postgres server for the scratch databases
//   BENCH_SKIP_BUILD=1             reuse dist/ as it is
// Only a full run (all three parts) writes bench/results/<date>.json and the README table.

const episodes = Number(process.env.BENCH_EPISODES ?? 1000);
const seconds = Number(process.env.BENCH_DURATION ?? 10);
const searchSegments = Number(process.env.BENCH_SEARCH_SEGMENTS ?? 1_000_000);
const only = new Set((process.env.BENCH_ONLY ?? 'ingest,reads,search').split(',').map((s) => s.trim()));
const cpuProf = process.env.BENCH_CPU_PROF;

async function main(): Promise<number> {
  if (!process.env.BENCH_SKIP_BUILD)
    execFileSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const figures: Figures = {};
  const postgres = await serverVersion();
  try {
    if (only.has('ingest') || only.has('reads')) {
      const db = await createScratchDatabase('reads');
      process.stderr.write(`ingest: ${episodes} episodes\n`);
      const ingest = await benchIngest(db, episodes);
      if (only.has('ingest')) figures.ingest = ingest;
      if (only.has('reads')) {
        const nodeArgs = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [];
        figures.reads = await benchReads(db, { seconds, nodeArgs });
      }
      await db.drop();
    }
    if (only.has('search')) figures.search = await benchSearch({ segments: searchSegments, seconds });
  } finally {
    await dropAll();
  }
  const results = resultsOf(figures, `PostgreSQL ${postgres}`);
  printTable(results);
  if (only.size === 3) {
    process.stdout.write(`written ${await writeResults(results)}\n`);
    await updateReadme(results);
  }
  return results.pass ? 0 : 1;
}

process.exitCode = await main();
