import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { MAX_ATTACHMENT_BYTES } from '../../../src/protocol/limits.js';
import type { ConversationSummary } from '../../../src/protocol/payloads.js';
import { SESSION_WINDOW_MS } from '../../../src/protocol/session-window.js';
import { fillTemplate } from '../../../src/protocol/templates.js';
import { ConversationCache } from '../../../src/widget/cache/conversation-cache.js';
import { DesktopService, type DesktopConnectOptions } from '../../../src/widget/desktop/desktop-service.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { connectOptions } from '../support/connect-options.js';
import { watchHubCalls } from '../support/hub-calls.js';
import { accepted, pending, refused } from '../support/outbox.js';
import { customerNumber, realHub, type TestOrganisation } from '../support/real-hub.js';
import { refusal } from '../support/refusal.js';

/** A real (tiny) PNG: 1×1 transparent pixel. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

describe('DesktopService on WhatsApp (against the real hub)', () => {
  let org: TestOrganisation;
  let store: DesktopStore;
  let service: DesktopService;
  let customer: string;
  const partitions: Array<{ organisationId: string; agentId: string }> = [];

  let token: string;

  async function options(extra: Partial<DesktopConnectOptions> = {}): Promise<DesktopConnectOptions> {
    partitions.push({ organisationId: org.id, agentId: 'alice' });
    return connectOptions(await realHub.url(), token, extra);
  }

  const state = () => store.getState();
  const live = () => waitUntil(() => state().conversationsSource === 'live', 'live', { timeout: 5000 });
  /** The WhatsApp conversation of a customer (Twilio's webhook answers no conversation id). */
  async function whatsAppConversation(from: string): Promise<ConversationSummary> {
    let found: ConversationSummary | undefined;
    await waitUntil(
      () =>
        (found = [...state().conversations.values()].find(
          (c) => c.channel === 'whatsapp' && c.customerAddress === `+${from}`,
        )),
      'the WhatsApp conversation',
      { timeout: 5000 },
    );
    return found!;
  }
  const received = async (from: string) => (await org.phone(from)).thread.filter((m) => m.direction === 'received');

  beforeEach(async () => {
    org = await realHub.organisation();
    token = await org.token('alice'); // issued up front: the CRM's token service does not go down with the hub
    customer = customerNumber();
    store = new DesktopStore();
    service = new DesktopService(store);
  });

  afterEach(async () => {
    sinon.restore();
    await service.disconnect();
    for (const partition of partitions.splice(0)) await ConversationCache.delete(partition);
    await realHub.restore();
  });

  it("measures the hub's clock, so the window's countdown follows the time the hub enforces", async () => {
    await realHub.advanceClock(SESSION_WINDOW_MS);
    await service.connect(await options());
    await waitUntil(() => Math.abs(state().clockSkewMs - SESSION_WINDOW_MS) < 5000, 'the skew measured', {
      timeout: 5000,
    });
  });

  it("loads the organisation's templates after connecting, and paints them from the cache while the hub is down", async () => {
    const calls = watchHubCalls();
    await service.connect(await options());
    await live();
    await waitUntil(() => state().templatesSource === 'live', 'templates', { timeout: 5000 });
    expect(calls.count('getTemplates')).to.equal(1);
    expect(
      state()
        .templates.map((t) => t.name)
        .sort(),
    ).to.deep.equal(['case_closed', 'delivery_update', 'follow_up']);
    const delivery = state().templates.find((t) => t.name === 'delivery_update')!;
    expect(delivery.channels).to.have.members(['whatsapp', 'sms']);
    expect(delivery.localizations.map((l) => l.language)).to.deep.equal(['en', 'fr', 'es']);
    await service.flushCache();
    await service.disconnect();
    await realHub.stop();

    store = new DesktopStore();
    service = new DesktopService(store);
    await service.connect(await options());
    expect(state().connection.state).to.not.equal('connected');
    expect(state().templatesSource).to.equal('cache');
    expect(
      state()
        .templates.map((t) => t.name)
        .sort(),
    ).to.deep.equal(['case_closed', 'delivery_update', 'follow_up']);
  });

  it("shows a customer's photo as an attachment and opens the 24-hour window", async () => {
    await service.connect(await options());
    await live();
    await org.whatsApp(customer, { text: 'My parcel arrived damaged', image: true, profileName: 'Grace Hopper' });
    const conversation = await whatsAppConversation(customer);
    expect(conversation).to.include({ channelAddress: org.whatsAppNumber, customerName: 'Grace Hopper' });
    expect(Date.parse(conversation.lastInboundAt!)).to.be.closeTo(Date.now(), 60_000);
    service.selectConversation(conversation.id);
    await waitUntil(() => state().messages.get(conversation.id)?.length === 1, 'history', { timeout: 5000 });
    const [message] = state().messages.get(conversation.id)!;
    expect(message.text).to.equal('My parcel arrived damaged');
    expect(message.attachments).to.have.length(1);
    expect(message.attachments[0].contentType).to.equal('image/png');
    expect(message.attachments[0].url).to.match(/^https?:\/\//);
  });

  it('uploads a file and sends it with sendMessage; the customer receives it', async () => {
    await service.connect(await options());
    await live();
    await org.whatsApp(customer, { text: 'Can you send the label?' });
    const conversation = await whatsAppConversation(customer);
    service.selectConversation(conversation.id);

    const uploaded = await service.uploadAttachment(new File([PNG], 'label.png', { type: 'image/png' }));
    expect(uploaded).to.include({ contentType: 'image/png', name: 'label.png', sizeBytes: PNG.length });
    expect(uploaded.id).to.be.a('string');
    const entry = await service.sendMessage({
      conversationId: conversation.id,
      clientMessageId: crypto.randomUUID(),
      text: '',
      attachmentIds: [uploaded.id],
    });
    // pending at once, with the file it carries
    expect(pending(store, conversation.id).map((e) => e.attachments.map((a) => a.name))).to.deep.equal([['label.png']]);
    const sent = await accepted(store, entry);
    expect(sent).to.include({ direction: 'outbound', text: '' });
    expect(sent.attachments.map((a) => [a.name, a.contentType])).to.deep.equal([['label.png', 'image/png']]);
    expect(state().messages.get(conversation.id)!.at(-1)!.id).to.equal(sent.id);
    await waitUntil(
      async () => (await received(customer)).some((m) => (m.media ?? []).length === 1),
      'the customer got the file',
      { timeout: 5000 },
    );
  });

  it("refuses files the hub does not take, and attachments on SMS, with the hub's codes", async () => {
    await service.connect(await options());
    await live();
    const typeRefused = await refusal(
      service.uploadAttachment(new File(['hello'], 'notes.txt', { type: 'text/plain' })),
    );
    expect(typeRefused.code).to.equal('attachment_type_not_allowed');
    const tooLarge = await refusal(
      service.uploadAttachment(
        new File([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], 'big.pdf', { type: 'application/pdf' }),
      ),
    );
    expect(tooLarge.code).to.equal('attachment_too_large');

    const sms = (await org.text(customerNumber(), 'Hi by SMS')).conversationId;
    await waitUntil(() => state().conversations.has(sms), 'the SMS conversation', { timeout: 5000 });
    const uploaded = await service.uploadAttachment(new File([PNG], 'x.png', { type: 'image/png' }));
    const notAllowed = await refused(
      store,
      await service.sendMessage({
        conversationId: sms,
        clientMessageId: crypto.randomUUID(),
        text: 'see file',
        attachmentIds: [uploaded.id],
      }),
    );
    expect(notAllowed.code).to.equal('attachments_not_allowed');
  });

  it('outside the window refuses free text (session_window_closed) but sends a template; a new customer message re-opens it', async () => {
    await service.connect(await options());
    await live();
    await org.whatsApp(customer, { text: 'Where is my order?', profileName: 'Grace Hopper' });
    const conversation = await whatsAppConversation(customer);
    service.selectConversation(conversation.id);

    await realHub.advanceClock(SESSION_WINDOW_MS); // 24:00:00 after the customer's message
    const hello = await service.sendMessage({
      conversationId: conversation.id,
      clientMessageId: crypto.randomUUID(),
      text: 'Hello?',
    });
    const closed = await refused(store, hello);
    expect(closed.code).to.equal('session_window_closed');
    await service.discardMessage(hello.clientMessageId);

    const missing = await refused(
      store,
      await service.sendTemplate({
        conversationId: conversation.id,
        clientMessageId: crypto.randomUUID(),
        templateName: 'follow_up',
        language: 'en',
        values: { 1: 'Grace' },
      }),
    );
    expect(missing.code).to.equal('template_value_missing');

    const values = { 1: 'Grace', 2: 'your order' };
    await waitUntil(() => state().templatesSource === 'live', 'templates', { timeout: 5000 });
    const template = state().templates.find((t) => t.name === 'follow_up')!;
    const text = fillTemplate(template.localizations.find((l) => l.language === 'en')!.text, values).text;
    const entry = await service.sendTemplate({
      conversationId: conversation.id,
      clientMessageId: crypto.randomUUID(),
      templateName: 'follow_up',
      language: 'en',
      values,
    });
    expect(entry.text).to.equal(text); // shown filled in while it is on its way
    const sent = await accepted(store, entry);
    expect(sent).to.include({ templateName: 'follow_up', text, direction: 'outbound' });
    expect(state().messages.get(conversation.id)!.at(-1)!.templateName).to.equal('follow_up');
    await waitUntil(
      async () => (await received(customer)).some((m) => m.text === text),
      'the customer got the template',
      { timeout: 5000 },
    );

    // The customer answers: free text is allowed again at once.
    await org.whatsApp(customer, { text: 'Yes, still waiting' });
    await waitUntil(() => state().messages.get(conversation.id)?.at(-1)?.text === 'Yes, still waiting', 'the answer', {
      timeout: 5000,
    });
    const reply = await accepted(
      store,
      await service.sendMessage({
        conversationId: conversation.id,
        clientMessageId: crypto.randomUUID(),
        text: 'On it!',
      }),
    );
    expect(reply.text).to.equal('On it!');
  });
});
