import { ValidationError } from './errors.js';

const DAY_MS = 86_400_000;
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * `publishedFrom` / `publishedTo` (each a date or a date-time, inclusive) as the half-open
 * range [from, before): a date as "to" means the whole of that day. A range that ends before
 * it starts is a 400, not an empty page.
 */
export function publishedRange(q: { publishedFrom?: string | undefined; publishedTo?: string | undefined }): {
  publishedFrom: Date | undefined;
  publishedBefore: Date | undefined;
} {
  const from = q.publishedFrom !== undefined ? new Date(q.publishedFrom) : undefined;
  const before =
    q.publishedTo !== undefined
      ? new Date(new Date(q.publishedTo).getTime() + (isDate(q.publishedTo) ? DAY_MS : 1))
      : undefined;
  if (from && before && from >= before) {
    const message = 'must not be before publishedFrom';
    throw new ValidationError(`query.publishedTo: ${message}`, [{ field: 'query.publishedTo', message }]);
  }
  return { publishedFrom: from, publishedBefore: before };
}
