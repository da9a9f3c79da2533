/**
 * Typed fan-out over a lifetime manager, as ASP.NET Core's `IHubClients<T>`: hub code writes
 * `clients.group(g).messageAdded(message)` against an interface of events (event name → payload) instead of
 * sending a method name as a string. Each event carries one payload.
 */
import type { HubLifetimeManager } from './hub-lifetime-manager.js';

/** Invokes event E on the chosen connections with its payload. */
export type ClientProxy<TEvents> = { readonly [E in keyof TEvents & string]: (payload: TEvents[E]) => Promise<void> };

export interface HubClients<TEvents> {
  connection(connectionId: string): ClientProxy<TEvents>;
  /** Every connection of the user (`SignalRServerOptions.userKey`). */
  user(userKey: string): ClientProxy<TEvents>;
  group(group: string): ClientProxy<TEvents>;
}

export function hubClients<TEvents>(manager: HubLifetimeManager): HubClients<TEvents> {
  return {
    connection: (connectionId) => proxy((target, args) => manager.sendToConnection(connectionId, target, args)),
    user: (userKey) => proxy((target, args) => manager.sendToUser(userKey, target, args)),
    group: (group) => proxy((target, args) => manager.sendToGroup(group, target, args)),
  };
}

/** An object whose every property is a sender of the event of that name (no list of events exists at run time). */
function proxy<TEvents>(send: (target: string, args: readonly unknown[]) => Promise<void>): ClientProxy<TEvents> {
  return new Proxy({} as ClientProxy<TEvents>, {
    // `then` stays undefined, so a proxy is never mistaken for a promise
    get: (_target, event) =>
      typeof event === 'string' && event !== 'then' ? (payload: unknown) => send(event, [payload]) : undefined,
  });
}
