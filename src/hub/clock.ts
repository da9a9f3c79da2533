/** Time as the hub sees it. Injected everywhere time matters so tests can set it exactly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The system clock moved by an offset: demo mode uses it so a demonstration (or an end-to-end test) can jump
 * past WhatsApp's 24-hour window without waiting a day. Never used outside demo mode.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
