import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { ConversationCache } from '../../../src/widget/cache/conversation-cache.js';
import { DesktopService, type DesktopConnectOptions } from '../../../src/widget/desktop/desktop-service.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { connectOptions } from '../support/connect-options.js';
import { watchHubCalls } from '../support/hub-calls.js';
import { accepted } from '../support/outbox.js';
import { customerNumber, realHub, type TestOrganisation } from '../support/real-hub.js';

describe('DesktopService (against the real hub)', () => {
  let org: TestOrganisation;
  let hubUrl: string;
  let tokens: Record<string, string>;
  let store: DesktopStore;
  let service: DesktopService;
  /** Customer A wrote three times (conversation c1), then customer B once (c2), while no agent was online. */
  let customerA: string;
  let c1: string;
  let c2: string;
  const partitions: Array<{ organisationId: string; agentId: string }> = [];

  function options(agentId = 'alice', extra: Partial<DesktopConnectOptions> = {}): DesktopConnectOptions {
    partitions.push({ organisationId: org.id, agentId });
    return connectOptions(hubUrl, tokens[agentId], extra);
  }

  const state = () => store.getState();
  const live = () => waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
  /** Live, and every conversation caught up (into the cache, for those not open). */
  const synced = () =>
    waitUntil(() => state().conversationsSource === 'live' && state().catchingUp === null, 'caught up', {
      timeout: 5000,
    });
  const history = (id: string, length: number, message = 'history') =>
    waitUntil(() => state().messages.get(id)?.length === length, message, { timeout: 5000 });
  /** A reload of the page: a new store and service. */
  function reload() {
    store = new DesktopStore();
    service = new DesktopService(store);
  }

  beforeEach(async () => {
    org = await realHub.organisation();
    hubUrl = await realHub.url();
    tokens = { alice: await org.token('alice'), bob: await org.token('bob') };
    customerA = customerNumber();
    c1 = (await org.text(customerA, 'Hello')).conversationId;
    await org.text(customerA, 'Where is my parcel?');
    await org.text(customerA, 'Anyone?');
    c2 = (await org.text(customerNumber(), 'Can I change my address?')).conversationId;
    reload();
  });

  afterEach(async () => {
    sinon.restore();
    await service.disconnect();
    for (const partition of partitions.splice(0)) await ConversationCache.delete(partition);
    await realHub.restore();
  });

  it('connects, learns who the agent is and shows the live conversation list, routed to the agent', async () => {
    await service.connect(options());
    await live();
    expect(state().connection.state).to.equal('connected');
    expect(state().identity).to.deep.equal({
      agentId: 'alice',
      organisationId: org.id,
      displayName: org.displayName('alice'),
      roles: ['agent'],
    });
    expect([...state().conversations.keys()].sort()).to.deep.equal([c1, c2].sort());
    expect(state().conversations.get(c1)).to.include({
      assignedAgentId: 'alice',
      customerAddress: customerA,
      unreadCount: 3,
      lastSeq: 3,
      preview: 'Anyone?',
    });
    expect(state().conversations.get(c2)).to.include({ assignedAgentId: 'alice', unreadCount: 1 });
  });

  it('opening a conversation loads its history and marks it read on the hub', async () => {
    await service.connect(options());
    await synced(); // every conversation's messages are in the cache now
    const calls = watchHubCalls();
    service.selectConversation(c1);
    expect(state().conversations.get(c1)!.unreadCount).to.equal(0); // at once, before the hub answers
    await history(c1, 3);
    expect(
      state()
        .messages.get(c1)!
        .map((m) => [m.seq, m.text]),
    ).to.deep.equal([
      [1, 'Hello'],
      [2, 'Where is my parcel?'],
      [3, 'Anyone?'],
    ]);
    expect(calls.of('getMessages')).to.deep.equal([[{ conversationId: c1, afterSeq: 3, limit: 500 }]]); // from the cache, then only what follows
    await waitUntil(() => calls.count('markRead') === 1, 'markRead', { timeout: 5000 });
    expect(calls.of('markRead')).to.deep.equal([[c1]]);
    expect((await calls.answers('markRead')[0]).unreadCount).to.equal(0); // the hub's answer
  });

  it('keeps live messages of open conversations, and only updates the summary of others', async () => {
    await service.connect(options());
    await live();
    service.selectConversation(c1);
    await history(c1, 3);
    await org.text(customerA, 'live!');
    const other = (await org.text(state().conversations.get(c2)!.customerAddress, 'new text')).conversationId;
    expect(other).to.equal(c2);
    await waitUntil(() => state().conversations.get(c2)!.preview === 'new text', 'summary', { timeout: 5000 });
    await history(c1, 4, 'live message');
    expect(state().messages.get(c1)!.at(-1)).to.include({ seq: 4, text: 'live!', direction: 'inbound' });
    expect(state().messages.has(c2)).to.equal(false);
  });

  it('catches up after the link comes back, from the highest seq it holds, without duplicates', async () => {
    await service.connect(options('alice', { hubUrl: await realHub.gatedUrl() }));
    await synced();
    service.selectConversation(c1);
    await history(c1, 3);
    const calls = watchHubCalls();

    await realHub.gate('down'); // the agent's network goes
    await waitUntil(() => state().connection.state === 'reconnecting', 'reconnecting', { timeout: 5000 });
    // While the desktop is away, the customer writes twice more.
    expect((await org.text(customerA, 'Are you there?')).conversationId).to.equal(c1);
    expect((await org.text(customerA, 'Hello??')).conversationId).to.equal(c1);
    expect(state().messages.get(c1)).to.have.length(3);

    await realHub.gate('open');
    await history(c1, 5, 'caught up');
    expect(state().connection.state).to.equal('connected');
    const order = calls.methods();
    expect(order.indexOf('whoAmI')).to.be.below(order.indexOf('getConversations'));
    expect(order.indexOf('getConversations')).to.be.below(order.indexOf('getMessages'));
    expect(calls.of('getMessages')).to.deep.equal([[{ conversationId: c1, afterSeq: 3, limit: 500 }]]);
    expect(
      state()
        .messages.get(c1)!
        .map((m) => m.seq),
    ).to.deep.equal([1, 2, 3, 4, 5]);
    expect(
      state()
        .messages.get(c1)!
        .slice(3)
        .map((m) => m.text),
    ).to.deep.equal(['Are you there?', 'Hello??']);
    // The conversation is open, so the new messages are marked read, on the hub too.
    await waitUntil(() => calls.count('markRead') > 0, 'marked read', { timeout: 5000 });
    expect((await calls.answers('markRead').at(-1))!.unreadCount).to.equal(0);
  });

  it('paints the inbox from the cache while the hub is down, then replaces it with live data', async () => {
    await service.connect(options());
    await live();
    await service.flushCache();
    await service.disconnect();
    // While the agent is away a new customer writes; then the hub goes down.
    const c3 = (await org.text(customerNumber(), 'New here')).conversationId;
    await realHub.stop();

    reload();
    await service.connect(options());
    expect(state().conversationsSource).to.equal('cache');
    expect([...state().conversations.keys()].sort()).to.deep.equal([c1, c2].sort());
    expect(state().connection.state).to.not.equal('connected');

    await realHub.start();
    await live();
    await waitUntil(() => state().conversations.has(c3), 'the new conversation', { timeout: 5000 });
    expect([...state().conversations.keys()].sort()).to.deep.equal([c1, c2, c3].sort());
    await service.flushCache();
    const reopened = await ConversationCache.open({ organisationId: org.id, agentId: 'alice' });
    expect((await reopened.loadConversations()).map((c) => c.id).sort()).to.deep.equal([c1, c2, c3].sort());
    reopened.close();
  });

  it("never paints another agent's cached conversations", async () => {
    await service.connect(options('alice'));
    await live();
    await service.flushCache();
    await service.disconnect();
    await realHub.stop();

    reload();
    await service.connect(options('bob'));
    expect(state().conversations.size).to.equal(0);
    await realHub.start();
    await live();
    expect(state().identity!.agentId).to.equal('bob');
    expect(state().conversations.size).to.equal(0); // alice's conversations are hers on the hub too
  });

  it('reopens a conversation from the cache, then fetches only what came after', async () => {
    await service.connect(options());
    await synced();
    service.selectConversation(c1);
    await history(c1, 3);
    await service.flushCache();
    await service.disconnect();
    // While the agent is away the customer writes again, then the hub goes down.
    await org.text(customerA, 'One more thing');
    await realHub.stop();

    reload();
    const calls = watchHubCalls();
    await service.connect(options());
    service.selectConversation(c1);
    await history(c1, 3, 'history from cache');
    expect(state().connection.state).to.not.equal('connected');
    await realHub.start();
    await history(c1, 4, 'caught up');
    expect(calls.of('getMessages')).to.deep.equal([[{ conversationId: c1, afterSeq: 3, limit: 500 }]]);
    expect(state().messages.get(c1)!.at(-1)).to.include({ seq: 4, text: 'One more thing' });
  });

  it('shows hub errors to the agent', async () => {
    await service.connect(options());
    await live();
    const stale = crypto.randomUUID(); // e.g. a link to a conversation this hub does not have
    service.selectConversation(stale);
    // (the error list is the agent's whole list: find this action's entry rather than assume it is the only one)
    const shown = () => state().errors.find((e) => e.action === 'loadMessages');
    await waitUntil(() => shown(), 'error', { timeout: 5000 });
    expect(shown()).to.include({ code: 'not_found', action: 'loadMessages', conversationId: stale });
    expect(shown()!.message).to.contain(`No conversation ${stale}.`);
  });

  it('sends and closes through the hub; the customer gets the text and the delivery report comes back', async () => {
    await service.connect(options());
    await live();
    service.selectConversation(c1);
    await history(c1, 3);
    const sent = await accepted(
      store,
      await service.sendMessage({ conversationId: c1, clientMessageId: crypto.randomUUID(), text: 'On its way' }),
    );
    expect(sent).to.include({ seq: 4, direction: 'outbound', agentId: 'alice', text: 'On its way' });
    expect(state().messages.get(c1)!.at(-1)!.text).to.equal('On its way');
    await waitUntil(() => state().conversations.get(c1)!.preview === 'On its way', 'summary', { timeout: 5000 });
    await waitUntil(() => state().messages.get(c1)!.at(-1)!.status === 'delivered', 'delivered', { timeout: 5000 });
    const phone = await org.phone(customerA);
    expect(phone.thread.filter((entry) => entry.direction === 'received').map((entry) => entry.text)).to.deep.equal([
      'On its way',
    ]);

    const closed = await service.closeConversation(c1);
    expect(closed.status).to.equal('closed');
    expect(state().conversations.get(c1)!.status).to.equal('closed');
  });
});
