import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../../src/widget/components/agent-desktop/agent-desktop.js';
import type { AgentDesktop } from '../../../../src/widget/components/agent-desktop/agent-desktop.component.js';
import type { TemplatePicker } from '../../../../src/widget/components/template-picker/template-picker.component.js';
import { text } from '../../support/dom.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { customerNumber, realHub, type TestOrganisation } from '../../support/real-hub.js';
import { child, liveDesktop } from './agent-desktop-harness.js';

type LitElement = HTMLElement & { updateComplete: Promise<boolean> };

const inner = <T extends Element>(host: Element, selector: string) => host.shadowRoot!.querySelector<T>(selector)!;

describe('<ad-desktop>: outbound messages (with the real hub)', () => {
  let org: TestOrganisation;
  let hubUrl: string;
  let aliceToken: string;
  let customer: string;

  beforeEach(async () => {
    org = await realHub.organisation();
    hubUrl = await realHub.url();
    aliceToken = await org.token('alice');
    customer = customerNumber();
  });

  afterEach(async () => {
    expect(takeLitWarnings()).to.deep.equal([]);
    await realHub.restore();
  });

  /** Alice's desktop, live, on a CRM page showing Grace Hopper's case. */
  async function desktop(): Promise<AgentDesktop> {
    return liveDesktop(hubUrl, aliceToken, (state) => state.conversationsSource === 'live', {
      crmContext: { CustomerName: 'Grace Hopper', CaseName: 'CAS-01042 Parcel delayed', locale: 'fr-FR' },
    });
  }

  async function openedPicker(el: AgentDesktop): Promise<TemplatePicker> {
    const picker = child<TemplatePicker>(el, 'ad-template-picker');
    await waitUntil(() => picker.open, 'the picker opens', { timeout: 2000 });
    await picker.updateComplete;
    return picker;
  }

  it('starts a WhatsApp conversation from the CRM record: the picker opens filled, Twilio gets the template, the conversation opens', async function () {
    this.timeout(20_000);
    const el = await desktop();
    const started = el.startConversation({
      phone: `+${customer}`,
      channel: 'whatsapp',
      templateName: 'delivery_update',
      context: { DeliveryDay: 'vendredi' },
    });
    const picker = await openedPicker(el);
    const q = <T extends Element>(selector: string) => picker.shadowRoot!.querySelector<T>(selector)!;
    expect(picker.getAttribute('part')).to.equal('start-picker');
    expect(text(q('#title'))).to.equal('Start a conversation');
    expect(text(q('[part~="recipient"]'))).to.equal(`To +${customer} on WhatsApp`);
    expect(q<HTMLSelectElement>('#language').value).to.equal('fr'); // the CRM record's fr-FR
    expect(q<HTMLInputElement>('[data-placeholder="CustomerName"]').value).to.equal('Grace Hopper');
    expect(q<HTMLInputElement>('[data-placeholder="DeliveryDay"]').value).to.equal('vendredi');
    const expected =
      'Bonjour Grace Hopper, du nouveau pour CAS-01042 Parcel delayed : votre colis est en route et arrive vendredi.';
    expect(q('[part~="preview"]').textContent).to.equal(expected);
    await expect(picker).to.be.accessible();

    // From the keyboard: the focus is on the language (nothing to fill in); Tab to "Send template", Enter.
    expect(picker.shadowRoot!.activeElement).to.equal(q('#language'));
    for (let i = 0; i < 5 && picker.shadowRoot!.activeElement !== q('[part~="submit-button"]'); i++)
      await sendKeys({ press: 'Tab' });
    expect(picker.shadowRoot!.activeElement).to.equal(q('[part~="submit-button"]'));
    await sendKeys({ press: 'Enter' });

    const result = (await started)!;
    expect(result.conversation).to.include({
      channel: 'whatsapp',
      customerAddress: `+${customer}`,
      assignedAgentId: 'alice',
      customerName: 'Grace Hopper',
      customerLocale: 'fr-FR',
    });
    expect(picker.open).to.equal(false);
    expect(el.store.getState().selectedConversationId).to.equal(result.conversation.id);

    // The inbox shows it selected; the view shows the template message.
    const inbox = child<LitElement>(el, 'ad-conversation-inbox');
    await waitUntil(
      () => inner(inbox, '[role="option"][aria-selected="true"]')?.textContent?.includes('Grace Hopper'),
      'selected in the inbox',
      { timeout: 5000 },
    );
    const view = child<LitElement>(el, 'ad-conversation-view');
    await waitUntil(() => view.shadowRoot!.querySelectorAll('[part~="message"]').length === 1, 'the message', {
      timeout: 5000,
    });
    expect(inner(view, '[part~="bubble"]').textContent).to.equal(expected);
    expect(inner(view, '[part~="template-label"]').textContent).to.equal('Template: delivery_update');

    // Twilio (its stand-in) got the approved template for the customer's phone.
    const received = async () =>
      (await org.phone(customer)).thread.filter((m) => m.direction === 'received' && m.channel === 'whatsapp');
    await waitUntil(async () => (await received()).length === 1, 'Twilio got it', { timeout: 5000 });
    expect((await received())[0].text).to.equal(expected);
    await expect(el).to.be.accessible();
  });

  it('refuses a customer who opted out, in the picker; closing it resolves null and opens nothing', async () => {
    await org.text(customer, 'STOP');
    const el = await desktop();
    const selected = el.store.getState().selectedConversationId;
    const started = el.startConversation({ phone: customer, channel: 'sms', templateName: 'case_closed' });
    const picker = await openedPicker(el);
    const q = <T extends Element>(selector: string) => picker.shadowRoot!.querySelector<T>(selector)!;
    expect(text(q('[part~="recipient"]'))).to.equal(`To ${customer} on SMS from ${org.number}`);
    q<HTMLButtonElement>('[part~="submit-button"]').click();
    await waitUntil(() => !q<HTMLElement>('[part~="error"]').hidden, 'the refusal', { timeout: 5000 });
    expect(q('[part~="error"]').textContent).to.contain(
      'Not sent: This customer opted out of messages on this channel (they replied STOP).',
    );
    expect(q('[part~="error"]').textContent).to.contain('they opt back in by sending START');
    expect(picker.open).to.equal(true);
    await expect(picker).to.be.accessible();

    q<HTMLButtonElement>('.dialog-header .button').click();
    expect(await started).to.equal(null);
    expect(el.store.getState().selectedConversationId).to.equal(selected);
    expect(
      (await org.phone(customer)).thread.filter((m) => m.direction === 'received' && m.text.includes('CAS-01042')),
    ).to.deep.equal([]);
  });

  it("shows the customer's outbound messages in the conversation among the messages, and new ones as they go out", async function () {
    this.timeout(20_000);
    const configuration = await org.outboundConfiguration({
      name: 'Case closed SMS',
      showOnTimeline: true,
      channelType: 'sms',
      channelNumber: org.number,
      templateName: 'case_closed',
    });
    const contact = (CaseName: string) => ({
      tocontactid: customer,
      channelid: 'sms',
      option: true,
      CustomerName: 'Grace',
      CaseName,
    });
    await org.sendOutbound(configuration.id, [contact('CAS-1')]);
    const conversationId = (await org.text(customer, 'Why was CAS-1 closed?')).conversationId;

    const el = await desktop();
    el.selectConversation(conversationId);
    const view = child<LitElement>(el, 'ad-conversation-view');
    const items = () => [...view.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"]')];
    await waitUntil(() => items().length === 2, 'the message and the activity', { timeout: 5000 });
    const [activity, message] = items();
    expect(activity.matches('[part~="outbound-activity"]')).to.equal(true);
    expect(text(activity)).to.contain('Outbound message: Sent by Case closed SMS · template case_closed');
    expect(inner(view, '[part~="outbound-activity"] [part~="bubble"]').textContent).to.equal(
      'Hi Grace, we have closed CAS-1. Reply any time if you need us again.',
    );
    expect(message.querySelector('[part~="bubble"]')!.textContent).to.equal('Why was CAS-1 closed?');
    await expect(view).to.be.accessible();

    // Live, to the agent of the customer's conversation: Alice, once it is routed to her.
    await waitUntil(
      () => el.store.getState().conversations.get(conversationId)?.assignedAgentId === 'alice',
      'routed to Alice',
      { timeout: 5000 },
    );
    await org.sendOutbound(configuration.id, [contact('CAS-2')]);
    await waitUntil(() => items().length === 3, 'the new activity', { timeout: 5000 });
    expect(items()[2].querySelector('[part~="bubble"]')!.textContent).to.equal(
      'Hi Grace, we have closed CAS-2. Reply any time if you need us again.',
    );
  });
});
