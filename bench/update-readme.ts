import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../src/lib/paths.js';
import { markdown, type Results } from './report.js';

// Puts a run's table into README.md between the bench markers. `npm run bench` calls it;
// `tsx bench/update-readme.ts [results.json]` redoes it from a file (default: the newest).

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const README = path.join(PROJECT_ROOT, 'README.md');

export async function updateReadme(results: Results): Promise<void> {
  const text = await readFile(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} section`);
  await writeFile(README, `${text.slice(0, from + START.length)}\n${markdown(results)}\n${text.slice(to)}`);
}

async function newestResults(): Promise<string> {
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  if (!files.length) throw new Error('no results in bench/results: run npm run bench first');
  return path.join(dir, files.at(-1)!);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? (await newestResults());
  await updateReadme(JSON.parse(await readFile(file, 'utf8')) as Results);
  process.stdout.write(`README.md updated from ${file}\n`);
}
