import type { IRetryPolicy, RetryContext } from '@microsoft/signalr';

export interface BackoffRetryOptions {
  /** Upper bound of the first retry's random delay (the first retry is fast). Default 250 ms. */
  firstRetryMaxMs?: number;
  /** Upper bound of the second retry's delay; doubles after each failure. Default 1 s. */
  baseMs?: number;
  /** Cap of the delay. Default 30 s. */
  maxMs?: number;
  /** Source of randomness in [0, 1); replaceable in tests. */
  random?: () => number;
}

/**
 * Retry policy for an agent desktop: it NEVER gives up (never returns null, unlike SignalR's default, which
 * stops after 0, 2, 10 and 30 s). Exponential backoff with full jitter: the delay is uniformly random between
 * 0 and min(maxMs, baseMs · 2^(n-1)), so a hub restart is not met by every desktop at the same instant.
 */
export class BackoffRetryPolicy implements IRetryPolicy {
  private readonly firstRetryMaxMs: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffRetryOptions = {}) {
    this.firstRetryMaxMs = options.firstRetryMaxMs ?? 250;
    this.baseMs = options.baseMs ?? 1000;
    this.maxMs = options.maxMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  nextRetryDelayInMilliseconds(context: RetryContext): number {
    return Math.floor(this.random() * this.ceilingFor(context.previousRetryCount));
  }

  /** Largest delay the policy may pick after `previousRetryCount` failed retries. */
  ceilingFor(previousRetryCount: number): number {
    if (!(previousRetryCount > 0)) return this.firstRetryMaxMs;
    const exponent = Math.min(previousRetryCount - 1, 30);
    return Math.min(this.maxMs, this.baseMs * 2 ** exponent);
  }
}
