/**
 * What an application supplies to the SignalR server: its hub methods and connection lifecycle hooks.
 */
import type { HubLifetimeManager } from './hub-lifetime-manager.js';
import type { ServerConnection } from './server-connection.js';

export interface HubMethodContext<TUser> {
  /** The calling connection (its user; `send` to push to it, `addToGroup` to group it). */
  connection: ServerConnection<TUser>;
  /** Sends to other connections, users and groups (typed: hub-clients.ts). */
  lifetimeManager: HubLifetimeManager;
}

/**
 * A hub method gets the raw argument list the client sent: checking count and shapes is its business.
 * What it returns (or resolves to) is the completion's result; throw a HubError to fail with a code.
 */
export type HubMethod<TUser> = (ctx: HubMethodContext<TUser>, ...args: unknown[]) => unknown;

export interface HubDefinition<TUser> {
  /** Methods by name. Lookup is exact first, then case-insensitive (as in ASP.NET Core). */
  methods: Record<string, HubMethod<TUser>>;
  /** After a successful handshake, before any invocation of this connection runs. A throw closes the connection. */
  onConnected?(connection: ServerConnection<TUser>): void | Promise<void>;
  /** Once the connection has ended (after onConnected settled); `reason` is set when it ended abnormally. */
  onDisconnected?(connection: ServerConnection<TUser>, reason?: Error): void | Promise<void>;
}
