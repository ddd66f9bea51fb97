import { NAME_WORD } from '../../lib/text.js';
import { isSoundDescription } from './cue-text.js';

// Speaker labels written into the text itself: "Jane Doe: …", ">> JANE: …", "[Jane] …",
// "(Jane) …", "Speaker 2: …", "王伟：…". A name is short — one to four capitalised words, or
// words of a script without case (particles such as "de" or "van" allowed between them) — or
// a numbered role ("Speaker 1", "Guest 2", "SPEAKER_01", "说话人1"). Lines like "Note: …" are
// not speakers; see acceptLabels().

const WORD = NAME_WORD;
const PARTICLE = String.raw`(?:de|da|del|della|di|du|la|le|van|von|der|den|ten|bin|al|el|y|dos|das)`;
export const NAME = String.raw`${WORD}(?:\s(?:${PARTICLE}\s)?${WORD}){0,3}`;
const NUMBERED = String.raw`[\p{Lu}\p{Lo}]\p{L}{0,20}[ _\-]?\d{1,3}`;
export const LABEL = String.raw`(?:${NUMBERED}|${NAME})`;

const NUMBERED_RE = new RegExp(`^${NUMBERED}$`, 'u');
const LABEL_RE = new RegExp(`^${LABEL}$`, 'u');
const PREFIX_RE = new RegExp(String.raw`^(?:>>\s*|-\s+)?(${LABEL})\s*:\s+(\S.*)$`, 'u');
const BRACKET_RE = new RegExp(String.raw`^(?:>>\s*|-\s+)?[[(](${LABEL})[\])]\s*:?\s+(\S.*)$`, 'u');
// The label alone on its line, the speech on the lines below: "JANE:", ">> JANE:", "[Jane]".
const LABEL_LINE_RE = new RegExp(
  String.raw`^(?:(?:>>\s*|-\s+)?(${LABEL})\s*:|(?:>>\s*)?[[(](${LABEL})[\])]:?)$`,
  'u',
);

// Words that end in a colon at the start of a line without being anyone's name.
const NOT_NAMES = new Set(
  [
    'note',
    'notes',
    'nb',
    'ps',
    'p.s.',
    'warning',
    'caution',
    'update',
    'edit',
    'editor',
    'correction',
    'disclaimer',
    'tip',
    'example',
    'summary',
    'transcript',
    'source',
    'sources',
    'chapter',
    'part',
    'step',
    'rule',
    'fact',
    'quote',
    'also',
    'and',
    'but',
    'so',
    'then',
    'now',
    'well',
    'okay',
    'ok',
    'yes',
    'no',
    'today',
    'tonight',
    'important',
    'reminder',
    'spoiler',
    'music',
    'applause',
    'laughter',
    'episode',
    'season',
    'section',
    'act',
    'day',
    'track',
    'page',
    'figure',
    'table',
    'item',
    'point',
    'verse',
  ].map((w) => w.toLowerCase()),
);

export type LabelKind = 'prefix' | 'bracket';

export interface SpokenLine {
  label: string;
  kind: LabelKind;
  /** Set off by ">>" or brackets: caption conventions for a speaker, never prose. */
  marked: boolean;
  /** The speech after the label. */
  text: string;
}

/**
 * The line with its first full-width colon ("王伟：你好", as CJK text writes it) read as a
 * label's colon, or undefined when it has none.
 */
export function withHalfWidthColon(line: string): string | undefined {
  return line.includes('：') ? line.replace(/\s*：\s*/u, ': ') : undefined;
}

/** A label at the start of a line of cue or transcript text, if the line has one. */
export function splitSpeakerPrefix(line: string): SpokenLine | undefined {
  const found = splitAsciiPrefix(line.trim());
  const halfWidth = found ? undefined : withHalfWidthColon(line.trim());
  return found ?? (halfWidth === undefined ? undefined : splitAsciiPrefix(halfWidth));
}

function splitAsciiPrefix(t: string): SpokenLine | undefined {
  const prefix = PREFIX_RE.exec(t);
  if (prefix?.[1] && prefix[2] !== undefined) {
    return { label: prefix[1], kind: 'prefix', marked: t.startsWith('>>'), text: prefix[2] };
  }
  const bracket = BRACKET_RE.exec(t);
  if (bracket?.[1] && bracket[2] !== undefined && !isSoundDescription(`[${bracket[1]}]`)) {
    return { label: bracket[1], kind: 'bracket', marked: true, text: bracket[2] };
  }
  const alone = LABEL_LINE_RE.exec(t);
  const label = alone?.[1] ?? alone?.[2];
  if (label && !isSoundDescription(`[${label}]`)) {
    // A line holding nothing but a name and a colon is a caption convention, not prose.
    return { label, kind: alone?.[1] ? 'prefix' : 'bracket', marked: true, text: '' };
  }
  return undefined;
}

/** ">>" or "- " opening a caption line: a new speaker whose name is not given. */
export function speakerChangeMarker(line: string): string | undefined {
  const m = /^(?:>>|-)\s+(\S.*)$/.exec(line.trim());
  return m?.[1];
}

export function isNumberedLabel(label: string): boolean {
  return NUMBERED_RE.test(label);
}

export function looksLikeName(label: string): boolean {
  if (label.length > 60 || !LABEL_RE.test(label)) return false;
  // "Note", and "Chapter 3" / "Part 2": headings, not people.
  const head = isNumberedLabel(label) ? label.replace(/[ _-]?\d+$/, '') : label;
  return !NOT_NAMES.has(head.toLowerCase());
}

export function wordCountOf(label: string): number {
  return label.split(/\s+/).length;
}

export interface LabelCandidate {
  count: number;
  /**
   * Seen in a form prose never takes — with a timestamp ("Jane (00:01:02): …"), a role, after
   * ">>" or in brackets — so even a single use is a speaker.
   */
  marked?: boolean;
}

/**
 * Which candidate labels are speakers. Numbered and marked labels always are; a name used
 * twice or more is; a name used once is only when it has two or more words ("Jane Doe"),
 * because a single capitalised word before a colon is as often a heading as a person.
 */
export function acceptLabels(candidates: Map<string, LabelCandidate>): Set<string> {
  const accepted = new Set<string>();
  for (const [label, c] of candidates) {
    if (!looksLikeName(label)) continue;
    if (c.marked || isNumberedLabel(label) || c.count >= 2 || wordCountOf(label) >= 2) accepted.add(label);
  }
  return accepted;
}

/** The first "Speaker N" not already used in the file: the label for speech with no speaker. */
export function unnamedLabel(used: Iterable<string>): string {
  const taken = new Set(used);
  for (let n = 1; ; n++) if (!taken.has(`Speaker ${n}`)) return `Speaker ${n}`;
}

/**
 * Labels that differ only in letter case ("ELEANOR VOSS" in captions, "Eleanor Voss" in a
 * bracket) name one speaker: each maps to the spelling that is not all capitals, if any.
 */
export function unifyLabelCase(labels: Iterable<string>): Map<string, string> {
  const preferred = new Map<string, string>();
  for (const label of labels) {
    const key = label.toLocaleLowerCase();
    const current = preferred.get(key);
    const shouting = (l: string) => l === l.toLocaleUpperCase();
    if (current === undefined || (shouting(current) && !shouting(label))) preferred.set(key, label);
  }
  const result = new Map<string, string>();
  for (const label of labels) result.set(label, preferred.get(label.toLocaleLowerCase()) ?? label);
  return result;
}
