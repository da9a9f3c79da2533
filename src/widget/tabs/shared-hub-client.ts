import type {
  HubEventName,
  HubEventPayload,
  HubMethodArgs,
  HubMethodName,
  HubMethodResult,
} from '../../protocol/hub-contract.js';
import { decodeJwtClaims } from '../auth/jwt-claims.js';
import { HubClient, hubEndpoint, type HubClientOptions } from '../hub/hub-client.js';
import type { ConnectionListener, HubLink } from '../hub/hub-link.js';
import { HUB_UNREACHABLE, HubRequestError, toHubRequestError } from '../hub/hub-request-error.js';
import { BackoffRetryPolicy } from '../hub/retry-policy.js';
import type { ConnectionInfo } from '../state/connection-state.js';

export interface SharedHubClientOptions extends HubClientOptions {
  /** Share one connection between the agent's tabs (default true); false: this tab connects on its own. */
  shareTabs?: boolean;
}

/** What the tabs of one agent say to each other on their BroadcastChannel. */
type Note =
  | { t: 'hello'; events: string[] } // a tab arrived: the leader answers with its state
  | { t: 'listen'; events: string[] } // hub events a tab listens to: whoever leads passes them on
  | { t: 'leader' } // a tab took the lock: calls sent to the previous leader get no answer
  | { t: 'state'; info: ConnectionInfo }
  | { t: 'event'; name: string; payload: unknown }
  | { t: 'call'; id: string; method: HubMethodName; args: unknown[] }
  | { t: 'answer'; id: string; value?: unknown; error?: [code: string, message: string] };

interface PendingCall {
  method: string;
  resolve(value: unknown): void;
  reject(error: HubRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

type Handler = (payload: unknown) => void;

/** How long a tab waits for the leader to answer a hub call it relays. */
export const RELAY_TIMEOUT_MS = 30_000;
const CONNECTING: ConnectionInfo = { state: 'connecting', attempt: 0, error: null, retryInMs: null };

/**
 * The link to the hub for a desktop that may be open in several tabs of the same agent: the tabs keep ONE connection.
 * Where the browser lacks Web Locks or BroadcastChannel, or with `shareTabs: false`, a plain HubClient.
 */
export function createHubLink(options: SharedHubClientOptions, listener: ConnectionListener): HubLink {
  const shared = options.shareTabs !== false && typeof BroadcastChannel === 'function' && !!navigator.locks;
  return shared ? new SharedHubClient(options, listener) : new HubClient(options, listener);
}

/**
 * A HubLink whose tabs elect one leader per organisation, agent and hub, with a Web Lock of that name: the tab
 * holding the lock connects, the others follow it over a BroadcastChannel of the same name. It relays the contract's
 * typed `invoke` and `on` as they are, so it knows no hub method or event by name.
 *
 * - The leader's HubClient carries out the hub calls the followers send it (answers and refusals, the hub's error code
 *   and message intact), and passes on every hub event some tab listens to (each tab says which) and every change of
 *   its connection state.
 * - A follower never connects. It reports the leader's connection state (marked `relayed`), calls `onConnected` when
 *   the leader (re)connects (so its desktop syncs as after any reconnect), hands the hub events it hears to its own
 *   handlers, and relays its hub calls: refused at once with `hub_unreachable` while the leader is not connected, as a
 *   HubClient refuses them, and after {@link RELAY_TIMEOUT_MS} without an answer, or when the leader goes.
 * - The lock is held until the leader stops, or its tab closes or navigates away: the browser then grants it at once
 *   to the next tab waiting, which connects (well within a second on a working network); its desktop re-syncs.
 * The tab learns who it is from its own token's claims (`org`, `sub`); a token that is not such a JWT: on its own.
 */
export class SharedHubClient implements HubLink {
  /** This tab's own connection: used while it leads (or on its own), idle while it follows. */
  private readonly client: HubClient;
  private leading = false;
  private active = false;
  private channel: BroadcastChannel | null = null;
  /** Gives up the lock (leader) or the place in its queue (follower). */
  private release: (() => void) | null = null;
  private leaderInfo: ConnectionInfo = CONNECTING;
  /** This tab's handlers, by hub event. */
  private readonly handlers = new Map<string, Set<Handler>>();
  /** Hub events received on this tab's connection (while it leads): to its handlers and the other tabs. */
  private readonly passedOn = new Set<string>();
  private readonly pending = new Map<string, PendingCall>();
  private readonly tabId = Math.random().toString(36).slice(2);
  private calls = 0;

  constructor(
    private readonly options: HubClientOptions,
    private readonly listener: ConnectionListener = {},
  ) {
    this.client = new HubClient(options, {
      onConnectionChange: (info) => {
        if (this.leading) this.post({ t: 'state', info });
        this.listener.onConnectionChange?.(info);
      },
      onConnected: (reconnected) => this.listener.onConnected?.(reconnected),
    });
  }

  /** Whether this tab holds the agent's connection (false while it follows another tab's, and before it starts). */
  get isLeader(): boolean {
    return this.leading;
  }

  private get following(): boolean {
    return !!this.channel && !this.leading;
  }

  get connectionInfo(): ConnectionInfo {
    return this.following ? this.leaderInfo : this.client.connectionInfo;
  }

  get isConnected(): boolean {
    return this.following ? this.leaderInfo.state === 'connected' : this.client.isConnected;
  }

  /** Joins the agent's tabs: leads (connects) when no other tab does, and otherwise follows until it is its turn. */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    const claims = decodeJwtClaims(await this.firstToken());
    if (!this.active) return;
    if (!claims) return this.client.start();
    const name = `ad-hub/2:${claims.org}:${claims.sub}:${new URL(hubEndpoint(this.options.hubUrl), location.href).href}`;
    const channel = (this.channel = new BroadcastChannel(name));
    channel.onmessage = ({ data }: MessageEvent<Note>) => this.channel === channel && this.heard(data);
    const abort = new AbortController();
    this.release = () => abort.abort();
    this.post({ t: 'hello', events: [...this.handlers.keys()] });
    navigator.locks
      .request(name, { signal: abort.signal }, () => {
        if (this.channel !== channel) return; // stopped meanwhile: give it back at once
        this.lead();
        return new Promise<void>((release) => (this.release = release));
      })
      .catch(() => undefined); // a stop took this tab out of the queue
  }

  /** Leaves the agent's tabs: a leader gives up the lock (another tab takes over) and closes its connection. */
  stop(): Promise<void> {
    this.active = this.leading = false;
    this.release?.();
    this.release = null;
    this.channel?.close();
    this.channel = null;
    this.leaderInfo = CONNECTING;
    this.failPending('Disconnected from the hub.');
    return this.client.stop();
  }

  restart(): void {
    this.client.restart(); // a follower's client is not running: nothing to restart (the leader watches its own)
  }

  invoke<M extends HubMethodName>(method: M, ...args: HubMethodArgs<M>): Promise<HubMethodResult<M>> {
    if (!this.following) return this.client.invoke(method, ...args);
    if (!this.isConnected)
      return Promise.reject(new HubRequestError(HUB_UNREACHABLE, 'Not connected to the hub.', method));
    const id = `${this.tabId}:${++this.calls}`;
    return new Promise<HubMethodResult<M>>((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(id, [HUB_UNREACHABLE, 'The tab holding the hub connection did not answer.']),
        RELAY_TIMEOUT_MS,
      );
      this.pending.set(id, { method, resolve, reject, timer });
      this.post({ t: 'call', id, method, args });
    });
  }

  on<E extends HubEventName>(event: E, handler: (payload: HubEventPayload<E>) => void): () => void {
    let handlers = this.handlers.get(event);
    if (!handlers) {
      this.handlers.set(event, (handlers = new Set()));
      this.passOn(event);
      this.post({ t: 'listen', events: [event] });
    }
    handlers.add(handler as Handler);
    return () => handlers.delete(handler as Handler);
  }

  /** Delivers a hub event to this tab's handlers. */
  private deliver(event: string, payload: unknown): void {
    for (const handler of this.handlers.get(event) ?? []) handler(payload);
  }

  /** Listens to `event` on this tab's connection, for this tab and (while it leads) for the others. */
  private passOn(event: string): void {
    if (this.passedOn.has(event)) return;
    this.passedOn.add(event);
    // The contract's names come from the tabs (same page origin, same agent); the hub sends nothing else.
    this.client.on(event as HubEventName, (payload) => {
      if (this.leading) this.post({ t: 'event', name: event, payload });
      this.deliver(event, payload);
    });
  }

  /** The token, only to read who this tab is; until one comes, the state says why, and it tries again. */
  private async firstToken(): Promise<string> {
    const policy = this.options.retryPolicy ?? new BackoffRetryPolicy();
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.accessTokenFactory();
      } catch (error) {
        const retryReason = error instanceof Error ? error : new Error(String(error));
        const delay =
          policy.nextRetryDelayInMilliseconds({
            previousRetryCount: attempt,
            elapsedMilliseconds: Date.now() - startedAt,
            retryReason,
          }) ?? 5000;
        if (this.active)
          this.listener.onConnectionChange?.({
            state: 'reconnecting',
            attempt: attempt + 1,
            error: retryReason.message,
            retryInMs: delay,
          });
        await new Promise((wake) => setTimeout(wake, delay));
        if (!this.active) return '';
      }
    }
  }

  /** This tab got the lock: it connects, and answers the other tabs from now on. */
  private lead(): void {
    this.leading = true;
    this.failPending('The tab holding the hub connection closed.');
    this.post({ t: 'leader' });
    void this.client.start();
  }

  private heard(note: Note): void {
    // Every tab notes what the others listen to, so whichever leads next passes it on.
    if (note.t === 'hello' || note.t === 'listen') note.events.forEach((event) => this.passOn(event));
    if (this.leading) {
      if (note.t === 'hello') this.post({ t: 'state', info: this.connectionInfo });
      else if (note.t === 'call') void this.answer(note.id, note.method, note.args);
    } else if (note.t === 'state') {
      const was = this.leaderInfo.state;
      this.leaderInfo = note.info;
      this.listener.onConnectionChange?.({ ...note.info, relayed: true });
      if (note.info.state === 'connected' && was !== 'connected') this.listener.onConnected?.(true);
    } else if (note.t === 'event') {
      this.deliver(note.name, note.payload);
    } else if (note.t === 'answer') {
      this.settle(note.id, note.error, note.value);
    } else if (note.t === 'leader') {
      this.failPending('The tab holding the hub connection closed.');
      this.post({ t: 'listen', events: [...this.handlers.keys()] }); // a tab that came later may not know them
    }
  }

  /** Carries out a follower's hub call on this tab's connection, and tells it how it went. */
  private async answer(id: string, method: HubMethodName, args: unknown[]): Promise<void> {
    try {
      const invoke = this.client.invoke.bind(this.client) as (
        method: HubMethodName,
        ...args: unknown[]
      ) => Promise<unknown>;
      this.post({ t: 'answer', id, value: await invoke(method, ...args) });
    } catch (error) {
      const { code, message } = toHubRequestError(error, method);
      this.post({ t: 'answer', id, error: [code, message] });
    }
  }

  private settle(id: string, error?: [code: string, message: string], value?: unknown): void {
    const call = this.pending.get(id);
    if (!call) return; // another tab's, or given up
    this.pending.delete(id);
    clearTimeout(call.timer);
    if (error) call.reject(new HubRequestError(error[0], error[1], call.method));
    else call.resolve(value);
  }

  private failPending(message: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, [HUB_UNREACHABLE, message]);
  }

  private post(note: Note): void {
    try {
      this.channel?.postMessage(note);
    } catch {
      // a value that cannot be cloned (never from the hub's JSON), or the channel closed under a late answer
    }
  }
}
