/**
 * The seam between hub logic and the connections it reaches: send to one connection, to every connection of a user,
 * to a group, and keep group membership. ASP.NET Core calls it HubLifetimeManager, socket.io an Adapter. The server
 * tells it when a connection of this process starts and ends, and sends through it; the application sends through
 * it too (typed, with hub-clients.ts), and nothing else keeps connection maps.
 *
 * Everything is asynchronous and what travels is a method name and JSON-serialisable arguments, so an
 * implementation spanning several hub processes (a Redis one: a channel per connection, per user and per group)
 * fits behind the same interface. InMemoryHubLifetimeManager is the one-process implementation.
 */
import type { FramedMessage } from './hub-protocol.js';

/** A connection of this process, as the lifetime manager sees it. */
export interface LocalConnection {
  readonly connectionId: string;
  /** Who it is (`SignalRServerOptions.userKey`). */
  readonly userKey: string;
  /** Writes a framed message; dropped once the connection is closing. */
  write(message: FramedMessage): void;
}

export interface HubLifetimeManager {
  /** A connection of this process finished its handshake; it can be sent to and grouped once this resolves. */
  onConnected(connection: LocalConnection): Promise<void>;
  /** The connection ended: it leaves every group. */
  onDisconnected(connection: LocalConnection): Promise<void>;
  /** Invokes a client method on one connection (nothing when there is no such connection). */
  sendToConnection(connectionId: string, target: string, args: readonly unknown[]): Promise<void>;
  /** Invokes a client method on every connection of the user. */
  sendToUser(userKey: string, target: string, args: readonly unknown[]): Promise<void>;
  /** Invokes a client method on every connection of the group. */
  sendToGroup(group: string, target: string, args: readonly unknown[]): Promise<void>;
  /** Puts the connection in the group (nothing for an unknown connection). */
  addToGroup(connectionId: string, group: string): Promise<void>;
  removeFromGroup(connectionId: string, group: string): Promise<void>;
}
