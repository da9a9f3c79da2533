/**
 * Routing passes per key (an organisation), coalesced: at most one running and one pending. A pass asked for while
 * one waits to start joins it (same promise), so a burst of events (500 agents' tabs closing, 200 webhooks) costs at
 * most two passes per organisation instead of one each; the pending pass starts after the running one and sees
 * everything that happened before it started, so no event is missed.
 */
import { KeyedLock } from '../shared/keyed-lock.js';

export class CoalescedPasses {
  private readonly pending = new Map<string, Promise<void>>();
  private started = 0;

  /** `lock`: the one other work on the same key runs under (passes never overlap it either). */
  constructor(private readonly lock: KeyedLock = new KeyedLock()) {}

  /** Runs `pass` for `key` once the running one (if any) is done, or joins the one already waiting to start. */
  request(key: string, pass: () => Promise<void>): Promise<void> {
    const waiting = this.pending.get(key);
    if (waiting) return waiting;
    const next = this.lock.run(key, () => {
      this.pending.delete(key);
      this.started += 1;
      return pass();
    });
    this.pending.set(key, next);
    return next;
  }

  /** How many passes have started so far (all keys): what tests and benchmarks count. */
  get passesStarted(): number {
    return this.started;
  }
}
