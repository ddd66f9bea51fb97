import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getSchema, type Field, type Model, type Enum } from '@mrleebo/prisma-ast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// The migrations are written by hand; this proves they build exactly the tables and
// columns prisma/schema.prisma describes (names, nullability and types).

const SCALARS: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp with time zone',
  Json: 'jsonb',
};

function mapped(attributes: { name: string; args?: { value: unknown }[] }[] | undefined): string | undefined {
  const map = attributes?.find((a) => a.name === 'map');
  const value = map?.args?.[0]?.value;
  return typeof value === 'string' ? value.replace(/^"|"$/g, '') : undefined;
}

interface Column {
  type: string;
  nullable: boolean;
}

async function expectedSchema(): Promise<Record<string, Record<string, Column>>> {
  const schema = getSchema(await readFile(path.join(PROJECT_ROOT, 'prisma', 'schema.prisma'), 'utf8'));
  const models = schema.list.filter((b): b is Model => b.type === 'model');
  const enums = new Map(
    schema.list
      .filter((b): b is Enum => b.type === 'enum')
      .map((e) => [e.name, mapped(e.enumerators.filter((x) => x.type === 'attribute') as never) ?? e.name]),
  );
  const modelNames = new Set(models.map((m) => m.name));
  const tables: Record<string, Record<string, Column>> = {};
  for (const model of models) {
    const table = mapped(model.properties.filter((p) => p.type === 'attribute') as never) ?? model.name;
    tables[table] = {};
    for (const field of model.properties.filter((p): p is Field => p.type === 'field')) {
      const fieldType = field.fieldType;
      if (typeof fieldType === 'string' && modelNames.has(fieldType)) continue; // a relation, not a column
      let type: string;
      if (typeof fieldType === 'object') type = String(fieldType.params?.[0]).replace(/"/g, '');
      else if (enums.has(fieldType)) type = enums.get(fieldType)!;
      else type = SCALARS[fieldType] ?? fieldType;
      if (field.array) type = `${type}[]`;
      const column = mapped(field.attributes as never) ?? field.name;
      tables[table]![column] = { type, nullable: Boolean(field.optional) || Boolean(field.array) };
    }
  }
  return tables;
}

describe('schema.prisma and the migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('describe the same tables, columns, types and nullability', async () => {
    const { rows } = await database.db.pool.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual: Record<string, Record<string, Column>> = {};
    for (const r of rows) {
      let type = r.data_type === 'USER-DEFINED' ? r.udt_name : r.data_type;
      if (r.data_type === 'ARRAY')
        type = `${r.udt_name.replace(/^_/, '') === 'text' ? 'text' : r.udt_name}[]`;
      (actual[r.table_name] ??= {})[r.column_name] = { type, nullable: r.is_nullable === 'YES' };
    }
    expect(actual).toEqual(await expectedSchema());
  });
});
