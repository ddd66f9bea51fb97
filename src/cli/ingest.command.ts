import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { expandPaths, type IngestService } from '../ingest/ingest.service.js';

const STATUSES = ['created', 'unchanged', 'replaced', 'failed'] as const;

/** Ingests files and folders with a progress bar and a summary table; 0 only if all succeeded. */
export async function runIngest(ingest: IngestService, paths: string[]): Promise<number> {
  const files = await expandPaths(paths).catch((err: Error) => {
    throw new Error(`cannot read ${paths.join(', ')}: ${err.message}`);
  });
  if (files.length === 0) {
    process.stderr.write('castindex: no transcript files found\n');
    return 1;
  }
  const tally: Record<(typeof STATUSES)[number], number> = {
    created: 0,
    unchanged: 0,
    replaced: 0,
    failed: 0,
  };
  const failures: string[] = [];
  const warnings: string[] = [];
  const bar =
    files.length > 1 && process.stderr.isTTY
      ? new SingleBar({
          format: 'ingesting [{bar}] {value}/{total} {file}',
          stream: process.stderr,
          hideCursor: true,
        })
      : undefined;
  bar?.start(files.length, 0, { file: '' });
  // Files go several at a time when the service has workers: each line is printed as its file finishes.
  await ingest.ingestMany(files, 'cli', (file, outcome) => {
    if ('result' in outcome) {
      const r = outcome.result;
      tally[r.status]++;
      for (const w of r.warnings)
        warnings.push(`${file}${w.line ? `:${w.line}` : ''}: ${w.code}: ${w.message}`);
      if (!bar) process.stdout.write(`${r.status.padEnd(9)} ${file} → ${r.episode.slug}\n`);
    } else {
      tally.failed++;
      failures.push(outcome.error.message);
      if (!bar) process.stdout.write(`${'failed'.padEnd(9)} ${file}\n`);
    }
    bar?.increment(1, { file: file.slice(-40) });
  });
  bar?.stop();

  const color = Boolean(process.stdout.isTTY);
  const table = new Table({
    head: [...STATUSES, 'warnings'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
  });
  table.push([...STATUSES.map((s) => tally[s]), warnings.length]);
  process.stdout.write(`${table.toString()}\n`);
  for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
  for (const f of failures) process.stderr.write(`error: ${f}\n`);
  return tally.failed === 0 ? 0 : 1;
}
