import { z } from 'zod';
import { ValidationError } from './errors.js';
import { containsNul } from './text.js';

// Opaque keyset cursors: base64url JSON of the last row's sort key. Keyset (not offset)
// pages stay correct while rows are added: nothing is skipped or repeated.

export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(
  cursor: string,
  shape: T,
  field = 'query.cursor',
  /** What the field may hold, when more than a cursor of this listing. */
  expected?: string,
): z.output<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  // Cursors are opaque but not trusted: a forged one must fail here, not in the database.
  const parsed = containsNul(raw) ? undefined : shape.safeParse(raw);
  if (!parsed?.success) {
    throw new ValidationError(`${field}: ${expected ?? 'the cursor is malformed or from another listing'}`, [
      { field, message: expected ?? 'malformed cursor; use the nextCursor of a previous page' },
    ]);
  }
  return parsed.data;
}

/** Cursor fields that reach SQL, bounded to what the columns can hold. */
export const cursorFields = {
  /** An int4 column: ordinals, positions. */
  int: () => z.number().int().min(0).max(2_147_483_647),
  /** An int8 column carried as a string: sequence numbers. */
  // One check: zod runs every check even after one fails, and BigInt() throws on non-digits.
  bigint: () =>
    z.string().refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= 9_223_372_036_854_775_807n, {
      error: 'must be a sequence number',
    }),
};

/** Given limit+1 rows, the page and the cursor for the next one. */
export function pageOf<Row>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => readonly (string | number | null)[],
): { rows: Row[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return { rows: page, nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
