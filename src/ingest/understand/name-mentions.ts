import { startsLikeName } from '../../lib/text.js';
import { isHonorific, lexiconTags, NAME_PARTICLE as PARTICLE, readsAsPersonName } from './tagger.js';
import { normalizeWord } from './tokens.js';

// Where a transcript says who is speaking: a speaker introducing themselves ("I'm X",
// "my name is X", "this is X", "it's X again"), addressing the other ("Hey X", "Thanks, X",
// "X, you …"), or introducing a guest ("please welcome X", "my conversation with X").
// Patterns find candidates; a candidate counts only if it is a known person or reads as a
// person's name (the tagger's lexicon), so "I'm Canadian" or "Thanks, Google" are not names.

// A capitalised word, or an initial with its period ("J."); a period never ends a longer word,
// so "I'm Ana Lima. Welcome" stops at "Lima". Scripts without case (王伟, محمد) have no capital:
// any short word of theirs may be a name.
const NAME_WORD = String.raw`(?:\p{Lu}(?:[\p{L}'’-]+|\.)?|\p{Lo}[\p{L}\p{M}]{0,15})`;
/** "Dr. ", "Mrs. ", "Prof. ": an abbreviated title before a name. */
const TITLE = String.raw`(?:\p{Lu}\p{Ll}{1,3}\.\s+)`;
const NAME = String.raw`((?!I\b|I['’])${TITLE}?${NAME_WORD}(?:\s+(?:${PARTICLE}\s+)?${NAME_WORD}){0,3})`;

const SELF = [
  new RegExp(String.raw`\b(?:I'm|I’m|I am|my name is|my name's)\s+(?:your host,?\s+)?${NAME}`, 'giu'),
  new RegExp(String.raw`(?:^|[.!?,]\s+|\b(?:hi|hello|hey)\s+)(?:this is|it's|it’s|it is)\s+${NAME}`, 'giu'),
  new RegExp(String.raw`(?:^|[.!?]\s+)(?:(?:hi|hey|hello),?\s+)?${NAME}\s+here\b`, 'giu'),
];

const ADDRESS = [
  new RegExp(
    String.raw`\b(?:hey|hi|hello|thanks|thank you|cheers|bye|goodbye)(?: so much)?,?\s+${NAME}`,
    'giu',
  ),
  // Case matters here: a capitalised word, a comma, then a lower-case word ("Ana, you …").
  new RegExp(String.raw`(?:^|[.!?]\s+)${NAME},\s+(?=\p{Ll})`, 'gu'),
];
/** "…, Priya." — a vocative at the end of a sentence spoken to someone. */
const VOCATIVE = new RegExp(String.raw`,\s+${NAME}[.!?](?:\s|$)`, 'gu');

const INTRODUCE = new RegExp(
  String.raw`\b(?:please welcome|(?:enjoy )?my (?:conversation|interview|chat|discussion) with|(?:excited|thrilled|delighted|happy|pleased|glad|honou?red) to (?:welcome|have|introduce|be joined by|talk (?:to|with)|speak with)|my guests? (?:today |this week )?(?:is|are)|our guests? (?:today |this week )?(?:is|are)|joining (?:me|us) (?:today |now |this week )?(?:is|are)|(?:I'm|I’m|I am|we're|we’re|we are) joined (?:today |now )?by|with me (?:today |now )?is|I sat down with|welcome(?: back)?(?: to the (?:show|podcast|program))?,)\s+(?:back\s+)?(?:to the (?:show|podcast|program)\s+)?(?:none other than\s+)?(?=([^\n]{1,160}))`,
  'giu',
);
/** Words that may say who a guest is before their name: "volcanologist", "the one and only". */
const MAX_DESCRIPTOR_WORDS = 4;
/**
 * Words that lead out of a description into another phrase, whose name is someone else's:
 * prepositions ("the widow of X", "a chat about X"), pronouns and relatives ("someone who knew
 * X", "today we discuss X"), conjunctions but "and", forms of "be", "have", "do" and modals.
 */
const LEAD_OUT = new Set(
  `of about with from for to by at on in into onto over under behind beside besides near among
  amongst toward towards across without within via per regarding like as against between through
  during after before since until upon who whom whose which that what when where why how we you
  he she they it i us them him me someone somebody anyone everyone nobody but or because so while
  if though although is are was were be been being has have had do does did will would can could
  should may might must not no never`.split(/\s+/),
);
/** Lexicon tags of a finite verb ("knew", "says"); an -ed form may describe ("retired"). */
const FINITE_VERB_TAGS = new Set(['PastTense', 'PresentTense', 'Copula', 'Modal']);
/** At most this many words make a name ("Ana Maria Lima Souza"), a title and particles aside. */
const MAX_NAME_WORDS = 4;

export interface NameCheck {
  /** A person the episode already knows of by that name (full or first). */
  isKnown(name: string): boolean;
}

/** Does a capitalised phrase read as a person's name? */
export function readsAsName(name: string, check: NameCheck): boolean {
  if (check.isKnown(name)) return true;
  const words = name.split(/\s+/);
  return (
    readsAsPersonName(words) &&
    (words.length === 1 || words.every((w) => /^(?:\p{Lu}\p{Ll}|\p{Lo})/u.test(w) || INITIALS.test(w)))
  );
}

const PARTICLE_WORD = new RegExp(`^${PARTICLE}$`);
const INITIALS = /^(?:\p{Lu}\.)+$/u;

/**
 * The patterns match case-insensitively ("Please welcome", "please welcome"), so a capture
 * may run on into ordinary words: keep its leading capitalised words only.
 */
function clean(captured: string): string {
  const words: string[] = [];
  let named = 0;
  for (const raw of captured.split(/\s+/)) {
    const word = raw.replace(/^["“‘(]+/, '');
    // A name's word is letters, apostrophes, hyphens and a final period: a comma, a dash or a
    // quotation mark ends the name after it ("Ada Brennan, a glaciologist", "Lopez—a").
    const w = /^[\p{L}\p{M}'’.-]*/u.exec(word)![0];
    if (w && startsLikeName(w)) {
      // "Maria Lopez's co-author", "Tom's first time": the name is someone else's.
      if (/['’]s$/.test(w) && w.length > 2) return '';
      const title = words.length === 0 && isHonorific(w);
      words.push(w);
      // A period ends the name, unless it abbreviates a title ("Dr. Ana Lima") or is one of the
      // initials a name opens with ("J. R. Okafor", "T.J. Miller"; "Ana B." ends there).
      const opening = words.every((x, i) => INITIALS.test(x) || (i === 0 && isHonorific(x)));
      if (w.endsWith('.') && !title && !(INITIALS.test(w) && opening)) break;
      if (!title && ++named >= MAX_NAME_WORDS) break;
    } else if (w && PARTICLE_WORD.test(w) && words.length) words.push(w);
    else break;
    if (w !== word) break;
  }
  while (words.length && PARTICLE_WORD.test(words.at(-1)!)) words.pop();
  return words
    .join(' ')
    .replace(/[.’'-]+$/, '')
    .trim();
}

/**
 * What follows a guest's introduction, from the name on: "volcanologist Haraldur Sigurðsson"
 * gives "Haraldur Sigurðsson". Up to MAX_DESCRIPTOR_WORDS words that describe them may come first.
 */
function afterDescriptor(captured: string): string {
  const words = captured.trim().split(/\s+/);
  const at = words.slice(0, MAX_DESCRIPTOR_WORDS + 1).findIndex((w) => startsLikeName(w));
  if (at <= 0 || !words.slice(0, at).every(describes)) return captured;
  return words.slice(at).join(' ');
}

/** A word that can be part of who someone is ("astronomer", "good"), inside one clause. */
function describes(word: string): boolean {
  if (!/^[\p{L}\p{M}'’-]+$/u.test(word)) return false;
  const norm = normalizeWord(word);
  if (LEAD_OUT.has(norm)) return false;
  return norm.endsWith('ed') || !lexiconTags(norm).some((t) => FINITE_VERB_TAGS.has(t));
}

function collect(
  patterns: RegExp[],
  text: string,
  check: NameCheck,
  from: (captured: string) => string = (c) => c,
): string[] {
  const found: string[] = [];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const name = clean(from(m[1] ?? ''));
      if (name && readsAsName(name, check) && !found.includes(name)) found.push(name);
    }
  }
  return found;
}

function firstSentences(text: string, n: number): string {
  const parts = text.split(/(?<=[.!?])\s+/);
  return parts.slice(0, n).join(' ');
}

/** Names a speaker gives for themselves near the start of a turn. */
export function selfIntroductions(text: string, check: NameCheck): string[] {
  return collect(SELF, firstSentences(text, 3), check);
}

/** Names the speaker addresses: the next voice is probably theirs. */
export function addressedNames(text: string, check: NameCheck): string[] {
  const found = collect(ADDRESS, text, check);
  for (const m of text.matchAll(VOCATIVE)) {
    const name = clean(m[1] ?? '');
    const sentence = text.slice(Math.max(0, text.lastIndexOf('.', m.index) + 1), m.index);
    if (check.isKnown(name) && /\b(?:you|your|thanks|thank)\b/i.test(sentence) && !found.includes(name))
      found.push(name);
  }
  return found;
}

/** Guests the speaker introduces: the next voice that is not the host's is probably theirs. */
export function introducedNames(text: string, check: NameCheck): string[] {
  return collect([INTRODUCE], text, check, afterDescriptor);
}
