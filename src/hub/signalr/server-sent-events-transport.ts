/**
 * Server-Sent Events transport: server→client records are `data:` events on a held-open GET response
 * (text/event-stream); client→server records arrive as POSTs, which the server routes to `deliver`.
 */
import type { ServerResponse } from 'node:http';
import type { FramedMessage } from './hub-protocol.js';
import type { ServerTransport } from './transport.js';

/** Formats a payload as one SSE event; a payload with line breaks becomes several `data:` lines. */
export function formatServerSentEvent(payload: string): string {
  let event = '';
  for (const line of payload.split(/\r\n|\r|\n/)) event += `data: ${line}\n`;
  return event + '\n';
}

export class ServerSentEventsTransport implements ServerTransport {
  readonly kind = 'ServerSentEvents' as const;
  readonly inherentKeepAlive = false;
  onData: ((text: string) => void) | null = null;
  onClose: ((error?: Error) => void) | null = null;

  readonly #response: ServerResponse;
  #ended = false;

  /**
   * Starts the event stream on `response` (which the caller has taken over from the framework).
   * `headers` are headers already decided for the response (e.g. CORS); the SSE ones are added.
   */
  constructor(response: ServerResponse, headers: Record<string, number | string | string[] | undefined>) {
    this.#response = response;
    const socket = response.socket;
    socket?.setNoDelay(true);
    socket?.setTimeout(0);
    const merged: Record<string, number | string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) merged[name] = value;
    response.writeHead(200, {
      ...merged,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    // A comment line pushes the headers out at once: the client waits for the stream to open before its handshake.
    response.write(':\n\n');
    response.on('close', () => this.#finish());
    response.on('error', () => this.#finish());
  }

  /** Text the client POSTed for this connection. */
  deliver(text: string): void {
    if (!this.#ended) this.onData?.(text);
  }

  write(message: FramedMessage): void {
    if (!this.#ended && !this.#response.writableEnded) this.#response.write(formatServerSentEvent(message.text));
  }

  close(): void {
    if (!this.#response.writableEnded) this.#response.end();
  }

  abort(): void {
    this.#response.destroy();
  }

  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    // An EventSource only ever ends by dropping the request, so this is a normal end.
    this.onClose?.();
  }
}
