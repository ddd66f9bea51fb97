// Errors meaning "the database cannot be reached right now", as opposed to a bad query:
// they become 503 with Retry-After, and the next request tries again on a fresh connection.

const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const NODE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// Prisma's driver-adapter error kinds (a raw query's failure carries one instead of a P1xxx code).
const ADAPTER_UNAVAILABLE = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// SQLSTATE class 08 (connection exception) and 57P0x (server shutting down / starting up).
const SQLSTATE_UNAVAILABLE = /^(08\d{3}|57P0[1-3])$/;
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, cause, kind, meta } = e as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      kind?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof kind === 'string' && ADAPTER_UNAVAILABLE.has(kind)) return true;
    if (typeof code === 'string') {
      if (PRISMA_UNAVAILABLE.has(code) || NODE_UNAVAILABLE.has(code) || SQLSTATE_UNAVAILABLE.test(code))
        return true;
    }
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    e = cause ?? meta?.driverAdapterError;
  }
  return false;
}

/**
 * SQLSTATE class 22 ("data exception"): a value Postgres cannot take — out of range, a NUL
 * character, an invalid encoding. Input validation should stop these first; this is the
 * backstop that keeps them a 400 rather than a 500.
 */
export function isDataException(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const code = e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
