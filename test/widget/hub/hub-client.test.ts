import { expect, waitUntil } from '@open-wc/testing';
import { LogLevel } from '@microsoft/signalr';
import type { ConversationSummary, Message } from '../../../src/protocol/payloads.js';
import type { ConnectionState } from '../../../src/widget/state/connection-state.js';
import { HubClient, hubEndpoint } from '../../../src/widget/hub/hub-client.js';
import { HubRequestError } from '../../../src/widget/hub/hub-request-error.js';
import { BackoffRetryPolicy } from '../../../src/widget/hub/retry-policy.js';
import { testToken } from '../support/data.js';
import { customerNumber, pause, realHub, type TestOrganisation } from '../support/real-hub.js';

const fastRetries = () => new BackoffRetryPolicy({ firstRetryMaxMs: 20, baseMs: 40, maxMs: 100 });
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

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
    client = new HubClient(
      { hubUrl, accessTokenFactory: () => token, retryPolicy: fastRetries(), logLevel: LogLevel.None },
      { onConnectionChange: (info) => states.push(info.state), onConnected: (again) => connected.push(again) },
    );
    await client.start();
    expect(states[0]).to.equal('connecting');
    expect(states[states.length - 1]).to.equal('connected');
    expect(connected).to.deep.equal([false]);
    // The hub knows the agent from the token it verified.
    expect(await client.whoAmI()).to.deep.equal({
      agentId: 'alice',
      organisationId: org.id,
      displayName: org.displayName('alice'),
      roles: ['agent'],
    });
    expect(await client.getConversations()).to.deep.equal([]);
    expect(await org.connectedAgents()).to.deep.equal(['alice']);
  });

  it('is refused (401) with a token the hub did not sign, and keeps trying', async () => {
    const forged = testToken({ sub: 'alice', org: org.id, name: 'Alice', iss: 'agent-desktop', aud: 'agent-desktop-hub' });
    const seen: Array<{ state: ConnectionState; error: string | null }> = [];
    client = new HubClient(
      { hubUrl, accessTokenFactory: () => forged, retryPolicy: fastRetries(), logLevel: LogLevel.None },
      { onConnectionChange: (info) => seen.push({ state: info.state, error: info.error }) },
    );
    void client.start();
    await waitUntil(() => seen.filter((s) => s.state === 'reconnecting').length >= 2, 'two refusals', { timeout: 5000 });
    const refused = seen.find((s) => s.state === 'reconnecting')!;
    expect(refused.error).to.match(/\b401\b/);
    expect(client.isConnected).to.equal(false);
    expect(await org.connectedAgents()).to.deep.equal([]);
    expect((await failure(client.whoAmI()) as HubRequestError).code).to.equal('hub_unreachable');
  });

  it('hears a customer text live, and turns hub refusals into HubRequestError with the code and message', async () => {
    const added: Message[] = [];
    const updated: ConversationSummary[] = [];
    client = new HubClient(
      { hubUrl, accessTokenFactory: () => token, logLevel: LogLevel.None },
      { onMessageAdded: (m) => added.push(m), onConversationUpdated: (c) => updated.push(c) },
    );
    await client.start();
    const customer = customerNumber();
    const reply = await org.text(customer, 'My parcel is late');
    await waitUntil(() => added.some((m) => m.id === reply.messageId), 'messageAdded', { timeout: 5000 });
    expect(added[0]).to.include({ conversationId: reply.conversationId, seq: 1, direction: 'inbound', text: 'My parcel is late' });
    expect(updated.at(-1)).to.include({ id: reply.conversationId, assignedAgentId: 'alice', customerAddress: customer, status: 'active' });

    const closed = await client.closeConversation(reply.conversationId);
    expect(closed.status).to.equal('closed');
    const error = await failure(client.sendMessage({ conversationId: reply.conversationId, clientMessageId: crypto.randomUUID(), text: 'hi' }));
    expect(error).to.be.instanceOf(HubRequestError);
    expect((error as HubRequestError).code).to.equal('conversation_closed');
    expect((error as HubRequestError).message).to.equal('This conversation is resolved; it re-opens when the customer writes again.');
    expect((error as HubRequestError).method).to.equal('sendMessage');

    const unknown = crypto.randomUUID();
    const missing = (await failure(client.getMessages({ conversationId: unknown, afterSeq: 0 }))) as HubRequestError;
    expect([missing.code, missing.message, missing.method]).to.deep.equal(['not_found', `No conversation ${unknown}.`, 'getMessages']);
  });

  it('keeps retrying when the first start fails, then connects', async () => {
    await realHub.stop();
    const seen: Array<{ state: ConnectionState; attempt: number }> = [];
    client = new HubClient(
      { hubUrl, accessTokenFactory: () => token, retryPolicy: fastRetries(), logLevel: LogLevel.None },
      { onConnectionChange: (info) => seen.push({ state: info.state, attempt: info.attempt }) },
    );
    const started = client.start();
    await waitUntil(() => seen.some((s) => s.state === 'reconnecting' && s.attempt >= 4), 'several attempts', { timeout: 5000 });
    expect(client.isConnected).to.equal(false);
    await realHub.start();
    await started;
    expect(client.connectionInfo.state).to.equal('connected');
    expect((await client.whoAmI()).agentId).to.equal('alice');
  });

  it('reconnects after the hub restarts and hears hub events again', async () => {
    const connected: boolean[] = [];
    const updates: ConversationSummary[] = [];
    client = new HubClient(
      { hubUrl, accessTokenFactory: () => token, retryPolicy: fastRetries(), logLevel: LogLevel.None },
      { onConnected: (again) => connected.push(again), onConversationUpdated: (c) => updates.push(c) },
    );
    await client.start();
    await realHub.stop();
    await waitUntil(() => client!.connectionInfo.state === 'reconnecting', 'reconnecting', { timeout: 5000 });
    await pause(300); // several failed attempts while the hub is down
    expect(client.connectionInfo.attempt).to.be.at.least(2);
    await realHub.start();
    await waitUntil(() => connected.length === 2, 'reconnected', { timeout: 5000 });
    expect(connected).to.deep.equal([false, true]);
    const reply = await org.text(customerNumber(), 'Back again?');
    await waitUntil(() => updates.some((c) => c.id === reply.conversationId), 'event received', { timeout: 5000 });
  });

  it('never gives up even when given a policy that does', async () => {
    await realHub.stop();
    const quitter = { nextRetryDelayInMilliseconds: () => null };
    client = new HubClient({ hubUrl, accessTokenFactory: () => token, retryPolicy: quitter, logLevel: LogLevel.None });
    const started = client.start();
    await waitUntil(() => client!.connectionInfo.attempt >= 2, 'retried past the policy\'s "give up"', { timeout: 5000 });
    await realHub.start();
    await started;
    expect(client.isConnected).to.equal(true);
  });

  it('stops: reports disconnected, hears nothing more, and calls fail with hub_unreachable', async () => {
    const updates: ConversationSummary[] = [];
    client = new HubClient({ hubUrl, accessTokenFactory: () => token, logLevel: LogLevel.None }, { onConversationUpdated: (c) => updates.push(c) });
    await client.start();
    await client.stop();
    expect(client.connectionInfo.state).to.equal('disconnected');
    await waitUntil(async () => (await org.connectedAgents()).length === 0, 'the hub saw the connection end', { timeout: 5000 });
    await org.text(customerNumber(), 'Hello?'); // answered once committed and announced
    await pause(100);
    const error = await failure(client.whoAmI());
    expect((error as HubRequestError).code).to.equal('hub_unreachable');
    expect(updates).to.deep.equal([]);
  });
});
