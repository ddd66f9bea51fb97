import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { API_VERSION } from '../../lib/version.js';

const DESCRIPTION = `castindex serves podcast episodes as structured content: who speaks, what was said
when, which quotes matter and what each episode is about.

* Lists return \`{ data, page: { nextCursor, limit } }\`; pass \`cursor\` to get the next page.
* Errors are RFC 9457 \`application/problem+json\` documents with a stable \`type\`.
* Every response carries an \`x-request-id\`; reads carry an \`ETag\` and answer \`If-None-Match\` with 304.
* API keys (\`Authorization: Bearer <key>\` or \`x-api-key\`) carry scopes: \`read\`, \`ingest\` (uploads, and
  read), \`admin\` (everything). Reads may work without a key, depending on the deployment.
* Every \`/v1\` response carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`; over the
  limit the answer is 429 with \`Retry-After\`.`;

type TransformObject = typeof jsonSchemaTransformObject;

type Responses = Record<string, { description?: string; content?: Record<string, unknown> }>;
type Paths = Record<string, Record<string, { responses?: Responses }>>;

/** Error responses are sent as application/problem+json, so that is what the document says. */
function problemMediaType(paths: Paths | undefined): void {
  for (const operation of Object.values(paths ?? {}).flatMap((methods) => Object.values(methods))) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const json = response.content?.['application/json'];
      if (Number(status) >= 400 && json && response.content) {
        response.content = { 'application/problem+json': json };
      }
    }
  }
}

const GET_RESPONSES = {
  '304': { description: 'Not modified: the `If-None-Match` header matched the current `ETag`' },
  '503': {
    description:
      'The database is unavailable or the server is shedding load; retry after `Retry-After` seconds',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
};

/** What each status means across the API, for responses whose schema does not say. */
const STATUS_MEANINGS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'Done; no content',
  '400': 'The request is invalid: `errors` names each field and what is wrong with it',
  '401': 'No API key, or one that is not valid',
  '403': 'The API key lacks the scope this operation needs',
  '404': 'Not found: the problem’s `detail` says what is missing',
  '406': 'None of the representations the `Accept` header asks for is available',
  '409': 'In conflict with the current state',
  '413': 'The body is over the upload limit (`MAX_UPLOAD_BYTES`)',
  '415': 'The body is not of a media type this operation reads',
  '422': 'The transcript could not be read: the problem says what and, where it can, on which line',
  '429': 'Too many requests: retry after `Retry-After` seconds',
};

/**
 * The schema provider titles every response it has no description for "Default Response";
 * the document says what the status means instead.
 */
function describeResponses(paths: Paths | undefined): void {
  for (const operation of Object.values(paths ?? {}).flatMap((methods) => Object.values(methods))) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (response.description === 'Default Response' && STATUS_MEANINGS[status])
        response.description = STATUS_MEANINGS[status];
    }
  }
}

/** Every read can answer 304 (ETag) and 503 (outage, load shedding): say so on each. */
function readResponses(paths: Paths | undefined): void {
  for (const methods of Object.values(paths ?? {})) {
    const get = methods.get;
    if (get?.responses) get.responses = { ...get.responses, ...GET_RESPONSES, ...get.responses };
  }
}

/**
 * The zod provider emits every named schema twice (as used for input and for output);
 * only the ones an operation actually reaches belong in the document.
 */
function reachableSchemas(doc: { paths?: Paths; components?: { schemas?: Record<string, unknown> } }) {
  const all = doc.components?.schemas ?? {};
  const refs = (value: unknown) =>
    [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  const keep = new Set<string>();
  const queue = refs(doc.paths);
  while (queue.length) {
    const name = queue.pop()!;
    if (keep.has(name) || !(name in all)) continue;
    keep.add(name);
    queue.push(...refs(all[name]));
  }
  return keep;
}

/**
 * Component schemas in name order: zod registers them in module import order, which differs
 * between entry points (server, CLI, tests) and must not change the document. Error
 * responses carry the problem media type.
 */
const sortedSchemas: TransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input);
  const typed = doc as { paths?: Paths; components?: { schemas?: Record<string, unknown> } };
  problemMediaType(typed.paths);
  describeResponses(typed.paths);
  readResponses(typed.paths);
  // A fresh object from the transform: reordering its schemas in place touches nothing shared.
  const components = typed.components;
  if (components?.schemas) {
    const keep = reachableSchemas(typed);
    const names = Object.keys(components.schemas)
      .filter((n) => keep.has(n))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    components.schemas = Object.fromEntries(names.map((n) => [n, components.schemas![n]]));
  }
  return doc;
};

/** OpenAPI 3.1 generated from the zod route schemas, served at /openapi.json and /docs. */
export default fp<{ serverUrl?: string | undefined }>(
  async (app, opts) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'castindex API', version: API_VERSION, description: DESCRIPTION },
        servers: opts.serverUrl ? [{ url: opts.serverUrl }] : [],
        tags: [
          { name: 'episodes', description: 'Episodes, their segments, transcripts and chapters' },
          { name: 'people', description: 'Hosts and guests, across episodes' },
          { name: 'quotes', description: 'Citable quotes tied to the moment they were said' },
          { name: 'topics', description: 'What episodes are about' },
          { name: 'search', description: 'Full-text search over what was said' },
          { name: 'sync', description: 'Change feed and bulk export for partners who sync' },
          { name: 'keys', description: 'API keys and the audit trail, for administrators' },
          { name: 'ops', description: 'Health, readiness and metrics' },
        ],
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key as a bearer token' },
            apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key' },
          },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: sortedSchemas,
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { deepLinking: true, persistAuthorization: true, tryItOutEnabled: true },
      // The UI's assets are served from the package itself: nothing is fetched from a CDN.
      staticCSP: true,
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
