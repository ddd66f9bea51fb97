import { parseClock } from '../../lib/time.js';
import type { IngestWarning, ParsedTranscript, RawChapter, RawPerson, RawQuote } from '../model.js';
import { parseDate } from './dates.js';

// The editorial summary that follows a transcript: metadata lines (Guest:, Host:, Date:),
// a description, quotes under headings, a chapter table (often flattened onto one line),
// closing paragraphs. Whatever cannot be read becomes a warning, never a failure: the
// transcript above it is still worth ingesting.

type Summary = Pick<ParsedTranscript, 'meta' | 'quotes' | 'chapters'>;

const META = /^(guests?|hosts?|co-?hosts?|date|published|recorded|show|podcast|episode|title)\s*:\s*(.+)$/i;
const OPEN_QUOTE = /^["“„«‘']/;
const QUOTE_LINE = /^["“„«]([\s\S]+?)["”»](?:\s*[—–-]+\s*(.+))?\s*$/;
const ATTRIBUTION = /^[—–-]+\s*(.+)$/;
const GENERIC_HEADING = /^(?:(?:notable|key|memorable|featured|top)\s+)?quotes?$/i;
/** A section heading of its own ("Summary", "## Show notes"): structure, never the description. */
const SECTION_HEADING =
  /^(?:#{1,6}\s+)?(?:episode\s+)?(?:summary|show\s*notes|description|overview|about(?: this episode)?|chapters|timestamps|highlights|key (?:takeaways|moments|points))\s*:?\s*$/i;
/** "Summary: In this episode…": the description on the heading's own line. */
const LABELLED_DESCRIPTION =
  /^(?:episode\s+)?(?:summary|description|overview|about(?: this episode)?)\s*:\s*(\S.*)$/i;
const TIME_IN_ATTRIBUTION = /[([]*\s*(\d{1,2}(?::\d{2}){1,2})\s*[)\]]*\s*\)?\s*$/;
/** Something meant as a time that is not one ("[7:7]", "(12:75)"): reported, not trusted. */
const LOOSE_TIME = /[([]+\s*(\d{1,3}(?::\d{1,3}){1,2})\s*[)\]]+\s*\)?\s*$/;

/** "Ana Lima ([07:26])" → name and time; "— Name, 1:02:03" works too. */
export function parseAttribution(text: string): { name?: string; ms?: number; badTime?: string } {
  const t = text.trim();
  const time = TIME_IN_ATTRIBUTION.exec(t) ?? LOOSE_TIME.exec(t);
  const ms = time?.[1] ? parseClock(time[1]) : undefined;
  const name = (time ? t.slice(0, time.index) : t)
    .replace(/[\s,;:([]+$/, '')
    .replace(/^[\s—–-]+/, '')
    .trim();
  return {
    ...(name ? { name } : {}),
    ...(ms !== undefined ? { ms } : {}),
    ...(time?.[1] && ms === undefined ? { badTime: time[1] } : {}),
  };
}

/** "Name, Role, Org" / "Name (Role)" / "A and B" / "A; B" → people. */
export function parsePeople(value: string, role: RawPerson['role']): RawPerson[] {
  const parts = value.includes(';')
    ? value.split(';')
    : !value.includes(',') && /\s(?:and|&)\s/.test(value)
      ? value.split(/\s(?:and|&)\s/)
      : [value];
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const paren = /^([^(]+?)\s*\((.+)\)\s*$/.exec(part);
      if (paren?.[1] && paren[2]) return { name: paren[1].trim(), role, title: paren[2].trim() };
      const [name = '', ...rest] = part.split(',');
      const title = rest.join(',').trim();
      return { name: name.trim(), role, ...(title ? { title } : {}) };
    })
    .filter((p) => p.name.length > 0 && p.name.length <= 80);
}

const TABLE_HEADING = /^(?:time|timestamp|start|segment|chapter|topic|title|section)s?$/i;

/**
 * Chapter rows from a markdown table, whether on many lines or flattened onto one; cells
 * that are neither a heading nor a readable (time, title) pair are returned as `unread`.
 */
export function parseChapterTable(text: string, line: number): { chapters: RawChapter[]; unread: string[] } {
  const cells = text
    .split('|')
    .map((c) => c.trim())
    .filter((c) => c !== '' && !/^:?-{2,}:?$/.test(c));
  const chapters: RawChapter[] = [];
  const unread: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const ms = parseClock(cell);
    const title = cells[i + 1];
    if (ms !== undefined && title && parseClock(title) === undefined) {
      chapters.push({ title, startMs: ms, line });
      i++;
    } else if (!TABLE_HEADING.test(cell)) {
      unread.push(cell);
    }
  }
  return { chapters, unread };
}

export function parseSummary(lines: string[], firstLine: number, warnings: IngestWarning[]): Summary {
  const meta: Summary['meta'] = { people: [] };
  const quotes: RawQuote[] = [];
  const chapters: RawChapter[] = [];
  const paragraphs: string[] = [];
  let heading: string | undefined;
  let pending: RawQuote | undefined;

  const attribute = (quote: RawQuote, text: string, line: number) => {
    const a = parseAttribution(text);
    if (a.name) quote.attribution = a.name;
    if (a.ms !== undefined) quote.statedMs = a.ms;
    if (a.badTime) {
      warnings.push({
        code: 'unreadable-time',
        message: `"${a.badTime}" is not a time; the quote keeps no time`,
        line,
      });
    }
  };

  const finishQuote = () => {
    if (!pending) return;
    if (!pending.attribution) {
      warnings.push({
        code: 'unattributed-quote',
        message: 'a quote has no attribution',
        line: pending.line,
      });
    }
    quotes.push(pending);
    pending = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const lineNo = firstLine + i;
    if (!line) continue;
    try {
      const metaMatch = META.exec(line);
      if (metaMatch?.[1] && metaMatch[2] && line.length < 400 && !pending) {
        readMeta(meta, metaMatch[1].toLowerCase(), metaMatch[2].trim(), lineNo, warnings);
        continue;
      }
      if (line.startsWith('|')) {
        finishQuote();
        const table = parseChapterTable(line, lineNo);
        chapters.push(...table.chapters);
        if (table.unread.length) {
          warnings.push({
            code: 'unreadable-chapter',
            message: `could not read ${table.unread.length} chapter table cell(s), e.g. ${JSON.stringify(table.unread[0]!.slice(0, 60))}`,
            line: lineNo,
          });
        }
        continue;
      }
      const attribution = ATTRIBUTION.exec(line);
      if (attribution?.[1] && pending && !pending.attribution) {
        attribute(pending, attribution[1], lineNo);
        finishQuote();
        continue;
      }
      // An attribution with no quote before it belonged to a quote already reported unreadable.
      if (attribution?.[1] && !pending && /^[—–]/.test(line)) continue;
      // "Quote: “…” — Name ([mm:ss])" and other heading-and-quote-on-one-line shapes.
      const inline = /^([^“"„«]{1,80}?):\s*(["“„«].*)$/.exec(line);
      const quoteText = inline?.[2] ?? line;
      if (inline?.[1]) heading = inline[1];
      const quote = OPEN_QUOTE.test(quoteText) ? QUOTE_LINE.exec(quoteText) : null;
      if (quote?.[1]) {
        finishQuote();
        const theme = heading && !GENERIC_HEADING.test(heading) ? heading : undefined;
        pending = { text: quote[1].trim(), line: lineNo, ...(theme ? { theme } : {}) };
        heading = undefined;
        if (quote[2]) {
          attribute(pending, quote[2], lineNo);
          finishQuote();
        }
        continue;
      }
      if (/^["“„«]/.test(quoteText)) {
        finishQuote();
        warnings.push({
          code: 'unreadable-quote',
          message: `a quote opens but never closes: ${JSON.stringify(quoteText.slice(0, 60))}`,
          line: lineNo,
        });
        heading = undefined;
        continue;
      }
      finishQuote();
      if (SECTION_HEADING.test(line)) {
        heading = undefined;
        continue;
      }
      const labelled = LABELLED_DESCRIPTION.exec(line);
      if (labelled?.[1] && !OPEN_QUOTE.test(labelled[1])) {
        heading = undefined;
        paragraphs.push(labelled[1].trim());
        continue;
      }
      const next = (lines[i + 1] ?? '').trim();
      const isHeading = line.endsWith(':') || (line.length <= 120 && OPEN_QUOTE.test(next));
      if (isHeading) {
        heading = line.replace(/:\s*$/, '').trim();
        continue;
      }
      heading = undefined;
      paragraphs.push(line);
    } catch (err) {
      warnings.push({
        code: 'unreadable-summary-line',
        message: `could not read this summary line: ${(err as Error).message}`,
        line: lineNo,
      });
    }
  }
  finishQuote();
  if (paragraphs[0]) meta.description = paragraphs[0];
  return { meta, quotes, chapters: sortChapters(chapters, warnings) };
}

function readMeta(
  meta: Summary['meta'],
  key: string,
  value: string,
  line: number,
  warnings: IngestWarning[],
): void {
  if (key.startsWith('guest')) meta.people.push(...parsePeople(value, 'guest'));
  else if (key.startsWith('host') || key.startsWith('co')) meta.people.push(...parsePeople(value, 'host'));
  else if (key === 'show' || key === 'podcast') meta.show = value;
  else if (key === 'title' || key === 'episode') meta.title = value;
  else {
    const date = parseDate(value);
    if (date) meta.publishedAt = date;
    else warnings.push({ code: 'unreadable-date', message: `could not read the date "${value}"`, line });
  }
}

function sortChapters(chapters: RawChapter[], warnings: IngestWarning[]): RawChapter[] {
  const sorted = [...chapters].sort((a, b) => a.startMs - b.startMs);
  if (sorted.some((c, i) => c !== chapters[i])) {
    warnings.push({ code: 'chapters-reordered', message: 'chapters were not in time order; sorted them' });
  }
  return sorted.filter((c, i) => {
    const dup = i > 0 && sorted[i - 1]?.startMs === c.startMs;
    if (dup)
      warnings.push({
        code: 'duplicate-chapter',
        message: `two chapters start at the same time: "${c.title}"`,
        ...(c.line ? { line: c.line } : {}),
      });
    return !dup;
  });
}
