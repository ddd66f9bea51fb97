import type { ParsedTranscript, Sidecar } from '../model.js';

// Show, title, date and description: the sidecar's word first, then the file's metadata,
// then what the episode itself says ("Welcome to the X podcast"); a title is derived from
// the guests and the summary before the file name is ever used.

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
  if (subject.length > maxLength) subject = subject.slice(0, subject.lastIndexOf(' ', maxLength)).trim();
  return subject || undefined;
}

function humanise(source: string): string {
  return (
    source
      .replace(/\.[^.]+$/, '')
      .replace(/[_-]+/g, ' ')
      .trim() || source
  );
}

export function episodeMeta(input: {
  parsed: ParsedTranscript;
  sidecar?: Sidecar;
  source: string;
  /** The opening segments' text, where a host names the show. */
  opening: string;
  guests: string[];
  chapterTitles: string[];
}): EpisodeMeta {
  const { parsed, sidecar } = input;
  const description = sidecar?.description ?? parsed.meta.description ?? null;
  const publishedAt = sidecar?.publishedAt ?? parsed.meta.publishedAt;
  return {
    show: sidecar?.show ?? parsed.meta.show ?? showFromIntro(input.opening) ?? UNKNOWN_SHOW,
    title: sidecar?.title ?? parsed.meta.title ?? deriveTitle(input, description) ?? humanise(input.source),
    description,
    publishedAt: publishedAt ? new Date(publishedAt) : null,
    language: sidecar?.language ?? parsed.meta.language ?? 'en',
  };
}

function deriveTitle(
  input: { guests: string[]; chapterTitles: string[] },
  description: string | null,
): string | undefined {
  const who = input.guests.length ? input.guests.slice(0, 2).join(' and ') : undefined;
  const fromDescription = description ? subjectOf(description) : undefined;
  if (fromDescription) {
    const lower = COMMON_OPENING.test(fromDescription)
      ? fromDescription.charAt(0).toLowerCase() + fromDescription.slice(1)
      : fromDescription;
    return who ? `${who} on ${lower}` : capitalise(fromDescription);
  }
  const chapter = input.chapterTitles
    .map((t) => t.replace(/^\s*(?:intro(?:duction)?|welcome|opening)\s*[:—–-]\s*/i, '').trim())
    .find((t) => t && !/^(?:intro(?:duction)?|welcome|opening)$/i.test(t));
  if (chapter) return who ? `${who}: ${chapter}` : chapter;
  return who;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
