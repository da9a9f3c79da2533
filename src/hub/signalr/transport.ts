/**
 * The contract between a hub session and the transport carrying it (WebSockets, Server-Sent Events,
 * Long Polling). Transports move already-framed messages; they know nothing of hub messages.
 */
import type { FramedMessage } from './hub-protocol.js';

export type TransportKind = 'WebSockets' | 'ServerSentEvents' | 'LongPolling';

export interface ServerTransport {
  readonly kind: TransportKind;
  /** True when the transport's own traffic proves liveness (long polling): no pings, no client timeout. */
  readonly inherentKeepAlive: boolean;
  /** Text from the client (any chunking). Set by the session. */
  onData: ((text: string) => void) | null;
  /** Fired exactly once when the transport has ended; an error when it ended abnormally. Set by the session. */
  onClose: ((error?: Error) => void) | null;
  /** Sends a framed message to the client; silently dropped once the transport is closing. */
  write(message: FramedMessage): void;
  /** Ends the transport gracefully after what was written has been delivered (or could not be). */
  close(): void;
  /** Ends the transport at once. */
  abort(): void;
}
