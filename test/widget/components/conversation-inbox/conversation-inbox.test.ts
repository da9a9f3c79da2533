import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConversationInbox } from '../../../../src/widget/components/conversation-inbox/conversation-inbox.component.js';
import { DesktopService } from '../../../../src/widget/desktop/desktop-service.js';
import type { ConversationSelectEvent } from '../../../../src/widget/events/conversation-select-event.js';
import type { ConversationSummary } from '../../../../src/protocol/payloads.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { conversation, manyConversations } from '../../support/data.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { activeOption, inboxWith, listbox, options, press } from './conversation-inbox-harness.js';

describe('<ad-conversation-inbox>', () => {
  let store: DesktopStore;

  beforeEach(() => {
    store = new DesktopStore();
    store.replaceConversations(
      [
        conversation({
          id: 'old',
          customerAddress: '+15550001',
          lastActivityAt: '2025-01-01T08:00:00Z',
          preview: 'Oldest',
        }),
        conversation({
          id: 'new',
          customerAddress: '+15550002',
          customerName: 'Grace Hopper',
          channel: 'whatsapp',
          unreadCount: 3,
          status: 'open',
          lastActivityAt: '2025-01-01T12:00:00Z',
          preview: 'Newest',
        }),
        conversation({
          id: 'mid',
          customerAddress: '+15550003',
          lastActivityAt: '2025-01-01T10:00:00Z',
          status: 'closed',
        }),
      ],
      'live',
    );
  });

  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('is accessible', async () => {
    const el = await inboxWith(store);
    await expect(el).to.be.accessible();
  });

  it('is accessible when empty and shows an empty state', async () => {
    const el = await inboxWith(new DesktopStore());
    expect(el.shadowRoot!.querySelector('[part="empty"]')!.textContent).to.contain('No conversations yet');
    expect(el.shadowRoot!.querySelector('[role="listbox"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('sorts by last activity, newest first, with badges, name, number, preview and status', async () => {
    const el = await inboxWith(store);
    const rows = options(el);
    expect(rows.map((row) => row.dataset['conversationId'])).to.deep.equal(['new', 'mid', 'old']);
    const first = rows[0].textContent.replace(/\s+/g, ' ');
    expect(first).to.contain('WhatsApp').and.contain('Grace Hopper').and.contain('+15550002');
    expect(first).to.contain('Newest').and.contain('Open').and.contain('3 unread');
    expect(rows[0].querySelector('time')!.textContent).to.match(/ago|just now/);
    expect(rows[1].textContent).to.contain('Closed');
    expect(rows[2].querySelector('[part="unread-badge"]')).to.equal(null);
  });

  it('follows the store: a conversation with new activity moves to the top', async () => {
    const el = await inboxWith(store);
    store.upsertConversations([
      { ...store.getState().conversations.get('old')!, lastActivityAt: '2025-01-02T00:00:00Z', unreadCount: 1 },
    ]);
    await el.updateComplete;
    expect(options(el).map((row) => row.dataset['conversationId'])).to.deep.equal(['old', 'new', 'mid']);
  });

  it('says "Catching up…" after a reconnect and marks the rows not caught up yet, until it is done', async () => {
    const el = await inboxWith(store);
    const status = () => el.shadowRoot!.querySelector('[part="header"] [role="status"]');
    const behind = () =>
      options(el)
        .filter((row) => row.classList.contains('behind'))
        .map((row) => row.dataset['conversationId']);
    expect(status()).to.equal(null);
    store.setCatchingUp(new Set()); // reconnected: the hub's list is on its way
    await el.updateComplete;
    expect(status()!.textContent).to.equal('Catching up…');
    expect(behind()).to.deep.equal([]);
    store.setCatchingUp(new Set(['new', 'mid']));
    await el.updateComplete;
    expect(behind()).to.deep.equal(['new', 'mid']);
    expect(options(el)[0].textContent).to.contain('updating');
    store.caughtUp('new');
    await el.updateComplete;
    expect(behind()).to.deep.equal(['mid']);
    store.setCatchingUp(null);
    await el.updateComplete;
    expect(status()).to.equal(null);
    expect(behind()).to.deep.equal([]);
    expect(el.shadowRoot!.textContent).not.to.contain('updating');
  });

  it('moves with the arrow keys, Home and End, and Enter selects', async () => {
    const service = new DesktopService(store);
    const el = await inboxWith(store, service);
    const selected: string[] = [];
    el.addEventListener('ad-conversation-select', (e: ConversationSelectEvent) =>
      selected.push(e.detail.conversationId!),
    );
    listbox(el).focus();
    await el.updateComplete;
    expect(activeOption(el)!.dataset['conversationId']).to.equal('new');

    expect(await press(el, 'ArrowDown')).to.equal('mid');
    expect(await press(el, 'End')).to.equal('old');
    expect(await press(el, 'ArrowDown')).to.equal('old');
    expect(await press(el, 'ArrowUp')).to.equal('mid');

    await press(el, 'Enter');
    expect(selected).to.deep.equal(['mid']);
    expect(store.getState().selectedConversationId).to.equal('mid');
    expect(activeOption(el)!.getAttribute('aria-selected')).to.equal('true');

    await sendKeys({ press: 'Home' });
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(store.getState().selectedConversationId).to.equal('new');
  });

  it('selects on click; a host can cancel the selection', async () => {
    const service = new DesktopService(store);
    const el = await inboxWith(store, service);
    options(el)[2].click();
    expect(store.getState().selectedConversationId).to.equal('old');

    el.addEventListener('ad-conversation-select', (e) => e.preventDefault());
    options(el)[0].click();
    expect(store.getState().selectedConversationId).to.equal('old');
  });

  it('renders only the visible rows of 5,000 conversations', async () => {
    const big = new DesktopStore();
    big.replaceConversations(manyConversations(5000), 'live');
    const el = await inboxWith(big);
    const rows = options(el);
    expect(rows.length).to.be.greaterThan(5);
    expect(rows.length).to.be.lessThan(40);
    expect(rows[0].getAttribute('aria-setsize')).to.equal('5000');

    // Scrolling far down renders that part of the list instead.
    const box = listbox(el);
    box.scrollTop = 64 * 4000;
    await waitUntil(() => options(el).some((row) => row.dataset['conversationId'] === 'c4000'), 'row 4000 rendered');
    expect(options(el).length).to.be.lessThan(40);
    expect(options(el).some((row) => row.dataset['conversationId'] === 'c0')).to.equal(false);
  });

  it('keeps the active row rendered and scrolls it into view', async () => {
    const big = new DesktopStore();
    big.replaceConversations(manyConversations(5000), 'live');
    const el = await inboxWith(big);
    listbox(el).focus();
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    await waitUntil(() => activeOption(el) !== null, 'active row rendered');
    expect(activeOption(el)!.dataset['conversationId']).to.equal('c4999');
    const box = listbox(el).getBoundingClientRect();
    const row = activeOption(el)!.getBoundingClientRect();
    expect(row.top).to.be.at.least(box.top - 1);
    expect(row.bottom).to.be.at.most(box.bottom + 1);

    await sendKeys({ press: 'PageUp' });
    await el.updateComplete;
    const index = Number(activeOption(el)!.getAttribute('aria-posinset')) - 1;
    expect(index).to.be.lessThan(4999).and.greaterThan(4980);

    // Scrolled away with the mouse wheel, the active row is still in the DOM for aria-activedescendant.
    listbox(el).scrollTop = 0;
    await waitUntil(() => options(el).some((r) => r.dataset['conversationId'] === 'c0'));
    expect(activeOption(el)).to.not.equal(null);
  });

  describe('filters', () => {
    /** agent-1's inbox: one of each state, some theirs, some another agent's. */
    function routedStore() {
      const routed = new DesktopStore();
      routed.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
      routed.replaceConversations(
        [
          conversation({ id: 'queued', status: 'open', assignedAgentId: null, lastActivityAt: '2025-01-01T12:00:00Z' }),
          conversation({ id: 'active', status: 'active', lastActivityAt: '2025-01-01T11:00:00Z' }),
          conversation({ id: 'parked', status: 'waiting', lastActivityAt: '2025-01-01T10:00:00Z' }),
          conversation({ id: 'wrapping', status: 'wrap_up', lastActivityAt: '2025-01-01T09:00:00Z' }),
          conversation({
            id: 'bobs',
            status: 'active',
            assignedAgentId: 'bob',
            lastActivityAt: '2025-01-01T08:00:00Z',
          }),
          conversation({ id: 'done', status: 'closed', lastActivityAt: '2025-01-01T07:00:00Z' }),
        ],
        'live',
      );
      return routed;
    }
    const filters = (el: ConversationInbox) => [
      ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="filter"]'),
    ];
    const filter = (el: ConversationInbox, name: string) =>
      filters(el).find((b) => b.textContent.trim().startsWith(name))!;
    const shown = (el: ConversationInbox) => options(el).map((row) => row.dataset['conversationId']);

    it('shows every conversation at first, with a count per filter and a state badge on each row; accessible', async () => {
      const el = await inboxWith(routedStore());
      expect(
        filters(el).map((b) => [b.textContent.replace(/\s+/g, ' ').trim(), b.getAttribute('aria-pressed')]),
      ).to.deep.equal([
        ['Mine 3', 'false'],
        ['Open 1', 'false'],
        ['Waiting 1', 'false'],
        ['Closed 1', 'false'],
      ]);
      expect(shown(el)).to.deep.equal(['queued', 'active', 'parked', 'wrapping', 'bobs', 'done']);
      expect(options(el).map((row) => row.querySelector('.status-badge')!.textContent.trim())).to.deep.equal([
        'Open',
        'Active',
        'Waiting',
        'Wrap-up',
        'Active',
        'Closed',
      ]);
      await expect(el).to.be.accessible();
    });

    it("filters: Mine (the agent's active, parked and wrap-up ones), Open, Waiting, Closed; pressed again, all", async () => {
      const el = await inboxWith(routedStore());
      filter(el, 'Mine').click();
      await el.updateComplete;
      expect(filter(el, 'Mine').getAttribute('aria-pressed')).to.equal('true');
      expect(shown(el)).to.deep.equal(['active', 'parked', 'wrapping']);
      expect(el.shadowRoot!.querySelector('.count')!.textContent).to.equal('3');
      await expect(el).to.be.accessible();
      filter(el, 'Open').click();
      await el.updateComplete;
      expect(filter(el, 'Mine').getAttribute('aria-pressed')).to.equal('false');
      expect(shown(el)).to.deep.equal(['queued']);
      filter(el, 'Waiting').click();
      await el.updateComplete;
      expect(shown(el)).to.deep.equal(['parked']);
      filter(el, 'Closed').click();
      await el.updateComplete;
      expect(shown(el)).to.deep.equal(['done']);
      filter(el, 'Closed').click();
      await el.updateComplete;
      expect(shown(el)).to.have.length(6);
    });

    it('follows the store: a transferred conversation leaves Mine; an empty filter says so', async () => {
      const routed = routedStore();
      const el = await inboxWith(routed);
      el.filter = 'mine';
      await el.updateComplete;
      routed.upsertConversations([
        { ...routed.getState().conversations.get('active')!, status: 'open', assignedAgentId: null },
      ]);
      await el.updateComplete;
      expect(shown(el)).to.deep.equal(['parked', 'wrapping']);
      expect(filter(el, 'Mine').textContent.replace(/\s+/g, ' ').trim()).to.equal('Mine 2');
      expect(filter(el, 'Open').textContent.replace(/\s+/g, ' ').trim()).to.equal('Open 2');
      el.filter = 'closed';
      routed.upsertConversations([{ ...routed.getState().conversations.get('done')!, status: 'open' }]);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="empty"]')!.textContent.trim()).to.equal('None here.');
    });

    it('treats conversations cached before routing (no routing fields) as not routed', async () => {
      const routed = new DesktopStore();
      routed.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
      const old = conversation({ id: 'old' }) as Partial<ConversationSummary>;
      for (const key of ['queueId', 'queuedAt', 'offeredAgentId', 'wrapUpEndsAt', 'transfer'] as const) delete old[key];
      routed.replaceConversations([old as ConversationSummary], 'cache');
      const el = await inboxWith(routed);
      expect(filter(el, 'Mine').textContent.replace(/\s+/g, ' ').trim()).to.equal('Mine 1');
    });

    it('filters 5,000 conversations quickly, still rendering only the rows in view', async () => {
      const big = new DesktopStore();
      big.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
      big.replaceConversations(
        manyConversations(5000).map((c, i) => ({ ...c, status: i % 2 ? ('closed' as const) : ('active' as const) })),
        'live',
      );
      const el = await inboxWith(big);
      const started = performance.now();
      filter(el, 'Closed').click();
      await el.updateComplete;
      const elapsed = performance.now() - started;
      expect(options(el)[0].getAttribute('aria-setsize')).to.equal('2500');
      expect(options(el).length).to.be.lessThan(40);
      expect(elapsed, `filtering took ${elapsed} ms`).to.be.below(200);
    });
  });
});
