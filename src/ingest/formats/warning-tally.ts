import type { IngestWarning } from '../model.js';

/**
 * Repairs made while parsing, one warning per kind: "clipped 14 overlapping cues (first at
 * line 31)" tells a partner what happened without burying the report under 14 lines.
 */
export class WarningTally {
  private readonly seen = new Map<string, { message: string; line?: number; count: number }>();

  add(code: string, message: string, line?: number): void {
    const entry = this.seen.get(code);
    if (entry) entry.count++;
    else this.seen.set(code, { message, count: 1, ...(line !== undefined ? { line } : {}) });
  }

  toWarnings(): IngestWarning[] {
    return [...this.seen].map(([code, { message, line, count }]) => ({
      code,
      message: count > 1 ? `${message} (${count} times${line ? `, first at line ${line}` : ''})` : message,
      ...(line !== undefined ? { line } : {}),
    }));
  }
}
