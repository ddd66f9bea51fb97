import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseSync } from 'subtitle';
import { PROJECT_ROOT } from '../../src/lib/paths.js';

// Real parsers of each caption format, reading both what a partner sends and what castindex
// exports, so that round trips are judged by the formats' own rules and not by our parsers.

export interface ParsedCue {
  startMs: number;
  endMs: number;
  /** The voice (WebVTT) or "Name:" prefix (SRT); a cue without one continues the previous speaker. */
  speaker: string | undefined;
  /** The text without markup, one entry per caption line. */
  lines: string[];
}

interface VttNode {
  type: string;
  name?: string;
  value?: string;
  children?: VttNode[];
}
interface VttCue {
  startTime: number;
  endTime: number;
  tree: { children: VttNode[] };
}
const { WebVTTParser } = createRequire(import.meta.url)('webvtt-parser') as {
  WebVTTParser: new (entities?: Record<string, string>) => {
    parse(text: string, mode: 'metadata'): { cues: VttCue[]; errors: { message: string; line: number }[] };
  };
};
const ENTITIES = JSON.parse(
  readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'webvtt-parser', 'html-entities.json'), 'utf8'),
) as Record<string, string>;

const flatten = (nodes: VttNode[]): string =>
  nodes.map((n) => (n.type === 'text' ? (n.value ?? '') : flatten(n.children ?? []))).join('');
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

/** Speakers carried forward: a cue with none is the previous speaker's. */
function carried(cues: ParsedCue[]): ParsedCue[] {
  let speaker: string | undefined;
  return cues.map((c) => {
    speaker = c.speaker ?? speaker;
    return { ...c, speaker };
  });
}

/** `carrySpeakers: false` keeps a cue without a voice speakerless, as the file says it. */
export function parseVttCues(
  text: string,
  { carrySpeakers = true } = {},
): { errors: unknown[]; cues: ParsedCue[] } {
  const tree = new WebVTTParser(ENTITIES).parse(text, 'metadata');
  const cues = tree.cues.map((c) => {
    const voice = c.tree.children.find((n) => n.type === 'object' && n.name === 'v');
    return {
      startMs: Math.round(c.startTime * 1000),
      endMs: Math.round(c.endTime * 1000),
      speaker: voice?.value,
      lines: linesOf(flatten(c.tree.children)),
    };
  });
  return { errors: tree.errors, cues: carrySpeakers ? carried(cues) : cues };
}

export function parseSrtCues(text: string, { carrySpeakers = true } = {}): ParsedCue[] {
  const cues = parseSync(text)
    .filter((n) => n.type === 'cue')
    .map((n) => {
      const cue = n.data as { start: number; end: number; text: string };
      const plain = cue.text.replace(/<\/?(?:b|i|u|font)\b[^>]*>/gi, ''); // SubRip's own tags
      const m = /^([^:\n]+): ([\s\S]*)$/.exec(plain);
      return {
        startMs: cue.start,
        endMs: cue.end,
        speaker: m?.[1],
        lines: linesOf(m?.[2] ?? plain),
      };
    });
  return carrySpeakers ? carried(cues) : cues;
}
