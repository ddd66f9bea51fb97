import { IngestError } from '../errors.js';
import type { ParsedTranscript, PersonRole, RawPerson, RawTurn } from '../model.js';
import { decodeEntities, squash } from './cue-text.js';
import { clock } from './cues.js';
import { readTime } from './cue-timing.js';
import { parseDate } from './dates.js';
import { parsePeople } from './summary-block.js';
import { isLabelLine } from './summary-transcript.parser.js';
import {
  acceptLabels,
  LABEL,
  looksLikeName,
  unifyLabelCase,
  withHalfWidthColon,
  wordCountOf,
  type LabelCandidate,
} from './speaker-labels.js';
import { WarningTally } from './warning-tally.js';

// Plain transcripts where each turn starts with its speaker:
//
//   Jane Doe: Welcome back.                    [00:01:23] Jane Doe: Welcome back.
//   Jane Doe (00:01:23): Welcome back.         Jane Doe: [00:01:23] Welcome back.
//   Speaker 1: Welcome back.                   Jane Doe (Host): Welcome back.
//
// or whose speaker stands on a line of its own ("Jane Doe (00:01:23):", "Jane Doe  1:23",
// "Speaker 2:") above the turn's text. A line without a speaker continues the current turn.
// Times, when present, are the source's own. A few "Key: value" lines before the first turn
// (Title:, Date:, Host:, Guest:) are the episode's metadata.

const TIME = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
const ROLE = String.raw`host|co-?host|guest|interviewer|interviewee|moderator|presenter|narrator|producer|caller`;
const FORMS: { re: RegExp; label: number; time?: number; role?: number; text: number }[] = [
  // [00:01:23] Jane Doe: text
  {
    re: new RegExp(String.raw`^[[(]?(${TIME})[\])]?\s*(?:[-–—|]\s*)?(${LABEL})\s*:(?:\s+(.*))?$`, 'u'),
    time: 1,
    label: 2,
    text: 3,
  },
  // Jane Doe (00:01:23): text — and the header line "Jane Doe (00:01:23):"
  {
    re: new RegExp(String.raw`^(${LABEL})\s*[[(](${TIME})[\])]\s*(?::\s*(.*)|$)`, 'u'),
    label: 1,
    time: 2,
    text: 3,
  },
  // Jane Doe: [00:01:23] text
  {
    re: new RegExp(String.raw`^(${LABEL})\s*:\s*[[(](${TIME})[\])]\s*(.*)$`, 'u'),
    label: 1,
    time: 2,
    text: 3,
  },
  // Jane Doe (Host): text
  {
    re: new RegExp(String.raw`^(${LABEL})\s*\((${ROLE})\)\s*:(?:\s+(.*))?$`, 'iu'),
    label: 1,
    role: 2,
    text: 3,
  },
  // Jane Doe  0:03 — a header line, as transcription services export it
  { re: new RegExp(String.raw`^(${LABEL})\s+(${TIME})$`, 'u'), label: 1, time: 2, text: 3 },
  // Jane Doe: text — and the header line "Jane Doe:"
  { re: new RegExp(String.raw`^(?:>>\s*)?(${LABEL})\s*:(?:\s+(.*))?$`, 'u'), label: 1, text: 2 },
];
const TIME_ONLY = new RegExp(String.raw`^[[(]?(${TIME})[\])]?$`);
const META = /^(title|episode|show|podcast|date|published|recorded|hosts?|co-?hosts?|guests?)$/i;

interface SpeakerLine {
  label: string;
  timeMs?: number;
  role?: PersonRole;
  text: string;
}

function speakerLine(line: string): SpeakerLine | undefined {
  const halfWidth = withHalfWidthColon(line);
  return speakerLineOf(line) ?? (halfWidth === undefined ? undefined : speakerLineOf(halfWidth));
}

function speakerLineOf(line: string): SpeakerLine | undefined {
  for (const form of FORMS) {
    const m = form.re.exec(line);
    const label = m?.[form.label];
    if (!m || !label) continue;
    const timeMs = form.time ? readTime(m[form.time] ?? '') : undefined;
    if (form.time && timeMs === undefined) continue;
    const role = form.role ? (m[form.role] ?? '').toLowerCase() : undefined;
    return {
      label: label.trim(),
      ...(timeMs !== undefined ? { timeMs } : {}),
      ...(role ? { role: role.includes('host') ? 'host' : role === 'guest' ? 'guest' : 'other' } : {}),
      text: (m[form.text] ?? '').trim(),
    };
  }
  return undefined;
}

interface Classified {
  lines: string[];
  speakers: (SpeakerLine | undefined)[];
  accepted: (i: number) => boolean;
}

function classify(text: string, limit?: number): Classified {
  // Markdown transcripts bold the speaker: "**Jane Doe:** text" or "**Jane Doe**: text".
  const lines = text.split('\n', limit).map((l) =>
    decodeEntities(l)
      .trim()
      .replace(/^(\*\*|__)([^*_]{1,80}?)\1/, '$2'),
  );
  const speakers = lines.map((l) => (l ? speakerLine(l) : undefined));
  const candidates = new Map<string, LabelCandidate>();
  for (const s of speakers) {
    if (!s) continue;
    const c = candidates.get(s.label) ?? { count: 0 };
    c.count++;
    if (s.timeMs !== undefined || s.role) c.marked = true;
    candidates.set(s.label, c);
  }
  const accepted = acceptLabels(candidates);
  const startsParagraph = (i: number) => i === 0 || lines[i - 1] === '';
  const recurring = speakers
    .map((s, i) => (s && accepted.has(s.label) && (candidates.get(s.label)?.count ?? 0) >= 2 ? i : -1))
    .filter((i) => i >= 0);
  // When turns are separated by blank lines, a name seen once mid-paragraph is prose.
  const blankSeparated =
    recurring.length >= 2 && recurring.filter(startsParagraph).length >= recurring.length * 0.8;
  return {
    lines,
    speakers,
    accepted: (i) => {
      const s = speakers[i];
      if (!s || !accepted.has(s.label)) return false;
      const c = candidates.get(s.label)!;
      const singleUse = c.count === 1 && !c.marked && wordCountOf(s.label) >= 2;
      return !(singleUse && blankSeparated && !startsParagraph(i));
    },
  };
}

export function looksLikePlainText(text: string): boolean {
  const { lines, speakers, accepted } = classify(text, 400);
  let turns = 0;
  for (let i = 0; i < lines.length; i++) if (accepted(i) && !metadata(speakers[i], lines[i]!)) turns++;
  const labelOnly = lines.filter((l) => isLabelLine(l)).length;
  return turns >= 2 && turns > labelOnly;
}

/** "Host: Jane Doe" before the first turn is metadata; "Host: Welcome back!" is a turn. */
function metadata(s: SpeakerLine | undefined, line: string): { key: string; value: string } | undefined {
  const m = /^([A-Za-z-]+)\s*:\s*(\S.*)$/.exec(line);
  if (!m?.[1] || !m[2] || !META.test(m[1]) || (s && s.label !== m[1])) return undefined;
  const key = m[1].toLowerCase();
  const value = m[2].trim();
  if (/^(date|published|recorded)$/.test(key)) return parseDate(value) ? { key, value } : undefined;
  if (/host|guest/.test(key)) {
    const people = parsePeople(value, 'guest');
    const names = people.length > 0 && people.every((p) => looksLikeName(p.name));
    return names && !/[.!?]$/.test(value) ? { key, value } : undefined;
  }
  return { key, value };
}

export function parsePlainText(text: string, source: string): ParsedTranscript {
  const { lines, speakers, accepted } = classify(text);
  const warnings = new WarningTally();
  const meta: ParsedTranscript['meta'] = { people: [] };
  const people = new Map<string, RawPerson>();
  const turns: (RawTurn & { paragraphs: string[][] })[] = [];
  let pendingTime: number | undefined;
  let blank = false;
  let lastTimed: { ms: number; line: number } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const no = i + 1;
    if (line === '') {
      blank = true;
      continue;
    }
    const s = accepted(i) ? speakers[i] : undefined;
    const current = turns.at(-1);
    if (!current) {
      const m = metadata(speakers[i], line);
      if (m) {
        readMeta(meta, m.key, m.value);
        continue;
      }
    }
    const time = s ? undefined : TIME_ONLY.exec(line)?.[1];
    if (time !== undefined) {
      pendingTime = readTime(time);
      continue;
    }
    if (s) {
      const startMs = s.timeMs ?? pendingTime;
      pendingTime = undefined;
      if (startMs !== undefined) {
        if (lastTimed && startMs < lastTimed.ms) {
          throw new IngestError(
            'invalid-timing',
            `this turn starts at ${clock(startMs)}, before the turn at line ${lastTimed.line} (${clock(lastTimed.ms)}); times must go forward`,
            source,
            no,
          );
        }
        lastTimed = { ms: startMs, line: no };
      }
      if (s.role && !people.has(s.label))
        people.set(s.label, { name: s.label, role: s.role, labels: [s.label] });
      turns.push({
        label: s.label,
        text: '',
        line: no,
        ...(startMs !== undefined ? { startMs } : {}),
        paragraphs: [s.text ? [s.text] : []],
      });
    } else if (current) {
      // A time above a paragraph of the same turn says nothing about the next speaker.
      pendingTime = undefined;
      if (blank && current.paragraphs.at(-1)!.length > 0) current.paragraphs.push([line]);
      else current.paragraphs.at(-1)!.push(line);
    } else if (/^#{1,3}\s+\S/.test(line) && !meta.title) {
      // A Markdown heading above a transcript is its title.
      meta.title = line.replace(/^#+\s+/, '');
    } else {
      warnings.add(
        'ignored-preamble',
        `ignored text before the first speaker: ${JSON.stringify(line.slice(0, 60))}`,
        no,
      );
    }
    blank = false;
  }

  if (turns.length === 0)
    throw new IngestError('no-turns', 'no line starts with a speaker ("Name: …")', source);
  const result: RawTurn[] = turns.map(({ paragraphs, ...turn }, i) => {
    const text = paragraphs
      .map((p) => squash(p.join(' ')))
      .filter(Boolean)
      .join('\n');
    if (!text)
      throw new IngestError('empty-turn', `speaker label "${turn.label}" has no text`, source, turn.line);
    // The text gives only starts: a turn ends, by inference, where the next timed one starts.
    const next = turns[i + 1]?.startMs;
    return {
      ...turn,
      text,
      ...(turn.startMs !== undefined && next !== undefined ? { endMs: next, endEstimated: true } : {}),
    };
  });
  const spelling = unifyLabelCase(result.map((t) => t.label));
  for (const turn of result) turn.label = spelling.get(turn.label) ?? turn.label;
  meta.people.push(...people.values());
  return { format: 'plain', turns: result, meta, quotes: [], chapters: [], warnings: warnings.toWarnings() };
}

function readMeta(meta: ParsedTranscript['meta'], key: string, value: string): void {
  if (key.includes('guest')) meta.people.push(...parsePeople(value, 'guest'));
  else if (key.includes('host')) meta.people.push(...parsePeople(value, 'host'));
  else if (key === 'show' || key === 'podcast') meta.show = value;
  else if (key === 'title' || key === 'episode') meta.title = value;
  else {
    const date = parseDate(value);
    if (date) meta.publishedAt = date;
  }
}
