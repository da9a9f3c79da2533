/**
 * How long the hub's HTTP server waits for clients, so slow or stalled ones (a slow-loris trickling headers, a body
 * dripping a byte at a time) cannot hold sockets and memory for ever. Node enforces these on the server itself:
 * - `headersMs`: the request line and headers must have arrived within this time of the request's start;
 * - `requestMs`: the whole request, body included, within this time (an upload of the largest file on a slow
 *   mobile link, 5 MB at ~1 Mbit/s, takes about 40 s); the client gets 408 and the socket is closed;
 * - `keepAliveMs`: an idle keep-alive socket between requests is closed after this;
 * - `checkIntervalMs`: how often Node looks for requests over their time (the cut happens up to this much later).
 * No idle timeout on open sockets (`connectionTimeout` 0): SignalR's server-sent events and long polls are long
 * responses by design (kept alive by SignalR's own pings and client timeout), and WebSockets leave the HTTP server.
 */
import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';

export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
  checkIntervalMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 60_000,
  keepAliveMs: 10_000,
  checkIntervalMs: 1_000,
};

/** The Fastify server options that apply `timeouts` (headers must be due before the whole request). */
export function httpTimeoutOptions(
  timeouts: HttpTimeouts,
): Pick<FastifyHttpOptions<Server>, 'requestTimeout' | 'keepAliveTimeout' | 'connectionTimeout' | 'http'> {
  const headersMs = Math.min(timeouts.headersMs, timeouts.requestMs);
  return {
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: 0,
    http: {
      headersTimeout: headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
  };
}
