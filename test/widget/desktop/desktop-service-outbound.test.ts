import { expect, waitUntil } from '@open-wc/testing';
import type { OutboundConfiguration, OutboundContact } from '../../../src/protocol/outbound.js';
import { ConversationCache } from '../../../src/widget/cache/conversation-cache.js';
import { DesktopService } from '../../../src/widget/desktop/desktop-service.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { createClientMessageId } from '../../../src/widget/utilities/client-message-id.js';
import { connectOptions } from '../support/connect-options.js';
import { customerNumber, realHub, type TestOrganisation } from '../support/real-hub.js';
import { refusal } from '../support/refusal.js';

describe('DesktopService: outbound messages (against the real hub)', () => {
  let org: TestOrganisation;
  let store: DesktopStore;
  let service: DesktopService | undefined;
  let customer: string;
  /** An SMS configuration whose messages show on the customer's timeline. */
  let onTimeline: OutboundConfiguration;
  /** Alice's token, issued up front: the CRM's token service does not go down with the hub. */
  let token: string;

  const state = () => store.getState();
  const received = async (number: string) =>
    (await org.phone(number)).thread.filter((m) => m.direction === 'received').map((m) => m.text);
  /** The customer's contact for a send through the SMS configuration (case_closed: CustomerName, CaseName). */
  const contact = (CaseName: string): OutboundContact => ({
    tocontactid: customer,
    channelid: 'sms',
    option: true,
    CustomerName: 'Grace',
    CaseName,
  });

  /** A new store and service (a reload of the page), connecting (without the cache unless asked). */
  async function connect(cache = false): Promise<void> {
    await service?.disconnect();
    store = new DesktopStore();
    service = new DesktopService(store);
    await service.connect(connectOptions(await realHub.url(), token, { cache }));
  }
  const live = () => waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });

  beforeEach(async () => {
    org = await realHub.organisation();
    token = await org.token('alice');
    customer = customerNumber();
    onTimeline = await org.outboundConfiguration({
      name: 'Case closed SMS',
      showOnTimeline: true,
      channelType: 'sms',
      channelNumber: org.number,
      templateName: 'case_closed',
    });
    await connect();
    await live();
  });

  afterEach(async () => {
    await service?.disconnect();
    service = undefined;
    await ConversationCache.delete({ organisationId: org.id, agentId: 'alice' });
    await realHub.restore();
  });

  it('starts a conversation with a customer who never wrote: TeleSign gets the template, the store gets the conversation', async () => {
    const result = await service!.startConversation({
      clientMessageId: createClientMessageId(),
      channel: 'sms',
      customerAddress: `+${customer}`,
      templateName: 'case_closed',
      language: 'en',
      values: { CustomerName: 'Grace', CaseName: 'CAS-9' },
      customerName: 'Grace Hopper',
    });
    expect(result.conversation).to.include({
      channel: 'sms',
      channelAddress: org.number,
      customerAddress: customer,
      assignedAgentId: 'alice',
      status: 'active',
      customerName: 'Grace Hopper',
    });
    expect(result.message).to.include({
      seq: 1,
      templateName: 'case_closed',
      text: 'Hi Grace, we have closed CAS-9. Reply any time if you need us again.',
    });
    expect(state().conversations.get(result.conversation.id)?.customerName).to.equal('Grace Hopper');
    await waitUntil(async () => (await received(customer)).length === 1, 'the customer got it', { timeout: 5000 });
    expect(await received(customer)).to.deep.equal([
      'Hi Grace, we have closed CAS-9. Reply any time if you need us again.',
    ]);
    service!.selectConversation(result.conversation.id);
    await waitUntil(() => state().messages.get(result.conversation.id)?.length === 1, 'history', { timeout: 5000 });
  });

  it('refuses a customer who opted out (STOP), and nothing is opened', async () => {
    await org.text(customer, 'STOP');
    const error = await refusal(
      service!.startConversation({
        clientMessageId: createClientMessageId(),
        channel: 'sms',
        customerAddress: customer,
        templateName: 'case_closed',
        language: 'en',
        values: { CustomerName: 'Grace', CaseName: 'CAS-9' },
      }),
    );
    expect(error.code).to.equal('customer_opted_out');
    expect(error.detail).to.contain('opt back in by sending START');
    // Nothing went out, and no conversation holds a message from us.
    expect((await received(customer)).some((text) => text.includes('CAS-9'))).to.equal(false);
    for (const conversation of state().conversations.values()) service!.selectConversation(conversation.id);
    await waitUntil(() => state().loadingHistory.size === 0, 'histories', { timeout: 5000 });
    expect([...state().messages.values()].flat().filter((m) => m.direction === 'outbound')).to.deep.equal([]);
  });

  it("loads a conversation's outbound activities when it opens (sent before it existed too), then adds new ones live", async function () {
    this.timeout(15_000);
    const first = await org.sendOutbound(onTimeline.id, [contact('CAS-1')]);
    expect(first.summary.sent).to.equal(1);
    const conversationId = (await org.text(customer, 'What is CAS-1 about?')).conversationId;
    await waitUntil(() => state().conversations.has(conversationId), 'the conversation', { timeout: 5000 });
    expect(state().outboundActivities.has(conversationId)).to.equal(false); // not loaded until it opens

    service!.selectConversation(conversationId);
    // the activities and the messages come in side by side
    await waitUntil(
      () =>
        state().outboundActivities.get(conversationId)?.length === 1 &&
        state().messages.get(conversationId)?.length === 1,
      'the activity and the message',
      {
        timeout: 5000,
      },
    );
    const [activity] = state().outboundActivities.get(conversationId)!;
    expect(activity).to.include({
      conversationId,
      configurationId: onTimeline.id,
      configurationName: 'Case closed SMS',
      channel: 'sms',
      templateName: 'case_closed',
      text: 'Hi Grace, we have closed CAS-1. Reply any time if you need us again.',
    });
    expect(Date.parse(activity.sentAt)).to.be.below(Date.parse(state().messages.get(conversationId)![0].createdAt) + 1);

    // The customer's conversation is Alice's (it was routed to her): the next one reaches her as it goes out.
    await waitUntil(() => state().conversations.get(conversationId)?.assignedAgentId === 'alice', 'assigned', {
      timeout: 5000,
    });
    await org.sendOutbound(onTimeline.id, [contact('CAS-2')]);
    await waitUntil(() => state().outboundActivities.get(conversationId)?.length === 2, 'the live activity', {
      timeout: 5000,
    });
    expect(
      state()
        .outboundActivities.get(conversationId)!
        .map((a) => a.text),
    ).to.deep.equal([
      'Hi Grace, we have closed CAS-1. Reply any time if you need us again.',
      'Hi Grace, we have closed CAS-2. Reply any time if you need us again.',
    ]);
  });

  it("paints a conversation's outbound activities from the cache while the hub is down, then catches up those sent meanwhile", async function () {
    this.timeout(15_000);
    await org.sendOutbound(onTimeline.id, [contact('CAS-1')]);
    const conversationId = (await org.text(customer, 'What is CAS-1 about?')).conversationId;
    await connect(true);
    await live();
    service!.selectConversation(conversationId);
    await waitUntil(() => state().outboundActivities.get(conversationId)?.length === 1, 'the activity', {
      timeout: 5000,
    });
    await service!.flushCache();
    await service!.disconnect();
    // While the agent is away another one goes out, then the hub goes down.
    await org.sendOutbound(onTimeline.id, [contact('CAS-2')]);
    await realHub.stop();

    await connect(true);
    service!.selectConversation(conversationId);
    await waitUntil(() => state().outboundActivities.get(conversationId)?.length === 1, 'from the cache', {
      timeout: 5000,
    });
    expect(state().connection.state).to.not.equal('connected');
    await realHub.start();
    await waitUntil(() => state().outboundActivities.get(conversationId)?.length === 2, 'caught up', { timeout: 8000 });
    expect(state().outboundActivities.get(conversationId)!.at(-1)!.text).to.contain('CAS-2');
  });
});
