import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Channel } from '../../protocol/payloads.js';
import { sessionWindow } from '../../protocol/session-window.js';
import { COUNTDOWN_SECONDS_MS } from '../format/time-format.js';
import { ClockController } from './clock-controller.js';

/**
 * Where a conversation stands with WhatsApp's 24-hour window: `none` (the channel has no window), `open`,
 * `closing` (open, in its last hour), `closed` (only templates may be sent).
 */
export type SessionWindowPhase = 'none' | 'open' | 'closing' | 'closed';

export interface SessionWindowView {
  phase: SessionWindowPhase;
  /** Time left while open, in ms (0 otherwise). */
  remainingMs: number;
  /** When the window closes or closed; null when it does not apply or never opened. */
  endsAt: Date | null;
  /** The instant this view was computed for. */
  now: Date;
}

/** The window's last stretch, shown as a warning. */
export const CLOSING_SOON_MS = 60 * 60 * 1000;
/** A countdown updates at least this often before its last minutes (and a closed window's "… ago" text too). */
const SLOW_TICK_MS = 30_000;

export interface SessionWindowSubject {
  channel: Channel;
  lastInboundAt: string | null;
}

/** The window of `conversation` at `now` (the rule itself is the contract's `sessionWindow`). */
export function sessionWindowView(conversation: SessionWindowSubject | null | undefined, now: Date): SessionWindowView {
  if (!conversation) return { phase: 'none', remainingMs: 0, endsAt: null, now };
  const { applies, open, endsAt } = sessionWindow(conversation, now);
  if (!applies) return { phase: 'none', remainingMs: 0, endsAt: null, now };
  if (!open || !endsAt) return { phase: 'closed', remainingMs: 0, endsAt, now };
  const remainingMs = endsAt.getTime() - now.getTime();
  return { phase: remainingMs <= CLOSING_SOON_MS ? 'closing' : 'open', remainingMs, endsAt, now };
}

export interface SessionWindowControllerOptions {
  /** The conversation to follow (read on every update of the host). */
  conversation(): SessionWindowSubject | null | undefined;
  /** The clock (read on every update of the host). */
  now(): Date;
  /**
   * `boundaries`: re-render only when the phase changes (the composer); `countdown`: also as the time left
   * changes, every 30 s, then every second in the last ten minutes (the banner).
   */
  updates: 'boundaries' | 'countdown';
}

/**
 * Keeps a component's view of the session window true as time passes: it re-computes the window before every
 * render, and its clock (see ClockController) re-renders the host at the next moment the view changes (the next
 * phase, or the countdown's next tick: every 30 s, then every second in the last ten minutes), so the component
 * switches when the window closes without a reload.
 */
export class SessionWindowController implements ReactiveController {
  value: SessionWindowView = sessionWindowView(null, new Date(0));

  constructor(
    host: ReactiveControllerHost,
    private readonly options: SessionWindowControllerOptions,
  ) {
    host.addController(this);
    // Added after this controller, so it reads the view this one has just computed.
    new ClockController(host, { now: () => options.now(), next: () => this.nextChangeIn(this.value) });
  }

  hostConnected(): void {
    this.refresh();
  }

  hostUpdate(): void {
    this.refresh();
  }

  private refresh(): void {
    this.value = sessionWindowView(this.options.conversation(), this.options.now());
  }

  /** Milliseconds until the view next changes, or null when it will not change by itself. */
  private nextChangeIn({ phase, remainingMs }: SessionWindowView): number | null {
    const countdown = this.options.updates === 'countdown';
    if (phase === 'none') return null;
    if (phase === 'closed') return countdown ? SLOW_TICK_MS : null;
    const boundaries = [remainingMs, remainingMs - CLOSING_SOON_MS];
    if (countdown) {
      // When the countdown's text next changes (see timeLeft): near the end, when the seconds (rounded up) go
      // down; before, just after a whole minute has passed (minutes round down), or in 30 s at the latest.
      const tick =
        remainingMs <= COUNTDOWN_SECONDS_MS
          ? remainingMs % 1000 || 1000
          : Math.min(SLOW_TICK_MS, (remainingMs % 60_000) + 1);
      boundaries.push(remainingMs - COUNTDOWN_SECONDS_MS, tick);
    }
    return Math.min(...boundaries.filter((ms) => ms > 0));
  }
}
