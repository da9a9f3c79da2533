import type {
  HubEventName,
  HubEventPayload,
  HubMethodArgs,
  HubMethodName,
  HubMethodResult,
} from '../../protocol/hub-contract.js';
import type { ConnectionInfo } from '../state/connection-state.js';

/**
 * What the desktop uses of its way to the hub, typed by the contract (src/protocol/hub-contract.ts): its own SignalR
 * connection (HubClient) or another tab's, relayed (SharedHubClient). A hub method added to the contract can be
 * invoked, and a hub event listened to, with no code here.
 */
export interface HubLink {
  /** Where the connection stands. */
  readonly connectionInfo: ConnectionInfo;
  /** Whether hub methods can be invoked now. */
  readonly isConnected: boolean;
  /** Starts connecting and keeps trying until connected or stopped; resolves once connected (or stopped). */
  start(): Promise<void>;
  /** Closes the connection and stops retrying. */
  stop(): Promise<void>;
  /** Drops the connection and connects again at once (a link that may have died unnoticed). */
  restart(): void;
  /**
   * Invokes hub method `method` with its arguments; resolves with its result, or rejects with a HubRequestError
   * carrying the hub's error code (`hub_unreachable` when no answer can come).
   */
  invoke<M extends HubMethodName>(method: M, ...args: HubMethodArgs<M>): Promise<HubMethodResult<M>>;
  /** Calls `handler` with each `event` the hub sends while running; returns what stops it. */
  on<E extends HubEventName>(event: E, handler: (payload: HubEventPayload<E>) => void): () => void;
}

/** What a HubLink tells about its connection (hub events go through `on`). Both optional. */
export interface ConnectionListener {
  /** The connection state changed. */
  onConnectionChange?(connection: ConnectionInfo): void;
  /** The connection is up: the first time (`reconnected` false) or after a drop (true). */
  onConnected?(reconnected: boolean): void;
}
