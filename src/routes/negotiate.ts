import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { NotAcceptableError } from '../lib/errors.js';

/**
 * The representation to send: `format=` when given, otherwise the best of `offers` (media
 * type → format, most preferred first) for the Accept header. An Accept header none of them
 * satisfies is a 406 that lists them.
 */
export function negotiateFormat<F extends string>(
  req: FastifyRequest,
  reply: FastifyReply,
  explicit: F | undefined,
  offers: Record<string, F>,
): F {
  // The body depends on Accept unless the URL fixes it: caches must key on it.
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, Accept` : 'Accept');
  if (explicit !== undefined) return explicit;
  const types = Object.keys(offers);
  const chosen = req.headers.accept ? new Negotiator(req.raw).mediaType(types) : types[0];
  const format = chosen !== undefined ? offers[chosen] : undefined;
  if (format === undefined) {
    throw new NotAcceptableError(
      `cannot answer Accept: ${req.headers.accept ?? ''}; this resource is available as ${types.join(', ')} (or choose with format=)`,
    );
  }
  return format;
}
