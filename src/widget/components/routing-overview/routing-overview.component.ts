import { html } from 'lit';
import { PRESENCE_LABELS } from '../../../protocol/routing.js';
import { ClockController, soonestWhole } from '../../controllers/clock-controller.js';
import { waitTime } from '../../format/time-format.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { routingOverviewStyles } from './routing-overview.styles.js';

/**
 * @summary For supervisors: the organisation's queues (waiting, being offered, longest wait on the hub's clock) and
 * agents (presence, work held against their capacity, tabs connected), live. "Loading…" until the hub answers.
 *
 * @csspart base - The wrapper.
 * @csspart queues - The table of queues.
 * @csspart agents - The table of agents.
 */
export class RoutingOverview extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, routingOverviewStyles];

  private readonly view = this.select((state) => ({ overview: state.routingOverview }));
  /** The longest waits move on each whole minute. */
  private readonly clock = new ClockController(this, {
    now: () => this.now(),
    next: (now) =>
      soonestWhole(
        60_000,
        this.view.value.overview?.queues.map((q) => Date.parse(q.longestWaitingSince ?? '')) ?? [],
        now,
      ),
  });

  override render() {
    const { overview } = this.view.value;
    if (!overview) return html`<p part="base" class="hint">Loading…</p>`;
    const now = this.clock.now.getTime();
    return html`<div part="base">
      ${table(
        'queues',
        ['Queue', 'Waiting', 'Offered', 'Longest'],
        overview.queues.map((q) => [
          q.name,
          q.waiting,
          q.offered,
          q.longestWaitingSince ? waitTime(now - Date.parse(q.longestWaitingSince)) : '–',
        ]),
      )}
      ${table(
        'agents',
        ['Agent', 'Load', 'Tabs'],
        overview.agents.map((a) => [
          html`<span class="dot presence-${a.presence}"></span> ${a.displayName}
            <span class="hint">${PRESENCE_LABELS[a.presence]}</span>`,
          `${a.load.messaging}/${a.capacity.messaging} msg${a.capacity.voice ? ` · ${a.load.voice}/${a.capacity.voice} call` : ''}`,
          a.connections,
        ]),
      )}
    </div>`;
  }
}

/** A compact table: a caption, column headings, and rows whose first cell heads the row. */
function table(name: 'queues' | 'agents', headings: string[], rows: unknown[][]) {
  return html`<table part=${name}>
    <caption>
      ${name === 'queues' ? 'Queues' : 'Agents'}
    </caption>
    <tr>
      ${headings.map((h) => html`<th scope="col">${h}</th>`)}
    </tr>
    ${rows.map(
      ([first, ...cells]) =>
        html`<tr>
          <th scope="row">${first}</th>
          ${cells.map((c) => html`<td>${c}</td>`)}
        </tr>`,
    )}
  </table>`;
}
