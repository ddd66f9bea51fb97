// Per-route settings read by the app plugins, declared once for every route to use:
//   config: { cache: 'public' }    → Cache-Control on success (plugins/app/cache.ts), and a GET
//                                   answered from memory when repeated (response-cache.ts)
//   config: { scope: 'ingest' }    → the API-key scope the route requires (the auth plugin)

import type { Scope } from '../../modules/api-keys/api-keys.schemas.js';

export type { Scope };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Scope an API key needs for this route; routes without one are reads ("read"). */
    scope?: Scope;
  }
}
