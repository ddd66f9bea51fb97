import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/lib/paths.js';
import { generateOpenApi } from '../src/openapi.js';
import { testConfig } from './helpers/app.js';

const COMMITTED = path.join(PROJECT_ROOT, 'openapi', 'openapi.json');

describe('the OpenAPI document', () => {
  it('is committed exactly as the code generates it (run `npm run openapi` after changing routes)', async () => {
    const [generated, committed] = await Promise.all([
      generateOpenApi(testConfig()),
      readFile(COMMITTED, 'utf8'),
    ]);
    expect(committed).toBe(generated);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const document = JSON.parse(await readFile(COMMITTED, 'utf8'));
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('gives every operation an operationId, a summary, a description and responses', async () => {
    const document = JSON.parse(await readFile(COMMITTED, 'utf8'));
    const operations = Object.entries(
      document.paths as Record<string, Record<string, Record<string, unknown>>>,
    ).flatMap(([route, methods]) => Object.entries(methods).map(([method, op]) => ({ route, method, op })));
    expect(operations.length).toBeGreaterThan(0);
    for (const { route, method, op } of operations) {
      const where = `${method.toUpperCase()} ${route}`;
      expect(op.operationId, where).toEqual(expect.any(String));
      expect(op.summary, where).toEqual(expect.any(String));
      expect(op.description, where).toEqual(expect.any(String));
      expect(Object.keys(op.responses as object).length, where).toBeGreaterThan(0);
      // Each response says what it means, not the schema provider's placeholder.
      for (const [status, response] of Object.entries(
        op.responses as Record<string, { description: string }>,
      ))
        expect(response.description, `${where} ${status}`).not.toBe('Default Response');
    }
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
