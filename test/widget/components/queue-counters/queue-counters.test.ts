import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../../src/widget/components/queue-counters/queue-counters.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { routingState } from '../../support/data.js';
import { mount, text } from '../../support/dom.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';

const NOW = Date.parse('2026-03-02T09:10:00.000Z');

/** A store with General (3 waiting, the longest since 09:06:30) and Billing (none). */
function storeWithQueues(): DesktopStore {
  const store = new DesktopStore();
  store.setRouting(
    routingState({
      queueStats: [
        {
          queueId: 'general',
          name: 'General',
          waiting: 3,
          offered: 1,
          longestWaitingSince: '2026-03-02T09:06:30.000Z',
        },
        { queueId: 'billing', name: 'Billing', waiting: 0, offered: 0, longestWaitingSince: null },
      ],
    }),
  );
  return store;
}

describe('<ad-queue-counters>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it("shows each of the agent's queues: how many wait and the longest wait, on the given clock; accessible", async () => {
    let now = NOW;
    const el = await mount('ad-queue-counters', { store: storeWithQueues(), now: () => new Date(now) });
    const queues = [...el.shadowRoot!.querySelectorAll('[part~="queue"]')];
    expect(queues.map((q) => text(q))).to.deep.equal(['General 3 waiting , longest · 3 m', 'Billing 0 waiting']);
    expect(el.shadowRoot!.querySelector('ul')!.getAttribute('aria-label')).to.equal('Queues');
    await expect(el).to.be.accessible();

    now += 2 * 60_000;
    el.requestUpdate();
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part~="wait"]'))).to.equal(', longest · 5 m');
  });

  it('follows queueStatsUpdated (the store), and shows nothing without queues', async () => {
    const store = new DesktopStore();
    const el = await mount('ad-queue-counters', { store });
    expect(el.shadowRoot!.querySelector('ul')).to.equal(null);
    store.setRouting(routingState());
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part~="count"]'))).to.equal('0');
    store.updateRouting((r) => ({
      ...r,
      queueStats: [{ ...r.queueStats[0], waiting: 7, longestWaitingSince: new Date().toISOString() }],
    }));
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part~="queue"]'))).to.equal('General 7 waiting , longest · 0 m');
  });

  it('moves the longest wait on by itself, each whole minute of it (one timer, on the given clock)', async () => {
    const timers = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldClearNativeTimers: true });
    try {
      let now = NOW; // 3 min 30 s since 09:06:30
      const el = await mount('ad-queue-counters', { store: storeWithQueues(), now: () => new Date(now) });
      const wait = () => text(el.shadowRoot!.querySelector('[part~="wait"]'));
      expect(wait()).to.equal(', longest · 3 m');
      now += 29_999;
      await timers.tickAsync(29_999);
      expect(wait()).to.equal(', longest · 3 m');
      now += 1;
      await timers.tickAsync(1);
      expect(wait()).to.equal(', longest · 4 m');
      expect(timers.countTimers()).to.equal(1);
    } finally {
      timers.restore();
    }
  });
});
