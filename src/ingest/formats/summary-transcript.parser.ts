import { IngestError } from '../errors.js';
import type { IngestWarning, ParsedTranscript, RawTurn } from '../model.js';
import { parseSummary } from './summary-block.js';

// A diarized transcript followed by an editorial summary:
//
//   <scraper junk>
//   A                      ← a line holding only a diarization label
//   text of the turn…      ← one or more lines
//   B
//   …
//   Guest: Name, Role      ← the summary block: metadata, description, quotes, chapters
//
// Labels are short tokens ("A", "B2", "SPEAKER_1", "Speaker 3"); the summary starts at the
// first line that can only belong to it.

const LABEL = /^(?:[A-Z]|[A-Z]\d{1,2}|SPEAKER[ _]?\d{1,2}|Speaker [A-Z0-9]{1,2})$/;

const SUMMARY_START = [
  /^(?:guests?|hosts?|co-?hosts?|date|published|recorded|show|podcast|episode|title)\s*:\s*\S/i,
  /^(?:quotes?|key quotes?|notable quotes?|final reflection)\s*:/i,
  /^\|\s*time\s*\|/i,
  /^(?:#{1,6}\s+)?(?:episode )?(?:summary|show notes)\s*:?\s*$/i,
];

export function isLabelLine(line: string): boolean {
  return LABEL.test(line.trim());
}

/** At least two label-only lines, each followed by text: the shape of a diarized transcript. */
export function looksLikeSummaryTranscript(text: string): boolean {
  const lines = text.split('\n', 400).map((l) => l.trim());
  let labelled = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const next = lines[i + 1] ?? '';
    if (isLabelLine(lines[i] ?? '') && next !== '' && !isLabelLine(next)) labelled++;
  }
  return labelled >= 2;
}

function summaryStart(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line.length < 400 && SUMMARY_START.some((re) => re.test(line))) return i;
  }
  return lines.length;
}

/**
 * The line where an editorial summary starts in a file that has no speaker turns before it —
 * a summary whose transcript is missing — or undefined.
 */
export function summaryWithoutTurns(text: string): number | undefined {
  const lines = text.split('\n');
  if (lines.some((l) => isLabelLine(l))) return undefined;
  const start = summaryStart(lines, 0);
  return start < lines.length ? start + 1 : undefined;
}

export function parseSummaryTranscript(text: string, source: string): ParsedTranscript {
  const lines = text.split('\n');
  const warnings: IngestWarning[] = [];
  const firstLabel = lines.findIndex((l) => isLabelLine(l));
  if (firstLabel < 0) {
    throw new IngestError('no-turns', 'no speaker turns found (no line holds only a speaker label)', source);
  }
  const skipped = lines.slice(0, firstLabel).filter((l) => l.trim());
  if (skipped.length) {
    warnings.push({
      code: 'ignored-preamble',
      message: `ignored ${skipped.length} line(s) before the first speaker label: ${JSON.stringify(skipped[0]?.trim().slice(0, 60))}`,
      line: lines.findIndex((l) => l.trim()) + 1,
    });
  }
  const end = summaryStart(lines, firstLabel + 1);

  const turns: RawTurn[] = [];
  let current: { label: string; line: number; text: string[] } | undefined;
  const close = () => {
    if (!current) return;
    if (current.text.length === 0) {
      throw new IngestError(
        'empty-turn',
        `speaker label "${current.label}" has no text`,
        source,
        current.line,
      );
    }
    turns.push({ label: current.label, text: current.text.join('\n'), line: current.line });
  };
  for (let i = firstLabel; i < end; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (isLabelLine(line)) {
      close();
      current = { label: line, line: i + 1, text: [] };
    } else {
      current?.text.push(line);
    }
  }
  close();
  if (turns.length === 0) throw new IngestError('no-turns', 'no speaker turns found', source);

  const summary = parseSummary(lines.slice(end), end + 1, warnings);
  return { format: 'summary-transcript', turns, ...summary, warnings };
}
