import { z } from 'zod';
import { cursorFields, decodeCursor, pageOf } from '../../lib/pagination.js';
import type { AuditRepository, AuditRow } from './audit.repository.js';
import {
  AuditRecordSchema,
  type AuditEventDto,
  type AuditOutcome,
  type AuditRecord,
} from './audit.schemas.js';

const ListCursor = z.tuple([cursorFields.bigint()]);

function toAuditEventDto(row: AuditRow): AuditEventDto {
  return {
    id: row.id.toString(),
    occurredAt: row.occurredAt.toISOString(),
    apiKeyId: row.apiKeyId,
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    outcome: row.outcome as AuditOutcome,
    status: row.status,
    details: (row.details ?? {}) as Record<string, unknown>,
  };
}

/** The audit trail: every write, over HTTP or from the CLI, who did it and how it ended. */
export function createAuditService(deps: { audit: AuditRepository }) {
  return {
    async record(event: AuditRecord): Promise<void> {
      await deps.audit.insert(AuditRecordSchema.parse(event));
    },

    async list(q: {
      limit: number;
      cursor?: string | undefined;
      targetType?: string | undefined;
      targetId?: string | undefined;
      apiKeyId?: string | undefined;
    }) {
      const before = q.cursor ? BigInt(decodeCursor(q.cursor, ListCursor)[0]) : undefined;
      const rows = await deps.audit.list({
        limit: q.limit,
        targetType: q.targetType,
        targetId: q.targetId,
        apiKeyId: q.apiKeyId,
        ...(before !== undefined ? { before } : {}),
      });
      const page = pageOf(rows, q.limit, (r) => [r.id.toString()]);
      return { data: page.rows.map(toAuditEventDto), page: { nextCursor: page.nextCursor, limit: q.limit } };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
