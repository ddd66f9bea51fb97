import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { PROJECT_ROOT } from '../src/lib/paths.js';
import type { IngestFigures } from './ingest.js';
import type { LoadFigures } from './load.js';
import type { ReadFigures } from './reads.js';
import type { SearchFigures } from './search.js';

// The run's figures against the targets of issue 8, as JSON (bench/results/<date>.json), as a
// table on stdout, and as the Markdown table the README shows.

export interface Figures {
  ingest?: IngestFigures;
  reads?: ReadFigures;
  search?: SearchFigures;
}

export interface Target {
  name: string;
  value: number;
  unit: string;
  /** "≥ 25", "≤ 50"… */
  goal: string;
  pass: boolean;
}

export interface Results {
  date: string;
  commit: string;
  machine: Record<string, string | number>;
  figures: Figures;
  targets: Target[];
  pass: boolean;
}

const MB = 2 ** 20;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const atLeast = (name: string, value: number, min: number, unit: string): Target => ({
  name,
  value: round(value, 2),
  unit,
  goal: `≥ ${min}`,
  pass: value >= min,
});
const atMost = (name: string, value: number, max: number, unit: string): Target => ({
  name,
  value: round(value, 2),
  unit,
  goal: `≤ ${max}`,
  pass: value <= max,
});

export function targetsOf(f: Figures): Target[] {
  const t: Target[] = [];
  if (f.ingest) t.push(atLeast('ingest episodes/s', f.ingest.pipelineEpisodesPerSecond, 25, 'ep/s'));
  for (const r of f.reads?.routes ?? []) {
    t.push(atLeast(`${r.name} vs baseline`, r.ratio, 0.8, '×'));
    t.push(atMost(`${r.name} p99`, r.api.p99Ms, 25, 'ms'));
    t.push(atLeast(`${r.name}, response cache off, vs baseline`, r.ratioUncached, 0.8, '×'));
  }
  if (f.reads) t.push(atMost('API peak RSS', f.reads.peakRssBytes / MB, 250, 'MB'));
  if (f.search) {
    t.push(atMost('search p95 (1 client)', f.search.sequential.p95Ms, 50, 'ms'));
    t.push(
      atLeast(
        `search req/s (${f.search.concurrent.connections} conn.)`,
        f.search.concurrent.requestsPerSecond,
        200,
        'req/s',
      ),
    );
  }
  return t;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function machine(postgres: string): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
    loadAverageAtEnd: os
      .loadavg()
      .map((l) => round(l, 2))
      .join(' '),
  };
}

export function resultsOf(figures: Figures, postgres: string): Results {
  const targets = targetsOf(figures);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) ? '+dirty' : '';
  return {
    date: new Date().toISOString(),
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${dirty}`,
    machine: machine(postgres),
    figures,
    targets,
    pass: targets.every((t) => t.pass),
  };
}

/** Rows of the figures table: [measure, castindex, baseline or ceiling, ratio]. */
function rows(f: Figures): string[][] {
  const out: string[][] = [];
  if (f.ingest) {
    const i = f.ingest;
    out.push([
      `ingest ${i.episodes} episodes (episodes/s)`,
      `${round(i.pipelineEpisodesPerSecond)}`,
      `${round(i.copyEpisodesPerSecond)} (COPY)`,
      `${round(i.ratio, 3)}×`,
    ]);
  }
  const load = (l: LoadFigures) => `${round(l.requestsPerSecond, 0)} · ${l.p50Ms} / ${l.p99Ms}`;
  for (const r of f.reads?.routes ?? []) {
    out.push([`${r.name} req/s · p50 / p99 ms`, load(r.api), load(r.baseline), `${round(r.ratio, 2)}×`]);
    out.push([
      `… with the response cache off`,
      load(r.apiUncached),
      load(r.baseline),
      `${round(r.ratioUncached, 2)}×`,
    ]);
  }
  if (f.reads) out.push(['API peak RSS during reads (MB)', `${round(f.reads.peakRssBytes / MB, 0)}`, '', '']);
  if (f.search) {
    const s = f.search;
    out.push([
      `search, ${s.segments} segments, response cache off: p50 / p95 ms (1 client)`,
      `${round(s.sequential.p50Ms)} / ${round(s.sequential.p95Ms)}`,
      '',
      '',
    ]);
    out.push([
      `search req/s (${s.concurrent.connections} connections) · p99 ms`,
      `${round(s.concurrent.requestsPerSecond, 0)} · ${s.concurrent.p99Ms}`,
      '',
      '',
    ]);
  }
  return out;
}

const HEAD = ['measure', 'castindex', 'baseline / ceiling', 'ratio'];

export function printTable(r: Results): void {
  const figures = new Table({ head: HEAD, style: { head: [], border: [] } });
  figures.push(...rows(r.figures));
  const targets = new Table({ head: ['target', 'value', 'goal', ''], style: { head: [], border: [] } });
  targets.push(
    ...r.targets.map((t) => [
      t.name,
      `${t.value} ${t.unit}`,
      `${t.goal} ${t.unit}`,
      t.pass ? 'pass' : 'FAIL',
    ]),
  );
  process.stdout.write(`${figures.toString()}\n${targets.toString()}\n`);
}

export function markdown(r: Results): string {
  const cells = (xs: string[]) => `| ${xs.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    `Measured by \`npm run bench\` on ${r.date.slice(0, 10)} at ${r.commit} (${r.machine.cores} cores, ${r.machine.cpu}, Node ${r.machine.node}, ${r.machine.postgres}); load average at the end ${r.machine.loadAverageAtEnd}.`,
    '',
    cells(HEAD),
    cells(HEAD.map(() => '---')),
    ...rows(r.figures).map(cells),
    '',
    cells(['target', 'value', 'goal', '']),
    cells(['---', '---', '---', '---']),
    ...r.targets.map((t) =>
      cells([t.name, `${t.value} ${t.unit}`, `${t.goal} ${t.unit}`, t.pass ? 'pass' : '**fail**']),
    ),
  ].join('\n');
}

export async function writeResults(r: Results): Promise<string> {
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${r.date.slice(0, 10)}.json`);
  await writeFile(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}
