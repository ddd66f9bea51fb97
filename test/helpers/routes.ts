import type { App } from '../../src/app.js';

export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route the application registered, read from Fastify's own route tree
 * (`printRoutes`), where each line holds a path segment under its parent and its methods.
 */
export function registeredRoutes(app: App): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const paths: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, -]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const url = (paths[depth - 1] ?? '') + match[2]!;
    paths[depth] = url;
    paths.length = depth + 1;
    for (const method of (match[3] ?? '').split(', '))
      if (/^[A-Z]+$/.test(method)) routes.push({ method, url });
  }
  return routes;
}

/** A path that matches the route: every parameter and wildcard filled in. */
export const concretePath = (url: string) => url.replace(/:[A-Za-z]+/g, 'x').replace(/\*/g, 'x');
