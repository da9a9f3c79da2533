import type { DesktopStore } from '../state/desktop-store.js';
import type { CurrentHub } from './current-hub.js';

/** How often the hub's clock is compared with this computer's while connected. */
const CLOCK_CHECK_MS = 60_000;

/**
 * Measures this computer's clock against the hub's (after each connect, then every minute while connected), so
 * countdowns such as WhatsApp's 24-hour window agree with what the hub enforces.
 */
export class ClockSkewMeter {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly store: DesktopStore,
    private readonly hub: CurrentHub,
  ) {}

  /** Measures now, and every minute from now on until stop(). */
  start(): void {
    void this.measure();
    this.timer ??= setInterval(() => void this.measure(), CLOCK_CHECK_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** The hub's clock against this computer's, halfway through the round trip. */
  private async measure(): Promise<void> {
    const hub = this.hub.link;
    if (!hub?.isConnected) return;
    try {
      const sentAt = Date.now();
      const serverTime = Date.parse(await hub.invoke('getServerTime'));
      const receivedAt = Date.now();
      if (this.hub.link === hub && Number.isFinite(serverTime))
        this.store.setClockSkew(serverTime - (sentAt + receivedAt) / 2);
    } catch {
      // an older hub, or the connection dropped: keep the last measurement
    }
  }
}
