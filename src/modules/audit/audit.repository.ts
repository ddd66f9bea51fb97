import type { PrismaClient } from '../../db/client.js';
import type { AuditRecord } from './audit.schemas.js';

export interface AuditListQuery {
  limit: number;
  before?: bigint;
  targetType?: string | undefined;
  targetId?: string | undefined;
  apiKeyId?: string | undefined;
}

export function createAuditRepository(prisma: () => PrismaClient) {
  return {
    async insert(event: AuditRecord): Promise<void> {
      await prisma().auditEvent.create({ data: { ...event, details: event.details as object } });
    },

    /** Newest first, by sequence number. */
    list(q: AuditListQuery) {
      return prisma().auditEvent.findMany({
        where: {
          ...(q.before !== undefined ? { id: { lt: q.before } } : {}),
          ...(q.targetType ? { targetType: q.targetType } : {}),
          ...(q.targetId ? { targetId: q.targetId } : {}),
          ...(q.apiKeyId ? { apiKeyId: q.apiKeyId } : {}),
        },
        orderBy: { id: 'desc' },
        take: q.limit + 1,
      });
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
export type AuditRow = Awaited<ReturnType<AuditRepository['list']>>[number];
