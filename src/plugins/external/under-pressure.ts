import underPressure from '@fastify/under-pressure';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { problem, sendProblem } from '../app/errors.js';

const RETRY_AFTER_SECONDS = 10;

/**
 * Sheds load before the process degrades: past an event-loop delay, event-loop
 * utilisation, heap or RSS threshold, API requests get 503 with Retry-After at once.
 * Registered around /v1 only, so /health, /ready and /metrics keep answering.
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const p = config.pressure;
    await app.register(underPressure, {
      maxEventLoopDelay: p.maxEventLoopDelayMs,
      maxEventLoopUtilization: p.maxEventLoopUtilization,
      maxHeapUsedBytes: p.maxHeapUsedBytes,
      maxRssBytes: p.maxRssBytes,
      pressureHandler: (req, reply, type) => {
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        sendProblem(
          reply,
          problem(
            req,
            'overloaded',
            503,
            'Service overloaded',
            `The server is under pressure (${type}); retry shortly`,
          ),
        );
      },
    });
  },
  { name: 'under-pressure' },
);
