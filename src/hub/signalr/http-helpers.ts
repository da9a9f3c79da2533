/**
 * HTTP plumbing shared by the negotiate, transport and upgrade handlers: query parsing, the bearer token,
 * origin checks and error replies (JSON `{"error": code, "message": …}`), also on a raw upgrade socket.
 */
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';

export interface HttpErrorReply {
  status: number;
  code: string;
  message: string;
}

/** Query parameters of a request URL (first value wins). */
export function readQuery(url: string | undefined): URLSearchParams {
  const index = url?.indexOf('?') ?? -1;
  return new URLSearchParams(index >= 0 ? url!.slice(index + 1) : '');
}

export function pathnameOf(url: string | undefined): string {
  if (!url) return '';
  const index = url.indexOf('?');
  return index >= 0 ? url.slice(0, index) : url;
}

/** The access token: `Authorization: Bearer …` first, else the `access_token` query parameter (browsers, WS/SSE). */
export function bearerToken(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const header = headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match) return match[1];
  }
  return query.get('access_token') ?? undefined;
}

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/** No Origin header (non-browser clients) is allowed; otherwise it must be listed (or "*" listed). */
export function isOriginAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  const wanted = normalizeOrigin(origin);
  return allowedOrigins.some((allowed) => allowed === '*' || normalizeOrigin(allowed) === wanted);
}

export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: code, message });
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, reply: HttpErrorReply): void {
  if (socket.destroyed) return;
  const body = errorBody(reply.code, reply.message);
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
