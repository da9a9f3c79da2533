import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { ConversationSummary } from '../../../src/protocol/payloads.js';
import { SESSION_WINDOW_MS } from '../../../src/protocol/session-window.js';
import { ConversationCache } from '../../../src/widget/cache/conversation-cache.js';
import { DesktopService, type DesktopConnectOptions } from '../../../src/widget/desktop/desktop-service.js';
import type { OutboxEntry } from '../../../src/widget/outbox/outbox-entry.js';
import { OUTBOX_SERVER_ERROR_TRIES } from '../../../src/widget/outbox/outbox.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { connectOptions } from '../support/connect-options.js';
import { interceptHubCall, watchHubCalls } from '../support/hub-calls.js';
import { accepted, pending, refused } from '../support/outbox.js';
import { customerNumber, realHub, type TestOrganisation } from '../support/real-hub.js';

describe('the outbox (real IndexedDB, against the real hub)', () => {
  let org: TestOrganisation;
  let token: string;
  let store: DesktopStore;
  let service: DesktopService;
  let customer: string;
  let c1: string;

  async function options(extra: Partial<DesktopConnectOptions> = {}): Promise<DesktopConnectOptions> {
    return connectOptions(await realHub.gatedUrl(), token, extra);
  }
  const state = () => store.getState();
  const synced = () =>
    waitUntil(() => state().conversationsSource === 'live' && state().catchingUp === null, 'synced', { timeout: 5000 });
  const offline = async () => {
    await realHub.gate('down');
    await waitUntil(() => state().connection.state !== 'connected', 'the link is gone', { timeout: 5000 });
  };
  /** A reload of the page: a new store and service on the same database. */
  function reload() {
    store = new DesktopStore();
    service = new DesktopService(store);
  }
  /** What the outbox holds in IndexedDB, read through a connection of its own. */
  async function stored(): Promise<OutboxEntry[]> {
    const cache = await ConversationCache.open({ organisationId: org.id, agentId: 'alice' });
    try {
      return await cache.loadOutbox();
    } finally {
      cache.close();
    }
  }
  const send = (conversationId: string, text: string) =>
    service.sendMessage({ conversationId, clientMessageId: crypto.randomUUID(), text });
  const outbound = (conversationId: string) =>
    (state().messages.get(conversationId) ?? [])
      .filter((m) => m.direction === 'outbound')
      .map((m) => [m.seq, m.text, m.clientMessageId]);
  const received = async (from: string) =>
    (await org.phone(from)).thread.filter((m) => m.direction === 'received').map((m) => m.text);

  beforeEach(async () => {
    org = await realHub.organisation();
    token = await org.token('alice');
    customer = customerNumber();
    c1 = (await org.text(customer, 'Where is my parcel?')).conversationId;
    reload();
  });

  afterEach(async () => {
    sinon.restore();
    await service.disconnect();
    await ConversationCache.delete({ organisationId: org.id, agentId: 'alice' });
    await realHub.restore();
  });

  it("stores a message before the hub is called, shows it pending at once, and puts the hub's message in its place", async () => {
    await service.connect(await options());
    await synced();
    service.selectConversation(c1);
    let storedWhenSent: OutboxEntry[] = [];
    interceptHubCall('sendMessage', async (_args, proceed) => {
      storedWhenSent = await stored();
      return proceed();
    });
    const entry = await send(c1, 'On its way');
    expect(pending(store, c1)).to.deep.equal([entry]);
    expect(entry).to.include({ conversationId: c1, text: 'On its way' });

    const message = await accepted(store, entry);
    expect(storedWhenSent.map((e) => e.clientMessageId)).to.deep.equal([entry.clientMessageId]);
    expect(message).to.include({
      seq: 2,
      direction: 'outbound',
      text: 'On its way',
      clientMessageId: entry.clientMessageId,
    });
    await waitUntil(() => pending(store, c1).length === 0, 'no longer pending');
    expect(await stored()).to.deep.equal([]);
  });

  it('offline, waits; survives a reload (a new service on the same database); back online, each reaches the customer once, in order', async function () {
    this.timeout(20_000);
    await service.connect(await options());
    await synced();
    service.selectConversation(c1);
    await offline();
    const one = await send(c1, 'One');
    const two = await send(c1, 'Two');
    expect(pending(store, c1).map((e) => e.text)).to.deep.equal(['One', 'Two']);
    expect((await stored()).map((e) => e.text).sort()).to.deep.equal(['One', 'Two']);
    await service.disconnect();

    reload();
    await service.connect(await options()); // the link is still down
    expect(pending(store, c1).map((e) => e.clientMessageId)).to.deep.equal([one.clientMessageId, two.clientMessageId]);
    expect(state().connection.state).to.not.equal('connected');
    service.selectConversation(c1);

    await realHub.gate('open');
    await waitUntil(() => pending(store, c1).length === 0 && outbound(c1).length === 2, 'sent', { timeout: 10_000 });
    expect(outbound(c1)).to.deep.equal([
      [2, 'One', one.clientMessageId],
      [3, 'Two', two.clientMessageId],
    ]);
    await waitUntil(async () => (await received(customer)).length === 2, 'the customer got both', { timeout: 5000 });
    expect(await received(customer)).to.deep.equal(['One', 'Two']);
    expect(await stored()).to.deep.equal([]);
  });

  it("keeps each conversation's order; a refused message holds up neither the next ones nor other conversations", async function () {
    this.timeout(20_000);
    const other = customerNumber();
    const c2 = (await org.text(other, 'Hello')).conversationId;
    await service.connect(await options());
    await synced();
    service.selectConversation(c2);
    service.selectConversation(c1);
    await offline();
    const tooLong = await send(c1, 'x'.repeat(1601));
    await send(c1, 'A2');
    await send(c2, 'B1');
    await send(c1, 'A3');

    await realHub.gate('open');
    expect((await refused(store, tooLong, 10_000)).code).to.equal('text_too_long');
    await waitUntil(() => outbound(c1).length === 2 && outbound(c2).length === 1, 'the others sent', {
      timeout: 10_000,
    });
    expect(outbound(c1).map(([seq, text]) => [seq, text])).to.deep.equal([
      [2, 'A2'],
      [3, 'A3'],
    ]);
    expect(outbound(c2).map(([, text]) => text)).to.deep.equal(['B1']);
    expect(pending(store, c1).map((e) => e.clientMessageId)).to.deep.equal([tooLong.clientMessageId]);
    expect((await stored()).map((e) => e.error?.code)).to.deep.equal(['text_too_long']); // the refusal is kept too
  });

  it('shows a message the hub keeps answering with a server error as refused after a bounded number of tries, so the next ones go', async function () {
    this.timeout(40_000);
    await service.connect(await options());
    await synced();
    service.selectConversation(c1);
    // the hub fails on this one message every time (as it did on a reply containing NUL)
    let tries = 0;
    interceptHubCall('sendMessage', async ([request], proceed) => {
      if (request.text !== 'poison') return proceed();
      tries += 1;
      throw new Error(
        "An unexpected error occurred invoking 'sendMessage' on the server. HubException: [internal_error] An unexpected error occurred.",
      );
    });
    const poison = await send(c1, 'poison');
    const next = await send(c1, 'After it');
    expect(await refused(store, poison, 30_000)).to.include({ code: 'internal_error' });
    expect(tries).to.equal(OUTBOX_SERVER_ERROR_TRIES);
    expect((await accepted(store, next)).text).to.equal('After it');
    expect(pending(store, c1).map((e) => e.clientMessageId)).to.deep.equal([poison.clientMessageId]);
    // Retry tries it again (the hub answers it now)
    sinon.restore();
    await service.retryMessage(poison.clientMessageId);
    expect((await accepted(store, poison)).text).to.equal('poison');
  });

  it('shows a final refusal; Retry sends it again with the same clientMessageId, Discard forgets one', async function () {
    this.timeout(20_000);
    const whatsApp = customerNumber();
    await service.connect(await options());
    await synced();
    await org.whatsApp(whatsApp, { text: 'Where is my order?' });
    let conversation: ConversationSummary | undefined;
    await waitUntil(
      () => (conversation = [...state().conversations.values()].find((c) => c.customerAddress === `+${whatsApp}`)),
      'the conversation',
      {
        timeout: 5000,
      },
    );
    const id = conversation!.id;
    service.selectConversation(id);
    await realHub.advanceClock(SESSION_WINDOW_MS);

    const sorry = await send(id, 'Sorry for the wait');
    const hello = await send(id, 'Hello?');
    expect(await refused(store, sorry)).to.include({ code: 'session_window_closed' });
    await refused(store, hello);
    await service.discardMessage(hello.clientMessageId);
    expect(pending(store, id).map((e) => e.clientMessageId)).to.deep.equal([sorry.clientMessageId]);
    expect((await stored()).map((e) => e.clientMessageId)).to.deep.equal([sorry.clientMessageId]);

    // The customer writes again: the window is open, and Retry sends the same message.
    await org.whatsApp(whatsApp, { text: 'Still waiting' });
    const calls = watchHubCalls();
    await service.retryMessage(sorry.clientMessageId);
    const message = await accepted(store, sorry);
    expect(calls.of('sendMessage').map(([request]) => request.clientMessageId)).to.deep.equal([sorry.clientMessageId]);
    expect(message.text).to.equal('Sorry for the wait');
    expect(pending(store, id)).to.deep.equal([]);
    await waitUntil(async () => (await received(whatsApp)).includes('Sorry for the wait'), 'the customer got it', {
      timeout: 5000,
    });
    expect((await received(whatsApp)).filter((text) => text === 'Hello?')).to.deep.equal([]);
  });
});
