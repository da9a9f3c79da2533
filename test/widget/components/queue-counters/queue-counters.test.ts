import { expect, fixture, html } from '@open-wc/testing';
import '../../../../src/widget/components/queue-counters/queue-counters.js';
import type { QueueCounters } from '../../../../src/widget/components/queue-counters/queue-counters.component.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { routingState } from '../../support/data.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';

const NOW = Date.parse('2026-03-02T09:10:00.000Z');
const text = (node: Element) => node.textContent!.replace(/\s+/g, ' ').trim();

describe('<ad-queue-counters>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it("shows each of the agent's queues: how many wait and the longest wait, on the given clock; accessible", async () => {
    const store = new DesktopStore();
    store.setRouting(
      routingState({
        queueStats: [
          { queueId: 'general', name: 'General', waiting: 3, offered: 1, longestWaitingSince: '2026-03-02T09:06:30.000Z' },
          { queueId: 'billing', name: 'Billing', waiting: 0, offered: 0, longestWaitingSince: null },
        ],
      }),
    );
    let now = NOW;
    const el = await fixture<QueueCounters>(html`<ad-queue-counters .store=${store} .now=${() => new Date(now)}></ad-queue-counters>`);
    const queues = [...el.shadowRoot!.querySelectorAll('[part~="queue"]')];
    expect(queues.map(text)).to.deep.equal(['General 3 waiting , longest · 3 m', 'Billing 0 waiting']);
    expect(el.shadowRoot!.querySelector('ul')!.getAttribute('aria-label')).to.equal('Queues');
    await expect(el).to.be.accessible();

    now += 2 * 60_000;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part~="wait"]')!)).to.equal(', longest · 5 m');
  });

  it('follows queueStatsUpdated (the store), and shows nothing without queues', async () => {
    const store = new DesktopStore();
    const el = await fixture<QueueCounters>(html`<ad-queue-counters .store=${store}></ad-queue-counters>`);
    expect(el.shadowRoot!.querySelector('ul')).to.equal(null);
    store.setRouting(routingState());
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part~="count"]')!)).to.equal('0');
    store.updateRouting((r) => ({ ...r, queueStats: [{ ...r.queueStats[0]!, waiting: 7, longestWaitingSince: new Date().toISOString() }] }));
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part~="queue"]')!)).to.equal('General 7 waiting , longest · 0 m');
  });
});
