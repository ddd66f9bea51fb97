import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import episodesRoutes from './episodes/index.js';
import replaceChaptersRoute from './episodes/replace-chapters.route.js';
import episodeSearchRoutes from './episodes/search.route.js';
import searchRoutes from './search/index.js';

/** Version 1 of the public API; each resource registers its own routes. */
const v1Routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(episodesRoutes);
  await app.register(replaceChaptersRoute);
  await app.register(episodeSearchRoutes);
  await app.register(searchRoutes);
};

export default v1Routes;
