// Prisma CLI configuration. castindex applies its own migrations (src/db/migrator.ts),
// recorded the way `prisma migrate deploy` records them, so the CLI stays usable wherever
// the Prisma schema engine can be installed.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/castindex' },
});
