import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { Message } from '../../../src/protocol/payloads.js';
import { ConversationCache } from '../../../src/widget/cache/conversation-cache.js';
import { DesktopService } from '../../../src/widget/desktop/desktop-service.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { connectOptions } from '../support/connect-options.js';
import { interceptHubCall, watchHubCalls } from '../support/hub-calls.js';
import { customerNumber, realHub, type TestOrganisation } from '../support/real-hub.js';

/** Seqs 1…n without gaps or repeats, and the texts in seq order. */
function checkHistory(messages: readonly Message[], texts: string[]): void {
  expect(messages.map((m) => m.seq)).to.deep.equal(texts.map((_, i) => i + 1));
  expect(new Set(messages.map((m) => m.id)).size).to.equal(messages.length);
  expect(messages.map((m) => m.text)).to.deep.equal(texts);
}

describe('DesktopService catching up (against the real hub)', () => {
  let org: TestOrganisation;
  let token: string;
  let store: DesktopStore;
  let service: DesktopService;
  let a: string;
  let b: string;
  let c1: string;
  let c2: string;
  /** Every value `catchingUp` took, in order (sorted ids; null when not catching up). */
  let seen: Array<string[] | null>;

  const state = () => store.getState();
  const synced = (timeout = 5000) =>
    waitUntil(
      () =>
        state().conversationsSource === 'live' &&
        state().catchingUp === null &&
        state().connection.state === 'connected',
      'caught up',
      { timeout },
    );
  async function cached(conversationId: string): Promise<Message[]> {
    await service.flushCache();
    const cache = await ConversationCache.open({ organisationId: org.id, agentId: 'alice' });
    try {
      return await cache.loadMessages(conversationId);
    } finally {
      cache.close();
    }
  }
  async function texts(from: string, prefix: string, count: number): Promise<string[]> {
    const sent: string[] = [];
    for (let i = 1; i <= count; i++) {
      sent.push(`${prefix} ${i}`);
      await org.text(from, `${prefix} ${i}`);
    }
    return sent;
  }

  beforeEach(async () => {
    org = await realHub.organisation();
    token = await org.token('alice');
    a = customerNumber();
    b = customerNumber();
    c1 = (await org.text(a, 'a 0')).conversationId;
    c2 = (await org.text(b, 'b 0')).conversationId;
    store = new DesktopStore();
    service = new DesktopService(store);
    seen = [];
    store.subscribe(({ catchingUp }) => {
      const value = catchingUp && [...catchingUp].sort();
      if (JSON.stringify(value) !== JSON.stringify(seen.at(-1))) seen.push(value);
    });
    await service.connect(connectOptions(await realHub.gatedUrl(), token));
    await synced();
    service.selectConversation(c1); // open here (in memory); c2 is only in the cache
    await waitUntil(() => state().messages.get(c1)?.length === 1, 'c1 open');
  });

  afterEach(async () => {
    sinon.restore();
    await service.disconnect();
    await ConversationCache.delete({ organisationId: org.id, agentId: 'alice' });
    await realHub.restore();
  });

  it('after the link comes back, catches up every conversation (the open one into memory, the others into the cache): all there, in order, none twice', async function () {
    this.timeout(30_000);
    // held in the cache from the first sync
    checkHistory(await cached(c2), ['b 0']);
    await realHub.gate('down');
    await waitUntil(() => state().connection.state !== 'connected', 'the link is gone', { timeout: 5000 });
    seen = [null];
    const toA = await texts(a, 'a', 30);
    const toB = await texts(b, 'b', 30);
    const c = customerNumber();
    const toC = await texts(c, 'c', 10); // a conversation that began while the desktop was away
    expect(state().messages.get(c1)).to.have.length(1);

    await realHub.gate('open');
    await synced(10_000);
    const c3 = [...state().conversations.values()].find((conversation) => conversation.customerAddress === c)!.id;
    checkHistory(state().messages.get(c1)!, ['a 0', ...toA]);
    expect(state().messages.has(c2)).to.equal(false); // not open here: in the cache only
    checkHistory(await cached(c2), ['b 0', ...toB]);
    checkHistory(await cached(c3), toC);
    // "Catching up" from the reconnect until every conversation was in: the open one first, then all that were behind.
    expect(seen[1]).to.deep.equal([c1]);
    expect(seen).to.deep.include([c1, c2, c3].sort());
    expect(seen.at(-1)).to.equal(null);
  });

  it('when the link drops half-way, stays "catching up", and the next connect goes on from what is held', async function () {
    this.timeout(30_000);
    const c = customerNumber();
    const c3 = (await org.text(c, 'c 0')).conversationId; // live: its summary only, nothing cached yet
    await realHub.gate('down');
    await waitUntil(() => state().connection.state !== 'connected', 'the link is gone', { timeout: 5000 });
    const toB = await texts(b, 'b', 5);
    const toC = await texts(c, 'c', 5);

    // Back: c2's messages arrive, then the link drops before c3's are fetched.
    let drop: (() => void) | null = null;
    const dropped = new Promise<void>((resolve) => (drop = resolve));
    interceptHubCall('getMessages', async ([request], proceed) => {
      if (request.conversationId === c3) await dropped;
      const page = await proceed();
      if (request.conversationId === c2 && drop) {
        await realHub.gate('down');
        drop();
        drop = null;
      }
      return page;
    });
    await realHub.gate('open');
    await waitUntil(() => drop === null && state().connection.state !== 'connected', 'dropped half-way', {
      timeout: 10_000,
    });
    await waitUntil(() => !!state().catchingUp && !state().catchingUp!.has(c2), 'c2 caught up', { timeout: 5000 });
    expect([...state().catchingUp!]).to.include(c3); // still behind, and still said so
    checkHistory(await cached(c2), ['b 0', ...toB]);

    sinon.restore();
    const calls = watchHubCalls();
    await realHub.gate('open');
    await synced(10_000);
    const asked = calls.of('getMessages').map(([request]) => [request.conversationId, request.afterSeq]);
    expect(asked.filter(([id]) => id !== c1)).to.deep.equal([[c3, 0]]); // c2 is not asked again; c3 from what is held (nothing)
    checkHistory(await cached(c2), ['b 0', ...toB]);
    checkHistory(await cached(c3), ['c 0', ...toC]);
  });

  it("on `online`, checks the link with the hub's time: a live one catches up on it, a dead one is restarted at once", async function () {
    this.timeout(30_000);
    const calls = watchHubCalls();
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => calls.count('getConversations') === 1 && state().catchingUp === null, 'synced again', {
      timeout: 5000,
    });
    expect(state().connection.state).to.equal('connected');

    // The socket looks alive but nothing comes back (a laptop waking on another network): SignalR would wait 30 s.
    await realHub.gate('one-way');
    await org.text(a, 'while asleep');
    window.dispatchEvent(new Event('online'));
    // restarted after the probe's 5 s, long before SignalR's own 30 s server timeout
    await waitUntil(() => state().connection.state !== 'connected', 'restarted', { timeout: 8000 });
    await realHub.gate('open');
    await synced(10_000);
    checkHistory(state().messages.get(c1)!, ['a 0', 'while asleep']);
  });

  it('a timer firing late (the computer slept) counts as a wake when the page is visible', async () => {
    const calls = watchHubCalls();
    const now = Date.now();
    const later = sinon.stub(Date, 'now').returns(now + 20_000);
    document.dispatchEvent(new Event('visibilitychange'));
    later.restore();
    expect(document.visibilityState).to.equal('visible');
    await waitUntil(
      () => calls.count('getServerTime') > 0 && calls.count('getConversations') === 1,
      'probed, then synced',
      { timeout: 5000 },
    );
  });
});
