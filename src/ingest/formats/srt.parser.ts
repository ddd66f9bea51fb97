import { parseSync, type NodeCue } from 'subtitle';
import { IngestError } from '../errors.js';
import type { ParsedTranscript } from '../model.js';
import { decodeEntities, stripMarkup } from './cue-text.js';
import { cuesToTurns, piecesFromLines, type Cue } from './cues.js';
import {
  firstContentLine,
  hasTimingLines,
  isBrokenTimingLine,
  isTimingLine,
  readTimingLine,
} from './cue-timing.js';
import { WarningTally } from './warning-tally.js';

// SubRip (.srt): numbered blocks of "index / start --> end / text". The `subtitle` package
// splits the file into cues and reads their times. Before it runs, each block is checked here,
// because the package folds whatever it does not recognise into the previous cue's text: a
// block whose timing line is missing or mistyped would silently become someone else's words.

const INDEX = /^\d+$/;
const STRICT_TIMING = /^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}$/;

export function looksLikeSrt(text: string): boolean {
  const lines = text.split('\n', 400).map((l) => l.trim());
  if (/^WEBVTT(?:[ \t]|$)/.test(firstContentLine(text)) || !hasTimingLines(text)) return false;
  const numbered = lines.some((l, i) => INDEX.test(l) && isTimingLine(lines[i + 1] ?? ''));
  const commas = lines.some((l) => isTimingLine(l) && /\d,\d/.test(l));
  return numbered || commas;
}

function srtTime(ms: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor((ms % 3_600_000) / 60_000))}:${pad(Math.floor((ms % 60_000) / 1000))},${pad(ms % 1000, 3)}`;
}

interface TimingLine {
  no: number;
  id?: string;
}

/**
 * Checks every block, rewrites near-miss timing lines into SubRip form and blanks out a
 * preamble, keeping line numbers; returns the text for the `subtitle` parser and, in order,
 * the line and number of each cue it will find.
 */
function prepare(text: string, source: string, warnings: WarningTally) {
  const lines = text.split('\n').map((l) => l.trimEnd());
  const timings: TimingLine[] = [];
  let expected = 1;
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    const start = i;
    while (i < lines.length && lines[i]!.trim() !== '') i++;
    const block = lines.slice(start, i).map((l) => l.trim());
    const index = INDEX.test(block[0]!) ? block[0] : undefined;
    const timingAt = index !== undefined ? 1 : 0;
    if (isBrokenTimingLine(block[timingAt] ?? '')) {
      throw new IngestError(
        'invalid-time',
        `cannot read the cue timing "${block[timingAt]}" (expected "00:00:01,000 --> 00:00:04,000")`,
        source,
        start + timingAt + 1,
      );
    }
    if (!isTimingLine(block[timingAt] ?? '')) {
      if (index !== undefined) {
        throw new IngestError(
          'malformed-transcript',
          `cue ${index} has no timing line (expected "00:00:01,000 --> 00:00:04,000" on the line after its number)`,
          source,
          start + 1,
        );
      }
      if (timings.length === 0) {
        warnings.add('ignored-preamble', 'ignored text before the first cue', start + 1);
        for (let j = start; j < i; j++) lines[j] = '';
      }
      // Otherwise: a blank line inside the previous cue's text, which stays in that cue.
      continue;
    }
    // Every timing line in the block, including ones that start a cue with no blank line before it.
    for (let j = start + timingAt; j < i; j++) {
      if (!isTimingLine(lines[j]!)) continue;
      const timing = readTimingLine(lines[j]!);
      if (!timing) {
        throw new IngestError(
          'invalid-time',
          `cannot read the cue timing "${lines[j]!.trim()}" (expected "00:00:01,000 --> 00:00:04,000")`,
          source,
          j + 1,
        );
      }
      const id =
        j === start + timingAt ? index : INDEX.test(lines[j - 1]!.trim()) ? lines[j - 1]!.trim() : undefined;
      if (!STRICT_TIMING.test(lines[j]!.trim())) {
        warnings.add(
          'nonstandard-timing',
          `cue timing "${lines[j]!.trim()}" is not in SubRip form (hh:mm:ss,ttt --> hh:mm:ss,ttt); read it anyway`,
          j + 1,
        );
      }
      if (j > start + timingAt) {
        warnings.add('no-blank-between-cues', 'a cue starts with no blank line before it', j + 1);
      }
      if (id === undefined) warnings.add('srt-unnumbered', 'a cue has no number', j + 1);
      else if (Number(id) !== expected) {
        warnings.add('srt-numbering', `cues are not numbered 1, 2, 3…; kept them in file order`, j + 1);
      }
      expected = (id !== undefined ? Number(id) : expected) + 1;
      lines[j] = `${srtTime(timing.startMs)} --> ${srtTime(timing.endMs)}`;
      timings.push({ no: j + 1, ...(id !== undefined ? { id } : {}) });
    }
  }
  return { text: lines.join('\n'), timings };
}

export function parseSrt(text: string, source: string): ParsedTranscript {
  const warnings = new WarningTally();
  const prepared = prepare(text, source, warnings);
  let nodes: NodeCue[];
  try {
    nodes = parseSync(prepared.text).filter((n): n is NodeCue => n.type === 'cue');
  } catch (err) {
    const row = /at row (\d+)/.exec((err as Error).message)?.[1];
    const leading = /^\n*/.exec(prepared.text)?.[0].length ?? 0;
    throw new IngestError(
      'malformed-transcript',
      `not a readable SubRip cue: ${(err as Error).message.replace(/ at row \d+/, '')}`,
      source,
      row ? leading + Number(row) : undefined,
    );
  }
  if (nodes.length !== prepared.timings.length) {
    throw new IngestError('malformed-transcript', 'the cues could not be told apart', source);
  }
  const cues: Cue[] = nodes.map((node, i) => {
    const at = prepared.timings[i]!;
    return {
      line: at.no,
      ...(at.id !== undefined ? { id: at.id } : {}),
      startMs: node.data.start,
      endMs: node.data.end,
      pieces: piecesFromLines(decodeEntities(stripMarkup(node.data.text)).split('\n')),
    };
  });
  if (cues.length === 0) throw new IngestError('no-turns', 'the file has no cues', source);
  const turns = cuesToTurns(cues, source, warnings);
  return {
    format: 'srt',
    turns,
    meta: { people: [] },
    quotes: [],
    chapters: [],
    warnings: warnings.toWarnings(),
  };
}
