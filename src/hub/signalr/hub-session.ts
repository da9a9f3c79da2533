/**
 * HubSession: the hub protocol on one connected transport — handshake, parsing, keep-alive pings,
 * client and handshake timeouts, invocation dispatch (one at a time per connection, in arrival order, as
 * ASP.NET Core does by default), Close, and the onConnected/onDisconnected hooks. Internal to the server.
 */
import { ErrorCodes, formatHubError } from '../../protocol/errors.js';
import type { HubDefinition } from './hub-definition.js';
import { completionErrorFor } from './hub-error.js';
import type { HubLifetimeManager, LocalConnection } from './hub-lifetime-manager.js';
import type { HubMethodTable } from './hub-method-table.js';
import {
  FramedMessage,
  MessageType,
  PING_MESSAGE,
  ProtocolError,
  RecordReader,
  parseClientMessage,
  parseHandshakeRequest,
  writeClose,
  writeHandshakeResponse,
  writeMessage,
  type ClientMessage,
  type CompletionMessage,
  type InvocationMessage,
} from './hub-protocol.js';
import type { ResolvedTimings, SignalRLogger } from './options.js';
import { ServerConnection, type ConnectionControl } from './server-connection.js';
import type { ServerTransport } from './transport.js';

/** JSON protocol versions accepted in the handshake (2 only adds Ack/Sequence, which are ignored). */
const SUPPORTED_VERSIONS = new Set([1, 2]);

export interface SessionHost<TUser> {
  readonly lifetimeManager: HubLifetimeManager;
  readonly hub: HubDefinition<TUser>;
  readonly methods: HubMethodTable<TUser>;
  readonly timings: ResolvedTimings;
  readonly logger: SignalRLogger;
  /** The handshake succeeded: the connection becomes visible (before onConnected runs). A rejection closes it. */
  handshaken(session: HubSession<TUser>): Promise<void>;
  /** The transport ended: forget the connection (groups included). Settles before onDisconnected runs. */
  ended(session: HubSession<TUser>): Promise<void>;
}

type SessionState = 'handshaking' | 'open' | 'closing' | 'ended';

export class HubSession<TUser> implements ConnectionControl, LocalConnection {
  readonly connection: ServerConnection<TUser>;
  readonly userKey: string;
  /** Resolves once the transport has ended and onDisconnected has settled. */
  readonly ended: Promise<void>;

  readonly #host: SessionHost<TUser>;
  readonly #transport: ServerTransport;
  readonly #reader: RecordReader;
  #state: SessionState = 'handshaking';
  #handshaken = false;
  #reason: Error | undefined;
  #handshakeTimer: NodeJS.Timeout | undefined;
  #keepAliveTimer: NodeJS.Timeout | undefined;
  #clientTimeoutTimer: NodeJS.Timeout | undefined;
  /** onConnected; invocations and onDisconnected wait for it. */
  #connected: Promise<void> = Promise.resolve();
  /** Tail of the invocation queue. */
  #queue: Promise<void> = Promise.resolve();
  #resolveEnded!: () => void;

  constructor(
    host: SessionHost<TUser>,
    transport: ServerTransport,
    connectionId: string,
    user: TUser,
    userKey: string,
  ) {
    this.#host = host;
    this.userKey = userKey;
    this.#transport = transport;
    this.#reader = new RecordReader(host.timings.maxMessageBytes);
    this.connection = new ServerConnection(connectionId, user, transport.kind, this);
    this.ended = new Promise((resolve) => (this.#resolveEnded = resolve));
    transport.onData = (text) => this.#receive(text);
    transport.onClose = (error) => this.#transportClosed(error);
    this.#handshakeTimer = setTimeout(
      () => this.#rejectHandshake('Handshake was not received in time.'),
      host.timings.handshakeTimeoutMs,
    );
    this.#handshakeTimer.unref();
  }

  get connectionId(): string {
    return this.connection.connectionId;
  }

  get open(): boolean {
    return this.#state === 'open';
  }

  /** False once the transport has ended. */
  get active(): boolean {
    return this.#state !== 'ended';
  }

  /** True once the handshake succeeded (the connection was visible to the application). */
  get handshaken(): boolean {
    return this.#handshaken;
  }

  write(message: FramedMessage): void {
    if (this.#state !== 'open') return;
    this.#transport.write(message);
    this.#keepAliveTimer?.refresh();
  }

  close(error?: string, allowReconnect = false): void {
    if (this.#state === 'closing' || this.#state === 'ended') return;
    if (this.#state === 'open') this.#transport.write(new FramedMessage(writeClose(error, allowReconnect)));
    this.#state = 'closing';
    this.#clearTimers();
    this.#transport.close();
  }

  /** Ends the transport at once (after close() when it does not finish in time). */
  abort(): void {
    this.#transport.abort();
  }

  addToGroup(group: string): Promise<void> {
    return this.#host.lifetimeManager.addToGroup(this.connectionId, group);
  }

  removeFromGroup(group: string): Promise<void> {
    return this.#host.lifetimeManager.removeFromGroup(this.connectionId, group);
  }

  #log(): { connectionId: string; transport: string } {
    return { connectionId: this.connection.connectionId, transport: this.#transport.kind };
  }

  #receive(text: string): void {
    if (this.#state === 'closing' || this.#state === 'ended') return;
    this.#clientTimeoutTimer?.refresh();
    let records: string[];
    try {
      records = this.#reader.push(text);
    } catch (error) {
      this.#protocolFailure(error);
      return;
    }
    for (const record of records) {
      if (this.#state === 'handshaking') {
        this.#handshake(record);
      } else if (this.#state === 'open') {
        let message: ClientMessage;
        try {
          message = parseClientMessage(record);
        } catch (error) {
          this.#protocolFailure(error);
          return;
        }
        this.#handle(message);
      } else {
        return;
      }
    }
  }

  #handshake(record: string): void {
    clearTimeout(this.#handshakeTimer);
    let protocol: string;
    let version: number;
    try {
      ({ protocol, version } = parseHandshakeRequest(record));
    } catch {
      this.#rejectHandshake('Invalid handshake request.');
      return;
    }
    if (protocol !== 'json') {
      this.#rejectHandshake(`The protocol '${protocol}' is not supported.`);
      return;
    }
    if (!SUPPORTED_VERSIONS.has(version)) {
      this.#rejectHandshake(`The server does not support version ${version} of the 'json' protocol.`);
      return;
    }
    this.#transport.write(new FramedMessage(writeHandshakeResponse()));
    this.#state = 'open';
    this.#handshaken = true;
    const { timings } = this.#host;
    if (!this.#transport.inherentKeepAlive) {
      this.#keepAliveTimer = setTimeout(() => this.write(PING_MESSAGE), timings.keepAliveIntervalMs);
      this.#keepAliveTimer.unref();
      this.#clientTimeoutTimer = setTimeout(() => {
        this.#fail('Client timeout elapsed without receiving a message from the client.');
      }, timings.clientTimeoutMs);
      this.#clientTimeoutTimer.unref();
    }
    this.#host.logger.debug(this.#log(), 'SignalR connection established');
    this.#connected = this.#runOnConnected();
    this.#queue = this.#connected;
  }

  /** Answers the handshake with an error and ends the transport (no Close message: there was no handshake). */
  #rejectHandshake(error: string): void {
    if (this.#state !== 'handshaking') return;
    this.#host.logger.debug({ ...this.#log(), error }, 'SignalR handshake rejected');
    this.#transport.write(new FramedMessage(writeHandshakeResponse(error)));
    this.#state = 'closing';
    this.#clearTimers();
    this.#transport.close();
  }

  /** Makes the connection known (lifetime manager), then runs onConnected; never rejects (a failure closes the connection). */
  async #runOnConnected(): Promise<void> {
    try {
      await this.#host.handshaken(this);
      await this.#host.hub.onConnected?.(this.connection);
    } catch (error) {
      const { error: text, unexpected } = completionErrorFor(error);
      if (unexpected) this.#host.logger.error({ ...this.#log(), err: error }, 'SignalR onConnected failed');
      this.#reason = error instanceof Error ? error : new Error(text);
      this.close(text);
    }
  }

  #handle(message: ClientMessage): void {
    if ('ignored' in message) {
      // Stream items, completions, cancel, ack, sequence and unknown future types.
      this.#host.logger.debug({ ...this.#log(), type: message.type }, 'SignalR message type ignored');
      return;
    }
    switch (message.type) {
      case MessageType.Invocation:
        this.#queue = this.#queue
          .then(() => this.#invoke(message))
          .catch((err: unknown) => this.#host.logger.error({ ...this.#log(), err }, 'SignalR invocation failed'));
        return;
      case MessageType.StreamInvocation:
        this.#complete(message.invocationId, {
          error: formatHubError(ErrorCodes.invalidRequest, 'Streaming hub methods are not supported.'),
        });
        return;
      case MessageType.Ping:
        return;
      case MessageType.Close:
        if (message.error) this.#reason = new Error(`The client closed the connection with an error: ${message.error}`);
        this.#state = 'closing';
        this.#clearTimers();
        this.#transport.close();
        return;
    }
  }

  async #invoke(message: InvocationMessage): Promise<void> {
    if (this.#state !== 'open') return;
    const { invocationId, target } = message;
    if (message.streamIds) {
      this.#complete(invocationId, {
        error: formatHubError(ErrorCodes.invalidRequest, 'Streaming arguments are not supported.'),
      });
      return;
    }
    const method = this.#host.methods.find(target);
    if (!method) {
      this.#complete(invocationId, { error: formatHubError(ErrorCodes.notFound, `Unknown hub method '${target}'.`) });
      return;
    }
    let outcome: { result?: unknown; error?: string };
    try {
      const result = await method(
        { connection: this.connection, lifetimeManager: this.#host.lifetimeManager },
        ...message.arguments,
      );
      outcome = { result };
    } catch (error) {
      const { error: text, unexpected } = completionErrorFor(error);
      if (unexpected) this.#host.logger.error({ ...this.#log(), target, err: error }, 'SignalR hub method failed');
      outcome = { error: text };
    }
    this.#complete(invocationId, outcome);
  }

  #complete(invocationId: string | undefined, outcome: { result?: unknown; error?: string }): void {
    if (invocationId === undefined || this.#state !== 'open') return;
    const completion: CompletionMessage = { type: MessageType.Completion, invocationId };
    if (outcome.error !== undefined) completion.error = outcome.error;
    else if (outcome.result !== undefined) completion.result = outcome.result;
    let payload: string;
    try {
      payload = writeMessage(completion);
    } catch (error) {
      this.#host.logger.error({ ...this.#log(), err: error }, 'SignalR hub method result could not be serialized');
      payload = writeMessage({
        type: MessageType.Completion,
        invocationId,
        error: formatHubError(ErrorCodes.internal, 'An unexpected error occurred.'),
      });
    }
    this.write(new FramedMessage(payload));
  }

  #protocolFailure(error: unknown): void {
    if (!(error instanceof ProtocolError)) {
      this.#host.logger.error({ ...this.#log(), err: error }, 'SignalR receive failed');
    }
    const message = error instanceof ProtocolError ? error.message : 'Invalid data.';
    if (this.#state === 'handshaking') this.#rejectHandshake(message);
    else this.#fail(`Connection closed with an error. ${message}`);
  }

  /** Closes with an error the client sees (Close message) and onDisconnected gets as the reason. */
  #fail(error: string): void {
    if (this.#state !== 'open') return;
    this.#host.logger.debug({ ...this.#log(), error }, 'SignalR connection closed with an error');
    this.#reason = new Error(error);
    this.close(error);
  }

  #clearTimers(): void {
    clearTimeout(this.#handshakeTimer);
    clearTimeout(this.#keepAliveTimer);
    clearTimeout(this.#clientTimeoutTimer);
    this.#keepAliveTimer = undefined;
    this.#clientTimeoutTimer = undefined;
  }

  #transportClosed(error?: Error): void {
    if (this.#state === 'ended') return;
    this.#state = 'ended';
    this.#clearTimers();
    const reason = this.#reason ?? error;
    if (this.#handshaken)
      this.#host.logger.debug({ ...this.#log(), reason: reason?.message }, 'SignalR connection ended');
    void this.#host
      .ended(this)
      .catch((err: unknown) => this.#host.logger.error({ ...this.#log(), err }, 'SignalR connection cleanup failed'))
      .then(() => (this.#handshaken ? this.#runOnDisconnected(reason) : undefined))
      .finally(() => this.#resolveEnded());
  }

  async #runOnDisconnected(reason: Error | undefined): Promise<void> {
    await this.#connected;
    const { hub } = this.#host;
    if (!hub.onDisconnected) return;
    try {
      await hub.onDisconnected(this.connection, reason);
    } catch (err) {
      this.#host.logger.error({ ...this.#log(), err }, 'SignalR onDisconnected failed');
    }
  }
}
