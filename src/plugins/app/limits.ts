import fp from 'fastify-plugin';
import { AppError, ValidationError } from '../../lib/errors.js';
import { containsNul } from '../../lib/text.js';

/**
 * Refuses over-long URLs (and so over-long query strings) with a problem that says so, and
 * NUL characters, which no id, slug or text castindex stores can contain (Postgres text
 * cannot hold them).
 */
export default fp<{ maxUrlLength: number }>(
  async (app, { maxUrlLength }) => {
    app.addHook('onRequest', async (req) => {
      if (req.url.length > maxUrlLength) {
        throw new AppError(
          'uri-too-long',
          414,
          'URI too long',
          `The request URI is ${req.url.length} characters; the limit is ${maxUrlLength}`,
        );
      }
      if (/%00/.test(req.url)) {
        throw new ValidationError('The URL contains a NUL character (%00)', [
          { field: 'url', message: 'NUL characters are not allowed' },
        ]);
      }
    });
    app.addHook('preValidation', async (req) => {
      if (
        req.body !== null &&
        typeof req.body === 'object' &&
        !Buffer.isBuffer(req.body) &&
        containsNul(req.body)
      ) {
        throw new ValidationError('The request body contains a NUL character', [
          { field: 'body', message: 'NUL characters are not allowed' },
        ]);
      }
    });
  },
  { name: 'limits' },
);
