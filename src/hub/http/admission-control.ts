/**
 * Admission control: when the hub is saturated (more store work waiting than it can get through quickly, or an
 * event loop running late), provider webhooks are answered 503 with `Retry-After` before anything is read or
 * stored. Providers retry later, so nothing accepted is lost and nothing is half-accepted; meanwhile agents'
 * SignalR connections, negotiation and /healthz are not turned away, so nobody is locked out while the backlog
 * drains. Only the paths given (the webhooks) are ever refused.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { StoreLoad } from '../store/store-load.js';
import { sendError } from './http-errors.js';

export interface AdmissionLimits {
  /** Store work waiting or running above which providers are asked to come back later. */
  maxPendingStoreWork: number;
  /** Event-loop delay (99th percentile over the last second) above which providers are asked to come back later. */
  maxEventLoopDelayMs: number;
  /** What `Retry-After` says, in seconds. */
  retryAfterSeconds: number;
}

/** The error a provider gets (providers read the status and Retry-After; no client of ours sees it). */
export const HUB_BUSY = 'hub_busy';

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  maxPendingStoreWork: 200,
  // Off unless configured: with the store in the hub's own process (PGlite) one long query stalls the loop for a
  // moment without the hub being saturated, and refusing every webhook for the next second then only adds retries.
  maxEventLoopDelayMs: Number.POSITIVE_INFINITY,
  retryAfterSeconds: 5,
};

/** Provider webhooks: the requests that may wait and be retried. */
export const ADMITTED_PATH_PREFIXES = ['/webhooks/'];

export class AdmissionControl {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly sampler: NodeJS.Timeout;
  private recentDelayMs = 0;
  private refusals = 0;

  constructor(
    private readonly store: StoreLoad,
    readonly limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS,
  ) {
    this.histogram.enable();
    this.sampler = setInterval(() => {
      this.recentDelayMs = this.histogram.percentile(99) / 1e6;
      this.histogram.reset();
    }, 1000);
    this.sampler.unref();
  }

  /** Why new provider work should wait, or null when it is welcome. */
  saturation(): string | null {
    const pending = this.store.pending();
    if (pending > this.limits.maxPendingStoreWork) return `store queue ${pending} > ${this.limits.maxPendingStoreWork}`;
    if (this.recentDelayMs > this.limits.maxEventLoopDelayMs)
      return `event-loop delay ${Math.round(this.recentDelayMs)} ms`;
    return null;
  }

  /** Requests refused so far (for the logs and benchmarks). */
  get refused(): number {
    return this.refusals;
  }

  /** Refuses webhooks (by path) with 503 + Retry-After while saturated, before their body is read. */
  install(app: FastifyInstance, prefixes: readonly string[] = ADMITTED_PATH_PREFIXES): void {
    app.addHook('onRequest', async (request, reply) => {
      if (!prefixes.some((prefix) => request.url.startsWith(prefix))) return;
      const reason = this.saturation();
      if (!reason) return;
      this.refusals += 1;
      if (this.refusals % 100 === 1)
        request.log.warn({ reason, refused: this.refusals }, 'saturated: asking providers to retry');
      return sendError(
        reply.header('Retry-After', String(this.limits.retryAfterSeconds)),
        503,
        HUB_BUSY,
        `The hub is busy; retry after ${this.limits.retryAfterSeconds} s`,
      );
    });
  }

  close(): void {
    clearInterval(this.sampler);
    this.histogram.disable();
  }
}
