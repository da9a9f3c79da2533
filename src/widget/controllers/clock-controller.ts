import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** setTimeout's largest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** How often relative times ("5 minutes ago") are redrawn by default. */
const DEFAULT_PERIOD_MS = 30_000;

/** In how many ms (from `now`) what a component shows next changes by itself, or null when it will not. */
export type NextChange = (now: number) => number | null;

/**
 * Milliseconds from `now` until the time since (or until) `origin` next reaches a whole number of `period`s: when a
 * timer counting from an answer, or a countdown to an end, shows its next second.
 */
export function untilNextWhole(period: number, origin: number, now: number): number {
  return period - ((((now - origin) % period) + period) % period);
}

/** The soonest `untilNextWhole` of several origins (several countdowns or waits shown at once); null for none. */
export function soonestWhole(period: number, origins: readonly number[], now: number): number | null {
  const delays = origins.filter((origin) => !Number.isNaN(origin)).map((origin) => untilNextWhole(period, origin, now));
  return delays.length > 0 ? Math.min(...delays) : null;
}

export interface ClockOptions {
  /** The clock to read (`<ad-desktop>` passes the hub's; tests their own). By default the browser's. */
  now?: () => Date;
  /**
   * After each render, when the host next needs to render again because time has passed (see `untilNextWhole`);
   * null: nothing shown moves, no timer. By default every 30 s, for relative times.
   */
  next?: NextChange;
}

/**
 * The one timer behind everything a component shows that moves with time: relative times, call timers,
 * countdowns. `now` is read from the injected clock before every render of the host; after each render one
 * timeout is set for the next change `next` gives (none when it gives null), and cleared when the host disconnects.
 * Only setTimeout and the injected clock are used, so fake timers drive it in tests.
 */
export class ClockController implements ReactiveController {
  /** The time the host renders for (read before each of its renders). */
  now: Date;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly read: () => Date;
  private readonly next: NextChange;

  constructor(
    private readonly host: ReactiveControllerHost,
    { now = () => new Date(), next = (at) => untilNextWhole(DEFAULT_PERIOD_MS, 0, at) }: ClockOptions = {},
  ) {
    this.read = now;
    this.next = next;
    this.now = now();
    host.addController(this);
  }

  hostConnected(): void {
    this.now = this.read();
    this.schedule();
  }

  hostUpdate(): void {
    this.now = this.read();
  }

  hostUpdated(): void {
    this.schedule();
  }

  hostDisconnected(): void {
    this.clear();
  }

  private schedule(): void {
    this.clear();
    const delay = this.next(this.read().getTime());
    if (delay === null) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.host.requestUpdate();
      },
      Math.min(Math.max(delay, 0), MAX_DELAY_MS),
    );
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
