import type { FastifySchema, FastifySerializerCompiler } from 'fastify';
import fastJson, { type Schema } from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

// Responses are written by fast-json-stringify, compiled once per route from the JSON Schema
// of the route's zod response schema: a generated function that knows every key, instead of
// zod walking (and copying) each response before JSON.stringify walks it again. The OpenAPI
// document is generated from the same zod schemas elsewhere and does not change. A schema
// fast-json-stringify cannot write faithfully — a union of objects, where it would pick a
// branch by validating, or anything zod cannot express as JSON Schema — keeps zod's serializer.

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNull = (v: unknown) => isNode(v) && v.type === 'null' && Object.keys(v).length === 1;

/** `anyOf: [X, null]` (zod's `.nullable()`) as X with `nullable: true`; other combinators throw. */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'oneOf' || key === 'allOf' || key === 'not' || key === 'if' || key === '$ref')
      throw new Error(`${key} is not supported`);
    if (key !== 'anyOf') out[key] = simplify(value);
  }
  if (node.anyOf === undefined) return out;
  const variants = node.anyOf as unknown[];
  const kept = variants.filter((v) => !isNull(v));
  if (kept.length !== 1 || kept.length === variants.length)
    throw new Error('only anyOf [X, null] is supported');
  return { ...out, ...(simplify(kept[0]) as Node), nullable: true };
}

function jsonSchemaOf(schema: z.ZodType): Schema {
  // An empty registry: every schema inline, no $defs to resolve.
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    metadata: z.registry(),
    unrepresentable: 'throw',
    cycles: 'throw',
  });
  const { $schema: _, ...rest } = simplify(json) as Node;
  return rest as unknown as Schema;
}

export const serializerCompiler: FastifySerializerCompiler<FastifySchema | z.ZodType> = (route) => {
  if (route.schema instanceof z.ZodType) {
    let stringify: ((data: unknown) => string) | undefined;
    try {
      stringify = fastJson(jsonSchemaOf(route.schema));
    } catch {
      // Not expressible for fast-json-stringify: zod's serializer below.
    }
    if (stringify) return stringify;
  }
  return zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
};
