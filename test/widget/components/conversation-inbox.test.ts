import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/widget/components/conversation-inbox/conversation-inbox.js';
import type { ConversationInbox } from '../../../src/widget/components/conversation-inbox/conversation-inbox.component.js';
import { DesktopService } from '../../../src/widget/desktop/desktop-service.js';
import type { ConversationSelectEvent } from '../../../src/widget/events/conversation-select-event.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { conversation, manyConversations } from '../support/data.js';
import { takeLitWarnings } from '../support/lit-warnings.js';

function options(el: ConversationInbox): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

function listbox(el: ConversationInbox): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[role="listbox"]')!;
}

function activeOption(el: ConversationInbox): HTMLElement | null {
  const id = listbox(el).getAttribute('aria-activedescendant');
  return id ? el.shadowRoot!.getElementById(id) : null;
}

async function inboxWith(store: DesktopStore, service?: DesktopService) {
  return fixture<ConversationInbox>(html`
    <conversation-inbox style="height: 400px" .store=${store} .actions=${service}></conversation-inbox>
  `);
}

describe('<conversation-inbox>', () => {
  let store: DesktopStore;

  beforeEach(() => {
    store = new DesktopStore();
    store.replaceConversations(
      [
        conversation({ id: 'old', customerAddress: '+15550001', lastActivityAt: '2025-01-01T08:00:00Z', preview: 'Oldest' }),
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
        conversation({ id: 'mid', customerAddress: '+15550003', lastActivityAt: '2025-01-01T10:00:00Z', status: 'closed' }),
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
    const first = rows[0]!.textContent!.replace(/\s+/g, ' ');
    expect(first).to.contain('WhatsApp').and.contain('Grace Hopper').and.contain('+15550002');
    expect(first).to.contain('Newest').and.contain('Open').and.contain('3 unread');
    expect(rows[0]!.querySelector('time')!.textContent).to.match(/ago|just now/);
    expect(rows[1]!.textContent).to.contain('Closed');
    expect(rows[2]!.querySelector('[part="unread-badge"]')).to.equal(null);
  });

  it('follows the store: a conversation with new activity moves to the top', async () => {
    const el = await inboxWith(store);
    store.upsertConversations([
      { ...store.getState().conversations.get('old')!, lastActivityAt: '2025-01-02T00:00:00Z', unreadCount: 1 },
    ]);
    await el.updateComplete;
    expect(options(el).map((row) => row.dataset['conversationId'])).to.deep.equal(['old', 'new', 'mid']);
  });

  it('moves with the arrow keys, Home and End, and Enter selects', async () => {
    const service = new DesktopService(store);
    const el = await inboxWith(store, service);
    const selected: string[] = [];
    el.addEventListener('ad-conversation-select', (e: ConversationSelectEvent) => selected.push(e.detail.conversationId!));
    listbox(el).focus();
    await el.updateComplete;
    expect(activeOption(el)!.dataset['conversationId']).to.equal('new');

    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeOption(el)!.dataset['conversationId']).to.equal('mid');
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(activeOption(el)!.dataset['conversationId']).to.equal('old');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeOption(el)!.dataset['conversationId']).to.equal('old');
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(activeOption(el)!.dataset['conversationId']).to.equal('mid');

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
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
    options(el)[2]!.click();
    expect(store.getState().selectedConversationId).to.equal('old');

    el.addEventListener('ad-conversation-select', (e) => e.preventDefault());
    options(el)[0]!.click();
    expect(store.getState().selectedConversationId).to.equal('old');
  });

  it('renders only the visible rows of 5,000 conversations, quickly', async () => {
    const big = new DesktopStore();
    const started = performance.now();
    big.replaceConversations(manyConversations(5000), 'live');
    const el = await inboxWith(big);
    const elapsed = performance.now() - started;
    const rows = options(el);
    expect(rows.length).to.be.greaterThan(5);
    expect(rows.length).to.be.lessThan(40);
    expect(rows[0]!.getAttribute('aria-setsize')).to.equal('5000');
    expect(elapsed, `first paint took ${elapsed} ms`).to.be.below(1000);

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
});
