import fp from 'fastify-plugin';
import { AppError } from '../../lib/errors.js';

/** Refuses over-long URLs (and so over-long query strings) with a problem that says so. */
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
    });
  },
  { name: 'limits' },
);
