import type { IRetryPolicy, LogLevel } from '@microsoft/signalr';
import type { UploadedAttachment } from '../../protocol/payloads.js';
import { reuseBriefly, type AccessTokenFactory } from '../auth/token-source.js';
import { Outbox } from '../outbox/outbox.js';
import { DISCONNECTED } from '../state/connection-state.js';
import type { DesktopStore } from '../state/desktop-store.js';
import { createHubLink } from '../tabs/shared-hub-client.js';
import { CallTracker } from './call-tracker.js';
import { ClockSkewMeter } from './clock-skew.js';
import { ConnectionWatchdog } from './connection-watchdog.js';
import { ConversationTracker } from './conversation-tracker.js';
import { CurrentHub } from './current-hub.js';
import type { DesktopActions } from './desktop-actions.js';
import { createDesktopActions } from './desktop-actions-facade.js';
import { DesktopData } from './desktop-data.js';
import type { DesktopServiceHooks } from './desktop-hooks.js';
import { ReadMarker } from './read-marker.js';
import { RoutingTracker } from './routing-tracker.js';
import { SyncEngine } from './sync-engine.js';

export type { CallMoment, DesktopServiceHooks, NewWork } from './desktop-hooks.js';

export interface DesktopConnectOptions {
  /** Base URL of the hub server. */
  hubUrl: string;
  accessTokenFactory: AccessTokenFactory;
  /** Keep a per-agent copy in IndexedDB so a reload paints at once. Default true. */
  cache?: boolean;
  retryPolicy?: IRetryPolicy;
  logLevel?: LogLevel;
  /**
   * One hub connection for all the agent's tabs (default true): the first tab connects, the others use it through
   * that tab (tabs/shared-hub-client.ts). False: this tab connects on its own.
   */
  shareTabs?: boolean;
}

/**
 * Makes the actions object a DesktopService is built with its own members: the service is what `<ad-desktop>` (and a
 * host) passes where DesktopActions go, and its hub-backed actions are made from the contract, not written out.
 */
const WithActions = class {
  constructor(actions: DesktopActions) {
    Object.assign(this, actions);
  }
} as new (actions: DesktopActions) => DesktopActions;

/** The desktop's parts, each one concept (see its file). */
interface Parts {
  hub: CurrentHub;
  outbox: Outbox;
  data: DesktopData;
  reads: ReadMarker;
  conversations: ConversationTracker;
  calls: CallTracker;
  routing: RoutingTracker;
  clock: ClockSkewMeter;
  sync: SyncEngine;
  watchdog: ConnectionWatchdog;
  connection: { options: DesktopConnectOptions; tokens: () => Promise<string> } | null;
}

/**
 * The desktop's engine: runs the link to the hub, keeps the store up to date (cache first, then live data, then
 * catch-up after every reconnect), persists to the cache, and carries out the agent's intents (it is the
 * DesktopActions `<ad-desktop>` provides). Composed of: the data held (DesktopData), the trackers of conversations,
 * calls and routing, the sync engine, the connection watchdog, the clock-skew meter, the read marker and the actions.
 */
export class DesktopService extends WithActions {
  private readonly parts: Parts;
  /** What stops following the current link's live events. */
  private following: Array<() => void> = [];

  constructor(
    readonly store: DesktopStore,
    hooks: DesktopServiceHooks = {},
  ) {
    const parts = compose(store, hooks);
    super(
      createDesktopActions({
        ...parts,
        uploads: new Map<string, UploadedAttachment>(),
        uploadTarget: () =>
          parts.hub.link && parts.connection
            ? { hubUrl: parts.connection.options.hubUrl, token: parts.connection.tokens }
            : null,
      }),
    );
    this.parts = parts;
  }

  /** Connects to a hub (stopping any earlier connection): paints the cache, then goes live. */
  async connect(options: DesktopConnectOptions): Promise<void> {
    await this.disconnect();
    const { hub: current, data, conversations, calls, routing, reads, sync, watchdog } = this.parts;
    const tokens = reuseBriefly(options.accessTokenFactory);
    this.parts.connection = { options, tokens };
    const { hubUrl, retryPolicy, logLevel, shareTabs } = options;
    const hub = createHubLink(
      { hubUrl, accessTokenFactory: tokens, retryPolicy, logLevel, shareTabs },
      {
        onConnectionChange: (connection) => current.link === hub && this.store.setConnection(connection),
        onConnected: () => current.link === hub && void sync.sync(),
      },
    );
    current.link = hub;
    this.following = [conversations.follow(hub), calls.follow(hub), routing.follow(hub)];
    this.store.setConnection({ state: 'connecting', attempt: 0, error: null, retryInMs: null });
    reads.start();
    watchdog.start();
    if (options.cache !== false) await data.paintFromCache(tokens);
    if (current.link !== hub) return;
    void hub.start();
  }

  /** Stops the connection and writes pending cache changes. The store keeps what it shows. */
  async disconnect(): Promise<void> {
    const { hub: current, data, reads, sync, watchdog, clock } = this.parts;
    const hub = current.link;
    current.link = null;
    sync.cancel();
    this.following.forEach((stop) => stop());
    this.following = [];
    watchdog.stop();
    reads.stop();
    clock.stop();
    if (!hub) return;
    this.store.setConnection(DISCONNECTED);
    this.store.setCatchingUp(null);
    await Promise.all([hub.stop(), data.flush()]);
  }

  /** Forgets this agent's cached data in this browser (e.g. on sign-out from a shared computer). */
  clearCache(): Promise<void> {
    return this.parts.data.clear();
  }

  /** Resolves when pending cache writes are stored. */
  flushCache(): Promise<void> {
    return this.parts.data.flush();
  }
}

/** Builds the desktop's parts around one store. */
function compose(store: DesktopStore, hooks: DesktopServiceHooks): Parts {
  const hub = new CurrentHub();
  // The outbox and the data each need the other (sent messages go into the data; the cache keeps the outbox).
  const outbox = new Outbox({
    connected: () => hub.connected,
    send: ({ request }) =>
      'templateName' in request
        ? hub.require().invoke('sendTemplate', request)
        : hub.require().invoke('sendMessage', request),
    accepted: (message) => data.keepMessages([message]),
    changed: (entries) => store.setOutbox(entries),
  });
  const data = new DesktopData(store, outbox);
  const reads = new ReadMarker(data, hub);
  const conversations = new ConversationTracker(data, outbox, reads, hooks);
  const calls = new CallTracker(store, hooks);
  const routing = new RoutingTracker(store, hooks);
  const clock = new ClockSkewMeter(store, hub);
  const parts: Parts = {
    hub,
    outbox,
    data,
    reads,
    conversations,
    calls,
    routing,
    clock,
    sync: new SyncEngine({
      hub,
      data,
      conversations,
      calls,
      routing,
      reads,
      clock,
      useCache: () => parts.connection?.options.cache !== false,
    }),
    watchdog: new ConnectionWatchdog(hub, () => void parts.sync.sync()),
    connection: null,
  };
  return parts;
}
