import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import pino from 'pino';
import { createDb } from '../src/db/client.js';
import { parseTranscript } from '../src/ingest/formats/index.js';
import { createIngestService } from '../src/ingest/ingest.service.js';
import type { EpisodeDraft, ParsedTranscript } from '../src/ingest/model.js';
import { createEpisodeStore, startRun } from '../src/ingest/store/episode-store.js';
import { understand } from '../src/ingest/understand/index.js';
import { createMetrics } from '../src/lib/metrics.js';
import { PROJECT_ROOT } from '../src/lib/paths.js';
import { generateEpisode, loadSeeds } from './corpus.js';
import { createScratchDatabase } from './db.js';

// A profiling probe for ingestion, not the benchmark (that is `npm run bench`): generates N
// episodes, then times parse, understand and store one stage at a time, and finally the
// whole pipeline through the ingest service on N other episodes. Writes go to a scratch
// database of the benchmark's (bench/db.ts, on BENCH_DATABASE_URL's server), dropped afterwards.
//   npx tsx bench/ingest-probe.ts [N]                      # default 100
//   node --cpu-prof --import tsx bench/ingest-probe.ts 50  # profile it
//   PROBE_STAGES=parse,understand npx tsx bench/ingest-probe.ts   # no database
//   PROBE_PROFILE=store npx tsx bench/ingest-probe.ts 50  # a CPU profile of that stage alone,
//                                                         # written to bench/results/probe-<stage>.cpuprofile
//   PROBE_SQL='ALTER …' npx tsx bench/ingest-probe.ts     # run on the scratch database before storing,
//                                                         # to try a setting (an index's, a trigger off)

const N = Number(process.argv[2] ?? 100);
const STAGES = new Set((process.env.PROBE_STAGES ?? 'parse,understand,store,pipeline').split(','));
const WARM_UP = 5;
const PROFILE = process.env.PROBE_PROFILE;

/** Runs `work` under the CPU profiler when PROBE_PROFILE names this stage. */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (PROFILE !== name) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    const file = path.join(PROJECT_ROOT, 'bench', 'results', `probe-${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`profile of ${name}: ${file}`);
    session.disconnect();
  }
}

/** Wall time, and this process's CPU time (steadier on a shared machine; not Postgres's). */
interface Stage {
  ms: number;
  cpuMs: number;
}

const stage = (): Stage => ({ ms: 0, cpuMs: 0 });

async function timed<T>(total: Stage, work: () => T | Promise<T>): Promise<T> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const out = await work();
  const used = process.cpuUsage(cpu);
  total.ms += performance.now() - t;
  total.cpuMs += (used.user + used.system) / 1000;
  return out;
}

const perEpisode = (s: Stage) =>
  `${(s.ms / N).toFixed(1).padStart(8)} ms/episode (${(s.cpuMs / N).toFixed(1)} ms CPU in Node)`;

async function main(): Promise<void> {
  const seeds = await loadSeeds(path.join(PROJECT_ROOT, 'seeds'));
  const episodes = Array.from({ length: N }, (_, i) => generateEpisode(seeds, i));
  const others = Array.from({ length: N }, (_, i) => generateEpisode(seeds, N + i));
  const bytes = episodes.reduce((n, e) => n + e.content.length, 0) / N;
  console.log(`${N} episodes of ~${Math.round(bytes / 1024)} KiB, ${WARM_UP} warm-up`);

  // Warm the JIT and compromise's lexicon so the first episodes do not dominate.
  for (let i = 0; i < WARM_UP; i++) {
    const e = generateEpisode(seeds, 10_000_000 + i);
    understand({ parsed: parseTranscript(Buffer.from(e.content), e.name), source: e.name });
  }

  const parse = stage();
  const think = stage();
  const store = stage();
  const parsed: ParsedTranscript[] = [];
  const drafts: EpisodeDraft[] = [];
  await profiled('understand', async () => {
    for (const e of episodes) {
      const content = Buffer.from(e.content);
      const p = await timed(parse, () => parseTranscript(content, e.name));
      parsed.push(p);
      if (STAGES.has('understand') || STAGES.has('store'))
        drafts.push(await timed(think, () => understand({ parsed: p, source: e.name })));
    }
  });
  console.log(`parse      ${perEpisode(parse)}`);
  if (drafts.length) console.log(`understand ${perEpisode(think)}`);
  if (!STAGES.has('store') && !STAGES.has('pipeline')) return;

  const scratch = await createScratchDatabase('probe');
  const db = createDb({ url: scratch.url, poolMax: 4, statementTimeoutMs: 60_000 });
  try {
    if (process.env.PROBE_SQL) await scratch.pool.query(process.env.PROBE_SQL);
    if (STAGES.has('store')) {
      const episodeStore = createEpisodeStore(db);
      await profiled('store', async () => {
        for (const [i, e] of episodes.entries()) {
          const contentHash = createHash('sha256').update(e.content).digest('hex');
          const run = startRun({
            sourceName: e.name,
            contentHash,
            format: drafts[i]!.format,
            trigger: 'cli',
          });
          await timed(store, () => episodeStore.save(drafts[i]!, e.name, contentHash, run));
        }
      });
      console.log(`store      ${perEpisode(store)}`);
      const staged = parse.ms + think.ms + store.ms;
      console.log(`stages     ${((N * 1000) / staged).toFixed(1).padStart(8)} episodes/s`);
    }
    if (STAGES.has('pipeline')) {
      const service = createIngestService({
        db,
        metrics: createMetrics(),
        log: pino({ level: 'warn' }),
        maxBytes: 50 * 1024 * 1024,
      });
      const pipeline = stage();
      for (const e of others) {
        const result = await timed(pipeline, () =>
          service.ingest({
            name: e.name.replace('bench-', 'pipe-'),
            content: Buffer.from(e.content),
            trigger: 'cli',
          }),
        );
        if (result.status !== 'created') throw new Error(`${e.name}: ${result.status}`);
      }
      console.log(`pipeline   ${perEpisode(pipeline)}: ${((N * 1000) / pipeline.ms).toFixed(1)} episodes/s`);
    }
  } finally {
    await db.close();
    await scratch.drop();
  }
}

await main();
