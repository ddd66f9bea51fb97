import type {} from '@fastify/multipart';
import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifyRequest } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../../lib/errors.js';
import { SourceNameSchema } from '../../../modules/episode-writes/episode-writes.schemas.js';

/** Media types a transcript may be sent as, raw, in the request body. */
export const RAW_TRANSCRIPT_TYPES = ['text/plain', 'text/vtt', 'application/x-subrip', 'application/json'];

export const ACCEPTED =
  'a transcript as text/plain, text/vtt, application/x-subrip or application/json (Podcasting 2.0), ' +
  'or multipart/form-data with a "file" part and an optional "meta" part';

/** Largest `meta` sidecar accepted in a multipart upload. */
const MAX_SIDECAR_BYTES = 1024 * 1024;

export interface ReadUpload {
  name: string;
  content: Buffer;
  sidecar?: Buffer;
}

function sourceName(given: string | undefined, where: string): string {
  const parsed = SourceNameSchema.safeParse(given ?? '');
  if (parsed.success) return parsed.data;
  const message = given ? (parsed.error.issues[0]?.message ?? 'is invalid') : 'is required';
  throw new ValidationError(`${where}: ${message}`, [{ field: where, message }]);
}

async function readMultipart(req: FastifyRequest, maxBytes: number, name?: string): Promise<ReadUpload> {
  let file: { content: Buffer; filename?: string } | undefined;
  let sidecar: Buffer | undefined;
  const unexpected: string[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.fieldname === 'file' && !file) {
        file =
          part.type === 'file'
            ? { content: await part.toBuffer(), filename: part.filename }
            : { content: Buffer.from(String(part.value)) };
        if (part.type === 'field' && part.valueTruncated) throw new PayloadTooLargeError(tooLarge(maxBytes));
      } else if (part.fieldname === 'meta' && !sidecar) {
        const meta = part.type === 'file' ? await part.toBuffer() : Buffer.from(String(part.value));
        if (meta.length > MAX_SIDECAR_BYTES || (part.type === 'field' && part.valueTruncated)) {
          throw new PayloadTooLargeError(`the "meta" part is larger than ${MAX_SIDECAR_BYTES} bytes`);
        }
        sidecar = meta;
      } else {
        if (part.type === 'file') part.file.resume();
        unexpected.push(part.fieldname);
      }
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new PayloadTooLargeError(tooLarge(maxBytes));
    throw err;
  }
  if (unexpected.length) {
    const message = `unexpected part(s) ${unexpected.map((f) => `"${f}"`).join(', ')}; send "file" and optionally "meta"`;
    throw new ValidationError(`body: ${message}`, [{ field: 'body', message }]);
  }
  if (!file) {
    const message = 'a multipart upload needs a "file" part holding the transcript';
    throw new ValidationError(`body: ${message}`, [{ field: 'body.file', message }]);
  }
  return {
    name: sourceName(name ?? file.filename, name ? 'query.name' : 'body.file (its filename, or ?name=)'),
    content: file.content,
    ...(sidecar ? { sidecar } : {}),
  };
}

function tooLarge(maxBytes: number): string {
  return `the transcript is larger than the ${maxBytes} byte upload limit`;
}

/**
 * The transcript of an upload request: the raw body (named by `?name=`) or a multipart
 * form's `file` part (named by its filename unless `?name=` is given) with an optional
 * `meta` sidecar. HTTP framing only; the bytes are judged by the ingestion pipeline.
 */
export async function readUpload(req: FastifyRequest, maxBytes: number, name?: string): Promise<ReadUpload> {
  if (req.isMultipart()) return readMultipart(req, maxBytes, name);
  if (!Buffer.isBuffer(req.body))
    throw new UnsupportedMediaTypeError(`The request has no body; send ${ACCEPTED}`);
  return { name: sourceName(name, 'query.name'), content: req.body };
}

const text = (description: string) => z.string().describe(description);

const UPLOAD_CONTENT: Record<string, z.ZodType> = {
  'text/plain': text('A transcript as text: a diarized transcript with a summary, or "Name: text" lines'),
  'text/vtt': text('A WebVTT transcript, with <v Name> voice tags'),
  'application/x-subrip': text('An SRT transcript'),
  'application/json': z
    .object({
      version: z.string().describe('Podcasting 2.0 transcript version, e.g. "1.0.0"'),
      segments: z
        .array(
          z.object({
            speaker: z.string().optional().describe('Who speaks'),
            startTime: z.number().describe('Seconds'),
            endTime: z.number().describe('Seconds'),
            body: z.string().describe('What was said'),
          }),
        )
        .describe('The transcript, in order'),
    })
    .describe('A Podcasting 2.0 JSON transcript'),
  'multipart/form-data': z.object({
    file: z.string().meta({ format: 'binary' }).describe('The transcript file; its name is the source name'),
    meta: z
      .string()
      .optional()
      .describe(
        'Optional sidecar JSON (the `<file>.meta.json` of the CLI): title, show, date, people, chapters',
      ),
  }),
};

/**
 * The upload route reads its body itself (raw bytes or multipart), so no body schema is
 * compiled for it; this transform documents the accepted media types in the OpenAPI
 * document instead.
 */
export const documentUploadBody: SwaggerTransform = (doc) => {
  const transform = jsonSchemaTransform as unknown as SwaggerTransform;
  const out = transform(doc);
  const content: Record<string, { schema: unknown }> = {};
  for (const [type, schema] of Object.entries(UPLOAD_CONTENT)) {
    content[type] = { schema: transform({ ...doc, schema: { body: schema } }).schema.body };
  }
  return { ...out, schema: { ...out.schema, body: { content } } };
};
