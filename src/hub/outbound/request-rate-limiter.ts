/**
 * At most MAX_OUTBOUND_REQUESTS_PER_HOUR send requests per organisation per fixed clock hour (UTC), counted in the
 * store (so a restart, or a second hub, shares the count) with time from the injected clock. Over the limit the
 * answer is 429 with `Retry-After`: the whole seconds until the hour ends (rounded up), after which a request passes.
 */
import { MAX_OUTBOUND_REQUESTS_PER_HOUR, OUTBOUND_RATE_WINDOW_MS } from '../../protocol/outbound.js';
import type { Clock } from '../clock.js';
import type { Queryable } from '../store/database.js';
import { forgetRequestWindowsBefore, takeRequestSlot } from '../store/outbound.js';

export type RateDecision =
  | { allowed: true; limit: number; remaining: number; resetAt: Date }
  | { allowed: false; limit: number; remaining: 0; resetAt: Date; retryAfterSeconds: number };

export class RequestRateLimiter {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly limit = MAX_OUTBOUND_REQUESTS_PER_HOUR,
    private readonly windowMs = OUTBOUND_RATE_WINDOW_MS,
    private readonly bucket = 'outbound',
  ) {}

  async take(orgId: string): Promise<RateDecision> {
    const now = this.clock.now();
    const windowStart = new Date(Math.floor(now.getTime() / this.windowMs) * this.windowMs);
    const resetAt = new Date(windowStart.getTime() + this.windowMs);
    const count = await takeRequestSlot(this.db, orgId, this.bucket, windowStart, this.limit);
    if (count === null) {
      return {
        allowed: false,
        limit: this.limit,
        remaining: 0,
        resetAt,
        retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
      };
    }
    // the first request of a window clears windows long past
    if (count === 1) await forgetRequestWindowsBefore(this.db, new Date(windowStart.getTime() - 24 * this.windowMs));
    return { allowed: true, limit: this.limit, remaining: this.limit - count, resetAt };
  }
}
