import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_BASE } from '../../lib/errors.js';

// Errors Node raises before a request exists (headers too large, a request line it cannot
// parse, a client that stalls) never reach Fastify's error handler; they get the same
// problem+json shape here, written straight to the socket as Node itself would.

const KINDS: Record<string, { status: number; slug: string; title: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'headers-too-large',
    title: 'Request header fields too large',
    detail: 'The request headers exceed the server limit (16 KiB)',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    title: 'Request timeout',
    detail: 'The request was not received in time',
  },
};
const MALFORMED = {
  status: 400,
  slug: 'malformed-request',
  title: 'Malformed request',
  detail: 'The request is not valid HTTP',
};

export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const kind = KINDS[err.code ?? ''] ?? MALFORMED;
  const requestId = randomUUID();
  const body = JSON.stringify({
    type: PROBLEM_BASE + kind.slug,
    title: kind.title,
    status: kind.status,
    detail: kind.detail,
    instance: '',
    requestId,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${kind.status} ${http.STATUS_CODES[kind.status]}\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
