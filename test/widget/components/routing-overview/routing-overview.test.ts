import { expect, fixture, html } from '@open-wc/testing';
import '../../../../src/widget/components/routing-overview/routing-overview.js';
import type { RoutingOverview } from '../../../../src/widget/components/routing-overview/routing-overview.component.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { text } from '../../support/dom.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';

const NOW = Date.parse('2026-03-02T09:10:00.000Z');
const load = (messaging: number, voice: number) => ({ messaging, voice, sms: messaging, whatsapp: 0, gbm: 0 });
const rows = (table: Element) =>
  [...table.querySelectorAll('tr')].map((tr) =>
    [...tr.children].map((cell) => cell.textContent.replace(/\s+/g, ' ').trim()),
  );

describe('<ad-routing-overview>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it("shows the organisation's queues and agents, live; accessible", async () => {
    const store = new DesktopStore();
    const el = await fixture<RoutingOverview>(
      html`<ad-routing-overview .store=${store} .now=${() => new Date(NOW)}></ad-routing-overview>`,
    );
    expect(el.shadowRoot!.textContent.trim()).to.equal('Loading…');

    store.setRoutingOverview({
      at: new Date(NOW).toISOString(),
      queues: [
        {
          queueId: 'general',
          name: 'General',
          waiting: 4,
          offered: 1,
          longestWaitingSince: '2026-03-02T09:02:00.000Z',
        },
        { queueId: 'billing', name: 'Billing', waiting: 0, offered: 0, longestWaitingSince: null },
      ],
      agents: [
        {
          agentId: 'alice',
          displayName: 'Alice',
          presence: 'available',
          connections: 2,
          load: load(2, 0),
          capacity: { messaging: 3, voice: 1 },
          queueIds: ['general'],
          idleSince: null,
        },
        {
          agentId: 'bob',
          displayName: 'Bob',
          presence: 'offline',
          connections: 0,
          load: load(0, 0),
          capacity: { messaging: 3, voice: 0 },
          queueIds: [],
          idleSince: null,
        },
      ],
    });
    await el.updateComplete;
    const [queues, agents] = [
      el.shadowRoot!.querySelector('[part~="queues"]')!,
      el.shadowRoot!.querySelector('[part~="agents"]')!,
    ];
    expect(text(queues.querySelector('caption'))).to.equal('Queues');
    expect(rows(queues)).to.deep.equal([
      ['Queue', 'Waiting', 'Offered', 'Longest'],
      ['General', '4', '1', '8 m'],
      ['Billing', '0', '0', '–'],
    ]);
    expect(rows(agents)).to.deep.equal([
      ['Agent', 'Load', 'Tabs'],
      ['Alice Available', '2/3 msg · 0/1 call', '2'],
      ['Bob Offline', '0/3 msg', '0'],
    ]);
    expect(agents.querySelector('.dot')!.classList.contains('presence-available')).to.equal(true);
    await expect(el).to.be.accessible();
  });
});
