import { z } from 'zod';
import { parseDate } from './formats/dates.js';
import { readChapters } from './formats/podcast-chapters.parser.js';
import { containsNul } from '../lib/text.js';
import { IngestError } from './errors.js';
import type { Sidecar } from './model.js';

const Person = z.object({
  name: z.string().trim().min(1).max(120),
  role: z.enum(['host', 'guest', 'other']).optional(),
  title: z.string().trim().max(300).optional(),
  labels: z.array(z.string().max(40)).max(20).optional(),
});

const SidecarSchema = z
  .object({
    show: z.string().trim().min(1).max(200).optional(),
    title: z.string().trim().min(1).max(300).optional(),
    publishedAt: z.string().max(40).optional(),
    date: z.string().max(40).optional(),
    description: z.string().max(20_000).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .optional(),
    people: z.array(Person).max(50).optional(),
    // Podcasting 2.0 chapters, read (and bounded) exactly as a chapters file is.
    chapters: z.array(z.unknown()).max(1000).optional(),
  })
  .strict();

/** Reads a `<file>.meta.json` sidecar; a wrong shape names the first bad field. */
export function parseSidecar(content: Buffer | string, source: string): Sidecar {
  let json: unknown;
  try {
    json = JSON.parse(typeof content === 'string' ? content : content.toString('utf8'));
  } catch (err) {
    throw new IngestError(
      'invalid-sidecar',
      `the sidecar is not valid JSON: ${(err as Error).message}`,
      source,
    );
  }
  // Postgres text cannot hold NUL; refuse it here rather than fail half-way through storing.
  if (containsNul(json)) {
    throw new IngestError('invalid-sidecar', 'the sidecar contains a NUL character', source);
  }
  const parsed = SidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IngestError(
      'invalid-sidecar',
      `sidecar field "${issue?.path.join('.') || '(root)'}": ${issue?.message ?? 'is invalid'}`,
      source,
    );
  }
  const { date, publishedAt, chapters, ...rest } = parsed.data;
  const when = publishedAt ?? date;
  const iso = when ? parseDate(when) : undefined;
  if (when && !iso) throw new IngestError('invalid-sidecar', `sidecar date "${when}" is not a date`, source);
  return {
    ...rest,
    ...(iso ? { publishedAt: iso } : {}),
    ...(chapters ? { chapters: readChapters({ chapters }, source).chapters } : {}),
  };
}
