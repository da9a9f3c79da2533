/**
 * Long Polling transport: the client keeps one GET open; the server answers it with everything queued
 * (200 + records), with 200 empty when the poll times out, or with 204 when the transport is closed or a
 * newer poll replaced it. Client→server records arrive as POSTs (routed to `deliver`); DELETE ends it.
 * The first poll is answered by the server at once (200 empty) and creates this transport.
 */
import type { FramedMessage } from './hub-protocol.js';
import type { ServerTransport } from './transport.js';

export interface PollResult {
  status: 200 | 204;
  body: string;
}

export interface Poll {
  readonly result: Promise<PollResult>;
  /** The client went away before the answer: the poll ends and queued data waits for the next one. */
  readonly cancel: () => void;
}

interface PendingPoll {
  resolve(result: PollResult): void;
  timer: NodeJS.Timeout;
}

export class LongPollingTransport implements ServerTransport {
  readonly kind = 'LongPolling' as const;
  readonly inherentKeepAlive = true;
  onData: ((text: string) => void) | null = null;
  onClose: ((error?: Error) => void) | null = null;

  readonly #pollTimeoutMs: number;
  readonly #disconnectTimeoutMs: number;
  #queue: string[] = [];
  #pending: PendingPoll | null = null;
  #state: 'open' | 'closing' | 'closed' = 'open';
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(pollTimeoutMs: number, disconnectTimeoutMs: number) {
    this.#pollTimeoutMs = pollTimeoutMs;
    this.#disconnectTimeoutMs = disconnectTimeoutMs;
    this.#startIdleTimer();
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** A GET after the first one. */
  poll(): Poll {
    if (this.#pending) this.#settle(this.#pending, 204, ''); // replaced by this newer poll
    if (this.#queue.length > 0) {
      const body = this.#take();
      if (this.#state === 'closing') this.#finish();
      return immediate(200, body);
    }
    if (this.#state !== 'open') {
      this.#finish();
      return immediate(204, '');
    }
    clearTimeout(this.#idleTimer);
    let pending!: PendingPoll;
    const result = new Promise<PollResult>((resolve) => {
      const timer = setTimeout(() => this.#settle(pending, 200, ''), this.#pollTimeoutMs);
      timer.unref();
      pending = { resolve, timer };
    });
    this.#pending = pending;
    return { result, cancel: () => this.#settle(pending, 204, '') };
  }

  /** Text the client POSTed for this connection. */
  deliver(text: string): void {
    if (this.#state === 'open') this.onData?.(text);
  }

  /** The client's DELETE: ends the transport, a pending poll gets 204. */
  terminate(): void {
    this.#queue = [];
    if (this.#pending) this.#settle(this.#pending, 204, '');
    this.#finish();
  }

  write(message: FramedMessage): void {
    if (this.#state !== 'open') return;
    this.#queue.push(message.text);
    if (this.#pending) this.#settle(this.#pending, 200, this.#take());
  }

  close(): void {
    if (this.#state !== 'open') return;
    this.#state = 'closing';
    if (this.#pending) {
      this.#settle(this.#pending, this.#queue.length > 0 ? 200 : 204, this.#take());
      this.#finish();
    } else if (this.#queue.length === 0) {
      this.#finish();
    }
    // Otherwise the next poll (or the disconnect timeout) collects what is queued and ends the transport.
  }

  abort(): void {
    if (this.#pending) this.#settle(this.#pending, 204, '');
    this.#queue = [];
    this.#finish();
  }

  #take(): string {
    const body = this.#queue.join('');
    this.#queue = [];
    return body;
  }

  #settle(poll: PendingPoll, status: 200 | 204, body: string): void {
    if (this.#pending !== poll) return; // already answered
    this.#pending = null;
    clearTimeout(poll.timer);
    poll.resolve({ status, body });
    if (this.#state !== 'closed') this.#startIdleTimer();
  }

  #startIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      this.#finish(this.#state === 'open' ? new Error('The long-polling client stopped polling.') : undefined);
    }, this.#disconnectTimeoutMs);
    this.#idleTimer.unref();
  }

  #finish(error?: Error): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#idleTimer);
    if (this.#pending) this.#settle(this.#pending, 204, '');
    this.onClose?.(error);
  }
}

function immediate(status: 200 | 204, body: string): Poll {
  return { result: Promise.resolve({ status, body }), cancel() {} };
}
