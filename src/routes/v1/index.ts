import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import episodesRoutes from './episodes/index.js';

/** Version 1 of the public API; each resource registers its own routes. */
const v1Routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(episodesRoutes);
};

export default v1Routes;
