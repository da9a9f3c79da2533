import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
  type RetryContext,
} from '@microsoft/signalr';
import {
  HUB_PATH,
  type HubEventName,
  type HubEventPayload,
  type HubMethodArgs,
  type HubMethodName,
  type HubMethodResult,
} from '../../protocol/hub-contract.js';
import type { AccessTokenFactory } from '../auth/token-source.js';
import { DISCONNECTED, type ConnectionInfo } from '../state/connection-state.js';
import type { ConnectionListener, HubLink } from './hub-link.js';
import { HUB_UNREACHABLE, HubRequestError, toHubRequestError } from './hub-request-error.js';
import { BackoffRetryPolicy } from './retry-policy.js';

export interface HubClientOptions {
  /** Base URL of the hub server, e.g. `http://localhost:8080` (relative URLs resolve against the page). */
  hubUrl: string;
  /** Gives the bearer token for negotiate and the transport; called again on every (re)connect. */
  accessTokenFactory: AccessTokenFactory;
  /** How long to wait between attempts; defaults to a BackoffRetryPolicy, which never gives up. */
  retryPolicy?: IRetryPolicy;
  /** SignalR's own console logging. Default: warnings and errors. */
  logLevel?: LogLevel;
}

/**
 * The desktop's SignalR connection to the hub, typed by the contract: `invoke('answerCall', callId)`,
 * `on('callUpdated', (call) => …)`. It keeps trying for as long as it runs: the initial start and every reconnect
 * wait per the retry policy, which never gives up. Hub method failures reject with a HubRequestError carrying the
 * hub's error code.
 */
export class HubClient implements HubLink {
  private readonly connection: HubConnection;
  private readonly retryPolicy: IRetryPolicy;
  private info: ConnectionInfo = DISCONNECTED;
  private running = false;
  private hasConnected = false;
  private wakeUp: (() => void) | null = null;
  private stopping: Promise<void> = Promise.resolve();
  private waiters: Array<() => void> = [];

  constructor(
    options: HubClientOptions,
    private readonly listener: ConnectionListener = {},
  ) {
    this.retryPolicy = options.retryPolicy ?? new BackoffRetryPolicy();
    this.connection = new HubConnectionBuilder()
      .withUrl(hubEndpoint(options.hubUrl), { accessTokenFactory: () => options.accessTokenFactory() })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => this.nextDelay(context) })
      .configureLogging(options.logLevel ?? LogLevel.Warning)
      .build();
    this.connection.onreconnecting((error) => {
      this.setInfo({ ...this.info, state: 'reconnecting', error: error?.message ?? null });
    });
    this.connection.onreconnected(() => this.connected());
    this.connection.onclose((error) => {
      // Only an explicit stop (or a close the server forbade reconnecting from) ends here; keep going unless stopped.
      if (!this.running) {
        this.setInfo(DISCONNECTED);
        return;
      }
      this.setInfo({ ...this.info, state: 'reconnecting', error: error?.message ?? 'Connection closed' });
      void this.startLoop();
    });
  }

  /** The current connection state. */
  get connectionInfo(): ConnectionInfo {
    return this.info;
  }

  get isConnected(): boolean {
    return this.running && this.connection.state === HubConnectionState.Connected;
  }

  /** Starts connecting and keeps trying until connected or stopped. Resolves once connected (or stopped). */
  start(): Promise<void> {
    const settled = this.untilConnectedOrStopped();
    if (!this.running) {
      this.running = true;
      this.setInfo({ state: 'connecting', attempt: 0, error: null, retryInMs: null });
      void this.stopping.then(() => this.startLoop());
    }
    return settled;
  }

  /** Closes the connection and stops retrying. */
  stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    this.settleWaiters();
    this.stopping = this.connection
      .stop()
      .catch(() => undefined)
      .then(() => {
        if (!this.running) this.setInfo(DISCONNECTED);
      });
    return this.stopping;
  }

  /**
   * Drops the connection and connects again at once, skipping any wait between attempts: for a link that may have
   * died unnoticed (the computer slept; SignalR would take its server timeout, 30 s, to see it) or just came back.
   */
  restart(): void {
    if (!this.running) return;
    this.wakeUp?.();
    void this.connection.stop();
  }

  async invoke<M extends HubMethodName>(method: M, ...args: HubMethodArgs<M>): Promise<HubMethodResult<M>> {
    if (!this.isConnected) {
      throw new HubRequestError(HUB_UNREACHABLE, 'Not connected to the hub.', method);
    }
    try {
      return await this.connection.invoke<HubMethodResult<M>>(method, ...args);
    } catch (error) {
      throw toHubRequestError(error, method);
    }
  }

  /** Hub events reach `handler` while the client runs (a stopped client's late events are dropped). */
  on<E extends HubEventName>(event: E, handler: (payload: HubEventPayload<E>) => void): () => void {
    const delivered = (payload: HubEventPayload<E>) => {
      if (this.running) handler(payload);
    };
    this.connection.on(event, delivered);
    return () => this.connection.off(event, delivered);
  }

  /** The initial start, and restarts after a close: the same never-ending retry policy as reconnects. */
  private async startLoop(): Promise<void> {
    const startedAt = Date.now();
    let previousRetryCount = 0;
    while (this.running) {
      if (this.connection.state !== HubConnectionState.Disconnected) return;
      try {
        await this.connection.start();
        if (!this.running) {
          await this.connection.stop();
          return;
        }
        this.connected();
        return;
      } catch (error) {
        if (!this.running) return;
        const retryReason = error instanceof Error ? error : new Error(String(error));
        const delay = this.nextDelay({
          previousRetryCount,
          elapsedMilliseconds: Date.now() - startedAt,
          retryReason,
        });
        previousRetryCount += 1;
        this.setInfo({ ...this.info, state: 'reconnecting', error: retryReason.message });
        await this.sleep(delay);
      }
    }
  }

  private connected(): void {
    const reconnected = this.hasConnected;
    this.hasConnected = true;
    this.setInfo({ state: 'connected', attempt: 0, error: null, retryInMs: null });
    this.settleWaiters();
    this.listener.onConnected?.(reconnected);
  }

  /** Asks the policy and records the attempt; a policy that says "give up" (null) is overruled. */
  private nextDelay(context: RetryContext): number {
    const asked = this.retryPolicy.nextRetryDelayInMilliseconds(context);
    const delay = asked ?? new BackoffRetryPolicy().nextRetryDelayInMilliseconds(context);
    const info = { ...this.info, attempt: context.previousRetryCount + 1, retryInMs: delay };
    // SignalR asks the policy before it reports `reconnecting`; that report carries these numbers.
    if (info.state === 'connected') this.info = info;
    else this.setInfo(info);
    return delay;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => done();
      this.wakeUp = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wakeUp = null;
    });
  }

  private untilConnectedOrStopped(): Promise<void> {
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private settleWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private setInfo(info: ConnectionInfo): void {
    this.info = info;
    this.listener.onConnectionChange?.(info);
  }
}

/** The SignalR endpoint of a hub server: its base URL plus the contract's HUB_PATH. */
export function hubEndpoint(hubUrl: string): string {
  return hubUrl.replace(/\/+$/, '') + HUB_PATH;
}
