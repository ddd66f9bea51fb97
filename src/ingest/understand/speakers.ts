import type { DraftPerson, Evidence, IngestWarning, PersonRole, RawPerson } from '../model.js';
import { addressedNames, introducedNames, type NameCheck, selfIntroductions } from './name-mentions.js';
import { compareNames, isNameLabel, nameTokens, ROLE_LABELS, splitHonorific } from './names.js';

// Speakers: every label resolved to a person, with a role, a confidence and the evidence.
// Evidence is gathered per (label, person), then each label goes to the person its evidence
// favours; two labels may resolve to one person (diarization drift). Names are reconciled
// across spellings and the best-sourced spelling wins (sidecar, metadata/summary, label, text).

export interface SpeakerSegment {
  label: string;
  text: string;
  wordCount: number;
}

export interface SpeakerInput {
  segments: SpeakerSegment[];
  /** People listed by the sidecar or the file's metadata ("Host:" and "Guest:" lines). */
  listed: { person: RawPerson; source: 'sidecar' | 'metadata' }[];
  /** Summary quotes with an attribution, and the segment each was found in. */
  quotes: { attribution: string; segment: number; score: number }[];
}

export interface SpeakerResult {
  people: DraftPerson[];
  personOfLabel: Map<string, number>;
  warnings: IngestWarning[];
}

type Source = 'sidecar' | 'metadata';
const RANK = { sidecar: 4, metadata: 3, label: 2, text: 1 } as const;
const WEIGHT = {
  sidecar: 1,
  'source-label': 0.9,
  'self-introduction': 0.8,
  introduced: 0.5,
  'quote-attribution': 0.5,
  addressed: 0.4,
  questions: 0.3,
  elimination: 0.4,
} as const;
type Kind = keyof typeof WEIGHT;
/** Evidence a label needs before it is called someone. */
const MIN_SCORE = 0.35;
/** Being addressed by the turn after counts less than by the turn before. */
const ADDRESSED_BEFORE = 0.25;
/** What a label loses for a person it talks to or introduces: nobody greets themselves. */
const AGAINST_ADDRESSED = 0.6;
const AGAINST_INTRODUCED = 0.5;
/** Lines only a host says: opening a show, closing it. */
const HOST_CUE =
  /\b(?:welcome (?:back )?to (?:the )?\S+|you'?re listening to|I'?m your host|thanks? (?:you )?(?:so much )?for (?:listening|tuning in)|see you (?:next|in the next)|until next time)\b/i;

interface Known {
  name: string;
  rank: number;
  role?: PersonRole;
  title?: string;
  /** "Dr.", "Prof.": the person's title when nothing better is known. */
  honorific?: string;
  listed?: Source;
}

class Registry implements NameCheck {
  readonly people: Known[] = [];

  find(name: string): number | null {
    const same = this.people.findIndex((p) => compareNames(p.name, name) === 'same');
    if (same >= 0) return same;
    const first = this.people.flatMap((p, i) => (compareNames(p.name, name) === 'first' ? [i] : []));
    return first.length === 1 ? first[0]! : null;
  }

  isKnown(name: string): boolean {
    return this.find(name) !== null;
  }

  add(written: string, rank: number, extra: Omit<Known, 'name' | 'rank' | 'honorific'> = {}): number {
    const { name, honorific } = splitHonorific(written);
    const found = this.find(name);
    if (found === null)
      return this.people.push({ name, rank, ...extra, ...(honorific ? { honorific } : {}) }) - 1;
    const known = this.people[found]!;
    // A better source corrects the spelling; a full name completes a bare first name.
    const fuller = name.split(/\s+/).length > known.name.split(/\s+/).length;
    if (rank > known.rank || (fuller && rank >= known.rank)) Object.assign(known, { name, rank });
    known.role ??= extra.role;
    known.title ??= extra.title;
    known.honorific ??= honorific;
    known.listed ??= extra.listed;
    return found;
  }
}

interface Tally {
  positive: Evidence[];
  negative: number;
}

class Board {
  private readonly tally = new Map<string, Map<number, Tally>>();

  private at(label: string, person: number) {
    let byPerson = this.tally.get(label);
    if (!byPerson) this.tally.set(label, (byPerson = new Map()));
    let entry = byPerson.get(person);
    if (!entry) byPerson.set(person, (entry = { positive: [], negative: 0 }));
    return entry;
  }

  support(label: string, person: number, kind: Kind, detail: string, weight: number = WEIGHT[kind]): void {
    this.at(label, person).positive.push({ kind, detail, weight: Math.round(weight * 100) / 100 });
  }

  oppose(label: string, person: number, weight: number): void {
    this.at(label, person).negative += weight;
  }

  evidence(label: string, person: number): Evidence[] {
    return this.tally.get(label)?.get(person)?.positive ?? [];
  }

  /** Candidates for a label, strongest first: combined support minus opposition. */
  ranked(label: string): { person: number; score: number }[] {
    return [...(this.tally.get(label) ?? new Map<number, Tally>()).entries()]
      .map(([person, e]) => ({ person, score: noisyOr(e.positive.map((x) => x.weight)) - e.negative }))
      .sort((a, b) => b.score - a.score);
  }

  best(label: string): number | undefined {
    const top = this.ranked(label)[0];
    return top && top.score >= MIN_SCORE ? top.person : undefined;
  }
}

function noisyOr(weights: number[]): number {
  return 1 - weights.reduce((p, w) => p * (1 - w), 1);
}

function questionShare(texts: string[]): number {
  const sentences = texts.flatMap((t) => t.split(/(?<=[.!?])\s+/)).filter((s) => s.trim());
  return sentences.length ? sentences.filter((s) => s.trim().endsWith('?')).length / sentences.length : 0;
}

function unnamedName(label: string): string {
  return /^(?:[A-Z]\d{0,2}|\d+)$/.test(label) ? `Speaker ${label}` : label;
}

/**
 * For each segment, the label of the nearest other voice after it and before it: the
 * neighbour's own label when it differs, else the neighbour's answer (one label, one answer).
 */
function neighbouringVoices(segments: SpeakerSegment[]): {
  next: (string | undefined)[];
  previous: (string | undefined)[];
} {
  const n = segments.length;
  const label = (i: number) => segments[i]!.label;
  const next = new Array<string | undefined>(n).fill(undefined);
  const previous = new Array<string | undefined>(n).fill(undefined);
  for (let i = n - 2; i >= 0; i--) next[i] = label(i + 1) !== label(i) ? label(i + 1) : next[i + 1];
  for (let i = 1; i < n; i++) previous[i] = label(i - 1) !== label(i) ? label(i - 1) : previous[i - 1];
  return { next, previous };
}

export function resolveSpeakers(input: SpeakerInput): SpeakerResult {
  const { segments } = input;
  const labels = [...new Set(segments.map((s) => s.label))];
  const textsOf = (label: string) => segments.filter((s) => s.label === label).map((s) => s.text);
  const wordsOf = (label: string) =>
    segments.filter((s) => s.label === label).reduce((n, s) => n + s.wordCount, 0);

  const registry = new Registry();
  for (const { person, source } of input.listed) {
    registry.add(person.name, RANK[source], {
      ...(person.role ? { role: person.role } : {}),
      ...(person.title ? { title: person.title } : {}),
      listed: source,
    });
  }
  for (const q of input.quotes) registry.add(q.attribution, RANK.metadata);
  for (const label of labels) if (isNameLabel(label)) registry.add(label, RANK.label);

  const selfNames = segments.map((s) => selfIntroductions(s.text, registry));
  const addressed = segments.map((s) => addressedNames(s.text, registry));
  const introduced = segments.map((s) => introducedNames(s.text, registry));
  // Full names first, so that a bare first name joins the full name it belongs to.
  const mentioned = [...selfNames, ...addressed, ...introduced].flat();
  for (const name of mentioned.filter((n) => n.includes(' '))) registry.add(name, RANK.text);
  for (const name of mentioned.filter((n) => !n.includes(' '))) registry.add(name, RANK.text);
  const who = (name: string) => registry.find(name)!;

  const board = new Board();
  for (const { person, source } of input.listed) {
    for (const label of person.labels ?? []) {
      if (labels.includes(label))
        board.support(label, who(person.name), 'sidecar', `the ${source} ties "${label}" to ${person.name}`);
    }
  }
  for (const label of labels.filter(isNameLabel)) {
    board.support(label, who(label), 'source-label', `the transcript names the speaker "${label}"`);
  }
  const { next: nextVoice, previous: previousVoice } = neighbouringVoices(segments);
  segments.forEach((s, i) => {
    for (const name of selfNames[i]!)
      board.support(s.label, who(name), 'self-introduction', `says "${name}" of themselves`);
    // Who is addressed answers next — and, in a conversation, usually just spoke too.
    const next = nextVoice[i];
    const previous = previousVoice[i];
    for (const name of addressed[i]!) {
      board.oppose(s.label, who(name), AGAINST_ADDRESSED);
      if (next) board.support(next, who(name), 'addressed', `addressed as "${name}" in the turn before`);
      if (previous)
        board.support(
          previous,
          who(name),
          'addressed',
          `addressed as "${name}" in the turn after`,
          ADDRESSED_BEFORE,
        );
    }
    for (const name of introduced[i]!) board.oppose(s.label, who(name), AGAINST_INTRODUCED);
  });
  for (const q of input.quotes) {
    const label = segments[q.segment]?.label;
    if (!label) continue;
    const weight = WEIGHT['quote-attribution'] * q.score;
    board.support(
      label,
      who(q.attribution),
      'quote-attribution',
      `says a quote attributed to ${q.attribution}`,
      weight,
    );
  }

  const cued = new Set(
    labels.filter(
      (l) =>
        textsOf(l).some((t) => HOST_CUE.test(t)) ||
        segments.some((s, i) => s.label === l && introduced[i]!.length > 0) ||
        (ROLE_LABELS.test(l) && /host/i.test(l)),
    ),
  );
  const isHostLabel = (label: string) => {
    const p = board.best(label);
    return cued.has(label) || (p !== undefined && registry.people[p]!.role === 'host');
  };

  // "Please welcome X": the next voice that is not a host's is X's — unless it talks to X.
  segments.forEach((s, i) => {
    for (const name of introduced[i]!) {
      const p = who(name);
      const voice = segments.find(
        (n, k) =>
          k > i &&
          n.label !== s.label &&
          !isHostLabel(n.label) &&
          !addressed[k]!.some((a) => registry.find(a) === p),
      );
      if (voice) board.support(voice.label, p, 'introduced', `introduced as "${name}" just before`);
    }
  });

  // Hosts ask: a label asking a clearly larger share of questions is the listed host.
  const share = new Map(labels.map((l) => [l, questionShare(textsOf(l))]));
  const maxShare = Math.max(0, ...share.values());
  const asksMost = (label: string) => {
    const q = share.get(label)!;
    return q >= 0.2 && q >= 0.7 * maxShare && [...share.values()].some((o) => o < q / 2);
  };
  const hosts = registry.people.flatMap((p, i) => (p.role === 'host' ? [i] : []));
  for (const label of labels.filter(asksMost)) {
    if (hosts.length === 1) {
      const pct = Math.round(share.get(label)! * 100);
      board.support(label, hosts[0]!, 'questions', `asks ${pct}% of its sentences as questions`);
    }
  }

  // Elimination: the only listed person of the right role that no label resolved to.
  const taken = new Set(labels.map((l) => board.best(l)).filter((p) => p !== undefined));
  for (const label of labels.filter((l) => board.best(l) === undefined)) {
    const hostLike = isHostLabel(label) || asksMost(label);
    const open = registry.people.flatMap((p, i) =>
      p.listed && !taken.has(i) && (p.role === 'host') === hostLike ? [i] : [],
    );
    if (open.length !== 1) continue;
    const role = registry.people[open[0]!]!.role ?? 'participant';
    board.support(label, open[0]!, 'elimination', `the only listed ${role} no other label matched`);
    taken.add(open[0]!);
  }

  // A listed person no label resolved to, and someone the transcript names with the same first
  // name who speaks in the listed role: one person whose surname the transcript garbled.
  const alias = new Map<number, number>();
  const held = new Set(labels.map((l) => board.best(l)).filter((p) => p !== undefined));
  registry.people.forEach((k, listedIndex) => {
    if (!k.listed || held.has(listedIndex)) return;
    const first = nameTokens(k.name)[0];
    const namesakes = [...held].filter((p) => {
      const other = registry.people[p]!;
      if (other.listed || nameTokens(other.name)[0] !== first) return false;
      const hostLike = labels.some((l) => board.best(l) === p && (isHostLabel(l) || asksMost(l)));
      return k.role === undefined || k.role === 'other' || (k.role === 'host') === hostLike;
    });
    if (namesakes.length === 1) alias.set(namesakes[0]!, listedIndex);
  });
  const resolved = (label: string) => {
    const p = board.best(label);
    return p === undefined ? undefined : (alias.get(p) ?? p);
  };

  const people: DraftPerson[] = [];
  const warnings: IngestWarning[] = [];
  const indexOf = new Map<number, number>();
  const personOfLabel = new Map<string, number>();
  const listedEvidence = (k: Known): Evidence[] =>
    k.listed ? [{ kind: k.listed, detail: `listed as ${k.role ?? 'a participant'}`, weight: 0.3 }] : [];

  for (const label of labels) {
    const p = resolved(label);
    if (p === undefined) {
      warnings.push({
        code: 'unresolved-label',
        message: `could not tell who speaks as "${label}"; stored as an unnamed speaker`,
      });
      personOfLabel.set(label, people.length);
      people.push({
        name: unnamedName(label),
        title: null,
        role: isHostLabel(label) ? 'host' : 'other',
        labels: [label],
        confidence: 0,
        evidence: [],
        unnamed: true,
      });
      continue;
    }
    if (!indexOf.has(p)) {
      const k = registry.people[p]!;
      indexOf.set(p, people.length);
      people.push({
        name: k.name,
        title: k.title ?? k.honorific ?? null,
        role: 'other',
        labels: [],
        confidence: 0,
        evidence: listedEvidence(k),
      });
    }
    const person = people[indexOf.get(p)!]!;
    const [best, second] = board.ranked(label);
    const confidence = Math.min(1, Math.max(0, best!.score - 0.5 * Math.max(0, second?.score ?? 0)));
    const before = person.labels.reduce((n, l) => n + wordsOf(l), 0);
    const words = wordsOf(label);
    person.confidence = (person.confidence * before + confidence * words) / Math.max(1, before + words);
    person.labels.push(label);
    const own = board.best(label)!;
    person.evidence.push(
      ...board.evidence(label, own).map((e) => ({ ...e, detail: `${label}: ${e.detail}` })),
    );
    if (own !== p) {
      const said = registry.people[own]!.name;
      person.evidence.push({
        kind: 'metadata',
        detail: `${label}: named "${said}" in the transcript, listed as ${person.name}`,
        weight: 0.3,
      });
    }
    personOfLabel.set(label, indexOf.get(p)!);
  }
  // Listed people no label resolved to still took part, on the editor's word.
  registry.people.forEach((k, p) => {
    if (!k.listed || indexOf.has(p)) return;
    indexOf.set(p, people.length);
    people.push({
      name: k.name,
      title: k.title ?? k.honorific ?? null,
      role: 'other',
      labels: [],
      confidence: 0.3,
      evidence: listedEvidence(k),
    });
  });
  const someoneHosts = hosts.length > 0 || labels.some(isHostLabel);
  for (const [p, i] of indexOf) {
    const person = people[i]!;
    const hostLike = person.labels.some((l) => cued.has(l) || asksMost(l));
    person.role = registry.people[p]!.role ?? (hostLike ? 'host' : someoneHosts ? 'guest' : 'other');
    person.confidence = Math.round(person.confidence * 100) / 100;
    person.evidence = summarise(person.evidence);
  }
  return { people, personOfLabel, warnings };
}

/** One entry per distinct piece of evidence; repeats are counted and their weights combined. */
function summarise(evidence: Evidence[]): Evidence[] {
  const groups = new Map<string, Evidence[]>();
  for (const e of evidence) {
    const key = `${e.kind}\u0000${e.detail}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((g) => ({
    kind: g[0]!.kind,
    detail: g.length > 1 ? `${g[0]!.detail} (${g.length} times)` : g[0]!.detail,
    weight: Math.round(noisyOr(g.map((e) => e.weight)) * 100) / 100,
  }));
}
