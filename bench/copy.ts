import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

// COPY in Postgres' text format: the fastest way rows get into a table, the ceiling the
// ingest pipeline is compared against, and how the search corpus is bulk-loaded.

export type Cell = string | number | boolean | Date | null | readonly string[] | object;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeText(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** One value as COPY text: NULL as \N, dates as ISO, arrays as literals, objects as JSON. */
export function cell(v: Cell): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escapeText(arrayLiteral(v as readonly string[]));
  return escapeText(JSON.stringify(v));
}

export function line(values: readonly Cell[]): string {
  return `${values.map(cell).join('\t')}\n`;
}

/** COPYs rows (arrays in `columns` order) into a table; returns how many went in. */
export async function copyRows(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly Cell[]>,
): Promise<number> {
  const stream = client.query(
    copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`),
  );
  await pipeline(Readable.from(lines(rows)), stream);
  return stream.rowCount;
}

function* lines(rows: Iterable<readonly Cell[]>): Generator<string> {
  // Batches of lines: one stream chunk per row would cost more than the COPY itself.
  let batch = '';
  for (const row of rows) {
    batch += line(row);
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/** COPYs a table's rows out as COPY text, for loading elsewhere unchanged. */
export async function dumpTable(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = client.query(
    copyTo(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) TO STDOUT`),
  );
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** COPYs COPY text (from dumpTable) into a table. */
export async function loadTable(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  data: Buffer,
): Promise<number> {
  const stream = client.query(
    copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`),
  );
  await pipeline(Readable.from([data]), stream);
  return stream.rowCount;
}
