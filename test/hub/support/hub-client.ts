/**
 * The contract (src/protocol/hub-contract.ts) over the official client, for tests: `invoke(alice, 'markRead', id)`
 * and `on(alice, 'messageAdded', handler)` are checked by the compiler against HubMethods and HubEvents.
 */
import type { HubConnection } from '@microsoft/signalr';
import { parseHubError } from '../../../src/protocol/errors.js';
import type {
  HubEventName,
  HubEventPayload,
  HubMethodArgs,
  HubMethodName,
  HubMethodResult,
} from '../../../src/protocol/hub-contract.js';

/** Invokes a hub method with the contract's arguments; resolves with its result. */
export function invoke<M extends HubMethodName>(
  connection: HubConnection,
  method: M,
  ...args: HubMethodArgs<M>
): Promise<HubMethodResult<M>> {
  return connection.invoke<HubMethodResult<M>>(method, ...args);
}

/** Invokes a hub method with arguments the contract does not allow (tests of what the hub refuses). */
export function invokeUnchecked<M extends HubMethodName>(
  connection: HubConnection,
  method: M,
  ...args: unknown[]
): Promise<unknown> {
  return connection.invoke(method, ...args);
}

/** Calls `handler` with every payload of the event; the returned function stops that. */
export function on<E extends HubEventName>(
  connection: HubConnection,
  event: E,
  handler: (payload: HubEventPayload<E>) => void,
): () => void {
  connection.on(event, handler);
  return () => connection.off(event, handler);
}

/** Every payload of the event from now on, in arrival order. */
export function collect<E extends HubEventName>(connection: HubConnection, event: E): HubEventPayload<E>[] {
  const payloads: HubEventPayload<E>[] = [];
  on(connection, event, (payload) => payloads.push(payload));
  return payloads;
}

/** Resolves with the first payload of the event that matches (rejects after `timeoutMs`). */
export function nextEvent<E extends HubEventName>(
  connection: HubConnection,
  event: E,
  match: (payload: HubEventPayload<E>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<HubEventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = on(connection, event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Handlers for some events, e.g. `{ messageAdded: (m) => …, callUpdated: (c) => … }`. */
export type EventHandlers = { [E in HubEventName]?: (payload: HubEventPayload<E>) => void };

export function onEach(connection: HubConnection, handlers: EventHandlers): void {
  for (const event of Object.keys(handlers) as HubEventName[])
    on(connection, event, handlers[event] as (payload: unknown) => void);
}

/**
 * Resolves once every event the hub sent to these connections before now has arrived: each answers an invocation,
 * and a connection gets its messages in the order the hub wrote them. How a test proves an event did NOT come.
 */
export async function caughtUp(...connections: HubConnection[]): Promise<void> {
  await Promise.all(connections.map((connection) => invoke(connection, 'getServerTime')));
}

/** How the hub refused an invocation (its code and message); fails the test when it did not refuse. */
export async function refusal(invocation: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await invocation;
  } catch (error) {
    return parseHubError(error);
  }
  throw new Error('the hub method should have failed');
}
