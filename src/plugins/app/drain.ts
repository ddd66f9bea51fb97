import fp from 'fastify-plugin';

/**
 * On shutdown, responses still in flight tell the client to close the connection. The
 * server's close only drops connections that are idle at that moment; a keep-alive
 * connection whose request finishes later would otherwise hold shutdown open until the
 * keep-alive timeout.
 */
export default fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', (_req, reply, payload, done) => {
      if (closing) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'drain' },
);
