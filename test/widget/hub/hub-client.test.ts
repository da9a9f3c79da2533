import { expect, waitUntil } from '@open-wc/testing';
import type { ConversationSummary, Message } from '../../../src/protocol/payloads.js';
import type { ConnectionState } from '../../../src/widget/state/connection-state.js';
import { HubClient, hubEndpoint } from '../../../src/widget/hub/hub-client.js';
import { HubRequestError } from '../../../src/widget/hub/hub-request-error.js';
import { connectOptions } from '../support/connect-options.js';
import { testToken } from '../support/data.js';
import { customerNumber, realHub, type TestOrganisation } from '../support/real-hub.js';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe('hubEndpoint', () => {
  it('puts the contract HUB_PATH after any hub URL', () => {
    expect(hubEndpoint('http://localhost:8080')).to.equal('http://localhost:8080/hub');
    expect(hubEndpoint('https://crm.example/desk/')).to.equal('https://crm.example/desk/hub');
  });
});

describe('HubClient (against the real hub)', () => {
  let client: HubClient | null = null;
  let org: TestOrganisation;
  let hubUrl: string;
  let token: string;
  /** Options of a client connecting as Alice (or with another token). */
  const options = (as = token) => connectOptions(hubUrl, as);

  beforeEach(async () => {
    org = await realHub.organisation();
    hubUrl = await realHub.url();
    token = await org.token('alice');
  });

  afterEach(async () => {
    await client?.stop();
    client = null;
    await realHub.restore();
  });

  it('connects with the bearer token, reports connecting then connected, and calls hub methods', async () => {
    const states: ConnectionState[] = [];
    const connected: boolean[] = [];
    client = new HubClient(options(), {
      onConnectionChange: (info) => states.push(info.state),
      onConnected: (again) => connected.push(again),
    });
    await client.start();
    expect(states[0]).to.equal('connecting');
    expect(states[states.length - 1]).to.equal('connected');
    expect(connected).to.deep.equal([false]);
    // The hub knows the agent from the token it verified.
    expect(await client.invoke('whoAmI')).to.deep.equal({
      agentId: 'alice',
      organisationId: org.id,
      displayName: org.displayName('alice'),
      roles: ['agent'],
    });
    expect(await client.invoke('getConversations')).to.deep.equal([]);
    expect(await org.connectedAgents()).to.deep.equal(['alice']);
  });

  it('is refused (401) with a token the hub did not sign, and keeps trying', async () => {
    const forged = testToken({
      sub: 'alice',
      org: org.id,
      name: 'Alice',
      iss: 'agent-desktop',
      aud: 'agent-desktop-hub',
    });
    const seen: Array<{ state: ConnectionState; error: string | null }> = [];
    client = new HubClient(options(forged), {
      onConnectionChange: (info) => seen.push({ state: info.state, error: info.error }),
    });
    void client.start();
    await waitUntil(() => seen.filter((s) => s.state === 'reconnecting').length >= 2, 'two refusals', {
      timeout: 5000,
    });
    const refused = seen.find((s) => s.state === 'reconnecting')!;
    expect(refused.error).to.match(/\b401\b/);
    expect(client.isConnected).to.equal(false);
    expect(await org.connectedAgents()).to.deep.equal([]);
    expect(((await failure(client.invoke('whoAmI'))) as HubRequestError).code).to.equal('hub_unreachable');
  });

  it('hears a customer text live, and turns hub refusals into HubRequestError with the code and message', async () => {
    const added: Message[] = [];
    const updated: ConversationSummary[] = [];
    client = new HubClient(options());
    client.on('messageAdded', (m) => added.push(m));
    client.on('conversationUpdated', (c) => updated.push(c));
    await client.start();
    const customer = customerNumber();
    const reply = await org.text(customer, 'My parcel is late');
    await waitUntil(() => added.some((m) => m.id === reply.messageId), 'messageAdded', { timeout: 5000 });
    expect(added[0]).to.include({
      conversationId: reply.conversationId,
      seq: 1,
      direction: 'inbound',
      text: 'My parcel is late',
    });
    expect(updated.at(-1)).to.include({
      id: reply.conversationId,
      assignedAgentId: 'alice',
      customerAddress: customer,
      status: 'active',
    });

    const closed = await client.invoke('closeConversation', reply.conversationId);
    expect(closed.status).to.equal('closed');
    const error = await failure(
      client.invoke('sendMessage', {
        conversationId: reply.conversationId,
        clientMessageId: crypto.randomUUID(),
        text: 'hi',
      }),
    );
    expect(error).to.be.instanceOf(HubRequestError);
    expect((error as HubRequestError).code).to.equal('conversation_closed');
    expect((error as HubRequestError).message).to.equal(
      'This conversation is resolved; it re-opens when the customer writes again.',
    );
    expect((error as HubRequestError).method).to.equal('sendMessage');

    const unknown = crypto.randomUUID();
    const missing = (await failure(
      client.invoke('getMessages', { conversationId: unknown, afterSeq: 0 }),
    )) as HubRequestError;
    expect([missing.code, missing.message, missing.method]).to.deep.equal([
      'not_found',
      `No conversation ${unknown}.`,
      'getMessages',
    ]);
  });

  it('keeps retrying when the first start fails, then connects', async function () {
    this.timeout(30_000); // the hub stops and starts again: seconds on a busy machine
    await realHub.stop();
    const seen: Array<{ state: ConnectionState; attempt: number }> = [];
    client = new HubClient(options(), {
      onConnectionChange: (info) => seen.push({ state: info.state, attempt: info.attempt }),
    });
    const started = client.start();
    await waitUntil(() => seen.some((s) => s.state === 'reconnecting' && s.attempt >= 4), 'several attempts', {
      timeout: 5000,
    });
    expect(client.isConnected).to.equal(false);
    await realHub.start();
    await started;
    expect(client.connectionInfo.state).to.equal('connected');
    expect((await client.invoke('whoAmI')).agentId).to.equal('alice');
  });

  it('reconnects after the hub restarts and hears hub events again', async function () {
    this.timeout(30_000); // the hub stops and starts again: seconds on a busy machine
    const connected: boolean[] = [];
    const updates: ConversationSummary[] = [];
    client = new HubClient(options(), { onConnected: (again) => connected.push(again) });
    client.on('conversationUpdated', (c) => updates.push(c));
    await client.start();
    await realHub.stop();
    await waitUntil(
      () => client!.connectionInfo.state === 'reconnecting' && client!.connectionInfo.attempt >= 2,
      'several failed attempts while the hub is down',
      {
        timeout: 5000,
      },
    );
    await realHub.start();
    await waitUntil(() => connected.length === 2, 'reconnected', { timeout: 5000 });
    expect(connected).to.deep.equal([false, true]);
    const reply = await org.text(customerNumber(), 'Back again?');
    await waitUntil(() => updates.some((c) => c.id === reply.conversationId), 'event received', { timeout: 5000 });
  });

  it('never gives up even when given a policy that does', async function () {
    this.timeout(30_000); // the hub stops and starts again: seconds on a busy machine
    await realHub.stop();
    const quitter = { nextRetryDelayInMilliseconds: () => null };
    client = new HubClient({ ...options(), retryPolicy: quitter });
    const started = client.start();
    await waitUntil(() => client!.connectionInfo.attempt >= 2, 'retried past the policy\'s "give up"', {
      timeout: 5000,
    });
    await realHub.start();
    await started;
    expect(client.isConnected).to.equal(true);
  });

  it('stops: reports disconnected, hears nothing more, and calls fail with hub_unreachable', async () => {
    const updates: ConversationSummary[] = [];
    client = new HubClient(options());
    client.on('conversationUpdated', (c) => updates.push(c));
    await client.start();
    await client.stop();
    expect(client.connectionInfo.state).to.equal('disconnected');
    await waitUntil(async () => (await org.connectedAgents()).length === 0, 'the hub saw the connection end', {
      timeout: 5000,
    });
    // A second desktop of Alice's hears the text: by then the stopped one would have heard it too.
    const witness = new HubClient(options());
    const heard: ConversationSummary[] = [];
    witness.on('conversationUpdated', (c) => heard.push(c));
    try {
      await witness.start();
      const { conversationId } = await org.text(customerNumber(), 'Hello?');
      await waitUntil(() => heard.some((c) => c.id === conversationId), 'the running client heard it', {
        timeout: 5000,
      });
    } finally {
      await witness.stop();
    }
    const error = await failure(client.invoke('whoAmI'));
    expect((error as HubRequestError).code).to.equal('hub_unreachable');
    expect(updates).to.deep.equal([]);
  });

  it('on() answers what stops that handler; the others keep hearing', async () => {
    const kept: string[] = [];
    const dropped: string[] = [];
    client = new HubClient(options());
    client.on('messageAdded', (m) => kept.push(m.text));
    const stop = client.on('messageAdded', (m) => dropped.push(m.text));
    await client.start();
    const customer = customerNumber();
    await org.text(customer, 'first');
    await waitUntil(() => kept.length === 1 && dropped.length === 1, 'both heard the first', { timeout: 5000 });
    stop();
    await org.text(customer, 'second');
    await waitUntil(() => kept.length === 2, 'the kept handler heard the second', { timeout: 5000 });
    expect(dropped).to.deep.equal(['first']);
  });
});
