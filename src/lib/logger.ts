import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from '../config.js';

export type { Logger };

/**
 * Structured JSON logs; human-readable only when writing to a terminal (or LOG_PRETTY=true).
 * `destination` replaces stdout, e.g. to capture the lines.
 */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.log.level,
    // Keys and credentials never reach a log line.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers.cookie',
        'headers.authorization',
        'headers["x-api-key"]',
        '*.apiKey',
        '*.secret',
        'password',
      ],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  return pino({
    ...options,
    ...(config.log.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', destination: 1 },
          },
        }
      : {}),
  });
}
