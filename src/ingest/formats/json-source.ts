import type { z } from 'zod';
import { IngestError, type IngestErrorCode } from '../errors.js';

// JSON files named in messages the way a person would look for the problem: the line of a
// syntax error, the JSON path ("segments[3].startTime") of a value of the wrong shape.

/** Looks like a JSON document (an object, or an array of objects), not "[00:01:02] Name: …". */
export function looksLikeJson(text: string): boolean {
  return /^\s*(?:\{|\[\s*(?:\{|\]))/.test(text);
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function readJson(text: string, source: string, code: IngestErrorCode): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const explicit = /line (\d+)/.exec(message)?.[1];
    const position = /position (\d+)/.exec(message)?.[1];
    const line = explicit ? Number(explicit) : position ? lineAt(text, Number(position)) : undefined;
    throw new IngestError(
      code,
      `not valid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}`,
      source,
      line,
    );
  }
}

/** ["segments", 3, "startTime"] → "segments[3].startTime". */
export function jsonPath(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') ||
    '(the document)'
  );
}

export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: jsonPath(issue?.path ?? []), message: issue?.message ?? 'is invalid' };
}

/**
 * Line of each `"key":` in the text, in order: the n-th belongs to the n-th array element
 * carrying that key, which is how messages and turns get line numbers in pretty-printed JSON.
 */
export function keyLines(text: string, key: string): number[] {
  const lines: number[] = [];
  const re = new RegExp(`"${key}"\\s*:`, 'g');
  let line = 1;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = from; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}
