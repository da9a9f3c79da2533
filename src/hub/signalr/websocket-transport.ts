/**
 * WebSockets transport: one ws socket carries both directions; text frames hold one or more records.
 * (The upgrade itself — auth, origin and id checks — is done by the server before this is created.)
 */
import { WebSocket, type RawData } from 'ws';
import type { FramedMessage } from './hub-protocol.js';
import type { ServerTransport } from './transport.js';

/** Close codes that mean the peer went away on purpose (1005: closed without a status, as the client's stop() does). */
const CLEAN_CLOSE_CODES = new Set([1000, 1001, 1005]);

function toText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export class WebSocketTransport implements ServerTransport {
  readonly kind = 'WebSockets' as const;
  readonly inherentKeepAlive = false;
  onData: ((text: string) => void) | null = null;
  onClose: ((error?: Error) => void) | null = null;

  readonly #socket: WebSocket;
  readonly #closeTimeoutMs: number;
  #closeTimer: NodeJS.Timeout | undefined;
  #ended = false;

  constructor(socket: WebSocket, closeTimeoutMs: number) {
    this.#socket = socket;
    this.#closeTimeoutMs = closeTimeoutMs;
    socket.on('message', (data) => {
      if (!this.#ended) this.onData?.(toText(data));
    });
    socket.on('error', () => {
      // 'close' follows; the code tells what happened.
    });
    socket.on('close', (code) => {
      this.#finish(CLEAN_CLOSE_CODES.has(code) ? undefined : new Error(`WebSocket closed with status code ${code}.`));
    });
  }

  write(message: FramedMessage): void {
    // a text frame from bytes encoded once for every connection the message goes to
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(message.bytes, { binary: false });
  }

  close(): void {
    if (this.#ended || this.#closeTimer) return;
    if (this.#socket.readyState === WebSocket.OPEN || this.#socket.readyState === WebSocket.CONNECTING) {
      this.#socket.close(1000);
    }
    // A peer that never answers the closing handshake is cut off.
    this.#closeTimer = setTimeout(() => this.#socket.terminate(), this.#closeTimeoutMs);
    this.#closeTimer.unref();
  }

  abort(): void {
    this.#socket.terminate();
  }

  #finish(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#closeTimer);
    this.onClose?.(error);
  }
}
