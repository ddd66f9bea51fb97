import { z } from 'zod';

// Schemas shared by every route: the problem document, list pages and their query params.

export const ProblemSchema = z
  .object({
    type: z.string().describe('Stable URI identifying the kind of problem'),
    title: z.string().describe('Short summary of the kind of problem'),
    status: z.number().int().describe('The HTTP status code'),
    detail: z.string().describe('What went wrong with this request, for a person'),
    instance: z.string().describe('The path of the request'),
    requestId: z.string().describe('The x-request-id of the request, for support'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('For validation problems: each failing field'),
  })
  .loose()
  .meta({
    id: 'Problem',
    description: 'An RFC 9457 problem document (application/problem+json)',
    example: {
      type: 'https://castindex.dev/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No episode with id or slug "ep_missing"',
      instance: '/v1/episodes/ep_missing',
      requestId: '5f0c6c1e-8d7f-4a59-9a43-3f4b0c1f7a10',
    },
  });

export const PageSchema = z
  .object({
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page'),
    limit: z.number().int().describe('The page size used'),
  })
  .meta({ id: 'Page' });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), page: PageSchema });
}

export const MAX_LIMIT = 100;

export const limitQuery = (defaultLimit = 20, max = MAX_LIMIT) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max, `must be at most ${max}`)
    .default(defaultLimit)
    .describe(`Page size, 1 to ${max}`);

// Cursors carry the last row's sort key (a title, a name), so they can be long.
export const cursorQuery = z
  .string()
  .max(2048)
  .optional()
  .describe('The `page.nextCursor` of the previous page');

/** `q` of the people and topics listings: matched by the repositories' nameMatches. */
export const nameQuery = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe('Part of the name, in any case, with or without its accents');

export const idOrSlugParam = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an id or a slug (letters, digits, "-" and "_")')
  .describe('Id (e.g. ep_01j…) or slug');

/** A filter naming one resource by id or slug; one that does not exist is a 400. */
export const idOrSlugFilter = (description: string) =>
  z.string().min(1).max(200).optional().describe(description);

/** A date ("2026-06-04") or a date-time with offset ("2026-06-04T10:00:00Z"). */
export const dateOrDateTimeQuery = (description: string) =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
    })
    .optional()
    .describe(description);

/** A comma-separated list of known values (`include=people,chapters`); an unknown one is a 400. */
export function commaListQuery<const T extends readonly [string, ...string[]]>(
  values: T,
  description: string,
) {
  return z
    .string()
    .max(200)
    .transform((raw, ctx) => {
      const parts = [...new Set(raw.split(',').map((p) => p.trim()))].filter(Boolean);
      const unknown = parts.filter((p) => !values.includes(p));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown value ${unknown.map((u) => JSON.stringify(u)).join(', ')}; allowed: ${values.join(', ')}`,
        });
        return z.NEVER;
      }
      return parts as T[number][];
    })
    .optional()
    .describe(`${description} Comma-separated, any of: ${values.join(', ')}.`)
    .meta({ example: values.join(',') });
}

/** The query of a route that takes no parameters: anything given is a 400, not silently ignored. */
export const noQuery = z.object({}).strict();

/** Error responses every read route can give. */
export const readErrors = { 400: ProblemSchema, 404: ProblemSchema } as const;
