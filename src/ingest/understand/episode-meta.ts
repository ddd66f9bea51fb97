import type { ParsedTranscript, Sidecar } from '../model.js';

// Show, title, date and description: the sidecar's word first, then the file's metadata,
// then what the episode itself says ("Welcome to the X podcast"); a title is derived from
// the guests, topics, chapters and description before the file name is ever used.

export interface EpisodeMeta {
  show: string;
  title: string;
  description: string | null;
  publishedAt: Date | null;
  language: string;
}

export const UNKNOWN_SHOW = 'Unknown show';
const SHOW_NAME = String.raw`((?:\p{Lu}[\p{L}\p{N}'’&-]*|\d+)(?:\s+(?:\p{Lu}[\p{L}\p{N}'’&-]*|\d+|of|and|the|&))*)`;
const SHOW_INTRO = [
  new RegExp(
    String.raw`\b(?:[Ww]elcome (?:back )?to|listening to)\s+(?:the\s+)?${SHOW_NAME}(?:\s+(podcast|show|program))?`,
    'u',
  ),
  // "This is …" names a show only with the word "podcast" or "show"; else it is a person.
  new RegExp(String.raw`\b[Tt]his is\s+(?:the\s+)?${SHOW_NAME}\s+(podcast|show|program)`, 'u'),
];
/** "X talks with Y about …": the subject is what follows "about". */
const CONVERSATION_ABOUT =
  /^.{0,120}?\b(?:talks?|speaks?|chats?|sits? down|sat down|catches up|converses?|is joined by|joins)\b.{0,80}?\babout\s+/i;
const DANGLING =
  /(?:\s+(?:and|or|but|of|the|a|an|to|in|on|at|for|with|from|by|as|its|their|how|why|what))+$/i;
const SELF_REFERENCE =
  /^(?:(?:in|on)\s+)?(?:this|today'?s|our|the|this week'?s)\s+(?:episode|conversation|interview|show|podcast|week)\b|^(?:today|tonight|we|we're|i|i'm|join|welcome|listen|here)\b/i;
/** Opening words that may be lower-cased after "Guest on …"; anything else may be a name. */
const COMMON_OPENING =
  /^(?:The|A|An|How|Why|What|When|Where|Which|Who|Whether|Its?|This|These|Those|Our|Their)\b/;
const LEAD_IN =
  /^(?:in )?this (?:episode|conversation|interview|week'?s episode)(?:,)?\s+(?:explores|examines|covers|discusses|dives into|looks at|unpacks|is about|focuses on|features|delves into|tackles)\s+/i;

/** "Welcome to the Harbor Lights show" → "Harbor Lights"; a one-word name keeps "Podcast". */
export function showFromIntro(text: string): string | undefined {
  const m = SHOW_INTRO.map((re) => re.exec(text)).find((found) => found?.[1]);
  if (!m?.[1]) return undefined;
  const name = m[1].replace(/\s+(?:of|and|the|&)$/i, '').trim();
  if (/^(?:I|I'm|My|Our|Your|Episode|Part|Season)$/i.test(name)) return undefined;
  const suffix = m[2];
  if (suffix && !name.includes(' ')) return `${name} ${suffix[0]!.toUpperCase()}${suffix.slice(1)}`;
  return name;
}

/** A short subject from a description's first sentence, without "This episode explores". */
export function subjectOf(description: string, maxLength = 90): string | undefined {
  const first = description.split(/(?<=[.!?])\s+/)[0]?.trim();
  if (!first) return undefined;
  let subject = first
    .replace(LEAD_IN, '')
    .replace(CONVERSATION_ABOUT, '')
    .replace(/[.!?]+$/, '');
  if (subject.length > maxLength) subject = subject.split(/[,;:(—–]/)[0]!.trim();
  if (subject.length > maxLength) {
    const space = subject.lastIndexOf(' ', maxLength);
    // Cut between words, and not after a word that leads on ("… of the").
    subject = space > 0 ? subject.slice(0, space).replace(DANGLING, '').trim() : '';
  }
  // A sentence about the episode rather than its subject ("In this episode we …") is no subject.
  return subject && !SELF_REFERENCE.test(subject) ? subject : undefined;
}

/** "Today we're talking about composting in small spaces with …": what the host says it is about. */
const OPENING_ABOUT =
  /\b(?:(?:talk|talking|chat|chatting|speak|speaking|conversation|here)\s+about|discuss|discussing|(?:dig|digging|diving)\s+into)\s+([^.?!;:]{3,90}?)(?=\s+with\s+\p{Lu}|\s*[.?!;:,]|\s*$)/u;

/** The subject a host announces in the opening, if they announce one. */
export function openingSubject(opening: string): string | undefined {
  const subject = OPENING_ABOUT.exec(opening)?.[1]?.replace(DANGLING, '').trim();
  // "talking about it", "here about me": a pronoun is no subject.
  if (!subject || /^(?:it|this|that|them|him|her|you|me|us)\b/i.test(subject)) return undefined;
  return SELF_REFERENCE.test(subject) ? undefined : subject;
}

function humanise(source: string): string {
  return (
    source
      .replace(/\.[^.]+$/, '')
      .replace(/[_-]+/g, ' ')
      .trim() || source
  );
}

/** The show: the sidecar's, else the file's, else the one the host names; undefined when none does. */
export function showOf(
  parsed: ParsedTranscript,
  sidecar: Sidecar | undefined,
  opening: string,
): string | undefined {
  return sidecar?.show ?? parsed.meta.show ?? showFromIntro(opening);
}

export function episodeMeta(input: {
  parsed: ParsedTranscript;
  sidecar?: Sidecar;
  source: string;
  /** The opening segments' text, where a host names the show. */
  opening: string;
  guests: string[];
  chapterTitles: string[];
  /** The episode's topics, heaviest first. */
  topics: string[];
}): EpisodeMeta {
  const { parsed, sidecar } = input;
  const description = sidecar?.description ?? parsed.meta.description ?? null;
  const publishedAt = sidecar?.publishedAt ?? parsed.meta.publishedAt;
  return {
    show: showOf(parsed, sidecar, input.opening) ?? UNKNOWN_SHOW,
    title:
      sidecar?.title ??
      parsed.meta.title ??
      deriveTitle({ ...input, announced: openingSubject(input.opening) }, description) ??
      humanise(input.source),
    description,
    publishedAt: publishedAt ? new Date(publishedAt) : null,
    language: sidecar?.language ?? parsed.meta.language ?? 'en',
  };
}

/** A title is a line, not a paragraph. */
const MAX_TITLE = 100;

/**
 * A title for an episode whose file has none, in the words of a title: the guests on the
 * description's subject ("Ana Lima on how tides turn" — an editor's words read best), else
 * on the first real chapter ("Ana Lima: Why tides turn"), else on what the host announces
 * ("Ana Lima on composting in small spaces"), else on the heaviest topic ("Ana Lima on tide
 * pools"); without guests, the same subjects alone. Never a sentence about the
 * episode ("In this episode we …"), never longer than a line.
 */
function deriveTitle(
  input: { guests: string[]; chapterTitles: string[]; topics: string[]; announced: string | undefined },
  description: string | null,
): string | undefined {
  const who = input.guests.length ? input.guests.slice(0, 2).join(' and ') : undefined;
  const topic = input.topics[0];
  const chapter = input.chapterTitles
    .map((t) => t.replace(/^\s*(?:intro(?:duction)?|welcome|opening)\s*[:—–-]\s*/i, '').trim())
    .find((t) => t && !/^(?:intro(?:duction)?|welcome|opening)$/i.test(t));
  // Room for the subject beside the guests' names: a long one keeps its first clause.
  const room = Math.max(30, Math.min(90, MAX_TITLE - (who ? who.length + 4 : 0)));
  const subject = description ? subjectOf(description, room) : undefined;
  const lowered = subject && COMMON_OPENING.test(subject) ? lowerFirst(subject) : subject;
  const announced = input.announced && cutAtWord(input.announced, room);
  const title = who
    ? lowered
      ? `${who} on ${lowered}`
      : chapter
        ? `${who}: ${chapter}`
        : announced
          ? `${who} on ${announced}`
          : topic
            ? `${who} on ${topic}`
            : who
    : subject
      ? capitalise(subject)
      : (chapter ?? (announced ? capitalise(announced) : topic ? capitalise(topic) : undefined));
  return title ? cutAtWord(title, MAX_TITLE) : undefined;
}

function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut.slice(0, max)).replace(/[\s,;:—–-]+$/, '')}…`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
