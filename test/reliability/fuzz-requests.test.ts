import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ingestService } from '../helpers/ingest.js';

// For every operation in the committed OpenAPI document: random and boundary values for
// every parameter, header and body. Whatever comes in, the API never answers 5xx (503 from
// load shedding aside), every error is problem+json, and no stack trace or SQL leaks out.

const RUNS_PER_OPERATION = Number(process.env.FUZZ_REQUEST_RUNS ?? 150);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: { type?: string; enum?: unknown[] };
}
interface Operation {
  method: string;
  route: string;
  parameters: Parameter[];
  hasBody: boolean;
}

const nasty = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE episodes; --',
  '%00',
  '%C3%28',
  '%FF%FE',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '\u0000',
  '😀'.repeat(50),
  'a'.repeat(5000),
  '-1',
  '0',
  '9999999999999999999999',
  '1e309',
  'NaN',
  'null',
  '[]',
  '{}',
  'true',
  ' ',
  '',
);

// Cursors are opaque to clients but decoded by us: forge them with hostile contents.
const forgedCursor = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'segments',
        'quotes',
        'changes',
        'chapters',
        'topics',
        '-publishedAt',
        'title',
        'r',
        't',
      ),
      fc.constantFrom(
        2 ** 31,
        2 ** 53,
        -1,
        1e308,
        0.5,
        '9999999999999999999',
        '99999999999999999999',
        'a\u0000b',
      ),
      fc.string({ maxLength: 12 }),
      fc.integer(),
    ),
    { maxLength: 5 },
  )
  .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url'));

const value = fc.oneof(
  nasty,
  forgedCursor,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc
    .constantFrom('ep_', 'seg_', 'qt_', 'per_', 'top_')
    .chain((p) => fc.string({ maxLength: 26 }).map((s) => p + s)),
);

function encode(v: string): string {
  // Leave a few raw percent-escapes (possibly malformed) in place, encode the rest.
  return /^%[0-9A-F]{2}/i.test(v) ? v : encodeURIComponent(v);
}

function operations(document: {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
}) {
  const ops: Operation[] = [];
  for (const [route, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        route,
        parameters: op.parameters ?? [],
        hasBody: Boolean(op.requestBody),
      });
    }
  }
  return ops;
}

describe('every documented operation under random and boundary input', () => {
  let t: TestApp;
  let ops: Operation[];
  let knownIds: string[];
  beforeAll(async () => {
    t = await createTestApp();
    const seed = path.join(PROJECT_ROOT, 'seeds', '000_3f588ae5e4cd8754.txt');
    const stored = await ingestService(t.database).ingest({
      name: 'seed.txt',
      content: await readFile(seed),
      trigger: 'cli',
    });
    knownIds = [stored.episode.id, stored.episode.slug];
    const document = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'openapi', 'openapi.json'), 'utf8'));
    ops = operations(document);
  });
  afterAll(() => t.close());

  it('never answers 5xx, always problem+json on errors, never leaks internals', async () => {
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            path: fc.array(fc.oneof(value, fc.constantFrom(...knownIds)), { minLength: 8, maxLength: 8 }),
            query: fc.dictionary(
              fc.oneof(
                fc.constantFrom('cursor', 'since'),
                fc.constantFrom(
                  ...op.parameters.filter((p) => p.in === 'query').map((p) => p.name),
                  'unknown',
                ),
                fc.string({ maxLength: 10 }),
              ),
              value,
              { maxKeys: 4 },
            ),
            accept: fc.constantFrom(
              undefined,
              'application/json',
              'text/vtt',
              '*/*',
              'garbage/<>',
              'application/x-subrip',
            ),
            ifNoneMatch: fc.constantFrom(undefined, '"x"', 'W/"abc"', '*'),
            authorization: fc.constantFrom(
              undefined,
              'Bearer nonsense',
              'Basic Zm9vOmJhcg==',
              'Bearer ck_x_y',
            ),
            body: fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 })),
            contentType: fc.constantFrom(
              'application/json',
              'text/plain',
              'text/vtt',
              'application/octet-stream',
              'multipart/form-data',
            ),
          }),
          async (input) => {
            let i = 0;
            const url =
              op.route.replace(/\{[^}]+\}/g, () => encode(input.path[i++] ?? 'x')) +
              '?' +
              Object.entries(input.query)
                .map(([k, v]) => `${encodeURIComponent(k)}=${encode(v)}`)
                .join('&');
            const headers: Record<string, string> = {};
            if (input.accept) headers.accept = input.accept;
            if (input.ifNoneMatch) headers['if-none-match'] = input.ifNoneMatch;
            if (input.authorization) headers.authorization = input.authorization;
            const withBody = op.hasBody || op.method === 'POST' || op.method === 'PUT';
            if (withBody) headers['content-type'] = input.contentType;
            const res = await t.app.inject({
              method: op.method as 'GET',
              url,
              headers,
              ...(withBody ? { payload: input.body } : {}),
            });
            const where = `${op.method} ${url.slice(0, 200)} → ${res.statusCode}`;
            expect(res.statusCode < 500 || res.statusCode === 503, where).toBe(true);
            if (res.statusCode >= 400) {
              expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
              expect(res.body, where).not.toMatch(
                /\bat .+\.(ts|js):\d+|node_modules|SELECT |syntax error at|prisma\./i,
              );
            }
          },
        ),
        { numRuns: RUNS_PER_OPERATION },
      );
    }
  }, 600_000);
});
