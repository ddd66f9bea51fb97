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
    // Callback-style hooks: every request runs them, and a promise per hook adds up.
    app.addHook('onRequest', (req, _reply, done) => {
      if (req.url.length > maxUrlLength) {
        return done(
          new AppError(
            'uri-too-long',
            414,
            'URI too long',
            `The request URI is ${req.url.length} characters; the limit is ${maxUrlLength}`,
          ),
        );
      }
      if (req.url.includes('%00')) {
        return done(
          new ValidationError('The URL contains a NUL character (%00)', [
            { field: 'url', message: 'NUL characters are not allowed' },
          ]),
        );
      }
      done();
    });
    app.addHook('preValidation', (req, _reply, done) => {
      if (
        req.body !== null &&
        typeof req.body === 'object' &&
        !Buffer.isBuffer(req.body) &&
        containsNul(req.body)
      ) {
        return done(
          new ValidationError('The request body contains a NUL character', [
            { field: 'body', message: 'NUL characters are not allowed' },
          ]),
        );
      }
      done();
    });
  },
  { name: 'limits' },
);
