/**
 * Runs scheduled sends. Every `pollIntervalMs` (and once at start) it looks for schedules whose next occurrence
 * is due by the injected clock, claims each occurrence atomically (compare-and-set on next_run_at, which moves on
 * to the following occurrence in the same statement), sends it, and marks it done. Two hubs, or a hub and its
 * restart, never run one occurrence twice; a hub that stops mid-run leaves a claim that expires after
 * `leaseSeconds`, and whoever takes it over sends only to the contacts not yet attempted (dedupe keys).
 */
import { randomUUID } from 'node:crypto';
import { summarise } from '../../protocol/outbound.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';
import * as store from '../store/outbound.js';
import type { OutboundService } from './outbound-service.js';
import { nextOccurrence } from './schedule-spec.js';

export interface OutboundSchedulerOptions {
  db: Database;
  clock: Clock;
  outbound: OutboundService;
  pollIntervalMs: number;
  leaseSeconds: number;
  log: Logger;
}

export class OutboundScheduler {
  /** This hub's name on its claims. */
  readonly id = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private closed = false;

  constructor(private readonly options: OutboundSchedulerOptions) {}

  start(): void {
    if (this.timer || this.closed) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.pollIntervalMs);
  }

  /** Runs what is due now (one pass at a time); resolves with the number of occurrences sent. */
  tick(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    this.running ??= this.runDue()
      .catch((error: Error) => {
        this.options.log.error({ err: error }, 'running scheduled outbound sends failed');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async runDue(): Promise<number> {
    const { db, clock, outbound, leaseSeconds, log } = this.options;
    let ran = 0;
    for (const due of await store.listDueSchedules(db, clock.now())) {
      if (this.closed) break;
      const now = clock.now();
      const leaseUntil = new Date(now.getTime() + leaseSeconds * 1000);
      let claimed: store.ScheduleRow | null;
      let occurrence: Date;
      if (due.running_occurrence) {
        occurrence = new Date(due.running_occurrence);
        claimed = await store.reclaimOccurrence(db, due.id, occurrence, this.id, now, leaseUntil);
        if (claimed)
          log.warn(
            { scheduleId: due.id, occurrence: occurrence.toISOString() },
            'finishing a scheduled occurrence a stopped hub left unfinished',
          );
      } else {
        occurrence = new Date(due.next_run_at!);
        claimed = await store.claimOccurrence(
          db,
          due.id,
          occurrence,
          nextOccurrence(due.schedule, occurrence, now),
          this.id,
          leaseUntil,
        );
      }
      if (!claimed) continue; // another hub took it
      const results = await outbound.runOccurrence(claimed, occurrence).catch((error: Error) => {
        log.error({ err: error, scheduleId: due.id }, 'a scheduled outbound send failed');
        return [];
      });
      await store.finishOccurrence(db, due.id, occurrence, summarise(results));
      log.info(
        { scheduleId: due.id, org: due.org_id, occurrence: occurrence.toISOString(), ...summarise(results) },
        'scheduled outbound send ran',
      );
      ran++;
    }
    return ran;
  }
}
