import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../../../src/widget/components/agent-desktop/agent-desktop.js';
// chunks the desktop loads when first needed; loaded here so the tests can look inside at once
import '../../../../src/widget/components/routing-overview/routing-overview.js';
import '../../../../src/widget/components/transfer-dialog/transfer-dialog.js';
import type { AgentDesktop } from '../../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import type { ConversationInbox } from '../../../../src/widget/components/conversation-inbox/conversation-inbox.component.js';
import { WorkNotifier, type WorkNotice } from '../../../../src/widget/notifications/work-notifier.js';
import { conversation, offer, routingState } from '../../support/data.js';
import { text } from '../../support/dom.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { customerNumber, realHub, type TestOrganisation } from '../../support/real-hub.js';
import { child, liveDesktop } from './agent-desktop-harness.js';

const ALICE = { agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] };
const CONNECTED = { state: 'connected', attempt: 0, error: null, retryInMs: null } as const;

/** A button inside a part of the desktop, by its text (as a person, or playwright, finds it). */
function button(host: Element, name: string | RegExp): HTMLButtonElement {
  const found = [...host.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    typeof name === 'string' ? text(b) === name : name.test(text(b)),
  );
  if (!found) throw new Error(`no "${name}" button in <${host.localName}>`);
  return found;
}

describe('<ad-desktop> routing', () => {
  let title: string;

  beforeEach(() => {
    title = document.title = 'CRM · Cases';
  });

  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('puts presence and queue counters in the header and offers below the softphone, usable when narrow; accessible', async () => {
    for (const width of [1000, 320]) {
      const el = await fixture<AgentDesktop>(html`<ad-desktop no-cache style="width: ${width}px"></ad-desktop>`);
      el.store.setIdentity(ALICE);
      el.store.setConnection(CONNECTED);
      el.store.setRouting(routingState({ offers: [offer('c1', new Date().toISOString())] }));
      await el.updateComplete;
      const header = child(el, 'header');
      const presence = child(el, 'ad-presence-selector');
      const counters = child(el, 'ad-queue-counters');
      await presence.updateComplete;
      await counters.updateComplete;
      expect(header.contains(presence) && header.contains(counters), `${width}px`).to.equal(true);
      const box = header.getBoundingClientRect();
      for (const part of [presence, counters]) {
        const rect = part.getBoundingClientRect();
        expect(rect.left, `${part.localName} at ${width}px`).to.be.at.least(box.left - 1);
        expect(rect.right, `${part.localName} at ${width}px`).to.be.at.most(box.right + 1);
      }
      const toast = child(el, 'ad-offer-toast');
      await toast.updateComplete;
      expect(toast.getBoundingClientRect().top).to.be.at.least(
        child(el, 'ad-softphone-panel').getBoundingClientRect().bottom - 1,
      );
      expect(toast.getBoundingClientRect().right).to.be.at.most(box.right + 1);
      expect(child(el, 'details')).to.equal(null); // the team overview is for supervisors
      await expect(el).to.be.accessible();
      el.remove();
    }
  });

  it('shows no routing parts before the hub says how routing goes (or with a hub without it)', async () => {
    const el = await fixture<AgentDesktop>(html`<ad-desktop no-cache></ad-desktop>`);
    expect(child(el, 'ad-presence-selector')).to.equal(null);
    expect(child(el, 'ad-queue-counters')).to.equal(null);
  });

  it('gives supervisors a collapsible Team overview', async () => {
    const el = await fixture<AgentDesktop>(html`<ad-desktop no-cache></ad-desktop>`);
    el.store.setIdentity({ ...ALICE, roles: ['agent', 'supervisor'] });
    el.store.setRouting(routingState());
    await el.updateComplete;
    const details = child<HTMLDetailsElement>(el, 'details');
    expect(text(details.querySelector('summary'))).to.equal('Team');
    expect(details.open).to.equal(false);
    details.querySelector('summary')!.click();
    await el.updateComplete;
    expect(details.open).to.equal(true);
    expect(details.querySelector('ad-routing-overview')!.checkVisibility()).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('counts what waits for the agent in the page title: unread messages in their conversations and open offers', async () => {
    const el = await fixture<AgentDesktop>(html`<ad-desktop no-cache></ad-desktop>`);
    el.store.setIdentity(ALICE);
    el.store.replaceConversations(
      [
        conversation({ id: 'mine', unreadCount: 2 }),
        conversation({ id: 'bobs', unreadCount: 5, assignedAgentId: 'bob' }),
        conversation({ id: 'queued', unreadCount: 1, status: 'open', assignedAgentId: null }),
      ],
      'live',
    );
    expect(document.title).to.equal(`(2) ${title}`);
    el.store.setRouting(routingState({ offers: [offer('queued', new Date().toISOString())] }));
    expect(document.title).to.equal(`(3) ${title}`);

    document.title = 'CRM · Case 42'; // the host page changes its title meanwhile
    el.store.upsertConversations([conversation({ id: 'mine', unreadCount: 0 })]);
    expect(document.title).to.equal('(1) CRM · Case 42');
    el.store.setRouting(routingState());
    expect(document.title).to.equal('CRM · Case 42');

    el.store.setRouting(routingState({ offers: [offer('queued', new Date().toISOString())] }));
    expect(document.title).to.equal('(1) CRM · Case 42');
    el.noTitleBadge = true;
    await el.updateComplete;
    expect(document.title).to.equal('CRM · Case 42');
    el.noTitleBadge = false;
    await el.updateComplete;
    expect(document.title).to.equal('(1) CRM · Case 42');
    el.remove();
    expect(document.title).to.equal('CRM · Case 42');
  });

  it('leaves the title alone with no-title-badge', async () => {
    const el = await fixture<AgentDesktop>(html`<ad-desktop no-cache no-title-badge></ad-desktop>`);
    el.store.setIdentity(ALICE);
    el.store.replaceConversations([conversation({ id: 'mine', unreadCount: 2 })], 'live');
    expect(document.title).to.equal(title);
  });

  describe('with the real hub', () => {
    let org: TestOrganisation;
    let hubUrl: string;

    beforeEach(async () => {
      org = await realHub.organisation({ routing: 'offer' });
      hubUrl = await realHub.url();
    });

    afterEach(() => realHub.restore());

    async function desktop(agentId: string, url = hubUrl): Promise<AgentDesktop> {
      return liveDesktop(url, await org.token(agentId), (state) => state.routing !== null);
    }

    const toastOf = (el: AgentDesktop) => child(el, 'ad-offer-toast');
    const offers = (el: AgentDesktop) => [...toastOf(el).shadowRoot!.querySelectorAll('[part~="offer"]')];

    it('an offer arrives (toast, counters, title, a notice); Accept makes the conversation theirs and opens it', async () => {
      const notices: WorkNotice[] = [];
      sinon.stub(WorkNotifier.prototype, 'notify').callsFake((notice) => (notices.push(notice), Promise.resolve(true)));
      const el = await desktop('alice');
      await el.updateComplete;
      const presence = child(el, 'ad-presence-selector');
      await presence.updateComplete;
      expect(presence.shadowRoot!.querySelector('select')!.value).to.equal('available');

      const customer = customerNumber();
      const { conversationId } = await org.text(customer, 'My parcel is late');
      await waitUntil(() => offers(el).length === 1, 'the offer toast', { timeout: 5000 });
      const toast = offers(el)[0];
      expect(text(toast)).to.match(
        new RegExp(`^\\+?${customer} SMS · General \\d+ s left My parcel is late Accept Decline$`),
      );
      expect(document.title).to.match(/^\(\d+\) CRM · Cases$/);
      expect(notices.map((n) => [n.key.split(':')[0], n.conversationId, n.body])).to.deep.equal([
        ['offer', conversationId, 'My parcel is late'],
      ]);
      await expect(el).to.be.accessible();

      button(toastOf(el), /^Accept/).click();
      await waitUntil(() => el.store.getState().selectedConversationId === conversationId, 'opened', { timeout: 5000 });
      const accepted = el.store.getState().conversations.get(conversationId)!;
      expect(accepted).to.include({ status: 'active', assignedAgentId: 'alice' });
      await waitUntil(() => offers(el).length === 0, 'the toast goes', { timeout: 5000 });
      const inbox = child<ConversationInbox>(el, 'ad-conversation-inbox');
      button(inbox, /^Mine/).click();
      await inbox.updateComplete;
      expect(
        [...inbox.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')].map((o) => o.dataset['conversationId']),
      ).to.deep.equal([conversationId]);
      const composer = child(el, 'ad-message-composer');
      await waitUntil(() => composer.shadowRoot!.activeElement?.localName === 'textarea', 'on to the reply', {
        timeout: 2000,
      });
    });

    it('Decline: the toast goes and the conversation keeps waiting in its queue', async () => {
      const el = await desktop('alice');
      const { conversationId } = await org.text(customerNumber(), 'Hello?');
      await waitUntil(() => offers(el).length === 1, 'the offer toast', { timeout: 5000 });
      button(toastOf(el), /^Decline/).click();
      await waitUntil(() => offers(el).length === 0, 'the toast goes', { timeout: 5000 });
      const counters = child(el, 'ad-queue-counters');
      await waitUntil(() => text(counters.shadowRoot!.querySelector('[part~="count"]')) === '1', 'still waiting', {
        timeout: 5000,
      });
      expect(el.store.getState().conversations.get(conversationId)?.assignedAgentId ?? null).to.equal(null);
    });

    async function busyWithTwoWaiting() {
      const el = await desktop('alice');
      const select = child(el, 'ad-presence-selector').shadowRoot!.querySelector('select')!;
      select.value = 'busy';
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => el.store.getState().routing?.presence === 'busy', 'busy', { timeout: 5000 });
      await org.text(customerNumber(), 'One');
      await org.text(customerNumber(), 'Two');
      const counters = child(el, 'ad-queue-counters');
      await waitUntil(() => text(counters.shadowRoot!.querySelector('[part~="count"]')) === '2', 'two waiting', {
        timeout: 5000,
      });
      return { el, select, counters };
    }

    it('queue counters follow the queue; a busy agent gets no offers', async () => {
      const { el, counters } = await busyWithTwoWaiting();
      expect(text(counters.shadowRoot!.querySelector('[part~="queue"]'))).to.match(
        /^General 2 waiting , longest · 0 m$/,
      );
      // Nothing must happen: a bounded wait, over the hub's routing sweep (once a second), before checking no offer came.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(offers(el)).to.have.length(0);
    });

    it('an agent available again is offered the waiting work', async () => {
      const { el, select } = await busyWithTwoWaiting();
      select.value = 'available';
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => offers(el).length > 0, 'offered once available', { timeout: 5000 });
    });

    it("presence follows the agent's other tabs and survives a reconnect", async () => {
      const gated = await realHub.gatedUrl();
      const [tab1, tab2] = [await desktop('alice', gated), await desktop('alice')];
      const select = (el: AgentDesktop) => child(el, 'ad-presence-selector').shadowRoot!.querySelector('select')!;
      await child(tab1, 'ad-presence-selector').updateComplete;
      select(tab1).value = 'dnd';
      select(tab1).dispatchEvent(new Event('change'));
      await waitUntil(() => tab2.store.getState().routing?.presence === 'dnd', 'the other tab follows', {
        timeout: 5000,
      });
      await child(tab2, 'ad-presence-selector').updateComplete;
      expect(select(tab2).value).to.equal('dnd');

      await realHub.gate('down');
      await waitUntil(() => tab1.store.getState().connection.state !== 'connected', 'link down', { timeout: 5000 });
      await child(tab1, 'ad-presence-selector').updateComplete;
      expect(select(tab1).disabled).to.equal(true);
      tab1.store.updateRouting((r) => ({ ...r, presence: 'available' })); // what the tab shows is re-read on reconnect
      await realHub.gate('open');
      await waitUntil(() => tab1.store.getState().connection.state === 'connected', 'reconnected', { timeout: 15_000 });
      await waitUntil(() => tab1.store.getState().routing?.presence === 'dnd', 'presence restored', { timeout: 5000 });
      await child(tab1, 'ad-presence-selector').updateComplete;
      expect(select(tab1).value).to.equal('dnd');
      expect(select(tab1).disabled).to.equal(false);
    });

    it('transfers to another agent with a note, which they see on the offer and in the conversation', async () => {
      const alice = await desktop('alice');
      const { conversationId } = await org.text(customerNumber(), 'I want a refund');
      await waitUntil(() => offers(alice).length === 1, "alice's offer", { timeout: 5000 });
      button(toastOf(alice), /^Accept/).click();
      await waitUntil(() => alice.store.getState().conversations.get(conversationId)?.status === 'active', 'accepted', {
        timeout: 5000,
      });
      const bob = await desktop('bob'); // connected after alice took it, so she had the offer

      const view = child(alice, 'ad-conversation-view');
      await waitUntil(() => view.shadowRoot!.querySelector('[part~="transfer-button"]'), 'Transfer', { timeout: 5000 });
      button(view, 'Transfer').click();
      const dialogHost = view.shadowRoot!.querySelector('ad-transfer-dialog')!;
      const select = () => dialogHost.shadowRoot!.querySelector('select')!;
      await waitUntil(
        () => [...select().options].some((o) => o.value === 'agentId:bob' && !o.disabled),
        'bob can take it',
        { timeout: 5000 },
      );
      await expect(dialogHost).to.be.accessible();
      select().value = 'agentId:bob';
      dialogHost.shadowRoot!.querySelector('textarea')!.value = 'Order 42, refund approved';
      button(dialogHost, 'Transfer').click();
      await waitUntil(() => !dialogHost.shadowRoot!.querySelector('dialog')!.open, 'sent', { timeout: 5000 });
      await waitUntil(
        () => alice.store.getState().conversations.get(conversationId)?.assignedAgentId !== 'alice',
        'no longer hers',
        { timeout: 5000 },
      );

      await waitUntil(() => offers(bob).length === 1, "bob's offer", { timeout: 5000 });
      const aliceName = org.displayName('alice');
      expect(text(toastOf(bob).shadowRoot!.querySelector('[part~="transfer-note"]'))).to.equal(
        `From ${aliceName}: Order 42, refund approved`,
      );
      button(toastOf(bob), /^Accept/).click();
      const bobsView = child(bob, 'ad-conversation-view');
      await waitUntil(
        () => bobsView.shadowRoot!.querySelector('[part~="transfer-note"]'),
        'the note in the conversation',
        { timeout: 5000 },
      );
      expect(text(bobsView.shadowRoot!.querySelector('[part~="transfer-note"]'))).to.equal(
        `From ${aliceName}: Order 42, refund approved`,
      );
      expect(bob.store.getState().conversations.get(conversationId)).to.include({
        status: 'active',
        assignedAgentId: 'bob',
      });
    });

    it('parks, resumes, and resolves into wrap-up, then closes at once', async () => {
      const el = await desktop('alice');
      const { conversationId } = await org.text(customerNumber(), 'Hi');
      await waitUntil(() => offers(el).length === 1, 'offer', { timeout: 5000 });
      button(toastOf(el), /^Accept/).click();
      const view = child(el, 'ad-conversation-view');
      const state = () => el.store.getState().conversations.get(conversationId)?.status;
      await waitUntil(() => view.shadowRoot!.querySelector('[part~="park-button"]'), 'Park', { timeout: 5000 });
      button(view, 'Park').click();
      await waitUntil(() => state() === 'waiting', 'parked', { timeout: 5000 });
      await view.updateComplete;
      button(view, 'Resume').click();
      await waitUntil(() => state() === 'active', 'resumed', { timeout: 5000 });
      await view.updateComplete;
      button(view, 'Close conversation').click();
      await waitUntil(() => state() === 'wrap_up', 'wrap-up', { timeout: 5000 });
      await view.updateComplete;
      expect(text(view.shadowRoot!.querySelector('[part~="wrap-up"]'))).to.match(/^Wrap-up — closes in (1:00|0:5\d)$/);
      await expect(el).to.be.accessible();
      button(view, 'Close now conversation').click();
      await waitUntil(() => state() === 'closed', 'closed', { timeout: 5000 });
    });

    it("shows a supervisor the team's queues and agents, live", async () => {
      await desktop('alice');
      const sam = await desktop('sam');
      const details = child<HTMLDetailsElement>(sam, 'details');
      details.open = true;
      const overview = details.querySelector('ad-routing-overview')!;
      await waitUntil(() => overview.shadowRoot!.querySelector('[part~="agents"]'), 'the overview', { timeout: 5000 });
      const table = (name: string) =>
        [...overview.shadowRoot!.querySelectorAll(`[part~="${name}"] tr`)].map((tr) =>
          [...tr.children].map((cell) => text(cell)).join(' | '),
        );
      expect(table('agents')).to.include(`${org.displayName('alice')} Available | 0/3 msg · 0/1 call | 1`);
      await org.text(customerNumber(), 'Anyone?');
      await waitUntil(() => table('queues').includes('General | 1 | 1 | 0 m'), 'waiting and offered', {
        timeout: 5000,
      });
      await expect(overview).to.be.accessible();
    });
  });

  describe('with the real hub assigning without offers', () => {
    it('tells the agent once about a conversation given to them, then about each customer message, when they look elsewhere', async () => {
      const org = await realHub.organisation();
      const token = await org.token('alice');
      const shown: Array<[string, string | undefined]> = [];
      class FakeNotification {
        static permission = 'granted';
        constructor(title: string, options: NotificationOptions) {
          shown.push([title, options.body]);
        }
      }
      sinon.replace(window, 'Notification', FakeNotification as unknown as typeof Notification);
      sinon.stub(WorkNotifier.prototype as unknown as { hasFocus(): boolean }, 'hasFocus').returns(false); // the agent is in another window
      const el = await fixture<AgentDesktop>(
        html`<ad-desktop no-cache hub-url=${await realHub.url()} .accessTokenFactory=${() => token}></ad-desktop>`,
      );
      await waitUntil(() => el.store.getState().routing?.mode === 'auto', 'routing', { timeout: 5000 });
      const customer = customerNumber();
      await org.text(customer, 'First');
      await waitUntil(() => shown.length === 1, 'assigned', { timeout: 5000 });
      await org.text(customer, 'Second');
      await waitUntil(() => shown.length === 2, 'a message', { timeout: 5000 });
      // Nothing more must come (no second notification for the same work): a bounded wait before checking.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(shown).to.deep.equal([
        [`New conversation: ${customer}`, 'First'],
        [`New message: ${customer}`, 'Second'],
      ]);
    });
  });
});
