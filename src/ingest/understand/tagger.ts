import nlp from 'compromise/two';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { normalizeWord } from './tokens.js';

// Parts of speech and named entities, fast. wink-nlp tags the words (a statistical tagger,
// tens of times faster than compromise's rule sweep over a whole episode); compromise's
// lexicon — its lists of first and last names, places, organisations, honorifics — then says
// which runs of capitalised words name a person, an organisation or a place. Everything an
// understanding step needs of grammar comes from here, in one vocabulary of tags.

export type Tag =
  | 'Noun'
  | 'ProperNoun'
  | 'Adjective'
  | 'Gerund'
  | 'Acronym'
  | 'Pronoun'
  | 'Possessive'
  | 'Honorific'
  | 'FirstName'
  | 'Person'
  | 'Organization'
  | 'Place';

export type EntityKind = 'person' | 'organization' | 'place';

export interface Term {
  text: string;
  /** The word in normal form (normalizeWord), and without a possessive "'s" ("sutton" for "Sutton's"). */
  norm: string;
  base: string;
  /** Punctuation right after the word: ",", ".", "—" (a phrase or a name ends there). */
  post: string;
  tags: Set<Tag>;
}

const wink = winkNLP(model, ['sbd', 'pos']);
const its = wink.its;

type Lexicon = Record<string, string | string[]>;
const MODEL = nlp.model() as {
  one: { lexicon: Lexicon };
  two: {
    switches: Record<string, string>;
    orgWords: Record<string, unknown>;
    placeWords: Record<string, unknown>;
  };
};
// Maps and sets, not compromise's plain objects: a transcript's word looked up in an object
// finds Object's prototype ("constructor", "toString"), and a probe into an object of ~14,000
// keys is slower than a Map's.
const LEXICON = new Map(Object.entries(MODEL.one.lexicon));
const SWITCHES = new Map(Object.entries(MODEL.two.switches));
const ORG_WORDS = new Set(Object.keys(MODEL.two.orgWords));
const PLACE_WORDS = new Set(Object.keys(MODEL.two.placeWords));

/** What compromise's lexicon knows a word (or a run of words, "new york") as. */
export function lexiconTags(word: string): readonly string[] {
  const tags = LEXICON.get(word);
  return tags === undefined ? [] : Array.isArray(tags) ? tags : [tags];
}

const FIRST_NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);
const NAME_TAGS = new Set([...FIRST_NAME_TAGS, 'LastName', 'Person', 'Honorific']);
const PLACE_TAGS = new Set(['Place', 'City', 'Country', 'Region']);
const ORG_TAGS = new Set(['Organization', 'SportsTeam']);
/** Words that are never part of a person's name. */
const NOT_NAME_TAGS = new Set([
  ...PLACE_TAGS,
  ...ORG_TAGS,
  'Demonym',
  'Month',
  'WeekDay',
  'Pronoun',
  'Adverb',
  'Modal',
  'Infinitive',
  'PastTense',
  'PresentTense',
  'Gerund',
  'PhrasalVerb',
  'Copula',
  'Determiner',
  'Preposition',
  'Conjunction',
]);

const SURNAME_TAGS = new Set(['LastName', 'Person']);

const has = (word: string, set: Set<string>) => lexiconTags(word).some((t) => set.has(t));
/** A word the lexicon knows as something other than a name: "rich", "will", "may", "hope". */
export function isCommonWord(word: string): boolean {
  const tags = lexiconTags(word);
  return tags.length > 0 && tags.every((t) => !NAME_TAGS.has(t));
}
/** Known as a first name, or a word that may be one ("Rich", "Mark"). */
function firstNameLike(word: string): 'sure' | 'maybe' | null {
  if (has(word, FIRST_NAME_TAGS)) return 'sure';
  return SWITCHES.get(word)?.startsWith('Person|') ? 'maybe' : null;
}
/** A word that is never part of a person's name (and cannot be a first name either). */
function notAName(word: string): boolean {
  return has(word, NOT_NAME_TAGS) && !firstNameLike(word);
}
/** "dr", "mrs", "prof": asked of every word the tagger reads, so a set of its own. */
const HONORIFICS = new Set([...LEXICON.keys()].filter((word) => lexiconTags(word).includes('Honorific')));
export function isHonorific(word: string): boolean {
  return HONORIFICS.has((word.endsWith('.') ? word.slice(0, -1) : word).toLowerCase());
}

/** Lower-case words inside a name ("Ludwig van Beethoven"), as a regex source. */
export const NAME_PARTICLE = String.raw`(?:de|van|von|da|di|del|della|la|le|bin|al|dos|du)`;
const PARTICLE = new RegExp(`^${NAME_PARTICLE}$`);

const NOT_ACRONYMS = new Set(['OK', 'AM', 'PM', 'UM', 'UH', 'OH', 'II', 'III']);
/** "NOAA", "LLMs", "GPT4": two or more capitals, up to six characters (and a plural s). */
export function isAcronym(text: string): boolean {
  return /^[A-Z][A-Z0-9]{1,5}s?$/.test(text) && /[A-Z].*[A-Z]/.test(text) && !NOT_ACRONYMS.has(text);
}

/**
 * What a run of capitalised words names, from the lexicon alone: a person (a first name then
 * more, a known surname, or anyone an honorific introduces), an organisation, a place — or
 * nothing it can tell. `titled` says the text capitalises every word (a title), where a
 * capital says nothing and only words the lexicon knows count.
 */
export function nameKind(
  words: string[],
  opts: { honorific?: boolean; titled?: boolean } = {},
): EntityKind | null {
  const norm = words.map((w) => normalizeWord(w.replace(/['’]s$/, '')));
  const first = norm[0]!;
  const last = norm.at(-1)!;
  if (norm.length > 1 && PLACE_TAGS.has(lexiconTags(norm.join(' '))[0] ?? '')) return 'place';
  if (norm.some((w) => has(w, ORG_TAGS))) return 'organization';
  const firstName = firstNameLike(first);
  if (opts.honorific && !norm.some(notAName)) return 'person';
  // A lone word that may be a first name ("Rich") counts too: the topics decide later whether
  // it is someone's ("Rich Sutton" said elsewhere) or a word.
  if (firstName && !norm.slice(1).some(notAName)) return 'person';
  if (has(last, SURNAME_TAGS) && (norm.length > 1 || !isCommonWord(last))) return 'person';
  if (norm.every((w) => has(w, PLACE_TAGS))) return 'place';
  if (opts.titled || norm.length < 2) return null;
  if (ORG_WORDS.has(last)) return 'organization';
  if (PLACE_WORDS.has(last)) return 'place';
  return null;
}

/** A title capitalises (nearly) every word it can: its capitals say nothing about names. */
function isTitled(words: string[]): boolean {
  const long = words.filter((w) => w.length > 3 && /^\p{L}/u.test(w));
  return long.length >= 2 && long.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.8 * long.length;
}

const NOUNISH = new Set(['NOUN', 'PROPN']);
const CLOSED = new Set([
  'AUX',
  'DET',
  'PRON',
  'ADP',
  'CCONJ',
  'SCONJ',
  'PART',
  'INTJ',
  'NUM',
  'SYM',
  'PUNCT',
]);
const CAPITAL = /^\p{Lu}/u;
const POSSESSIVE = /['’]s$/;
/** "I", "I'm", "I’ve": capitalised, never a name. */
const FIRST_PERSON = /^I(?:['’]\p{L}+)?$/u;
const capitalised = (text: string) => CAPITAL.test(text) && !FIRST_PERSON.test(text);

interface Word {
  text: string;
  post: string;
  pos: string;
  possessive: boolean;
}

/** The words of each sentence as wink-nlp reads them: punctuation and clitics joined to their word. */
function readWords(text: string): Word[][] {
  const doc = wink.readDoc(text);
  // Whole columns at once: far cheaper than an item object per token.
  const tokens = doc.tokens();
  const values = tokens.out(its.value);
  const tags = tokens.out(its.pos) as string[];
  const types = tokens.out(its.type) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const sentences: Word[][] = [];
  for (const [from, to] of doc.sentences().out(its.span) as unknown as [number, number][]) {
    const words: Word[] = [];
    for (let k = from; k <= to; k++) {
      const type = types[k]!;
      const value = values[k]!;
      const prev = words.at(-1);
      if (type === 'punctuation' || type === 'symbol' || type === 'tabCRLF') {
        if (prev) prev.post += value;
        continue;
      }
      const pos = tags[k]!;
      // "Sutton's", "don't", "we're": one word, as a reader sees it.
      if (prev && !prev.post && spaces[k] === '' && /^(?:n['’]t|['’]\p{L}+)$/u.test(value)) {
        prev.text += value;
        if (pos === 'PART' && /^['’]s$/i.test(value)) prev.possessive = true;
        else prev.pos = 'AUX';
        continue;
      }
      words.push({ text: value, post: '', pos, possessive: false });
    }
    if (words.length) sentences.push(words);
  }
  return sentences;
}

/** Words that take an -ing word for a verb when they follow it: its object. */
const OBJECT = new Set(['DET', 'NOUN', 'PROPN', 'PRON', 'NUM', 'ADJ']);
/** Words before a verb that make it the verb of a clause: "we used", "have used", "models learned". */
const SUBJECT = new Set(['PRON', 'NOUN', 'PROPN', 'AUX', 'PART']);
/** Words after which a verb's form is a noun's: "the", "new", "of". */
const MODIFIES = new Set(['DET', 'ADJ', 'ADP']);

/** The sentences of a text, each a list of tagged words. */
export function tagSentences(text: string): Term[][] {
  return readWords(text).map((words) => {
    // In a title every word has a capital, which then says nothing about names.
    const titled = isTitled(words.map((w) => w.text));
    const terms: Term[] = [];
    words.forEach((w, i) => {
      const tags = new Set<Tag>();
      const norm = normalizeWord(w.text);
      const base = POSSESSIVE.test(w.text) ? normalizeWord(w.text.slice(0, -2)) : norm;
      if (isHonorific(w.text)) {
        tags.add('Honorific');
        terms.push({ text: w.text, norm, base, post: w.post, tags });
        return;
      }
      const capital = capitalised(w.text);
      const prev = terms[i - 1];
      const before = words[i - 1];
      const after = words[i + 1];
      // A capital mid-sentence, outside a title, marks a name.
      if (capital && i > 0 && !titled && !CLOSED.has(w.pos)) tags.add('ProperNoun');
      if (w.pos === 'PRON') tags.add('Pronoun');
      // "dissolved gas": a participle before a noun, with no subject before it, describes it.
      const participle =
        w.pos === 'VERB' &&
        /ed$/.test(w.text) &&
        !w.post &&
        after?.pos === 'NOUN' &&
        !SUBJECT.has(before?.pos ?? '');
      if (w.pos === 'ADJ' || participle) tags.add('Adjective');
      if (/ing$/.test(w.text) && (w.pos === 'VERB' || w.pos === 'NOUN')) tags.add('Gerund');
      if (isAcronym(w.text)) tags.add('Acronym');
      if (w.possessive) tags.add('Possessive');
      // "reinforcement learning is": an -ing word after a noun, with no object, names a thing.
      const gerundNoun =
        tags.has('Gerund') &&
        prev !== undefined &&
        !prev.post &&
        (prev.tags.has('Noun') || prev.tags.has('Adjective')) &&
        !OBJECT.has(after?.pos ?? '');
      // "the reward models", "automated reward models": a bare verb between a modifier and a
      // noun is a noun modifying it.
      const nounModifier =
        w.pos === 'VERB' &&
        !/(?:ed|ing)$/.test(w.text) &&
        before !== undefined &&
        !before.post &&
        (MODIFIES.has(before.pos) || (before.pos === 'VERB' && /ed$/.test(before.text))) &&
        !w.post &&
        after?.pos === 'NOUN';
      if (NOUNISH.has(w.pos) || tags.has('ProperNoun') || gerundNoun || nounModifier) tags.add('Noun');
      terms.push({ text: w.text, norm, base, post: w.post, tags });
    });
    markEntities(terms, titled);
    return terms;
  });
}

/** Tags each run of capitalised words with what it names (see nameKind). */
function markEntities(terms: Term[], titled: boolean): void {
  // A word that continues a name: a proper noun, or in a title any capitalised word.
  const named = (t: Term | undefined) =>
    t !== undefined &&
    (t.tags.has('ProperNoun') || (titled && CAPITAL.test(t.text) && !t.tags.has('Pronoun')));
  let i = 0;
  while (i < terms.length) {
    const start = terms[i]!;
    if (!start.tags.has('ProperNoun') && !(capitalised(start.text) && (start.tags.has('Noun') || titled))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < terms.length && !/[,.;:!?()"“”—–]/.test(terms[end - 1]!.post)) {
      const next = terms[end]!;
      if (named(next)) end++;
      else if (PARTICLE.test(next.text) && named(terms[end + 1])) end += 2;
      else break;
    }
    const run = terms.slice(i, end);
    const honorific = terms[i - 1]?.tags.has('Honorific') ?? false;
    const kind = nameKind(
      run.map((t) => t.text),
      { honorific, titled },
    );
    if (kind) {
      const tag = kind === 'person' ? 'Person' : kind === 'organization' ? 'Organization' : 'Place';
      for (const t of run) t.tags.add(tag).add('ProperNoun').add('Noun');
      if (kind === 'person' && firstNameLike(run[0]!.norm) === 'sure') run[0]!.tags.add('FirstName');
    }
    i = end;
  }
}

/** Does a capitalised phrase read as a person's name (lexicon only; no context)? */
export function readsAsPersonName(words: string[]): boolean {
  const at = words.findIndex((w) => !isHonorific(w));
  if (at < 0) return false;
  const name = words.slice(at);
  const kind = nameKind(name, { honorific: at > 0 });
  if (kind) return kind === 'person';
  if (name.length === 1) return firstNameLike(normalizeWord(name[0]!)) === 'sure';
  return !name.some((w) => notAName(normalizeWord(w)));
}
