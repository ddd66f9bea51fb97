import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { cursorFields, decodeCursor, encodeCursor, pageOf } from '../../lib/pagination.js';
import type { ChangesRepository } from './changes.repository.js';
import type { ChangeListDto, ChangesQuery } from './changes.schemas.js';

const Cursor = z.tuple([z.literal('changes'), cursorFields.bigint()]);
const Timestamp = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const cursorAt = (seq: bigint) => encodeCursor(['changes', seq.toString()]);

/** Where a request starts: after a cursor's seq, or at a point in time. */
function position(q: ChangesQuery): { afterSeq?: bigint; occurredFrom?: Date } {
  if (q.since !== undefined && q.cursor !== undefined) {
    const message = 'give either since or cursor, not both';
    throw new ValidationError(`query.cursor: ${message}`, [{ field: 'query.cursor', message }]);
  }
  if (q.cursor !== undefined) return { afterSeq: BigInt(decodeCursor(q.cursor, Cursor)[1]) };
  if (q.since === undefined) return {};
  if (Timestamp.safeParse(q.since).success) return { occurredFrom: new Date(q.since) };
  // Neither form: the error says both, not only the cursor's.
  const expected =
    'expected an ISO 8601 date or date-time (2026-11-26, 2026-11-26T09:30:00Z) or the resumeCursor of an earlier call';
  return { afterSeq: BigInt(decodeCursor(q.since, Cursor, 'query.since', expected)[1]) };
}

export function createChangesService(deps: { changes: ChangesRepository }) {
  return {
    /** Episode changes in the order they were committed, for partners who keep a copy in sync. */
    async list(q: ChangesQuery): Promise<ChangeListDto> {
      const from = position(q);
      const { rows, headSeq } = await deps.changes.list({ ...from, limit: q.limit });
      const page = pageOf(rows, q.limit, (r) => ['changes', r.seq.toString()]);
      const last = page.rows.at(-1);
      // With nothing new, a time-based start resumes from the head: everything up to it is
      // older than `since`, and anything newer will have a higher seq.
      const resumeSeq = last?.seq ?? from.afterSeq ?? headSeq;
      return {
        data: page.rows.map((r) => ({
          seq: r.seq.toString(),
          type: r.type,
          episodeId: r.episodeId,
          episodeSlug: r.episodeSlug,
          occurredAt: r.occurredAt.toISOString(),
        })),
        page: { nextCursor: page.nextCursor, limit: q.limit },
        resumeCursor: cursorAt(resumeSeq),
      };
    },
  };
}

export type ChangesService = ReturnType<typeof createChangesService>;
