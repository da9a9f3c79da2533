/**
 * The JSON hub protocol (ASP.NET Core SignalR, protocol "json", version 1): message shapes, the 0x1E record
 * framing, the handshake and validation of what the client sends. Pure functions, no I/O.
 * Spec: dotnet/aspnetcore src/SignalR/docs/specs/HubProtocol.md.
 */

/** Every JSON hub message, the handshake included, ends with this record separator. */
export const RECORD_SEPARATOR = '\u001e';

export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
  Ack: 8,
  Sequence: 9,
} as const;

export interface InvocationMessage {
  type: typeof MessageType.Invocation;
  invocationId?: string;
  target: string;
  arguments: unknown[];
  streamIds?: string[];
}

export interface StreamInvocationMessage {
  type: typeof MessageType.StreamInvocation;
  invocationId: string;
  target: string;
  arguments: unknown[];
}

export interface CompletionMessage {
  type: typeof MessageType.Completion;
  invocationId: string;
  result?: unknown;
  error?: string;
}

export interface CloseMessage {
  type: typeof MessageType.Close;
  error?: string;
  allowReconnect?: boolean;
}

/** A message the server accepts but does not act on (stream items, cancel, ack, sequence, future types). */
export interface IgnoredMessage {
  type: number;
  ignored: true;
}

export type ClientMessage =
  InvocationMessage | StreamInvocationMessage | { type: typeof MessageType.Ping } | CloseMessage | IgnoredMessage;

export interface HandshakeRequest {
  protocol: string;
  version: number;
}

/** A protocol violation by the client. Its message is safe to send back in a Close message. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Serializes one message and terminates it. Throws if the value cannot be serialized (cycles, BigInt). */
export function writeMessage(message: object): string {
  return JSON.stringify(message) + RECORD_SEPARATOR;
}

/**
 * A framed message ready for the wire. A message for many connections (a group's) is serialised once and this one
 * object written to each of them; its UTF-8 bytes are encoded once too, on first use (WebSockets send them).
 */
export class FramedMessage {
  #bytes: Buffer | undefined;

  constructor(readonly text: string) {}

  get bytes(): Buffer {
    return (this.#bytes ??= Buffer.from(this.text, 'utf8'));
  }
}

export const PING_MESSAGE = new FramedMessage(writeMessage({ type: MessageType.Ping }));

export function writeHandshakeResponse(error?: string): string {
  return writeMessage(error === undefined ? {} : { error });
}

export function writeClose(error?: string, allowReconnect?: boolean): string {
  const message: CloseMessage = { type: MessageType.Close };
  if (error !== undefined) message.error = error;
  if (allowReconnect) message.allowReconnect = true;
  return writeMessage(message);
}

export function writeInvocation(target: string, args: readonly unknown[]): string {
  return writeMessage({ type: MessageType.Invocation, target, arguments: args });
}

function byteLengthExceeds(text: string, max: number): boolean {
  if (text.length > max) return true; // every UTF-16 unit is at least one UTF-8 byte
  if (text.length * 3 <= max) return false; // every UTF-16 unit is at most three UTF-8 bytes
  return Buffer.byteLength(text, 'utf8') > max;
}

/**
 * Splits an incoming text stream into records. Data may arrive in any chunking (several records per
 * POST or WebSocket frame, or a record split across chunks); incomplete tails are kept for the next push.
 */
export class RecordReader {
  #buffer = '';
  readonly #maxMessageBytes: number;

  constructor(maxMessageBytes: number) {
    this.#maxMessageBytes = maxMessageBytes;
  }

  /** Returns the complete records (without separators). Throws ProtocolError when one is too large. */
  push(chunk: string): string[] {
    const data = this.#buffer + chunk;
    const records: string[] = [];
    let start = 0;
    for (let end = data.indexOf(RECORD_SEPARATOR); end !== -1; end = data.indexOf(RECORD_SEPARATOR, start)) {
      const record = data.slice(start, end);
      if (byteLengthExceeds(record, this.#maxMessageBytes)) throw this.#tooLarge();
      records.push(record);
      start = end + 1;
    }
    this.#buffer = data.slice(start);
    if (byteLengthExceeds(this.#buffer, this.#maxMessageBytes)) throw this.#tooLarge();
    return records;
  }

  #tooLarge(): ProtocolError {
    return new ProtocolError(`The message exceeds the maximum supported size of ${this.#maxMessageBytes} bytes.`);
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError('The message is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProtocolError('The message is not a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function parseHandshakeRequest(text: string): HandshakeRequest {
  const value = parseJsonObject(text);
  if (typeof value.protocol !== 'string' || typeof value.version !== 'number') {
    throw new ProtocolError('The handshake request is invalid.');
  }
  return { protocol: value.protocol, version: value.version };
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw new ProtocolError(`Invalid ${what}.`);
  return value;
}

function argumentList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ProtocolError('Invocation arguments must be an array.');
  return value;
}

/** Parses and validates one record from the client (after the handshake). */
export function parseClientMessage(text: string): ClientMessage {
  const value = parseJsonObject(text);
  const type = value.type;
  if (typeof type !== 'number' || !Number.isInteger(type)) {
    throw new ProtocolError('The message has no valid type.');
  }
  switch (type) {
    case MessageType.Invocation:
    case MessageType.StreamInvocation: {
      const target = value.target;
      if (typeof target !== 'string' || target === '') throw new ProtocolError('Invocation has no target.');
      const invocationId = optionalString(value.invocationId, 'invocation id');
      const args = argumentList(value.arguments);
      if (type === MessageType.StreamInvocation) {
        if (invocationId === undefined) throw new ProtocolError('Stream invocation has no invocation id.');
        return { type, invocationId, target, arguments: args };
      }
      const message: InvocationMessage = { type, target, arguments: args };
      if (invocationId !== undefined) message.invocationId = invocationId;
      if (Array.isArray(value.streamIds) && value.streamIds.length > 0) message.streamIds = value.streamIds.map(String);
      return message;
    }
    case MessageType.Ping:
      return { type };
    case MessageType.Close: {
      const message: CloseMessage = { type };
      if (typeof value.error === 'string') message.error = value.error;
      if (value.allowReconnect === true) message.allowReconnect = true;
      return message;
    }
    default:
      // Stream items, completions, cancel, ack, sequence and future message types.
      return { type, ignored: true };
  }
}
