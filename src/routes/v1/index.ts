import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import auditEventsRoutes from './audit-events/index.js';
import changesRoutes from './changes/index.js';
import episodesRoutes from './episodes/index.js';
import replaceChaptersRoute from './episodes/replace-chapters.route.js';
import episodeSearchRoutes from './episodes/search.route.js';
import episodeWriteRoutes from './episodes/write.route.js';
import exportRoutes from './export/index.js';
import keysRoutes from './keys/index.js';
import peopleRoutes from './people/index.js';
import quotesRoutes from './quotes/index.js';
import searchRoutes from './search/index.js';
import topicsRoutes from './topics/index.js';

/** Version 1 of the public API; each resource registers its own routes. */
const v1Routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(episodesRoutes);
  await app.register(replaceChaptersRoute);
  await app.register(episodeSearchRoutes);
  await app.register(searchRoutes);
  await app.register(episodeWriteRoutes);
  await app.register(keysRoutes);
  await app.register(auditEventsRoutes);
  await app.register(peopleRoutes);
  await app.register(quotesRoutes);
  await app.register(topicsRoutes);
  await app.register(changesRoutes);
  await app.register(exportRoutes);
};

export default v1Routes;
