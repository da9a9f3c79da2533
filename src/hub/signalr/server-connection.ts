/**
 * ServerConnection: the application's handle on one handshaken SignalR connection — who it is, which
 * transport it uses, and how to push to it, group it or close it. The protocol work behind it is the server's
 * (see hub-session.ts); instances are created by the server, never by applications.
 */
import { FramedMessage, writeInvocation } from './hub-protocol.js';
import type { TransportKind } from './transport.js';

/** What the facade needs from the session behind it. @internal */
export interface ConnectionControl {
  readonly open: boolean;
  write(message: FramedMessage): void;
  close(error?: string, allowReconnect?: boolean): void;
  addToGroup(group: string): Promise<void>;
  removeFromGroup(group: string): Promise<void>;
}

export class ServerConnection<TUser> {
  /** The public connection id (not the transport's secret token). */
  readonly connectionId: string;
  readonly user: TUser;
  readonly transport: TransportKind;
  readonly #control: ConnectionControl;

  /** @internal */
  constructor(connectionId: string, user: TUser, transport: TransportKind, control: ConnectionControl) {
    this.connectionId = connectionId;
    this.user = user;
    this.transport = transport;
    this.#control = control;
  }

  /** False once the connection is closing or has ended. */
  get open(): boolean {
    return this.#control.open;
  }

  /** Invokes a client method (fire and forget). Dropped once the connection is closing. Throws if args cannot be serialized. */
  send(target: string, ...args: unknown[]): void {
    this.#control.write(new FramedMessage(writeInvocation(target, args)));
  }

  /** Sends Close (with `error` and `allowReconnect`) and ends the transport. */
  close(error?: string, allowReconnect = false): void {
    this.#control.close(error, allowReconnect);
  }

  /** Puts this connection in a group (through the server's lifetime manager); it leaves every group when it ends. */
  addToGroup(group: string): Promise<void> {
    return this.#control.addToGroup(group);
  }

  removeFromGroup(group: string): Promise<void> {
    return this.#control.removeFromGroup(group);
  }
}
