import type { PrismaClient } from '../../db/client.js';

const keySelect = {
  id: true,
  name: true,
  prefix: true,
  secretHash: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export interface NewApiKey {
  id: string;
  name: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
}

/** API keys live on the primary: a revocation must count on the very next request. */
export function createApiKeysRepository(prisma: () => PrismaClient) {
  return {
    create(data: NewApiKey) {
      return prisma().apiKey.create({ data, select: keySelect });
    },

    findByPrefix(prefix: string) {
      return prisma().apiKey.findUnique({ where: { prefix }, select: keySelect });
    },

    findByIdOrPrefix(idOrPrefix: string) {
      return prisma().apiKey.findFirst({
        where: { OR: [{ id: idOrPrefix }, { prefix: idOrPrefix }] },
        select: keySelect,
      });
    },

    /** Newest first; `after` is the last key of the previous page. */
    list(q: { limit: number; after?: { createdAt: Date; id: string } }) {
      return prisma().apiKey.findMany({
        select: keySelect,
        where: q.after
          ? {
              OR: [
                { createdAt: { lt: q.after.createdAt } },
                { createdAt: q.after.createdAt, id: { lt: q.after.id } },
              ],
            }
          : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.limit + 1,
      });
    },

    /** Sets revoked_at once; revoking a revoked key keeps the first date. */
    async revoke(id: string, at: Date) {
      await prisma().apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
      return prisma().apiKey.findUniqueOrThrow({ where: { id }, select: keySelect });
    },

    /** Records a use unless one was recorded after `unlessSince` (by any instance). */
    async touch(id: string, at: Date, unlessSince: Date): Promise<void> {
      await prisma().apiKey.updateMany({
        where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: unlessSince } }] },
        data: { lastUsedAt: at },
      });
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
export type ApiKeyRow = NonNullable<Awaited<ReturnType<ApiKeysRepository['findByPrefix']>>>;
