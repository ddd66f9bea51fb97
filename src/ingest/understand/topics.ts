import { identitySlug, slugify } from '../../lib/text.js';
import type { DraftTopic } from '../model.js';
import { compareNameTokens, nameTokens } from './names.js';
import { isAcronym, isCommonWord, type Term, tagSentences } from './tagger.js';
import { normalizeWord, STOP_WORDS } from './tokens.js';

// What an episode is about: noun phrases and acronyms that recur in the text or name a
// chapter, merged by slug (singular and plural, any case), weighted, and linked to the
// segments and quotes that mention them; plus the people, organisations and places the
// tagger recognises. Few and specific beats many and vague.

export interface TopicInput {
  segments: { text: string; chapter: number | null }[];
  chapters: { title: string }[];
  quotes: { text: string; chapter: number | null }[];
  /** The episode's own speakers: participants, not topics. */
  speakers: string[];
  /** The show's name: the frame every episode is said in ("welcome to …"), not what it is about. */
  show?: string;
  /** Other text of the episode (its description), read only for acronyms it spells out. */
  definitions?: string[];
}

type Kind = DraftTopic['kind'];

interface Candidate {
  key: string;
  words: number;
  kind: Kind;
  acronym: boolean;
  /** Mentions the tagger took for a proper noun (capitalised mid-sentence). */
  proper: number;
  /** One-word people: said with an honorific ("Dr. Rich"), as a first name, in capitals. */
  honorific: boolean;
  firstName: boolean;
  shouted: boolean;
  surfaces: Map<string, number>;
  bySegment: Map<number, number>;
  inTitles: Set<number>;
  inQuotes: Set<number>;
}

interface Entity {
  terms: Term[];
  kind: Kind;
  /** Right after "Dr.", "Mr.", "Prof.": a name for sure. */
  honorific?: boolean;
}

const MAX_TOPICS = 12;
const MAX_ENTITIES = 8;
const MAX_PHRASE_WORDS = 3;
/** Nouns too general to be what an episode is about. */
const GENERIC = new Set(
  `time times year years day days week weeks month months people person guy guys folks way ways lot lots
  bit bits kind kinds sort sorts type types part parts piece pieces point points question questions
  answer answers idea ideas example examples case cases fact facts sense thing things stuff place
  places world number numbers level levels side sides end beginning start version versions moment
  moments step steps area areas field fields term terms reason reasons matter issue issues problem
  problems approach approaches situation story stories discussion conversation episode show podcast
  introduction intro outro overview background lesson lessons analogy evidence debate today yesterday
  tomorrow minute minutes second seconds hour hours half everyone someone anyone nobody somebody
  anybody everybody thanks joke jokes lot deal work job name names word words line lines course
  percent form setting settings set sets direction directions perspective view views`
    .split(/\s+/)
    .filter(Boolean),
);
/** Adjectives that add nothing to a phrase ("big question", "different approach"). */
const VAGUE_MODIFIERS = new Set(
  `big small long short good great bad better best different other same whole certain particular
  real new old little few many much last first next simple interesting important specific right
  wrong high low huge amazing entire main major general whole overall full actual true own
  famous fundamental early late recent current`
    .split(/\s+/)
    .filter(Boolean),
);
const BREAK = /[,.;:!?()[\]"“”—–]/;

function singular(word: string): string {
  if (/(?:ics|ss|us|is|news|series|species)$/.test(word) || word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** Common nouns merge singular and plural; names are kept as they are ("Gates", "Ramos"). */
function keyOf(terms: Term[], words: string[], kind: Kind, slugs: Map<string, string>): string {
  const last = terms.at(-1)!;
  const common = kind === 'topic' && !last.tags.has('ProperNoun') && !isAcronym(last.text);
  // "LLMs" is the plural of "LLM": one topic.
  const acronymPlural = isAcronym(last.text) && last.text.endsWith('s');
  const phrase = words
    .map((w, i) =>
      i === words.length - 1 && common
        ? singular(w)
        : i === words.length - 1 && acronymPlural
          ? w.slice(0, -1)
          : w,
    )
    .join(' ');
  // Nothing to spell a slug with (symbols): no topic. A phrase is said many times: slugged once.
  let slug = slugs.get(phrase);
  if (slug === undefined) {
    slug = slugify(phrase) ? identitySlug(phrase) : '';
    slugs.set(phrase, slug);
  }
  return slug;
}

/** Content words: nouns and what modifies them ("scaling" in "scaling laws"), never verbs of the clause. */
function inPhrase(term: Term): boolean {
  const { tags } = term;
  if (STOP_WORDS.has(term.norm)) return false;
  if (tags.has('Noun')) return !tags.has('Pronoun') && !tags.has('Possessive');
  if (tags.has('Adjective') || tags.has('Gerund') || tags.has('Acronym')) return true;
  return false;
}

interface Spans {
  phrases: Term[][];
  entities: Entity[];
}

/** Noun-phrase and entity spans of a text, from the tagger's parts of speech and names. */
function spans(text: string): Spans {
  const out: Spans = { phrases: [], entities: [] };
  let chunk: Term[] = [];
  let entity = null as Entity | null;
  let afterHonorific = false;
  const flush = () => {
    if (chunk.length) out.phrases.push(chunk);
    chunk = [];
  };
  const close = () => {
    if (entity) out.entities.push(entity);
    entity = null;
  };
  for (const terms of tagSentences(text)) {
    for (const term of terms) {
      const { tags } = term;
      const honorific = tags.has('Honorific');
      const kind: Kind | null = tags.has('Person')
        ? 'person'
        : tags.has('Organization')
          ? 'organization'
          : tags.has('Place')
            ? 'place'
            : null;
      // A capitalised word after a name is its surname, tagged or not ("Rich Sutton").
      const surname = !kind && !honorific && entity?.kind === 'person' && tags.has('ProperNoun');
      if ((kind && entity?.kind === kind) || surname) entity!.terms.push(term);
      else {
        close();
        entity = kind ? { terms: [term], kind, ...(afterHonorific ? { honorific: true } : {}) } : null;
      }
      afterHonorific = honorific;
      if (inPhrase(term)) chunk.push(term);
      else flush();
      if (BREAK.test(term.post)) {
        flush();
        close();
      }
    }
    flush();
    close();
  }
  return out;
}

function wordsOf(terms: Term[]): string[] {
  return terms.map((t) => t.base).filter(Boolean);
}

export function extractTopics(input: TopicInput): DraftTopic[] {
  const candidates = new Map<string, Candidate>();
  const slugs = new Map<string, string>();
  // Speakers' names, and what a transcript may have made of them ("Lyma" for "Lima"); each
  // word is compared once, however often it is said.
  const speakerWordCache = new Map<string, boolean>();
  const speakerNames = input.speakers.map((name) => ({
    whole: nameTokens(name),
    parts: name.split(/\s+/).map(nameTokens),
  }));
  const speakerWords = {
    has: (word: string) => {
      let known = speakerWordCache.get(word);
      if (known === undefined) {
        const w = nameTokens(word);
        known = speakerNames.some(
          ({ whole, parts }) =>
            compareNameTokens(whole, w) !== null ||
            parts.some((part) => compareNameTokens(part, w) === 'same'),
        );
        speakerWordCache.set(word, known);
      }
      return known;
    },
  };
  const content = (words: string[]) => words.filter((w) => !STOP_WORDS.has(w)).join(' ');
  const showWords = input.show ? content(input.show.split(/\s+/).map(normalizeWord).filter(Boolean)) : '';
  const note = (
    terms: Term[],
    kind: Kind,
    where: { segment?: number; title?: number; quote?: number },
    whole = true,
    honorific = false,
  ) => {
    const words = wordsOf(terms);
    const key = keyOf(terms, words, kind, slugs);
    // A phrase is about its last noun: "basic idea" is about an idea, which is nothing.
    if (!key || GENERIC.has(words.at(-1)!) || words.every((w) => STOP_WORDS.has(w))) return;
    if (showWords && content(words) === showWords) return;
    if (words.some((w) => speakerWords.has(w))) return;
    let c = candidates.get(key);
    if (!c) {
      c = {
        key,
        words: words.length,
        kind,
        acronym: terms.length === 1 && isAcronym(terms[0]!.text),
        proper: 0,
        honorific: false,
        firstName: false,
        shouted: false,
        surfaces: new Map(),
        bySegment: new Map(),
        inTitles: new Set(),
        inQuotes: new Set(),
      };
      candidates.set(key, c);
    }
    const surface = terms.map((t) => t.text).join(' ');
    c.surfaces.set(surface, (c.surfaces.get(surface) ?? 0) + 1);
    if (terms.every((t) => t.tags.has('ProperNoun'))) c.proper++;
    if (terms.length === 1) {
      c.honorific ||= honorific;
      c.firstName ||= terms[0]!.tags.has('FirstName');
      c.shouted ||= !/^\p{Lu}\p{Ll}+$/u.test(terms[0]!.text);
    }
    if (where.segment !== undefined)
      c.bySegment.set(where.segment, (c.bySegment.get(where.segment) ?? 0) + 1);
    // A title counts for a phrase only where the title says just that phrase ("physics"),
    // not for each word of a longer one ("human" in "human feedback").
    if (where.title !== undefined && whole) c.inTitles.add(where.title);
    if (where.quote !== undefined) c.inQuotes.add(where.quote);
  };
  const read = (
    { phrases, entities }: Spans,
    where: { segment?: number; title?: number; quote?: number },
  ) => {
    const named = new Set<Term>();
    for (const e of entities) {
      if (e.terms.some((t) => !/^\p{Lu}/u.test(t.text))) continue;
      const [only] = e.terms.length === 1 ? e.terms : [];
      if (only && isAcronym(only.text)) continue;
      e.terms.forEach((t) => named.add(t));
      note(e.terms, e.kind, where, true, e.honorific);
    }
    for (const chunk of phrases) {
      // What the chunk says once its vague modifiers are trimmed ("your first lantern" says "lantern").
      const vague = chunk.findIndex((t) => !VAGUE_MODIFIERS.has(t.norm));
      const core = vague < 0 ? 0 : chunk.length - vague;
      // Every noun in a run heads a phrase of up to three words, vague modifiers trimmed;
      // names found above are entities, not phrases.
      chunk.forEach((head, end) => {
        if (!head.tags.has('Noun') && !head.tags.has('Acronym')) return;
        for (let len = 1; len <= Math.min(MAX_PHRASE_WORDS, end + 1); len++) {
          const words = chunk.slice(end + 1 - len, end + 1);
          if (words.some((t) => named.has(t))) break;
          if (len > 1 && VAGUE_MODIFIERS.has(words[0]!.norm)) continue;
          note(words, 'topic', where, len === core && end === chunk.length - 1);
        }
      });
    }
  };
  input.segments.forEach((s, segment) => read(spans(s.text), { segment }));
  input.chapters.forEach((c, title) => read(spans(c.title), { title }));
  input.quotes.forEach((q, quote) => read(spans(q.text), { quote }));
  mergeAcronyms(candidates, [
    ...input.segments.map((s) => s.text),
    ...input.chapters.map((c) => c.title),
    ...input.quotes.map((q) => q.text),
    ...(input.definitions ?? []),
  ]);
  settleOneWordPeople(candidates);

  const mentions = (c: Candidate) => [...c.bySegment.values()].reduce((a, b) => a + b, 0);
  // Phrases and acronyms are specific; a single word counts half.
  const score = (c: Candidate) =>
    mentions(c) * (c.acronym ? 1.5 : c.words === 1 ? 0.5 : 1 + 0.5 * (c.words - 1)) + 3 * c.inTitles.size;
  // Single common nouns ("model", "process") say little: they must name a chapter, or be a
  // proper noun or an acronym said again and again.
  const worthy = (c: Candidate): boolean => {
    const m = mentions(c);
    if (c.kind !== 'topic') {
      return m >= 2;
    }
    if (c.acronym) return m >= 2;
    if (c.words >= 2) return m >= 2 || (c.inTitles.size > 0 && m >= 1);
    if (c.inTitles.size > 0) return m >= 2;
    return c.proper >= 3 && c.proper >= 0.8 * (m + c.inQuotes.size) && c.bySegment.size >= 2;
  };
  const pool = [...candidates.values()].filter(worthy);
  // A word mostly said inside a longer kept phrase is that phrase ("learning" in "deep learning").
  const kept = pool.filter(
    (c) =>
      !pool.some(
        (longer) =>
          longer.words > c.words &&
          `-${longer.key}-`.includes(`-${c.key}-`) &&
          mentions(longer) >= 0.6 * mentions(c),
      ),
  );
  const topics = kept
    .filter((c) => c.kind === 'topic')
    .sort((a, b) => score(b) - score(a))
    .slice(0, MAX_TOPICS);
  const entities = kept
    .filter((c) => c.kind !== 'topic')
    .sort((a, b) => score(b) - score(a))
    .slice(0, MAX_ENTITIES);
  const chosen = [...topics, ...entities];
  const top = Math.max(1, ...chosen.map(score));

  return chosen.map((c) => {
    const peak = Math.max(1, ...c.bySegment.values());
    const segments = new Map([...c.bySegment].map(([s, n]) => [s, Math.min(1, n / peak)]));
    // A chapter named after the topic is about it throughout, a little.
    input.segments.forEach((s, i) => {
      if (s.chapter !== null && c.inTitles.has(s.chapter) && !segments.has(i)) segments.set(i, 0.3);
    });
    const quotes = new Map<number, number>();
    input.quotes.forEach((q, i) => {
      if (c.inQuotes.has(i)) quotes.set(i, 1);
      else if (q.chapter !== null && c.inTitles.has(q.chapter)) quotes.set(i, 0.5);
    });
    return {
      slug: c.key,
      name: displayName(c),
      kind: c.kind,
      weight: Math.round((score(c) / top) * 1000) / 1000,
      mentions: mentions(c),
      segments: [...segments].map(([segment, weight]) => ({
        segment,
        weight: Math.round(weight * 1000) / 1000,
      })),
      quotes: [...quotes].map(([quote, weight]) => ({ quote, weight })),
    };
  });
}

function absorb(into: Candidate, from: Candidate): void {
  for (const [s, n] of from.bySegment) into.bySegment.set(s, (into.bySegment.get(s) ?? 0) + n);
  from.inTitles.forEach((t) => into.inTitles.add(t));
  from.inQuotes.forEach((q) => into.inQuotes.add(q));
  into.proper += from.proper;
  into.honorific ||= from.honorific;
}

/** Words an acronym's letters may skip: "Department of Energy (DOE)" uses "of", "RLHF" skips "from". */
const MINOR = new Set(['of', 'and', 'the', 'for', 'to', 'in', 'on', 'a', 'an', 'from', 'with', 'by', '&']);
const DEFINED_AFTER =
  /((?:[\p{L}][\p{L}'’-]*\s+){0,7}[\p{L}][\p{L}'’-]*)\s*\(\s*(\p{Lu}[\p{Lu}\p{N}]{1,6}s?)\s*\)/gu;
const DEFINED_BEFORE =
  /(?<![\p{L}\p{N}])(\p{Lu}[\p{Lu}\p{N}]{1,6}s?)\s*\(\s*([\p{L}][\p{L}'’\s-]{2,100}?)\s*\)/gu;

/** Do the words' initials spell the letters (minor words may be skipped, never the first or last)? */
function spells(words: string[], letters: string): boolean {
  const go = (w: number, l: number): boolean => {
    if (w === words.length) return l === letters.length;
    const word = words[w]!;
    const skippable = MINOR.has(word) && w > 0 && w < words.length - 1;
    return (l < letters.length && word[0] === letters[l] && go(w + 1, l + 1)) || (skippable && go(w + 1, l));
  };
  return go(0, 0);
}

/** The shortest run of words just before an acronym whose initials spell it. */
function expansionOf(before: string[], acronym: string): string[] | undefined {
  const letters = acronym.replace(/(?<=\p{Lu})s$/u, '').toLowerCase();
  for (let k = 1; k <= before.length; k++) {
    const words = before.slice(-k).flatMap((w) => w.split('-'));
    if (spells(words, letters)) return before.slice(-k);
  }
  return undefined;
}

/**
 * An acronym the episode spells out — "reinforcement learning (RL)", "RL (reinforcement
 * learning)" — is one topic with its expansion: the expansion's, which says more.
 */
function mergeAcronyms(candidates: Map<string, Candidate>, texts: string[]): void {
  const pairs = new Map<string, string[]>();
  for (const text of texts) {
    // Both shapes need a parenthesis; without one, DEFINED_AFTER would still try eight words
    // ahead from every word of the text.
    if (!text.includes('(')) continue;
    for (const m of text.matchAll(DEFINED_AFTER)) {
      const before = m[1]!.split(/\s+/).map(normalizeWord);
      const words = expansionOf(before, m[2]!);
      if (words) pairs.set(m[2]!, words);
    }
    for (const m of text.matchAll(DEFINED_BEFORE)) {
      const words = m[2]!.trim().split(/\s+/).map(normalizeWord);
      if (expansionOf(words, m[1]!)?.length === words.length) pairs.set(m[1]!, words);
    }
  }
  for (const [acronym, words] of pairs) {
    const short = candidates.get(identitySlug(normalizeWord(acronym.replace(/(?<=\p{Lu})s$/u, ''))));
    const keys = [words.join(' '), [...words.slice(0, -1), singular(words.at(-1)!)].join(' ')].map((w) =>
      identitySlug(w),
    );
    const long = keys.map((k) => candidates.get(k)).find((c) => c !== undefined);
    if (!short || !long || short === long) continue;
    absorb(long, short);
    candidates.delete(short.key);
  }
}

/**
 * One-word people: "Rich" where the episode also says "Rich Sutton" is Rich Sutton. Any other
 * lone first name, capitalised title ("PhD") or common English word taken for a name ("Will",
 * "May", "Rich") is not someone to look up — unless an honorific names them ("Dr. Rich").
 */
function settleOneWordPeople(candidates: Map<string, Candidate>): void {
  const people = [...candidates.values()].filter((c) => c.kind === 'person');
  for (const c of people.filter((p) => p.words === 1)) {
    const full = people.filter(
      (p) => p.words > 1 && (p.key.startsWith(`${c.key}-`) || p.key.endsWith(`-${c.key}`)),
    );
    if (full.length === 1) absorb(full[0]!, c);
    else if (c.honorific || !(c.firstName || c.shouted || isCommonWord(c.key))) continue;
    candidates.delete(c.key);
  }
}

/** The most frequent spelling, lower-cased unless it is a name or an acronym. */
function displayName(c: Candidate): string {
  const [surface] = [...c.surfaces].sort((a, b) => b[1] - a[1])[0]!;
  if (c.acronym) return surface.replace(/s$/, '');
  if (c.kind !== 'topic') return surface;
  const proper = [...c.surfaces.keys()].every((s) => /^\p{Lu}/u.test(s));
  return proper ? surface : surface.toLowerCase();
}
