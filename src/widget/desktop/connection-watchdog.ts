import type { CurrentHub } from './current-hub.js';

/** How often the watchdog looks at the clock: a tick that comes much later than this means the computer slept. */
const TICK_MS = 5000;
/** A tick this late (the computer slept) means a wake: catch up, after checking the link. */
const WAKE_GAP_MS = 15_000;
/** How long the hub has to answer that check before the connection is started again. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * Watches for the moments a connection that looks alive may be dead, or data may be missing: the browser going
 * offline (reconnect, with backoff, until it is back), coming back online, and the computer waking from sleep (a tick
 * much later than due, or the page showing again after a long gap). Then it asks the hub the time: no answer within
 * PROBE_TIMEOUT_MS (SignalR itself would notice only after its 30 s server timeout) restarts the connection, whose
 * connect syncs; an answer means the link is fine, and `catchUp` runs on it.
 */
export class ConnectionWatchdog {
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastTick = 0;

  constructor(
    private readonly hub: CurrentHub,
    private readonly catchUp: () => void,
  ) {}

  start(): void {
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    addEventListener('online', this.wake);
    addEventListener('offline', this.onOffline);
    this.lastTick = Date.now();
    this.timer = setInterval(this.onTick, TICK_MS);
  }

  stop(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    removeEventListener('online', this.wake);
    removeEventListener('offline', this.onOffline);
    clearInterval(this.timer);
  }

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') this.onTick();
  };

  /** Every few seconds, and when the page shows again: a long gap since the last time means the computer slept. */
  private readonly onTick = (): void => {
    const gap = Date.now() - this.lastTick;
    this.lastTick = Date.now();
    if (gap > WAKE_GAP_MS && document.visibilityState === 'visible') void this.wake();
  };

  /** The browser lost the network: the socket is gone, or soon will be. */
  private readonly onOffline = (): void => this.hub.link?.restart();

  /** The network is back or the computer woke: probe the link; restart it if it does not answer, else catch up. */
  private readonly wake = async (): Promise<void> => {
    const hub = this.hub.link;
    const alive =
      hub?.isConnected &&
      (await Promise.race([
        hub.invoke('getServerTime').then(
          () => true,
          () => false,
        ),
        new Promise<false>((resolve) => setTimeout(resolve, PROBE_TIMEOUT_MS, false)),
      ]));
    if (!hub || this.hub.link !== hub) return;
    if (alive) this.catchUp();
    else hub.restart();
  };
}
