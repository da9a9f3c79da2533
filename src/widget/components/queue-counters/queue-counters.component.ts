import { html, nothing } from 'lit';
import { ClockController, soonestWhole } from '../../controllers/clock-controller.js';
import { waitTime } from '../../format/time-format.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { queueCountersStyles } from './queue-counters.styles.js';

/**
 * @summary The agent's queues (a supervisor's: all of them): how many conversations wait in each and for how long
 * the longest has waited ("3 m", on the hub's clock), live. Nothing while there are no queues (or no routing).
 *
 * @csspart base - The list.
 * @csspart queue - One queue.
 * @csspart count - How many wait.
 * @csspart wait - The longest wait.
 */
export class QueueCounters extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, queueCountersStyles];

  private readonly view = this.select((state) => ({ queues: state.routing?.queueStats ?? [] }));
  /** The longest waits move on each whole minute. */
  private readonly clock = new ClockController(this, {
    now: () => this.now(),
    next: (now) =>
      soonestWhole(
        60_000,
        this.view.value.queues.map((q) => Date.parse(q.longestWaitingSince ?? '')),
        now,
      ),
  });

  override render() {
    const { queues } = this.view.value;
    if (queues.length === 0) return nothing;
    const now = this.clock.now.getTime();
    return html`<ul part="base" aria-label="Queues">
      ${queues.map((queue) => {
        const since = Date.parse(queue.longestWaitingSince!);
        return html`<li part="queue" class="badge channel-badge">
          ${queue.name} <b part="count">${queue.waiting}</b><span class="visually-hidden"> waiting</span>
          ${since ? html`<span part="wait"><span class="visually-hidden">, longest</span> · ${waitTime(now - since)}</span>` : nothing}
        </li>`;
      })}
    </ul>`;
  }
}
