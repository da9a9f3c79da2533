import { expect, waitUntil } from '@open-wc/testing';
import { LogLevel } from '@microsoft/signalr';
import { ConversationCache } from '../../../src/widget/cache/conversation-cache.js';
import { DesktopService, type DesktopConnectOptions } from '../../../src/widget/desktop/desktop-service.js';
import { BackoffRetryPolicy } from '../../../src/widget/hub/retry-policy.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { conversation, message, testToken } from '../support/data.js';
import { createFakeHub, type FakeHub } from '../support/fake-hub.js';

const unique = () => Math.random().toString(36).slice(2, 8);

describe('DesktopService (against a stand-in hub)', () => {
  let hub: FakeHub;
  let store: DesktopStore;
  let service: DesktopService;
  let org: string;
  const partitions: Array<{ organisationId: string; agentId: string }> = [];

  function options(agentId = 'agent-1', extra: Partial<DesktopConnectOptions> = {}): DesktopConnectOptions {
    partitions.push({ organisationId: org, agentId });
    return {
      hubUrl: hub.url,
      accessTokenFactory: () => testToken({ sub: agentId, org, name: 'Ada' }),
      retryPolicy: new BackoffRetryPolicy({ firstRetryMaxMs: 20, baseMs: 40, maxMs: 100 }),
      logLevel: LogLevel.None,
      ...extra,
    };
  }

  const state = () => store.getState();
  const invocations = async (target: string) =>
    (await hub.log()).invocations.filter((i) => i.target === target).map((i) => i.arguments[0]);

  beforeEach(async () => {
    hub = createFakeHub();
    org = `org-${unique()}`;
    store = new DesktopStore();
    service = new DesktopService(store);
    await hub.control({
      identity: { agentId: 'agent-1', organisationId: org, displayName: 'Ada Agent', roles: ['agent'] },
      conversations: [
        conversation({ id: 'c1', organisationId: org, unreadCount: 2, lastSeq: 3 }),
        conversation({ id: 'c2', organisationId: org, lastActivityAt: '2025-01-01T11:00:00Z' }),
      ],
      messages: [1, 2, 3].map((seq) => message({ conversationId: 'c1', seq, organisationId: org })),
    });
  });

  afterEach(async () => {
    await service.disconnect();
    for (const partition of partitions.splice(0)) await ConversationCache.delete(partition);
  });

  it('connects, learns who the agent is and shows the live conversation list', async () => {
    await service.connect(options());
    await waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
    expect(state().connection.state).to.equal('connected');
    expect(state().identity!.displayName).to.equal('Ada Agent');
    expect([...state().conversations.keys()].sort()).to.deep.equal(['c1', 'c2']);
  });

  it('opening a conversation loads its history and marks it read', async () => {
    await service.connect(options());
    await waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
    service.selectConversation('c1');
    expect(state().conversations.get('c1')!.unreadCount).to.equal(0); // at once, before the hub answers
    await waitUntil(() => state().messages.get('c1')?.length === 3, 'history', { timeout: 5000 });
    expect(await invocations('getMessages')).to.deep.equal([{ conversationId: 'c1', afterSeq: 0, limit: 500 }]);
    await waitUntil(async () => (await invocations('markRead')).length === 1, 'markRead', { timeout: 5000 });
    expect(await invocations('markRead')).to.deep.equal(['c1']);
  });

  it('keeps live messages of open conversations, and only updates the summary of others', async () => {
    await service.connect(options());
    await waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
    service.selectConversation('c1');
    await waitUntil(() => state().messages.get('c1')?.length === 3, 'history', { timeout: 5000 });
    await hub.control({
      push: { target: 'messageAdded', arguments: [message({ conversationId: 'c1', seq: 4, organisationId: org, text: 'live!' })] },
    });
    await hub.control({
      push: { target: 'messageAdded', arguments: [message({ conversationId: 'c2', seq: 1, organisationId: org })] },
    });
    await hub.control({
      push: { target: 'conversationUpdated', arguments: [conversation({ id: 'c2', organisationId: org, preview: 'new text', lastSeq: 1 })] },
    });
    await waitUntil(() => state().conversations.get('c2')!.preview === 'new text', 'summary', { timeout: 5000 });
    expect(state().messages.get('c1')!.map((m) => m.text)).to.include('live!');
    expect(state().messages.has('c2')).to.equal(false);
  });

  it('catches up after a reconnect from the highest seq it holds, without duplicates', async () => {
    await service.connect(options());
    await waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
    service.selectConversation('c1');
    await waitUntil(() => state().messages.get('c1')?.length === 3, 'history', { timeout: 5000 });

    await hub.control({ down: true, drop: true, clearLog: true });
    await waitUntil(() => state().connection.state === 'reconnecting', 'reconnecting', { timeout: 5000 });
    // While the desktop is away, two customer messages arrive.
    await hub.control({
      conversations: [conversation({ id: 'c1', organisationId: org, lastSeq: 5, unreadCount: 2 })],
      messages: [4, 5].map((seq) => message({ conversationId: 'c1', seq, organisationId: org })),
    });
    await hub.control({ down: false });
    await waitUntil(() => state().messages.get('c1')?.length === 5, 'caught up', { timeout: 5000 });
    expect(state().connection.state).to.equal('connected');
    const calls = (await hub.log()).invocations.map((i) => i.target);
    expect(calls.slice(0, 3)).to.deep.equal(['whoAmI', 'getConversations', 'getMessages']);
    expect(await invocations('getMessages')).to.deep.equal([{ conversationId: 'c1', afterSeq: 3, limit: 500 }]);
    expect(state().messages.get('c1')!.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4, 5]);
    // The conversation is open, so the new messages are marked read.
    await waitUntil(async () => (await invocations('markRead')).length > 0, 'marked read', { timeout: 5000 });
  });

  it('paints the inbox from the cache before the hub answers, then replaces it with live data', async () => {
    const cache = await ConversationCache.open({ organisationId: org, agentId: 'agent-1' });
    await cache.write({ putConversations: [conversation({ id: 'cached-only', organisationId: org }), conversation({ id: 'c2', organisationId: org })] });
    cache.close();
    await hub.control({ down: true });

    await service.connect(options());
    expect(state().conversationsSource).to.equal('cache');
    expect([...state().conversations.keys()].sort()).to.deep.equal(['c2', 'cached-only']);
    expect(state().connection.state).to.not.equal('connected');

    await hub.control({ down: false });
    await waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
    expect([...state().conversations.keys()].sort()).to.deep.equal(['c1', 'c2']);
    await service.flushCache();
    const reopened = await ConversationCache.open({ organisationId: org, agentId: 'agent-1' });
    expect((await reopened.loadConversations()).map((c) => c.id).sort()).to.deep.equal(['c1', 'c2']);
    reopened.close();
  });

  it('never paints another agent\'s cached conversations', async () => {
    const cache = await ConversationCache.open({ organisationId: org, agentId: 'agent-1' });
    partitions.push({ organisationId: org, agentId: 'agent-1' });
    await cache.write({ putConversations: [conversation({ id: 'ada-secret', organisationId: org })] });
    cache.close();
    await hub.control({ down: true });
    await service.connect(options('agent-2'));
    expect(state().conversations.size).to.equal(0);
  });

  it('reopens a conversation from the cache, then fetches only what came after', async () => {
    await service.connect(options());
    await waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
    service.selectConversation('c1');
    await waitUntil(() => state().messages.get('c1')?.length === 3, 'history', { timeout: 5000 });
    await service.disconnect();

    // A reload: new store and service; the hub is slow to come back.
    await hub.control({ down: true, clearLog: true });
    store = new DesktopStore();
    service = new DesktopService(store);
    await service.connect(options());
    service.selectConversation('c1');
    await waitUntil(() => state().messages.get('c1')?.length === 3, 'history from cache', { timeout: 5000 });
    expect(state().connection.state).to.not.equal('connected');
    await hub.control({ down: false });
    await waitUntil(async () => (await invocations('getMessages')).length > 0, 'caught up', { timeout: 5000 });
    expect(await invocations('getMessages')).to.deep.equal([{ conversationId: 'c1', afterSeq: 3, limit: 500 }]);
  });

  it('shows hub errors from a sync to the agent', async () => {
    await hub.control({ fail: { method: 'getConversations', code: 'internal_error', message: 'database unavailable' } });
    await service.connect(options());
    await waitUntil(() => state().errors.length > 0, 'error', { timeout: 5000 });
    expect(state().errors[0]).to.include({ code: 'internal_error', action: 'sync' });
    expect(state().errors[0]!.message).to.contain('database unavailable');
  });

  it('sends and closes through the hub', async () => {
    await service.connect(options());
    await waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
    service.selectConversation('c1');
    await waitUntil(() => state().messages.get('c1')?.length === 3, 'history', { timeout: 5000 });
    const sent = await service.sendMessage({ conversationId: 'c1', clientMessageId: crypto.randomUUID(), text: 'On its way' });
    expect(sent.seq).to.equal(4);
    expect(state().messages.get('c1')!.at(-1)!.text).to.equal('On its way');
    await waitUntil(() => state().conversations.get('c1')!.preview === 'On its way', 'summary', { timeout: 5000 });
    const closed = await service.closeConversation('c1');
    expect(closed.status).to.equal('closed');
    expect(state().conversations.get('c1')!.status).to.equal('closed');
  });
});
