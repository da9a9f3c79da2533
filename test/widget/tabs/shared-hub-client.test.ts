import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { Message } from '../../../src/protocol/payloads.js';
import { RingTone } from '../../../src/widget/audio/ring-tone.js';
import '../../../src/widget/components/agent-desktop/agent-desktop.js';
import type { AgentDesktop } from '../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import type { SoftphonePanel } from '../../../src/widget/components/softphone-panel/softphone-panel.component.js';
import { DesktopService, type DesktopConnectOptions } from '../../../src/widget/desktop/desktop-service.js';
import type { HubLink } from '../../../src/widget/hub/hub-link.js';
import { HubRequestError } from '../../../src/widget/hub/hub-request-error.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { SharedHubClient } from '../../../src/widget/tabs/shared-hub-client.js';
import { connectOptions } from '../support/connect-options.js';
import { takeLitWarnings } from '../support/lit-warnings.js';
import { customerNumber, realHub, SEEDED_CALLERS, type TestOrganisation } from '../support/real-hub.js';

/** One tab of the desktop: its own store and service, as each tab of the browser has. */
interface Tab {
  store: DesktopStore;
  service: DesktopService;
}

/** The tab's link to the hub (internal: to make the leader hang on a call). */
const hubOf = (tab: Tab) => (tab.service as unknown as { parts: { hub: { link: HubLink | null } } }).parts.hub.link;
const connected = (tab: Tab) => tab.store.getState().connection.state === 'connected';
/** The tab is connected on its own connection (not relayed through another tab's). */
const leads = (tab: Tab) => connected(tab) && !tab.store.getState().connection.relayed;

describe("SharedHubClient: the agent's tabs share one hub connection (against the real hub)", () => {
  let org: TestOrganisation;
  let hubUrl: string;
  let token: string;
  let tabs: Tab[];

  const options = (extra: Partial<DesktopConnectOptions> = {}) =>
    connectOptions(hubUrl, token, { cache: false, ...extra });

  async function openTab(extra: Partial<DesktopConnectOptions> = {}): Promise<Tab> {
    const store = new DesktopStore();
    const tab = { store, service: new DesktopService(store) };
    tabs.push(tab);
    await tab.service.connect(options(extra));
    return tab;
  }

  const live = (tab: Tab) =>
    waitUntil(() => connected(tab) && tab.store.getState().conversationsSource === 'live', 'live', { timeout: 5000 });

  beforeEach(async () => {
    org = await realHub.organisation();
    hubUrl = await realHub.url();
    token = await org.token('alice');
    tabs = [];
  });

  afterEach(async () => {
    sinon.restore();
    for (const tab of tabs) await tab.service.disconnect();
    await realHub.restore();
  });

  it('two tabs, one connection: the first leads, the other follows it and works through it', async () => {
    const customer = customerNumber();
    const { conversationId } = await org.text(customer, 'Hello');
    const first = await openTab();
    await live(first);
    const second = await openTab();
    await live(second);

    expect(await org.connectedAgents()).to.deep.equal(['alice']);
    expect([leads(first), leads(second)]).to.deep.equal([true, false]);
    expect(first.store.getState().connection.relayed).to.equal(undefined);
    expect(second.store.getState().connection).to.deep.include({ state: 'connected', relayed: true });
    // the follower's sync went through the leader: identity, conversations, routing
    expect(second.store.getState().identity).to.include({ agentId: 'alice', organisationId: org.id });
    expect(second.store.getState().conversations.get(conversationId)).to.include({
      customerAddress: customer,
      unreadCount: 1,
    });
    expect(second.store.getState().routing).to.not.equal(null);

    // the follower opens it (history through the leader), marks it read and replies: the customer gets it once
    second.service.selectConversation(conversationId);
    await waitUntil(() => second.store.getState().messages.get(conversationId)?.length === 1, 'history', {
      timeout: 5000,
    });
    await waitUntil(
      () => first.store.getState().conversations.get(conversationId)?.unreadCount === 0,
      'read, seen by the leader',
      { timeout: 5000 },
    );
    await second.service.sendMessage({
      conversationId,
      clientMessageId: crypto.randomUUID(),
      text: 'Sent from the second tab',
    });
    const reply = () => second.store.getState().messages.get(conversationId)?.at(-1);
    await waitUntil(
      () => reply()?.text === 'Sent from the second tab' && reply()!.status === 'delivered',
      'sent, and its delivery report relayed',
      { timeout: 5000 },
    );
    expect(reply()).to.include({ direction: 'outbound', agentId: 'alice' });
    const phone = await org.phone(customer);
    expect(phone.thread.filter((entry) => entry.direction === 'received').map((entry) => entry.text)).to.deep.equal([
      'Sent from the second tab',
    ]);

    // a hub refusal keeps its code through the relay
    const stranger = crypto.randomUUID();
    const refusal = await second.service.closeConversation(stranger).catch((error: unknown) => error);
    expect(refusal).to.be.instanceOf(HubRequestError);
    expect(refusal).to.include({ code: 'not_found', method: 'closeConversation' });
    expect((refusal as Error).message).to.contain(stranger);

    // live events reach both tabs
    const other = customerNumber();
    const { conversationId: next } = await org.text(other, 'Anyone there?');
    for (const tab of [first, second]) {
      await waitUntil(
        () => tab.store.getState().conversations.get(next)?.preview === 'Anyone there?',
        'the new text in both tabs',
        { timeout: 5000 },
      );
    }
    expect(await org.connectedAgents()).to.deep.equal(['alice']);
  });

  it('the leader goes: another tab takes over at once (the browser grants it the lock), connects and re-syncs', async () => {
    const first = await openTab();
    await live(first);
    const second = await openTab();
    const third = await openTab();
    await live(second);
    await live(third);
    expect(await org.connectedAgents()).to.deep.equal(['alice']);

    await first.service.disconnect();
    await waitUntil(() => (leads(second) || leads(third)) && connected(second) && connected(third), 'taken over', {
      timeout: 5000,
    });
    const [leader, follower] = leads(second) ? [second, third] : [third, second];
    expect(leader.store.getState().connection.relayed).to.equal(undefined);
    expect(follower.store.getState().connection.relayed).to.equal(true);
    await waitUntil(async () => (await org.connectedAgents()).length === 1, 'one connection again', { timeout: 5000 });

    const customer = customerNumber();
    const { conversationId } = await org.text(customer, 'Still there?');
    for (const tab of [leader, follower]) {
      await waitUntil(() => tab.store.getState().conversations.has(conversationId), 'a new text reaches both tabs', {
        timeout: 5000,
      });
    }
    const routing = await follower.service.setPresence('away');
    expect(routing.presence).to.equal('away');
    await waitUntil(() => leader.store.getState().routing?.presence === 'away', 'presence, seen by the leader', {
      timeout: 5000,
    });
  });

  it('a call the leader took but never answered fails with hub_unreachable when the leader goes', async () => {
    const { conversationId } = await org.text(customerNumber(), 'Can someone else help?');
    const first = await openTab();
    await live(first);
    const second = await openTab();
    await live(second);
    // the leader's tab hangs on this call (as a tab that closes before answering would)
    sinon.stub(hubOf(first) as unknown as { answer(): Promise<void> }, 'answer').resolves();
    const pending = second.service.getConversationTransferTargets(conversationId).catch((error: unknown) => error);
    await first.service.disconnect();
    const refusal = await pending;
    expect(refusal).to.be.instanceOf(HubRequestError);
    expect(refusal).to.include({ code: 'hub_unreachable', method: 'getConversationTransferTargets' });
    await waitUntil(() => leads(second) && connected(second), 'the second tab took over', { timeout: 3000 });
    expect(await second.service.getConversationTransferTargets(conversationId)).to.have.property('queues');
  });

  it('a follower refuses hub calls at once while the leader is not connected, as a HubClient does', async () => {
    const first = await openTab();
    await live(first);
    const second = await openTab();
    await live(second);
    await realHub.stop();
    await waitUntil(
      () => second.store.getState().connection.state === 'reconnecting',
      'the leader lost the hub, the follower says so',
      { timeout: 5000 },
    );
    const refusal = await second.service.setPresence('away').catch((error: unknown) => error);
    expect(refusal).to.include({ code: 'hub_unreachable' });
    await realHub.start();
    await live(second);
    await waitUntil(() => connected(second) && connected(first), 'both back', { timeout: 10_000 });
  });

  it('with shareTabs false (the no-tab-sharing attribute) each tab connects on its own', async () => {
    const first = await openTab({ shareTabs: false });
    const second = await openTab({ shareTabs: false });
    await live(first);
    await live(second);
    expect(await org.connectedAgents()).to.deep.equal(['alice', 'alice']);
    expect(hubOf(first)).to.not.be.instanceOf(SharedHubClient);
  });

  it('relays the hub events a follower listens to even when the leader does not listen to them', async () => {
    const link = () => new SharedHubClient(connectOptions(hubUrl, token));
    const leader = link();
    const follower = link();
    const heard: Message[] = [];
    follower.on('messageAdded', (message) => heard.push(message));
    try {
      await leader.start();
      await waitUntil(() => leader.isLeader && leader.isConnected, 'the first leads', { timeout: 5000 });
      await follower.start();
      await waitUntil(() => follower.isConnected, 'the second follows', { timeout: 5000 });
      expect(follower.isLeader).to.equal(false);
      const { messageId } = await org.text(customerNumber(), 'Only the follower listens');
      await waitUntil(() => heard.some((m) => m.id === messageId), 'the follower heard it through the leader', {
        timeout: 5000,
      });
      // and its calls go through the leader's connection, typed as the contract says
      expect((await follower.invoke('whoAmI')).agentId).to.equal('alice');
    } finally {
      await follower.stop();
      await leader.stop();
    }
  });

  it("other agents' tabs do not share: one connection each", async () => {
    const alice = await openTab();
    const bobToken = await org.token('bob');
    const bob = await openTab({ accessTokenFactory: () => bobToken });
    await live(alice);
    await live(bob);
    expect([leads(alice), leads(bob)]).to.deep.equal([true, true]);
    expect(await org.connectedAgents()).to.deep.equal(['alice', 'bob']);
  });
});

describe('<ad-desktop> in two tabs of the agent: one rings', () => {
  afterEach(async () => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
    await realHub.restore();
  });

  it('a call rings in the tab holding the connection only; when it closes, the other rings', async () => {
    const org = await realHub.organisation();
    const hubUrl = await realHub.url();
    const token = await org.token('alice');
    const desktop = () =>
      fixture<AgentDesktop>(
        html`<ad-desktop no-cache no-title-badge hub-url=${hubUrl} .accessTokenFactory=${() => token}></ad-desktop>`,
      );
    const first = await desktop();
    await waitUntil(() => first.store.getState().voice !== null, 'voice settings', { timeout: 5000 });
    const second = await desktop();
    await waitUntil(() => second.store.getState().voice !== null, 'voice settings, through the first tab', {
      timeout: 5000,
    });
    const softphone = (el: AgentDesktop) => el.shadowRoot!.querySelector<SoftphonePanel>('ad-softphone-panel');
    // Every ring tone that started, whichever tab's it is: one rings at a time, the leader's.
    const started = sinon.spy(RingTone.prototype, 'start');
    const ringing = () => [...new Set(started.thisValues as RingTone[])].filter((tone) => tone.ringing);
    const leads = (el: AgentDesktop) =>
      el.store.getState().connection.state === 'connected' && !el.store.getState().connection.relayed;

    await org.call(SEEDED_CALLERS.jane);
    for (const el of [first, second]) {
      await waitUntil(() => softphone(el)?.shadowRoot?.querySelector('.base.offered'), 'the call shows in both tabs', {
        timeout: 5000,
      });
    }
    expect([leads(first), leads(second)]).to.deep.equal([true, false]);
    expect(ringing()).to.have.length(1);
    const firstTone = ringing()[0];

    first.remove(); // the tab holding the connection goes
    await waitUntil(
      () => leads(second) && ringing().length === 1 && ringing()[0] !== firstTone,
      'the other tab rings once it holds the connection',
      {
        timeout: 5000,
      },
    );
    second.remove();
  });

  it('with no-tab-sharing each tab connects on its own, as before', async () => {
    const org = await realHub.organisation();
    const hubUrl = await realHub.url();
    const token = await org.token('alice');
    const desktop = () =>
      fixture<AgentDesktop>(
        html`<ad-desktop
          no-cache
          no-title-badge
          no-tab-sharing
          hub-url=${hubUrl}
          .accessTokenFactory=${() => token}
        ></ad-desktop>`,
      );
    const tabs = [await desktop(), await desktop()];
    await waitUntil(() => tabs.every((el) => el.store.getState().connection.state === 'connected'), 'both connected', {
      timeout: 5000,
    });
    expect(await org.connectedAgents()).to.deep.equal(['alice', 'alice']);
    for (const el of tabs) el.remove();
  });
});
