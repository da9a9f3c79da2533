/**
 * Negotiate (`POST {path}/negotiate`): the reply that tells the client its connection id, the secret
 * connection token its transports must present (`id` query parameter) and the transports on offer.
 * Version 1 when the client sends `negotiateVersion=1` (or higher); version 0 otherwise, where the
 * connection id doubles as the token. Stateful reconnect is never offered.
 */
import { randomBytes } from 'node:crypto';

export const AVAILABLE_TRANSPORTS = [
  { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
  { transport: 'ServerSentEvents', transferFormats: ['Text'] },
  { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
] as const;

export type NegotiateVersion = 0 | 1;

export interface NegotiatedIds {
  /** Public id (ServerConnection.connectionId). */
  connectionId: string;
  /** Secret the transports present as `id`; equal to connectionId in version 0. */
  connectionToken: string;
}

export type NegotiateResponse =
  | { connectionId: string; availableTransports: typeof AVAILABLE_TRANSPORTS }
  | {
      connectionToken: string;
      connectionId: string;
      negotiateVersion: 1;
      availableTransports: typeof AVAILABLE_TRANSPORTS;
    };

/** The negotiate version for the query value; null when it is not a non-negative integer. */
export function parseNegotiateVersion(raw: string | undefined): NegotiateVersion | null {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,9}$/.test(raw)) return null;
  return Number(raw) >= 1 ? 1 : 0;
}

function randomId(): string {
  return randomBytes(16).toString('base64url');
}

export function newConnectionIds(version: NegotiateVersion): NegotiatedIds {
  const connectionId = randomId();
  return { connectionId, connectionToken: version === 0 ? connectionId : randomId() };
}

export function negotiateResponse(version: NegotiateVersion, ids: NegotiatedIds): NegotiateResponse {
  if (version === 0) return { connectionId: ids.connectionId, availableTransports: AVAILABLE_TRANSPORTS };
  return {
    connectionToken: ids.connectionToken,
    connectionId: ids.connectionId,
    negotiateVersion: 1,
    availableTransports: AVAILABLE_TRANSPORTS,
  };
}
