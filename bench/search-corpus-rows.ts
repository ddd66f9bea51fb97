import { ulid } from 'ulid';
import type { SeedSource } from './corpus.js';
import { prng } from './corpus.js';
import { slugify } from '../src/lib/text.js';

// The rows of the search corpus, episode by episode: each episode is a pure function of
// (seed texts, corpus seed, episode index), so workers can build episodes in any order and
// the same seed always gives the same rows. Segment texts are runs of sentences recombined
// from the seeds' turns, the seeds' people renamed; a Zipf-distributed vocabulary of made-up
// words replaces some long words, so that there are rare words, mid-frequency words and a
// vocabulary (search_terms) of a realistic size, which one seed transcript alone lacks. A few
// words no seed uses (RARE_WORDS) are placed in one segment in 100,000, and surnameOf() tells a
// benchmark whose name to look for.

const FIRST = ['Ada', 'Bea', 'Caro', 'Dev', 'Eli', 'Fatou', 'Gus', 'Hana', 'Ines', 'Jon', 'Kemal', 'Lior'];
const FIRST_ACCENTED = ['Zoë', 'Søren', 'José', 'Chloé', 'Björn', 'Łucja', 'Ngọc', 'Rafał'];
const LAST = ['Achebe', 'Brandt', 'Castell', 'Dimitrov', 'Eze', 'Falk', 'Grieve', 'Holm', 'Ibarra', 'Jensen'];
const LAST_ACCENTED = ['Gödel', 'Erdős', 'Muñoz', 'Ødegård', 'Dvořák', 'Adébáyọ̀', 'Çelik', 'Nguyễn'];
const SHOWS = ['Signal Room', 'Deep Current', 'Field Notes', 'Open Circuit', 'Margin Call', 'Night Shift'];
const THEMES = [null, null, 'Notable Analogy:', 'On the state of the field', 'Final Reflection:'];
const VOCABULARY = 50_000;
/** About as many segments as an hour and a half of conversation: 1,000,000 make ~3,000 episodes. */
export const SEGMENTS_PER_EPISODE = 333;
/** Words absent from the seeds and the made-up vocabulary, each in one segment in RARE_ONE_IN. */
export const RARE_WORDS = ['palimpsest', 'bathyscaphe', 'quillwort', 'zeugma', 'cormorant', 'obsidian'];
const RARE_ONE_IN = 100_000;
/** Every person of the corpus: each first name with each last name. */
const NAMES = [...FIRST, ...FIRST_ACCENTED].flatMap((f) =>
  [...LAST, ...LAST_ACCENTED].map((l) => `${f} ${l}`),
);
const TOPICS = 240;
/** One quote per this many segments, about the seed's own ratio. */
const SEGMENTS_PER_QUOTE = 8;
/** Episodes are spaced an hour apart in id time; rows within one are a millisecond apart. */
const EPOCH_MS = Date.UTC(2024, 0, 1);
const EPISODE_SPACING_MS = 3_600_000;

export type Row = (string | number | Date | null)[];

export interface EpisodeRows {
  episodes: Row[];
  episodePeople: Row[];
  chapters: Row[];
  segments: Row[];
  quotes: Row[];
  episodeTopics: Row[];
  segmentTopics: Row[];
  quoteTopics: Row[];
}

interface Person {
  id: string;
  slug: string;
  name: string;
}

export interface CorpusShape {
  seed: number;
  episodes: number;
  /** Segments of each episode; they sum to the requested total. */
  segmentsOf(index: number): number;
  /** Each episode has `base` segments, the first `extra` one more. */
  base: number;
  extra: number;
  people: Person[];
  topics: { id: string; slug: string; name: string }[];
  shows: { id: string; slug: string; name: string }[];
  /** Every run of consecutive sentences comes from one seed turn. */
  turns: { label: string; sentences: string[] }[];
  chapterTitles: string[];
  seedPeople: string[];
  vocabulary: string[];
  /** Cumulative Zipf weights over the vocabulary, for sampling by binary search. */
  zipf: Float64Array;
}

const id = (prefix: string, time: number, rand: () => number) =>
  `${prefix}_${ulid(time, rand).toLowerCase()}`;

/** A pronounceable made-up word per rank: the same rank always gives the same word. */
function makeVocabulary(size: number): string[] {
  const onsets = [
    'b',
    'd',
    'f',
    'g',
    'k',
    'l',
    'm',
    'n',
    'p',
    'r',
    's',
    't',
    'v',
    'z',
    'br',
    'tr',
    'sk',
    'pl',
  ];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
  const codas = ['', '', '', 'n', 'r', 'l', 'x', 'm'];
  const words = new Set<string>();
  const rand = prng(0x5eed);
  while (words.size < size) {
    let w = '';
    const syllables = 2 + Math.floor(rand() * 3);
    for (let s = 0; s < syllables; s++) {
      w += onsets[Math.floor(rand() * onsets.length)]! + vowels[Math.floor(rand() * vowels.length)]!;
      w += codas[Math.floor(rand() * codas.length)]!;
    }
    words.add(w);
  }
  return [...words];
}

function zipfWeights(size: number, s: number): Float64Array {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) cumulative[r] = total += 1 / (r + 1) ** s;
  for (let r = 0; r < size; r++) cumulative[r]! /= total;
  return cumulative;
}

function sample(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export function corpusShape(seeds: SeedSource[], opts: { segments: number; seed: number }): CorpusShape {
  const rand = prng(opts.seed);
  const episodes = Math.max(1, Math.round(opts.segments / SEGMENTS_PER_EPISODE));
  const base = Math.floor(opts.segments / episodes);
  const extra = opts.segments - base * episodes;
  const vocabulary = makeVocabulary(VOCABULARY);
  const people = NAMES.map((name, i) => ({
    id: id('per', EPOCH_MS - 1e9 + i, rand),
    slug: slugify(name),
    name,
  }));
  const topics = Array.from({ length: TOPICS }, (_, i) => {
    const name = `${capitalize(vocabulary[i * 3]!)} ${vocabulary[i * 3 + 1]!}`;
    return { id: id('top', EPOCH_MS - 1e9 + i, rand), slug: slugify(name), name };
  });
  const shows = SHOWS.map((name, i) => ({
    id: id('show', EPOCH_MS - 2e9 + i, rand),
    slug: slugify(name),
    name,
  }));
  const turns = seeds.flatMap((s) =>
    s.parsed.turns.map((t) => ({
      label: t.label,
      sentences: t.text.split(/(?<=[.?!])\s+/u).filter(Boolean),
    })),
  );
  return {
    seed: opts.seed,
    episodes,
    segmentsOf: (i) => base + (i < extra ? 1 : 0),
    base,
    extra,
    people,
    topics,
    shows,
    turns,
    chapterTitles: seeds.flatMap((s) => s.parsed.chapters.map((c) => c.title)),
    seedPeople: [...new Set(seeds.flatMap((s) => s.parsed.meta.people.map((p) => p.name)))],
    vocabulary,
    zipf: zipfWeights(VOCABULARY, 1.05),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rewrites the seeds' people (full, first and last names) as this episode's. */
function renamer(from: string[], to: Person[]): (text: string) => string {
  const rules: [RegExp, string][] = [];
  from.forEach((name, i) => {
    const target = to[i % to.length]!.name.split(' ');
    const parts = name.split(/\s+/);
    rules.push([new RegExp(`\\b${escapeRegExp(name)}\\b`, 'g'), target.join(' ')]);
    if (parts.length > 1)
      rules.push([new RegExp(`\\b${escapeRegExp(parts.at(-1)!)}\\b`, 'g'), target.at(-1)!]);
    rules.push([new RegExp(`\\b${escapeRegExp(parts[0]!)}\\b`, 'g'), target[0]!]);
  });
  return (text) => rules.reduce((t, [re, by]) => t.replace(re, by), text);
}

function wordsOf(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The people of episode `index` (indexes into NAMES): host first, then one or two guests. */
function castOf(seed: number, index: number): number[] {
  const rand = prng(seed * 2_000_003 + index);
  const cast: number[] = [];
  const size = 2 + (rand() < 0.3 ? 1 : 0);
  while (cast.length < size) {
    const n = Math.floor(rand() * NAMES.length);
    if (!cast.includes(n)) cast.push(n);
  }
  return cast;
}

/** The last name of the j-th person (0: the host) of episode e, to search for a name. */
export function surnameOf(e: number, j: number, seed = 1): string {
  const cast = castOf(seed, e);
  return NAMES[cast[j % cast.length]!]!.split(' ').at(-1)!;
}

export function episodeRows(shape: CorpusShape, index: number): EpisodeRows {
  const rand = prng(shape.seed * 1_000_003 + index);
  const t0 = EPOCH_MS + index * EPISODE_SPACING_MS;
  let tick = 0;
  const nextId = (prefix: string) => id(prefix, t0 + tick++, rand);
  const rows: EpisodeRows = {
    episodes: [],
    episodePeople: [],
    chapters: [],
    segments: [],
    quotes: [],
    episodeTopics: [],
    segmentTopics: [],
    quoteTopics: [],
  };

  const episodeId = nextId('ep');
  const cast = castOf(shape.seed, index).map((n) => shape.people[n]!);
  const rename = renamer(shape.seedPeople, cast);
  const labels = ['A', 'B', 'C'];
  const show = pick(rand, shape.shows);
  const word = () => shape.vocabulary[sample(shape.zipf, rand())]!;
  const title = `${capitalize(word())} and ${rename(pick(rand, shape.chapterTitles))}`.slice(0, 180);
  const published = new Date(
    Date.UTC(2019, 0, 1) + Math.floor(((index + rand()) / shape.episodes) * 7 * 365 * 86_400_000),
  );
  const topics = Array.from({ length: 4 }, () => pick(rand, shape.topics)).filter(
    (t, i, a) => a.indexOf(t) === i,
  );

  const count = shape.segmentsOf(index);
  const chapterCount = 4 + Math.floor(rand() * 5);
  const chapterIds = Array.from({ length: chapterCount }, () => nextId('chp'));
  const chapterStarts: number[] = [];
  const talk = cast.map(() => ({ segments: 0, words: 0, ms: 0 }));
  let clock = 0;
  for (let ordinal = 1; ordinal <= count; ordinal++) {
    const turn = pick(rand, shape.turns);
    const start = Math.floor(rand() * turn.sentences.length);
    const take = 1 + Math.floor(rand() ** 1.5 * 7);
    const words = rename(turn.sentences.slice(start, start + take).join(' ')).split(' ');
    const long = words.flatMap((w, i) => (/^[a-z]{6,}$/.test(w) ? [i] : []));
    for (let k = Math.floor(rand() * 4); k > 0 && long.length > 0; k--) words[pick(rand, long)] = word();
    // The segment's number in the whole corpus, which places the rare words.
    const g = index * shape.base + Math.min(index, shape.extra) + ordinal - 1;
    const rare = RARE_WORDS.find((_, k) => g >= k * 7_919 && (g - k * 7_919) % RARE_ONE_IN === 0);
    const text = rare ? `${words.join(' ')} Think of a ${rare}.` : words.join(' ');
    const speaker = labels.indexOf(turn.label) >= 0 ? labels.indexOf(turn.label) % cast.length : 0;
    const wordCount = wordsOf(text);
    const durationMs = wordCount * 380 + 400;
    const chapter = Math.min(chapterCount - 1, Math.floor(((ordinal - 1) / count) * chapterCount));
    if (chapterStarts[chapter] === undefined) chapterStarts[chapter] = ordinal - 1;
    const kind = ordinal <= 2 ? 'intro' : ordinal === count ? 'outro' : 'interview';
    const segmentId = nextId('seg');
    rows.segments.push([
      segmentId,
      episodeId,
      ordinal,
      cast[speaker]!.id,
      labels[speaker]!,
      text,
      wordCount,
      clock,
      clock + durationMs,
      'source',
      'source',
      'source',
      chapterIds[chapter]!,
      kind,
    ]);
    talk[speaker]!.segments++;
    talk[speaker]!.words += wordCount;
    talk[speaker]!.ms += durationMs;
    if (rand() < 0.3) rows.segmentTopics.push([segmentId, pick(rand, topics).id, 0.5 + rand() / 2]);
    if (ordinal % SEGMENTS_PER_QUOTE === 0 && wordCount >= 8) {
      const sentence = text.split(/(?<=[.?!])\s+/u).reduce((a, b) => (b.length > a.length ? b : a), '');
      const charStart = text.indexOf(sentence);
      const quoteId = nextId('qt');
      rows.quotes.push([
        quoteId,
        episodeId,
        rows.quotes.length + 1,
        cast[speaker]!.id,
        cast[speaker]!.name,
        sentence,
        pick(rand, THEMES),
        clock,
        segmentId,
        chapterIds[chapter]!,
        clock,
        charStart,
        charStart + sentence.length,
        0.9 + rand() / 10,
      ]);
      if (rand() < 0.5) rows.quoteTopics.push([quoteId, pick(rand, topics).id, 0.5 + rand() / 2]);
    }
    clock += durationMs;
  }
  const segmentAt = (i: number) => rows.segments[i]!;
  chapterIds.forEach((chapterId, i) => {
    const first = chapterStarts[i] ?? 0;
    const last = (chapterStarts[i + 1] ?? count) - 1;
    rows.chapters.push([
      chapterId,
      episodeId,
      i + 1,
      rename(pick(rand, shape.chapterTitles)).slice(0, 200),
      segmentAt(first)[7] as number,
      segmentAt(last)[8] as number,
      segmentAt(first)[0] as string,
    ]);
  });
  rows.episodes.push([
    episodeId,
    `${slugify(title, 60)}-${shape.seed}-${index}`,
    show.id,
    title,
    `${show.name}: ${rename(pick(rand, shape.turns).sentences.join(' ')).slice(0, 400)}`,
    published,
    clock,
    `search-corpus-${shape.seed}-${index}.txt`,
    `search-corpus-${shape.seed}-${index}`,
    'summary-transcript',
    'en',
  ]);
  cast.forEach((p, i) => {
    rows.episodePeople.push([
      episodeId,
      p.id,
      i === 0 ? 'host' : 'guest',
      `{${labels[i]!}}`,
      0.9,
      '[]',
      talk[i]!.segments,
      talk[i]!.words,
      talk[i]!.ms,
    ]);
  });
  for (const t of topics)
    rows.episodeTopics.push([episodeId, t.id, 0.5 + rand() / 2, 1 + Math.floor(rand() * 9)]);
  return rows;
}
