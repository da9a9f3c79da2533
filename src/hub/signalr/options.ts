/**
 * Options of the SignalR server, their defaults (those of ASP.NET Core where it has one) and the logger shape.
 */
import type { HubDefinition } from './hub-definition.js';
import type { HubLifetimeManager } from './hub-lifetime-manager.js';

/** A pino-compatible logger (pino and fastify's `app.log` both fit). Never given tokens. */
export interface SignalRLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SignalRServerOptions<TUser> {
  /** Hub path, e.g. "/hub"; negotiate is `${path}/negotiate`. */
  path: string;
  hub: HubDefinition<TUser>;
  /** Resolves the bearer token (header or `access_token` query) to a user; null (or a throw) means unauthorized. */
  authenticate(token: string | undefined): Promise<TUser | null>;
  /**
   * Identity of a user: every transport request must come from the user who negotiated, and the lifetime manager's
   * sendToUser reaches every connection with this key.
   */
  userKey(user: TUser): string;
  /** Where connections are registered and sends go (default: a new InMemoryHubLifetimeManager, this process only). */
  lifetimeManager?: HubLifetimeManager;
  /** Origins allowed to open a WebSocket (exact match, "*" allows all). Upgrades without Origin are allowed. */
  allowedOrigins: string[];
  /** Server pings when it has sent nothing for this long. Default 15 000. */
  keepAliveIntervalMs?: number;
  /** Close a connection that has sent nothing (not even a ping) for this long. Default 30 000. */
  clientTimeoutMs?: number;
  /** Close a transport whose handshake has not arrived within this time. Default 15 000. */
  handshakeTimeoutMs?: number;
  /** Forget a negotiated connection that no transport connected to within this time. Default 15 000. */
  negotiateTimeoutMs?: number;
  /** Hold a long poll open this long before answering 200 empty. Default 90 000. */
  longPollTimeoutMs?: number;
  /** Drop a long-polling connection whose client has had no poll open for this long. Default 15 000. */
  longPollDisconnectTimeoutMs?: number;
  /** Largest single hub message accepted from a client, in bytes; larger closes the connection. Default 32 768. */
  maxMessageBytes?: number;
  /** How long close() waits for transports to deliver the Close message and end. Default 5 000. */
  shutdownTimeoutMs?: number;
  logger?: SignalRLogger;
}

export interface ResolvedTimings {
  keepAliveIntervalMs: number;
  clientTimeoutMs: number;
  handshakeTimeoutMs: number;
  negotiateTimeoutMs: number;
  longPollTimeoutMs: number;
  longPollDisconnectTimeoutMs: number;
  maxMessageBytes: number;
  /** Largest POST body or WebSocket frame (a batch of messages). */
  maxRequestBytes: number;
  shutdownTimeoutMs: number;
}

export const noopLogger: SignalRLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`SignalR option ${name} must be a positive number.`);
  return value;
}

export function resolveTimings(options: SignalRServerOptions<unknown>): ResolvedTimings {
  const maxMessageBytes = positive(options.maxMessageBytes, 32 * 1024, 'maxMessageBytes');
  return {
    keepAliveIntervalMs: positive(options.keepAliveIntervalMs, 15_000, 'keepAliveIntervalMs'),
    clientTimeoutMs: positive(options.clientTimeoutMs, 30_000, 'clientTimeoutMs'),
    handshakeTimeoutMs: positive(options.handshakeTimeoutMs, 15_000, 'handshakeTimeoutMs'),
    negotiateTimeoutMs: positive(options.negotiateTimeoutMs, 15_000, 'negotiateTimeoutMs'),
    longPollTimeoutMs: positive(options.longPollTimeoutMs, 90_000, 'longPollTimeoutMs'),
    longPollDisconnectTimeoutMs: positive(options.longPollDisconnectTimeoutMs, 15_000, 'longPollDisconnectTimeoutMs'),
    maxMessageBytes,
    maxRequestBytes: Math.max(1024 * 1024, maxMessageBytes * 4),
    shutdownTimeoutMs: positive(options.shutdownTimeoutMs, 5_000, 'shutdownTimeoutMs'),
  };
}
