import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { ConversationSummary } from '../../../../src/protocol/payloads.js';
// a chunk the view loads at the first Transfer; loaded here so the test can look inside at once
import '../../../../src/widget/components/transfer-dialog/transfer-dialog.js';
import type { ConversationCloseEvent } from '../../../../src/widget/events/conversation-close-event.js';
import type { MessageEditEvent } from '../../../../src/widget/events/message-edit-event.js';
import type { OutboxEntry } from '../../../../src/widget/outbox/outbox-entry.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { conversation, message, outboundActivity } from '../../support/data.js';
import { text } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';
import { bubbles, imageFailed, items, mountView, part, storeWith } from './conversation-view-harness.js';

describe('<ad-conversation-view>', () => {
  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('is accessible', async () => {
    const store = storeWith([
      message({ conversationId: 'c1', seq: 1, text: 'Hi, see https://example.com/order/1' }),
      message({ conversationId: 'c1', seq: 2, direction: 'outbound', status: 'delivered', text: 'Thanks!' }),
      message({
        conversationId: 'c1',
        seq: 3,
        direction: 'outbound',
        status: 'failed',
        errorCode: 'provider_error',
        errorDetail: 'Unreachable handset',
      }),
    ]);
    const el = await mountView(store);
    await expect(el).to.be.accessible();
  });

  it('asks to select a conversation when none is open', async () => {
    const el = await mountView(new DesktopStore());
    expect(el.shadowRoot!.textContent).to.contain('Select a conversation');
    await expect(el).to.be.accessible();
  });

  it('shows the header: customer, number, channel, status and a Close action', async () => {
    const el = await mountView(storeWith());
    const header = el.shadowRoot!.querySelector('[part="header"]')!.textContent.replace(/\s+/g, ' ');
    expect(header).to.contain('Ada Lovelace').and.contain('+447700900123').and.contain('SMS').and.contain('Active');
    const close = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="close-button"]')!;
    expect(close.textContent.replace(/\s+/g, ' ').trim()).to.equal('Close conversation');
  });

  it('lists messages oldest to newest with time, direction and delivery state, and why one failed', async () => {
    const store = storeWith([
      message({
        conversationId: 'c1',
        seq: 3,
        direction: 'outbound',
        status: 'failed',
        errorCode: 'provider_error',
        errorDetail: 'Carrier rejected',
        text: 'third',
      }),
      message({ conversationId: 'c1', seq: 1, text: 'first' }),
      message({ conversationId: 'c1', seq: 2, direction: 'outbound', status: 'read', text: 'second' }),
    ]);
    const el = await mountView(store);
    expect(bubbles(el).map((b) => b.textContent)).to.deep.equal(['first', 'second', 'third']);
    const items = [...el.shadowRoot!.querySelectorAll('li')];
    expect(items[0].classList.contains('inbound')).to.equal(true);
    expect(items[1].classList.contains('outbound')).to.equal(true);
    expect(items[0].querySelector('time')!.getAttribute('datetime')).to.equal('2025-01-01T10:01:00.000Z');
    expect(items[0].querySelector('time')!.textContent).to.match(/\d{2}:\d{2}/);
    expect(items[1].querySelector('[part="meta"]')!.textContent).to.contain('Read');
    expect(items[2].querySelector('[part="failure"]')!.textContent).to.contain('Carrier rejected');
  });

  it('renders customer text as text, never as HTML', async () => {
    const store = storeWith([
      message({ conversationId: 'c1', seq: 1, text: '<img src=x onerror="window.__pwned = true">' }),
      message({ conversationId: 'c1', seq: 2, text: '<script>window.__pwned = true</script><b>bold</b>' }),
    ]);
    const el = await mountView(store);
    const [first, second] = bubbles(el);
    expect(first.textContent).to.equal('<img src=x onerror="window.__pwned = true">');
    expect(first.querySelector('img')).to.equal(null);
    expect(second.querySelector('script, b')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="log"] img, [part="log"] script')).to.equal(null);
    await imageFailed('x'); // (as an injected <img src=x> would have by now)
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
  });

  it('links only http(s) URLs, opening in a new tab without an opener', async () => {
    const store = storeWith([
      message({
        conversationId: 'c1',
        seq: 1,
        text: 'Track: https://shop.example/t?id=1 or javascript:alert(1) or data:text/html,x',
      }),
    ]);
    const el = await mountView(store);
    const links = [...bubbles(el)[0].querySelectorAll('a')];
    expect(links.length).to.equal(1);
    expect(links[0].getAttribute('href')).to.equal('https://shop.example/t?id=1');
    expect(links[0].getAttribute('target')).to.equal('_blank');
    expect(links[0].getAttribute('rel')).to.equal('noopener noreferrer');
    expect(bubbles(el)[0].textContent).to.contain('javascript:alert(1)');
  });

  it('sends ad-conversation-close, cancelable, with the conversation id', async () => {
    const el = await mountView(storeWith());
    let detail: ConversationCloseEvent['detail'] | null = null;
    el.addEventListener('ad-conversation-close', (e) => {
      detail = e.detail;
      expect(e.cancelable && e.bubbles && e.composed).to.equal(true);
    });
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
    expect(detail).to.deep.equal({ conversationId: 'c1' });
  });

  it('hides Close for a closed conversation', async () => {
    const store = storeWith();
    store.upsertConversations([{ ...store.getState().conversations.get('c1')!, status: 'closed' }]);
    const el = await mountView(store);
    expect(el.shadowRoot!.querySelector('[part="close-button"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="header"]')!.textContent).to.contain('Closed');
  });

  it('scrolls to the newest message as messages arrive', async () => {
    const store = storeWith(Array.from({ length: 40 }, (_, i) => message({ conversationId: 'c1', seq: i + 1 })));
    const el = await mountView(store, {}, { style: 'height: 300px' });
    const log = el.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight);
    expect(log.scrollTop + log.clientHeight).to.be.closeTo(log.scrollHeight, 2);
    store.upsertMessages([message({ conversationId: 'c1', seq: 41, text: 'newest' })]);
    await el.updateComplete;
    expect(log.scrollTop + log.clientHeight).to.be.closeTo(log.scrollHeight, 2);
  });

  describe('attachments and templates', () => {
    const png = {
      url: 'https://media.example/parcel.png',
      contentType: 'image/png',
      name: 'parcel.png',
      sizeBytes: 48_000,
    };
    const pdf = {
      url: 'https://media.example/invoice.pdf',
      contentType: 'application/pdf',
      name: 'invoice.pdf',
      sizeBytes: 1_500_000,
    };

    it('shows an image inline, lazily, at a bounded size, opening the full image in a new tab without an opener', async () => {
      const store = storeWith([message({ conversationId: 'c1', seq: 1, text: '', attachments: [png] })]);
      const el = await mountView(store);
      const [item] = items(el);
      expect(item.querySelector('[part~="bubble"]')).to.equal(null); // only an image: no empty bubble
      const img = item.querySelector('img')!;
      expect(img.getAttribute('src')).to.equal(png.url);
      expect(img.alt).to.equal('parcel.png');
      expect(img.loading).to.equal('lazy');
      expect(getComputedStyle(img).maxWidth).to.contain('256px'); // 16rem, or narrower than the log
      expect(getComputedStyle(img).maxHeight).to.equal('192px'); // 12rem
      const link = img.closest('a')!;
      expect(link.getAttribute('href')).to.equal(png.url);
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.equal('noopener noreferrer');
      await expect(el).to.be.accessible();
    });

    it('shows other files as a link with name, type and size, beside the text', async () => {
      const store = storeWith([
        message({ conversationId: 'c1', seq: 1, text: 'Here is my invoice', attachments: [pdf] }),
        message({
          conversationId: 'c1',
          seq: 2,
          direction: 'outbound',
          status: 'sent',
          text: '',
          attachments: [png, pdf],
        }),
      ]);
      const el = await mountView(store);
      const [first, second] = items(el);
      expect(first.querySelector('[part~="bubble"]')!.textContent).to.equal('Here is my invoice');
      const file = first.querySelector<HTMLElement>('[part~="attachment-file"]')!;
      const link = file.querySelector('a')!;
      expect(link.textContent).to.equal('invoice.pdf');
      expect(link.getAttribute('href')).to.equal(pdf.url);
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.equal('noopener noreferrer');
      expect(file.textContent.replace(/\s+/g, ' ')).to.contain('PDF, 1.4 MB');
      expect(second.querySelectorAll('[part~="attachment"]')).to.have.length(2);
      expect(second.querySelector('[part~="bubble"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('never turns a javascript:, data: or other non-http(s) URL into a link or an image', async () => {
      const store = storeWith([
        message({
          conversationId: 'c1',
          seq: 1,
          text: '',
          attachments: [
            { url: 'javascript:window.__pwned=true', contentType: 'image/png', name: 'evil.png', sizeBytes: null },
            {
              url: 'data:text/html,<script>window.__pwned=true</script>',
              contentType: 'application/pdf',
              name: 'evil.pdf',
              sizeBytes: 10,
            },
            { url: 'JaVaScRiPt:alert(1)', contentType: 'application/pdf', name: '<b>bold</b>.pdf', sizeBytes: 10 },
          ],
        }),
      ]);
      const el = await mountView(store);
      const log = el.shadowRoot!.querySelector('[part="log"]')!;
      expect(log.querySelectorAll('a, img, b')).to.have.length(0);
      const files = [...log.querySelectorAll('[part~="attachment"]')].map((f) =>
        f.textContent.replace(/\s+/g, ' ').trim(),
      );
      expect(files).to.deep.equal([
        'evil.png PNG image · unavailable',
        'evil.pdf PDF, 10 B · unavailable',
        '<b>bold</b>.pdf PDF, 10 B · unavailable',
      ]);
      expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
    });

    it('labels a message sent from a template', async () => {
      const store = storeWith([
        message({
          conversationId: 'c1',
          seq: 1,
          direction: 'outbound',
          status: 'delivered',
          text: 'Hi Ada, we have closed CAS-1.',
          templateName: 'case_closed',
        }),
        message({ conversationId: 'c1', seq: 2, direction: 'outbound', status: 'delivered', text: 'Free text' }),
      ]);
      const el = await mountView(store);
      const [first, second] = items(el);
      expect(first.querySelector('[part~="template-label"]')!.textContent).to.equal('Template: case_closed');
      expect(second.querySelector('[part~="template-label"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });
});

describe('<ad-conversation-view> with outbound activities', () => {
  /** Messages 1-3 at 10:01, 10:02, 10:03 (UTC); activities before, between and after them. */
  function timelineStore() {
    const store = storeWith([
      message({ conversationId: 'c1', seq: 1, text: 'Where is my parcel?' }),
      message({
        conversationId: 'c1',
        seq: 2,
        direction: 'outbound',
        status: 'read',
        agentId: 'agent-1',
        text: 'Let me check.',
      }),
      message({ conversationId: 'c1', seq: 3, text: 'Thanks' }),
    ]);
    store.upsertOutboundActivities([
      outboundActivity({
        id: 'a3',
        conversationId: 'c1',
        sentAt: '2025-01-01T10:05:00.000Z',
        status: 'failed',
        errorCode: 'provider_error',
        text: 'Last one',
      }),
      outboundActivity({
        id: 'a1',
        conversationId: 'c1',
        sentAt: '2025-01-01T09:00:00.000Z',
        configurationName: 'Case created',
        templateName: 'case_created',
        text: 'We opened CAS-1.',
      }),
      outboundActivity({
        id: 'a2',
        conversationId: 'c1',
        sentAt: '2025-01-01T10:01:30.000Z',
        status: 'sent',
        text: 'Your parcel is delayed.',
      }),
      outboundActivity({
        id: 'other',
        conversationId: 'c2',
        sentAt: '2025-01-01T10:01:40.000Z',
        text: 'Not this conversation',
      }),
    ]);
    return store;
  }

  it('merges them with the messages by time, set apart: who sent them, the template, the delivery state', async () => {
    const el = await mountView(timelineStore());
    const list = items(el);
    expect(list.map((item) => item.querySelector('[part~="bubble"]')!.textContent)).to.deep.equal([
      'We opened CAS-1.',
      'Where is my parcel?',
      'Your parcel is delayed.',
      'Let me check.',
      'Thanks',
      'Last one',
    ]);
    const activities = list.filter((item) => item.matches('[part~="outbound-activity"]'));
    expect(activities.map((item) => list.indexOf(item))).to.deep.equal([0, 2, 5]);
    const [first, second, last] = activities;
    expect(first.querySelector('[part~="activity-label"]')!.textContent).to.equal(
      'Sent by Case created · template case_created',
    );
    expect(first.querySelector('.visually-hidden')!.textContent).to.equal('Outbound message:');
    expect(first.querySelector('time')!.getAttribute('datetime')).to.equal('2025-01-01T09:00:00.000Z');
    expect(first.querySelector('[part~="meta"]')!.textContent).to.contain('Delivered');
    expect(second.querySelector('[part~="meta"]')!.textContent).to.contain('Sent');
    expect(last.querySelector('[part~="failure"]')!.textContent).to.contain(
      'Not delivered: The messaging provider refused the message.',
    );
    // Set apart from the agent's own messages: a dashed border around the text.
    expect(getComputedStyle(first.querySelector('[part~="bubble"]')!).borderTopStyle).to.equal('dashed');
    expect(getComputedStyle(list[3].querySelector('[part~="bubble"]')!).borderTopStyle).to.not.equal('dashed');
    // Part of the log, as the messages are.
    expect(first.closest('[role="log"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows their text as text only: no HTML, no links', async () => {
    const store = storeWith([]);
    store.upsertOutboundActivities([
      outboundActivity({
        id: 'x',
        conversationId: 'c1',
        sentAt: '2025-01-01T10:00:00.000Z',
        text: '<img src=x onerror="window.__pwned = true"> https://shop.example/t',
      }),
    ]);
    const el = await mountView(store);
    const bubble = el.shadowRoot!.querySelector('[part~="outbound-activity"] [part~="bubble"]')!;
    expect(bubble.textContent).to.equal('<img src=x onerror="window.__pwned = true"> https://shop.example/t');
    expect(bubble.querySelectorAll('img, a')).to.have.length(0);
    expect(el.shadowRoot!.textContent).to.not.contain('No messages yet'); // an activity alone is a timeline
    await imageFailed('x'); // (as an injected <img src=x> would have by now)
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
  });

  it('shows one that arrives live, and keeps the view at the newest', async () => {
    const store = storeWith(Array.from({ length: 40 }, (_, i) => message({ conversationId: 'c1', seq: i + 1 })));
    const el = await mountView(store, {}, { style: 'height: 300px' });
    const log = el.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
    store.upsertOutboundActivities([
      outboundActivity({ id: 'live', conversationId: 'c1', sentAt: '2025-01-01T11:00:00.000Z', text: 'Reminder' }),
    ]);
    await el.updateComplete;
    expect(items(el).at(-1)!.textContent).to.contain('Reminder');
    expect(log.scrollTop + log.clientHeight).to.be.closeTo(log.scrollHeight, 2);
  });
});

describe('<ad-conversation-view> on Business Messages', () => {
  function gbmStore() {
    const store = new DesktopStore();
    store.replaceConversations(
      [conversation({ id: 'g1', channel: 'gbm', customerName: 'Jean Dupont', customerAddress: 'conv-1' })],
      'live',
    );
    store.upsertMessages([message({ conversationId: 'g1', seq: 1, text: 'Bonjour' })]);
    store.selectConversation('g1');
    return store;
  }

  it('tells the agent the conversation may be monitored, recorded or stored (and not on SMS)', async () => {
    const el = await mountView(gbmStore());
    const notice = el.shadowRoot!.querySelector('[part="privacy-notice"]');
    expect(notice?.textContent).to.match(/may be monitored, recorded or stored, by us and by Google/);
    await expect(el).to.be.accessible();
    const sms = await mountView(storeWith());
    expect(sms.shadowRoot!.querySelector('[part="privacy-notice"]')).to.equal(null);
  });

  it("shows the customer's typing and live-agent request in a polite live region", async () => {
    const store = gbmStore();
    const el = await mountView(store);
    const activity = () => el.shadowRoot!.querySelector('[part="activity"]')!;
    expect(activity().getAttribute('aria-live')).to.equal('polite');
    expect(activity().textContent.trim()).to.equal('');
    store.setCustomerActivity({
      conversationId: 'g1',
      isTyping: true,
      requestedLiveAgent: false,
      at: new Date().toISOString(),
    });
    await el.updateComplete;
    expect(activity().textContent.trim()).to.equal('The customer is typing…');
    store.setCustomerActivity({
      conversationId: 'g1',
      isTyping: false,
      requestedLiveAgent: true,
      at: new Date().toISOString(),
    });
    await el.updateComplete;
    expect(activity().textContent.trim()).to.equal('The customer asked for a person.');
    await expect(el).to.be.accessible();
  });

  describe('routing', () => {
    const T0 = Date.parse('2026-03-02T09:00:00.000Z');

    /** agent-1's store with c1 as given, and actions answering as the hub and the service do. */
    function routed(overrides: Partial<ConversationSummary> = {}) {
      const store = storeWith();
      store.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
      store.upsertConversations([{ ...store.getState().conversations.get('c1')!, ...overrides }]);
      const change = (patch: Partial<ConversationSummary>) => {
        const next = { ...store.getState().conversations.get('c1')!, ...patch };
        store.upsertConversations([next]);
        return Promise.resolve(next);
      };
      const actions = {
        parkConversation: sinon.spy((_id: string) => change({ status: 'waiting' })),
        resumeConversation: sinon.spy((_id: string) => change({ status: 'active' })),
        closeConversation: sinon.spy((_id: string) =>
          change({ status: 'wrap_up', wrapUpEndsAt: new Date(T0 + 60_000).toISOString() }),
        ),
        getConversationTransferTargets: sinon.spy((_conversationId: string) =>
          Promise.resolve({ queues: [{ id: 'general', name: 'General' }], agents: [] }),
        ),
        transferConversation: sinon.spy(() => change({ status: 'open', assignedAgentId: null })),
      };
      return { store, actions };
    }

    async function mount(overrides: Partial<ConversationSummary> = {}, clock = { ms: T0 }) {
      const { store, actions } = routed(overrides);
      const el = await mountView(store, { actions: fakeActions(actions), now: () => new Date(clock.ms) });
      return { el, store, actions, clock };
    }

    it("offers Park, Transfer and Close on the agent's active conversation; Park, then Resume; accessible", async () => {
      const { el, actions } = await mount();
      expect([...part(el, 'header')!.querySelectorAll('button')].map((b) => text(b))).to.deep.equal([
        'Park',
        'Transfer',
        'Close conversation',
      ]);
      await expect(el).to.be.accessible();
      part(el, 'park-button')!.click();
      await waitUntil(() => text(part(el, 'park-button')) === 'Resume', 'parked');
      expect(actions.parkConversation.calledOnceWith('c1')).to.equal(true);
      expect(text(el.shadowRoot!.querySelector('.status-badge'))).to.equal('Waiting');
      part(el, 'park-button')!.click();
      await waitUntil(() => text(part(el, 'park-button')) === 'Park', 'resumed');
      expect(actions.resumeConversation.calledOnceWith('c1')).to.equal(true);
    });

    it('shows a refusal (no room to resume)', async () => {
      const { el, actions } = await mount({ status: 'waiting' });
      actions.resumeConversation = sinon.spy((_id: string) =>
        Promise.reject(hubRefusal('capacity_full', 'You have 3 conversations: resolve or park one first.')),
      );
      part(el, 'park-button')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the refusal shown');
      expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal(
        'You have 3 conversations: resolve or park one first.',
      ); // the hub's words
      await expect(el).to.be.accessible();
    });

    it('resolves into wrap-up: "Wrap-up — closes in m:ss" counting down on the given clock, and Close now', async () => {
      // The view's one timer is faked (its clock is the test's own): each tick is a second the test lets pass.
      const timers = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldClearNativeTimers: true });
      const { el, actions, clock } = await mount();
      part(el, 'close-button')!.click();
      await timers.tickAsync(0); // the action's answer
      await el.updateComplete;
      expect(actions.closeConversation.calledOnceWith('c1')).to.equal(true);
      expect(text(part(el, 'wrap-up'))).to.equal('Wrap-up — closes in 1:00');
      expect(text(part(el, 'close-button'))).to.equal('Close now conversation');
      expect(part(el, 'park-button')).to.equal(null);
      expect(part(el, 'transfer-button')).to.equal(null);
      clock.ms += 15_500;
      await timers.tickAsync(1000);
      expect(text(part(el, 'wrap-up'))).to.equal('Wrap-up — closes in 0:45');
      timers.restore();
      await expect(el).to.be.accessible();
    });

    it('opens the transfer dialog for this conversation; a transferred conversation is no longer theirs (no actions, no note)', async () => {
      const transfer = {
        fromAgentId: 'ann',
        fromAgentName: 'Ann',
        toQueueId: null,
        toAgentId: 'agent-1',
        note: 'VIP, be quick',
        at: '2026-03-02T08:59:00.000Z',
      };
      const { el, store, actions } = await mount({ transfer });
      expect(part(el, 'transfer-note')!.textContent).to.equal('From Ann: VIP, be quick');
      part(el, 'transfer-button')!.focus();
      part(el, 'transfer-button')!.click();
      const dialog = part(el, 'transfer-dialog')!.shadowRoot!.querySelector('dialog')!;
      await waitUntil(
        () => dialog.open && dialog.querySelectorAll('option').length === 2,
        'the dialog with its choices',
      );
      expect(actions.getConversationTransferTargets.calledOnceWithExactly('c1')).to.equal(true);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open, 'closed with Escape');
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'transfer-button')); // focus back where it was
      store.upsertConversations([
        { ...store.getState().conversations.get('c1')!, status: 'open', assignedAgentId: null },
      ]);
      await el.updateComplete;
      expect(part(el, 'transfer-note')).to.equal(null);
      expect(part(el, 'park-button')).to.equal(null);
    });

    it("shows no routing actions on someone else's conversation, and none without a store identity", async () => {
      const { el } = await mount({ assignedAgentId: 'bob' });
      expect([...part(el, 'header')!.querySelectorAll('button')].map((b) => text(b))).to.deep.equal([
        'Close conversation',
      ]);
    });
  });
});

describe('<ad-conversation-view> with the outbox and catch-up', () => {
  const entry = (overrides: Partial<OutboxEntry> & { clientMessageId: string }): OutboxEntry => ({
    conversationId: 'c1',
    createdAt: '2025-01-01T10:05:00.000Z',
    request: { conversationId: 'c1', clientMessageId: overrides.clientMessageId, text: overrides.text ?? 'On its way' },
    text: 'On its way',
    attachments: [],
    ...overrides,
  });
  const connect = (store: DesktopStore, state: 'connected' | 'reconnecting') =>
    store.setConnection({ state, attempt: 0, error: null, retryInMs: null });

  afterEach(() => {
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it("shows the agent's pending messages after the hub's, as outbound ones: waiting for the network, then sending", async () => {
    const store = storeWith();
    connect(store, 'reconnecting');
    store.setOutbox([
      entry({ clientMessageId: 'e1', text: 'First, see https://example.com/x' }),
      entry({ clientMessageId: 'e2', text: '<b>Second</b>' }),
    ]);
    const el = await mountView(store);
    const [hub, first, second] = items(el);
    expect(hub.getAttribute('part')).to.equal('message message-inbound');
    expect(first.getAttribute('part')).to.equal('message message-outbound');
    expect(first.classList.contains('outbound')).to.equal(true);
    expect(first.querySelector('[part="meta"]')!.textContent).to.contain('Waiting for the network');
    expect(first.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/x'); // the same text rules
    expect(second.querySelector('[part="bubble"]')!.textContent).to.equal('<b>Second</b>');
    expect(second.querySelector('b')).to.equal(null);
    connect(store, 'connected');
    await el.updateComplete;
    expect(items(el)[1].querySelector('[part="meta"]')!.textContent).to.contain('Sending…');
    await expect(el).to.be.accessible();
  });

  it('shows why a message was refused, with Retry, Edit and Discard', async () => {
    const store = storeWith();
    connect(store, 'connected');
    const error = { code: 'session_window_closed', message: 'The customer last wrote more than 24 hours ago.' };
    store.setOutbox([
      entry({ clientMessageId: 'e1', text: 'Hello?', error }),
      entry({
        clientMessageId: 't1',
        text: 'Hi Grace',
        request: { conversationId: 'c1', clientMessageId: 't1', templateName: 'follow_up', language: 'en', values: {} },
        error: { code: 'template_not_found', message: 'No template "follow_up".' },
      }),
    ]);
    const actions = { retryMessage: sinon.stub().resolves(), discardMessage: sinon.stub().resolves() };
    const el = await mountView(store, { actions: fakeActions(actions) });
    const edits: MessageEditEvent[] = [];
    el.addEventListener('ad-message-edit', (e) => edits.push(e));
    const [, text, template] = items(el);
    expect(text.classList.contains('failed')).to.equal(true);
    expect(text.querySelector('[part="failure"]')!.textContent).to.contain(
      "Not sent: The customer's 24-hour reply window has closed",
    );
    const buttons = (item: HTMLElement) => [...item.querySelectorAll('button')];
    expect(buttons(text).map((b) => b.textContent.trim())).to.deep.equal(['Retry', 'Edit', 'Discard']);
    expect(buttons(template).map((b) => b.textContent.trim())).to.deep.equal(['Retry', 'Discard']); // a template is not edited as text
    await expect(el).to.be.accessible();

    buttons(text)[0].click();
    expect(actions.retryMessage.args).to.deep.equal([['e1']]);
    buttons(text)[1].click();
    expect(edits.map((e) => [e.detail, e.bubbles, e.composed])).to.deep.equal([
      [{ conversationId: 'c1', clientMessageId: 'e1', text: 'Hello?' }, true, true],
    ]);
    buttons(template)[1].click();
    expect(actions.discardMessage.args).to.deep.equal([['t1']]);
  });

  it('says "Catching up…" while its messages are fetched after a reconnect', async () => {
    const store = storeWith();
    const el = await mountView(store);
    const notice = () => el.shadowRoot!.querySelector('[part="catching-up"]');
    expect(notice()).to.equal(null);
    store.setCatchingUp(new Set(['c1', 'c2']));
    await el.updateComplete;
    expect(notice()!.getAttribute('role')).to.equal('status');
    expect(notice()!.textContent).to.equal('Catching up…');
    store.caughtUp('c1');
    await el.updateComplete;
    expect(notice()).to.equal(null);
  });
});
