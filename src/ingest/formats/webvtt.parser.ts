import webvtt, { type VttCue, type VttNode } from 'webvtt-parser';
import { IngestError } from '../errors.js';
import type { ParsedTranscript } from '../model.js';
import { htmlEntities, squash } from './cue-text.js';
import { cuesToTurns, piecesFromLines, type Cue, type CuePiece } from './cues.js';
import {
  firstContentLine,
  hasTimingLines,
  isBrokenTimingLine,
  isTimingLine,
  readTimingLine,
} from './cue-timing.js';
import { looksLikeSrt } from './srt.parser.js';
import { WarningTally } from './warning-tally.js';

// WebVTT (https://w3c.github.io/webvtt/). The W3C's own parser (webvtt-parser) reads each cue's
// timing and settings and its text: voice spans (<v Name>), classes, italics, karaoke
// timestamps and character references. Its whole-file parser is not used because it drops
// what it cannot place without saying where — the first cue of a file without a header, text
// after a blank line inside a cue — and gives cues no line numbers. Splitting the file into
// blocks is done here, so that every repair and every refusal can name its line.

const SIGNATURE = /^WEBVTT(?:[ \t]|$)/;
const SKIPPED_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/;
const HEADER_FIELD = /^[A-Za-z-]+:\s*(.*)$/;
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
// Auto-captioners repeat the previous cue's last line at the top of the next ("rolling"
// captions) and emit 10 ms cues holding only the repeat.
const ROLLING_REPEAT_MAX_MS = 50;

export function looksLikeWebVtt(text: string): boolean {
  if (SIGNATURE.test(firstContentLine(text))) return true;
  return hasTimingLines(text) && !looksLikeSrt(text);
}

interface Line {
  no: number;
  text: string;
  /** Spaces and nothing else: not a blank line to WebVTT, though it looks like one. */
  spaces?: boolean;
}

interface Block {
  lines: Line[];
  /**
   * Only lines of spaces came before the block. YouTube's auto-captions put one under each
   * timing line; to WebVTT they are cue text, so what follows still belongs to the cue.
   */
  afterSpaces?: boolean;
}

function blocks(lines: Line[]): Block[] {
  const out: Block[] = [];
  let current: Line[] = [];
  let separator: Line[] = [];
  const push = () => {
    if (!current.length) return;
    const afterSpaces = out.length > 0 && separator.length > 0 && separator.every((l) => l.spaces);
    out.push({ lines: current, ...(afterSpaces ? { afterSpaces } : {}) });
    separator = [];
  };
  for (const line of lines) {
    if (line.text.trim() === '') {
      push();
      current = [];
      separator.push(line);
    } else current.push(line);
  }
  push();
  return out;
}

function readTiming(line: Line, source: string, warnings: WarningTally): { startMs: number; endMs: number } {
  const cue: VttCue = { startTime: 0, endTime: 0 };
  const problems: string[] = [];
  const strict = new webvtt.WebVTTCueTimingsAndSettingsParser(line.text, (message, column) =>
    problems.push(column ? `${message} (column ${column})` : message),
  ).parse(cue, 0);
  if (strict) return { startMs: Math.round(cue.startTime * 1000), endMs: Math.round(cue.endTime * 1000) };
  const lenient = readTimingLine(line.text);
  if (lenient) {
    warnings.add(
      'nonstandard-timing',
      `cue timing "${line.text.trim()}" is not in WebVTT form (hh:mm:ss.ttt); read it anyway`,
      line.no,
    );
    return lenient;
  }
  throw new IngestError(
    'invalid-time',
    `cannot read the cue timing "${line.text.trim()}": ${problems[0] ?? 'expected "00:00:01.000 --> 00:00:04.000"'}`,
    source,
    line.no,
  );
}

/** The cue text as runs of speech, each with the voice (<v Name>) it is in, if any. */
function voiceRuns(nodes: VttNode[], voice: string | undefined, out: { voice?: string; text: string }[]) {
  for (const node of nodes) {
    if (node.type === 'text') {
      const last = out.at(-1);
      if (last && last.voice === voice) last.text += node.value;
      else out.push({ ...(voice !== undefined ? { voice } : {}), text: node.value });
    } else if (node.type === 'object') {
      const inner = node.name === 'v' ? squash(node.value ?? '') || voice : voice;
      voiceRuns(node.children, inner, out);
    }
  }
  return out;
}

function cuePieces(text: string, cue: { startMs: number; endMs: number }): CuePiece[] {
  const tree = new webvtt.WebVTTCueTextParser(
    text.replace(/<br\s*\/?>/gi, '\n'),
    () => undefined,
    'metadata',
    htmlEntities(),
  ).parse(cue.startMs / 1000, cue.endMs / 1000);
  return voiceRuns(tree.children, undefined, []).flatMap((run) =>
    piecesFromLines(
      run.text
        // The reference parser reads "&#x2F;" as decimal; finish hexadecimal references here.
        .replace(/&#x([0-9a-f]{1,6});/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
        .replace(/\{\\[^{}]*\}/g, '')
        .split('\n'),
      run.voice,
    ),
  );
}

export function parseWebVtt(text: string, source: string): ParsedTranscript {
  const warnings = new WarningTally();
  const lines: Line[] = text.split('\n').map((t, i) => ({
    no: i + 1,
    text: t.trimEnd(),
    ...(t !== '' && t.trim() === '' ? { spaces: true } : {}),
  }));
  const all = blocks(lines);
  let language: string | undefined;

  const first = all[0]?.lines[0];
  if (first && SIGNATURE.test(first.text)) {
    const header = all.shift()!.lines;
    // A cue written straight under the header, with no blank line between them.
    const timing = header.findIndex((l) => isTimingLine(l.text));
    const fieldsEnd =
      timing < 0
        ? header.length
        : timing > 1 && !HEADER_FIELD.test(header[timing - 1]!.text)
          ? timing - 1
          : timing;
    for (const field of header.slice(1, fieldsEnd)) {
      const m = /^language:\s*(\S+)$/i.exec(field.text.trim());
      if (m?.[1] && LANGUAGE.test(m[1])) language = m[1];
    }
    if (timing >= 0) {
      warnings.add('no-blank-after-header', 'no blank line after the WEBVTT header', header[timing]!.no);
      all.unshift({ lines: header.slice(fieldsEnd) });
    }
  } else {
    warnings.add('missing-webvtt-header', 'the file does not start with "WEBVTT"; read its cues anyway', 1);
  }

  const cues: (Cue & { text: string[] })[] = [];
  const pending = [...all];
  let previousWasCue = false;
  while (pending.length) {
    const { lines: block, afterSpaces } = pending.shift()!;
    const head = block[0]!;
    if (SKIPPED_BLOCK.test(head.text)) {
      previousWasCue = false;
      continue;
    }
    const timing = block.findIndex((l) => isTimingLine(l.text));
    const broken = block.slice(0, 2).find((l) => isBrokenTimingLine(l.text));
    if (broken && (timing < 0 || timing > block.indexOf(broken))) {
      throw new IngestError(
        'invalid-time',
        `cannot read the cue timing "${broken.text.trim()}" (expected "00:00:01.000 --> 00:00:04.000")`,
        source,
        broken.no,
      );
    }
    if (timing < 0 || timing > 1) {
      // Text with no timing of its own: a blank line inside the previous cue.
      const orphan = timing < 0 ? block : block.slice(0, timing - 1);
      const last = cues.at(-1);
      if (last && previousWasCue) {
        last.text.push(...orphan.map((l) => l.text));
        if (!afterSpaces) {
          warnings.add(
            'blank-line-in-cue',
            "a cue's text contains a blank line; kept the text in that cue",
            head.no,
          );
        }
      } else {
        warnings.add('text-outside-cues', 'ignored text that belongs to no cue', head.no);
      }
      if (timing > 1) pending.unshift({ lines: block.slice(timing - 1) });
      continue;
    }
    const timingLine = block[timing]!;
    // A timing line inside the cue text starts the next cue (its blank line is missing).
    const next = block.findIndex((l, i) => i > timing && isTimingLine(l.text));
    if (next > 0) {
      warnings.add('no-blank-between-cues', 'a cue starts with no blank line before it', block[next]!.no);
      pending.unshift({ lines: block.slice(next) });
    }
    const times = readTiming(timingLine, source, warnings);
    cues.push({
      line: timingLine.no,
      ...(timing === 1 ? { id: head.text.trim() } : {}),
      ...times,
      pieces: [],
      text: block.slice(timing + 1, next > 0 ? next : undefined).map((l) => l.text),
    });
    previousWasCue = true;
  }

  let previousLast = '';
  for (const cue of cues) {
    const plain = cue.text.map((l) => squash(l.replace(/<[^<>]*>/g, '')));
    const repeats = plain.length > 0 && plain[0] !== '' && plain[0] === previousLast;
    if (repeats && (plain.length > 1 || cue.endMs - cue.startMs <= ROLLING_REPEAT_MAX_MS)) {
      cue.text.shift();
      warnings.add('rolling-captions', 'dropped a caption line repeated from the previous cue', cue.line);
    }
    previousLast = plain.at(-1) ?? previousLast;
    cue.pieces = cuePieces(cue.text.join('\n'), cue);
  }

  if (cues.length === 0) throw new IngestError('no-turns', 'the file has no cues', source);
  const turns = cuesToTurns(cues, source, warnings);
  return {
    format: 'webvtt',
    turns,
    meta: { people: [], ...(language ? { language } : {}) },
    quotes: [],
    chapters: [],
    warnings: warnings.toWarnings(),
  };
}
