import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTranscript } from '../src/ingest/formats/index.js';
import type { ParsedTranscript } from '../src/ingest/model.js';
import { formatClock } from '../src/lib/time.js';

// A deterministic corpus built from the seed transcripts: any number of episodes with
// recombined turns, renamed people, other labels and shifted times, written in the seed
// format so they go through the real parser. The same (n, seed) always gives the same files.

const FIRST = [
  'Ada',
  'Bea',
  'Caro',
  'Dev',
  'Eli',
  'Fatou',
  'Gus',
  'Hana',
  'Ines',
  'Jon',
  'Kemal',
  'Lior',
  'Mina',
  'Noor',
  'Omar',
  'Pia',
  'Quinn',
  'Rosa',
  'Sami',
  'Tove',
];
// Surnames are made from syllables and a per-person number, so no two generated episodes share
// a person: each episode's people are its own, as with real guests, and a person filter names
// the quotes of one episode's speaker rather than a crowd of namesakes.
const SYLLABLES = ['ba', 'ko', 'ri', 'me', 'sa', 'du', 'fe', 'li', 'no', 'ta', 'vu', 'ze'];

/** Numbers reserved for each episode's people. */
const PEOPLE_STRIDE = 8;

/** A capitalised surname unique to n (at least three syllables; more as n grows). */
export function uniqueSurname(n: number): string {
  let rest = n;
  const parts: string[] = [];
  do {
    parts.push(SYLLABLES[rest % SYLLABLES.length]!);
    rest = Math.floor(rest / SYLLABLES.length);
  } while (rest > 0 || parts.length < 3);
  const word = parts.join('');
  return word[0]!.toUpperCase() + word.slice(1);
}

const SHOWS = [
  'Signal Room',
  'Deep Current',
  'Field Notes',
  'Open Circuit',
  'The Long Run',
  'Margin Call',
  'Night Shift',
  'First Principles',
];
const LABEL_SETS = [
  ['A', 'B', 'C'],
  ['B', 'C', 'D'],
  ['A', 'C', 'E'],
  ['SPEAKER_1', 'SPEAKER_2', 'SPEAKER_3'],
];

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

export interface SeedSource {
  name: string;
  parsed: ParsedTranscript;
}

export async function loadSeeds(dir: string): Promise<SeedSource[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  return Promise.all(
    files.map(async (f) => ({ name: f, parsed: parseTranscript(await readFile(path.join(dir, f)), f) })),
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces each original person's full name, first and last name with the new person's. */
function renamer(pairs: { from: string; to: string }[]): (text: string) => string {
  const rules: [RegExp, string][] = [];
  for (const { from, to } of pairs) {
    const [f, ...l] = from.split(/\s+/);
    const [tf, ...tl] = to.split(/\s+/);
    rules.push([new RegExp(`\\b${escapeRegExp(from)}\\b`, 'g'), to]);
    if (l.length) rules.push([new RegExp(`\\b${escapeRegExp(l.join(' '))}\\b`, 'g'), tl.join(' ')]);
    if (f) rules.push([new RegExp(`\\b${escapeRegExp(f)}\\b`, 'g'), tf ?? to]);
  }
  return (text) => rules.reduce((t, [re, to]) => t.replace(re, to), text);
}

export interface GeneratedEpisode {
  name: string;
  content: string;
}

export function generateEpisode(seeds: SeedSource[], index: number, corpusSeed = 1): GeneratedEpisode {
  const rand = prng(corpusSeed * 1_000_003 + index);
  const base = pick(rand, seeds).parsed;
  const originals = base.meta.people;
  if (originals.length > PEOPLE_STRIDE) throw new Error(`a seed names more than ${PEOPLE_STRIDE} people`);
  const person = (j: number) => `${pick(rand, FIRST)} ${uniqueSurname(index * PEOPLE_STRIDE + j)}`;
  const renamed = originals.map((p, j) => ({ ...p, name: person(j) }));
  const rename = renamer(originals.map((p, i) => ({ from: p.name, to: renamed[i]!.name })));
  const show = pick(rand, SHOWS);
  const rebrand = (text: string) =>
    text.replace(
      /\b(welcome to|listening to|episode of) the ([A-Z][\w&' ]{0,40}?) (podcast|show)\b/gi,
      `$1 the ${show} $3`,
    );
  const scale = 0.85 + rand() * 0.3;
  const time = (ms: number) => formatClock(Math.round(ms * scale));

  // Keep turns that hold a quote where they are (so quotes still align); swap others for
  // turns of the same label from anywhere in the corpus, and relabel.
  const quoteWords = base.quotes.map((q) => q.text.slice(0, 40).toLowerCase());
  const pool = new Map<string, string[]>();
  for (const s of seeds)
    for (const t of s.parsed.turns) pool.set(t.label, [...(pool.get(t.label) ?? []), t.text]);
  const labels = pick(rand, LABEL_SETS);
  const baseLabels = [...new Set(base.turns.map((t) => t.label))];
  const relabel = (l: string) => labels[baseLabels.indexOf(l) % labels.length] ?? l;
  const turns = base.turns.map((t, i) => {
    const holdsQuote = quoteWords.some((q) => t.text.toLowerCase().includes(q.slice(0, 25)));
    const keep = i < 6 || holdsQuote || rand() < 0.6;
    const text = keep ? t.text : pick(rand, pool.get(t.label) ?? [t.text]);
    return `${relabel(t.label)}\n${rebrand(rename(text))}`;
  });

  const lines: string[] = ['Loading summary', ...turns];
  for (const p of renamed)
    lines.push(`${p.role === 'host' ? 'Host' : 'Guest'}: ${p.name}${p.title ? `, ${p.title}` : ''}`);
  const day = 1 + Math.floor(rand() * 28);
  lines.push(
    `Date: ${pick(rand, ['January', 'March', 'May', 'July', 'September', 'November'])} ${day}, ${2020 + Math.floor(rand() * 7)}`,
  );
  if (base.meta.description) lines.push(rebrand(rename(base.meta.description)));
  for (const q of base.quotes) {
    lines.push(q.theme ? q.theme : 'Quote:');
    lines.push(`“${rename(q.text)}”`);
    lines.push(`— ${rename(q.attribution ?? '')} ([${time(q.statedMs ?? 0)}])`);
  }
  if (base.chapters.length) {
    const rows = base.chapters.map((c) => `| ${time(c.startMs)} | ${rename(c.title)} |`).join(' ');
    lines.push(`| Time | Segment | |---|---| ${rows}`);
  }
  return { name: `bench-${String(index).padStart(6, '0')}.txt`, content: `${lines.join('\n')}\n` };
}
