import { decodeJwtClaims } from '../auth/jwt-claims.js';
import type { ConnectionInfo } from '../state/connection-state.js';
import { HubClient, hubEndpoint, type HubClientHandlers, type HubClientOptions } from '../hub/hub-client.js';
import { HUB_UNREACHABLE, HubRequestError, toHubRequestError } from '../hub/hub-request-error.js';
import { BackoffRetryPolicy } from '../hub/retry-policy.js';

export interface SharedHubClientOptions extends HubClientOptions {
  /** Share one connection between the agent's tabs (default true); false: this tab connects on its own. */
  shareTabs?: boolean;
}

/** What the tabs of one agent say to each other on their BroadcastChannel. */
type Note =
  | { t: 'hello' } // a tab arrived: the leader answers with its state
  | { t: 'leader' } // a tab took the lock: calls sent to the previous leader get no answer
  | { t: 'state'; info: ConnectionInfo }
  | { t: 'event'; name: keyof HubClientHandlers; payload: unknown }
  | { t: 'call'; id: string; method: string; args: unknown[] }
  | { t: 'answer'; id: string; value?: unknown; error?: [code: string, message: string] };

interface PendingCall {
  method: string;
  resolve(value: unknown): void;
  reject(error: HubRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** How long a tab waits for the leader to answer a hub call it relays. */
export const RELAY_TIMEOUT_MS = 30_000;
const CONNECTING: ConnectionInfo = { state: 'connecting', attempt: 0, error: null, retryInMs: null };

/**
 * The hub client for a desktop that may be open in several tabs of the same agent: the tabs keep ONE connection.
 * Where the browser lacks Web Locks or BroadcastChannel, or with `shareTabs: false`, a plain HubClient.
 */
export function createHubClient(options: SharedHubClientOptions, handlers: HubClientHandlers): HubClient {
  const shared = options.shareTabs !== false && typeof BroadcastChannel === 'function' && !!navigator.locks;
  return new (shared ? SharedHubClient : HubClient)(options, handlers);
}

/**
 * A HubClient whose tabs elect one leader per organisation, agent and hub, with a Web Lock of that name: the tab
 * holding the lock connects, the others follow it over a BroadcastChannel of the same name.
 *
 * - The leader is a plain HubClient that also tells the channel every hub event and change of its connection state,
 *   and carries out the hub calls the followers send it (answers and refusals, "[code] message" intact).
 * - A follower never connects. It reports the leader's connection state (marked `relayed`), calls `onConnected` when
 *   the leader (re)connects (so its desktop syncs as after any reconnect), hands its hub events to its own handlers,
 *   and relays its hub calls: refused at once with `hub_unreachable` while the leader is not connected, as a
 *   HubClient refuses them, and after {@link RELAY_TIMEOUT_MS} without an answer, or when the leader goes.
 * - The lock is held until the leader stops, or its tab closes or navigates away: the browser then grants it at once
 *   to the next tab waiting, which connects (well within a second on a working network); its desktop re-syncs.
 * The tab learns who it is from its own token's claims (`org`, `sub`); a token that is not such a JWT: on its own.
 */
export class SharedHubClient extends HubClient {
  private leading = false;
  private active = false;
  private channel: BroadcastChannel | null = null;
  /** Gives up the lock (leader) or the place in its queue (follower). */
  private release: (() => void) | null = null;
  private leaderInfo: ConnectionInfo = CONNECTING;
  private readonly pending = new Map<string, PendingCall>();
  private readonly tabId = Math.random().toString(36).slice(2);
  private calls = 0;

  constructor(
    private readonly sharedOptions: HubClientOptions,
    private readonly own: HubClientHandlers,
  ) {
    const relay: HubClientHandlers = {};
    super(sharedOptions, relay);
    // What the real connection reports (in the leader only): to this tab's handlers and, but onConnected, to the others.
    for (const name of [...Object.keys(own), 'onConnectionChange'] as Array<keyof HubClientHandlers>) {
      relay[name] = (payload: never) => {
        if (this.leading && name !== 'onConnected') {
          this.post(name === 'onConnectionChange' ? { t: 'state', info: payload } : { t: 'event', name, payload });
        }
        (own[name] as ((payload: never) => void) | undefined)?.(payload);
      };
    }
  }

  /** Whether this tab holds the agent's connection (false while it follows another tab's, and before it starts). */
  get isLeader(): boolean {
    return this.leading;
  }

  private get following(): boolean {
    return !!this.channel && !this.leading;
  }

  override get connectionInfo(): ConnectionInfo {
    return this.following ? this.leaderInfo : super.connectionInfo;
  }

  override get isConnected(): boolean {
    return this.following ? this.leaderInfo.state === 'connected' : super.isConnected;
  }

  /** Joins the agent's tabs: leads (connects) when no other tab does, and otherwise follows until it is its turn. */
  override async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    const claims = decodeJwtClaims(await this.firstToken());
    if (!this.active) return;
    if (!claims) return super.start();
    const name = `ad-hub/1:${claims.org}:${claims.sub}:${new URL(hubEndpoint(this.sharedOptions.hubUrl), location.href).href}`;
    const channel = (this.channel = new BroadcastChannel(name));
    channel.onmessage = ({ data }: MessageEvent<Note>) => this.channel === channel && this.heard(data);
    const abort = new AbortController();
    this.release = () => abort.abort();
    this.post({ t: 'hello' });
    navigator.locks
      .request(name, { signal: abort.signal }, () => {
        if (this.channel !== channel) return; // stopped meanwhile: give it back at once
        this.lead();
        return new Promise<void>((release) => (this.release = release));
      })
      .catch(() => undefined); // a stop took this tab out of the queue
  }

  /** Leaves the agent's tabs: a leader gives up the lock (another tab takes over) and closes its connection. */
  override stop(): Promise<void> {
    this.active = this.leading = false;
    this.release?.();
    this.release = null;
    this.channel?.close();
    this.channel = null;
    this.leaderInfo = CONNECTING;
    this.failPending('Disconnected from the hub.');
    return super.stop();
  }

  protected override invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (!this.following) return super.invoke<T>(method, ...args);
    if (!this.isConnected) return Promise.reject(new HubRequestError(HUB_UNREACHABLE, 'Not connected to the hub.', method));
    const id = `${this.tabId}:${++this.calls}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id, [HUB_UNREACHABLE, 'The tab holding the hub connection did not answer.']), RELAY_TIMEOUT_MS);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      this.post({ t: 'call', id, method, args });
    });
  }

  /** The token, only to read who this tab is; until one comes, the state says why, and it tries again. */
  private async firstToken(): Promise<string> {
    const policy = this.sharedOptions.retryPolicy ?? new BackoffRetryPolicy();
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sharedOptions.accessTokenFactory();
      } catch (error) {
        const retryReason = error instanceof Error ? error : new Error(String(error));
        const delay = policy.nextRetryDelayInMilliseconds({ previousRetryCount: attempt, elapsedMilliseconds: Date.now() - startedAt, retryReason }) ?? 5000;
        if (this.active) this.own.onConnectionChange?.({ state: 'reconnecting', attempt: attempt + 1, error: retryReason.message, retryInMs: delay });
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
    void super.start();
  }

  private heard(note: Note): void {
    if (this.leading) {
      if (note.t === 'hello') this.post({ t: 'state', info: this.connectionInfo });
      else if (note.t === 'call') void this.answer(note.id, note.method, note.args);
    } else if (note.t === 'state') {
      const was = this.leaderInfo.state;
      this.leaderInfo = note.info;
      this.own.onConnectionChange?.({ ...note.info, relayed: true });
      if (note.info.state === 'connected' && was !== 'connected') this.own.onConnected?.(true);
    } else if (note.t === 'event') {
      (this.own[note.name] as ((payload: unknown) => void) | undefined)?.(note.payload);
    } else if (note.t === 'answer') {
      this.settle(note.id, note.error, note.value);
    } else if (note.t === 'leader') {
      this.failPending('The tab holding the hub connection closed.');
    }
  }

  /** Carries out a follower's hub call on this tab's connection, and tells it how it went. */
  private async answer(id: string, method: string, args: unknown[]): Promise<void> {
    try {
      this.post({ t: 'answer', id, value: await super.invoke(method, ...args) });
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
