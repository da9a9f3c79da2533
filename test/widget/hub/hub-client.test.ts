import { expect, waitUntil } from '@open-wc/testing';
import { LogLevel } from '@microsoft/signalr';
import type { ConversationSummary } from '../../../src/protocol/payloads.js';
import type { ConnectionState } from '../../../src/widget/hub/connection-state.js';
import { HubClient, hubEndpoint } from '../../../src/widget/hub/hub-client.js';
import { HubRequestError } from '../../../src/widget/hub/hub-request-error.js';
import { BackoffRetryPolicy } from '../../../src/widget/hub/retry-policy.js';
import { conversation, testToken } from '../support/data.js';
import { createFakeHub } from '../support/fake-hub.js';

const fastRetries = () => new BackoffRetryPolicy({ firstRetryMaxMs: 20, baseMs: 40, maxMs: 100 });
const token = testToken({ sub: 'agent-1', org: 'org-1' });

describe('HubClient (against a stand-in hub)', () => {
  let client: HubClient | null = null;
  afterEach(async () => {
    await client?.stop();
    client = null;
  });

  it('puts the contract HUB_PATH after any hub URL', () => {
    expect(hubEndpoint('http://localhost:8080')).to.equal('http://localhost:8080/hub');
    expect(hubEndpoint('https://crm.example/desk/')).to.equal('https://crm.example/desk/hub');
  });

  it('connects with the bearer token, reports connecting then connected, and calls hub methods', async () => {
    const hub = createFakeHub();
    const states: ConnectionState[] = [];
    const connected: boolean[] = [];
    client = new HubClient(
      { hubUrl: hub.url, accessTokenFactory: () => token, retryPolicy: fastRetries(), logLevel: LogLevel.None },
      { onConnectionChange: (info) => states.push(info.state), onConnected: (again) => connected.push(again) },
    );
    await client.start();
    expect(states[0]).to.equal('connecting');
    expect(states[states.length - 1]).to.equal('connected');
    expect(connected).to.deep.equal([false]);
    expect((await client.whoAmI()).agentId).to.equal('agent-1');
    expect((await hub.log()).negotiations[0]!.authorization).to.equal(`Bearer ${token}`);
  });

  it('turns hub method errors into HubRequestError with the code', async () => {
    const hub = createFakeHub();
    client = new HubClient({ hubUrl: hub.url, accessTokenFactory: () => token, logLevel: LogLevel.None });
    await client.start();
    await hub.control({ conversations: [conversation({ id: 'c1', status: 'closed' })] });
    const error = await client
      .sendMessage({ conversationId: 'c1', clientMessageId: crypto.randomUUID(), text: 'hi' })
      .then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(HubRequestError);
    expect((error as HubRequestError).code).to.equal('conversation_closed');
    expect((error as HubRequestError).message).to.equal('The conversation is closed');
    expect((error as HubRequestError).method).to.equal('sendMessage');
  });

  it('keeps retrying when the first start fails, then connects', async () => {
    const hub = createFakeHub();
    await hub.control({ down: true });
    const seen: Array<{ state: ConnectionState; attempt: number }> = [];
    client = new HubClient(
      { hubUrl: hub.url, accessTokenFactory: () => token, retryPolicy: fastRetries(), logLevel: LogLevel.None },
      { onConnectionChange: (info) => seen.push({ state: info.state, attempt: info.attempt }) },
    );
    const started = client.start();
    await waitUntil(() => seen.some((s) => s.state === 'reconnecting' && s.attempt >= 4), 'several attempts', { timeout: 5000 });
    expect(client.isConnected).to.equal(false);
    await hub.control({ down: false });
    await started;
    expect(client.connectionInfo.state).to.equal('connected');
    expect((await hub.log()).negotiations.length).to.be.at.least(5);
  });

  it('reconnects after the connection drops and hears hub events again', async () => {
    const hub = createFakeHub();
    const connected: boolean[] = [];
    const updates: ConversationSummary[] = [];
    client = new HubClient(
      { hubUrl: hub.url, accessTokenFactory: () => token, retryPolicy: fastRetries(), logLevel: LogLevel.None },
      { onConnected: (again) => connected.push(again), onConversationUpdated: (c) => updates.push(c) },
    );
    await client.start();
    await hub.control({ down: true, drop: true });
    await waitUntil(() => client!.connectionInfo.state === 'reconnecting', 'reconnecting', { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // several failed attempts while down
    await hub.control({ down: false });
    await waitUntil(() => connected.length === 2, 'reconnected', { timeout: 5000 });
    expect(connected).to.deep.equal([false, true]);
    await hub.control({ push: { target: 'conversationUpdated', arguments: [conversation({ id: 'c9' })] } });
    await waitUntil(() => updates.length === 1, 'event received', { timeout: 5000 });
    expect(updates[0]!.id).to.equal('c9');
  });

  it('never gives up even when given a policy that does', async () => {
    const hub = createFakeHub();
    await hub.control({ down: true });
    const quitter = { nextRetryDelayInMilliseconds: () => null };
    client = new HubClient({ hubUrl: hub.url, accessTokenFactory: () => token, retryPolicy: quitter, logLevel: LogLevel.None });
    const started = client.start();
    await new Promise((resolve) => setTimeout(resolve, 600));
    await hub.control({ down: false });
    await started;
    expect(client.isConnected).to.equal(true);
  });

  it('stops: reports disconnected, hears nothing more, and calls fail with hub_unreachable', async () => {
    const hub = createFakeHub();
    const updates: ConversationSummary[] = [];
    client = new HubClient(
      { hubUrl: hub.url, accessTokenFactory: () => token, logLevel: LogLevel.None },
      { onConversationUpdated: (c) => updates.push(c) },
    );
    await client.start();
    await client.stop();
    expect(client.connectionInfo.state).to.equal('disconnected');
    await hub.control({ push: { target: 'conversationUpdated', arguments: [conversation({ id: 'c1' })] } });
    const error = await client.whoAmI().then(() => null, (e: unknown) => e);
    expect((error as HubRequestError).code).to.equal('hub_unreachable');
    expect(updates).to.deep.equal([]);
  });
});
