import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import type { StartConversationResult } from '../../../../src/protocol/outbound.js';
import type { Message } from '../../../../src/protocol/payloads.js';
import { fillTemplate } from '../../../../src/protocol/templates.js';
import type { StartConversationOptions } from '../../../../src/widget/components/template-picker/start-conversation-flow.js';
import type { TemplatePicker } from '../../../../src/widget/components/template-picker/template-picker.component.js';
import type { TemplateInsertEvent } from '../../../../src/widget/events/template-insert-event.js';
import type { TemplateSendEvent } from '../../../../src/widget/events/template-send-event.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { conversation, TEMPLATES } from '../../support/data.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';
import {
  $,
  active,
  choose,
  CRM,
  CRM_RECORD,
  error,
  escape,
  field,
  focused,
  language,
  missing,
  names,
  openPicker,
  options,
  press,
  preview,
  recipient,
  search,
  setField,
  start,
  startPicker,
  submit,
  type,
  whatsApp,
} from './template-picker-harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function sentMessage(): Message {
  return { id: 'm1' } as Message;
}

describe('<ad-template-picker>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('opens as a labelled modal dialog with the focus in the search field, and is accessible', async () => {
    const { el } = await openPicker();
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect($(el, `#${dialog.getAttribute('aria-labelledby')}`)!.textContent).to.equal('Send a template');
    expect(focused(el)).to.equal(search(el));
    await expect(el).to.be.accessible();
  });

  it("lists only the templates of the conversation's channel, with their languages and channels", async () => {
    const { el } = await openPicker();
    expect(names(el)).to.deep.equal(['case_closed', 'delivery_update', 'follow_up']);
    const delivery = options(el)[1];
    expect(delivery.querySelector('.option-meta')!.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'en, fr, es · WhatsApp, SMS',
    );
    el.conversation = conversation({ id: 's1', channel: 'sms' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['case_closed', 'delivery_update', 'sms_opt_out']);
  });

  it('searches names and texts as the agent types; arrows move, Enter chooses', async () => {
    const { el } = await openPicker();
    await type(el, 'colis'); // French text of delivery_update
    expect(names(el)).to.deep.equal(['delivery_update']);
    await press(el, 'Backspace');
    for (let i = 0; i < 4; i++) await press(el, 'Backspace');
    await type(el, 'reply');
    expect(names(el)).to.deep.equal(['case_closed', 'follow_up']);
    expect(active(el)!.textContent).to.contain('case_closed');
    expect(search(el).getAttribute('aria-activedescendant')).to.equal(active(el)!.id);
    await press(el, 'ArrowDown');
    expect(active(el)!.textContent).to.contain('follow_up');
    expect(search(el).getAttribute('aria-activedescendant')).to.equal(active(el)!.id);
    await press(el, 'ArrowDown'); // stays on the last
    expect(active(el)!.textContent).to.contain('follow_up');
    await press(el, 'ArrowUp');
    await press(el, 'ArrowDown');
    await press(el, 'Enter');
    expect($(el, '#template-name')!.textContent).to.equal('follow_up');
    expect(focused(el)).to.equal(field(el, '1')); // the first value to fill in

    await escape(el);
    expect(el.open).to.equal(false);
  });

  it('says when nothing matches', async () => {
    const { el } = await openPicker();
    await type(el, 'zzz');
    expect(options(el)).to.have.length(0);
    expect($(el, '.empty')!.textContent).to.equal('No template matches “zzz”.');
    await expect(el).to.be.accessible();
  });

  it("picks the customer's language, falling back to the same language and then to the default; the agent can override it", async () => {
    // The conversation's locale, same language (fr-CA → fr).
    let { el } = await openPicker({ conversation: whatsApp({ customerLocale: 'fr-CA' }) });
    await choose(el, 'delivery');
    expect(language(el).value).to.equal('fr');
    expect(preview(el)).to.match(/^Bonjour Jane Doe, du nouveau pour CAS-01042 Parcel delayed/);
    expect($(el, '.details .hint')!.textContent).to.contain("Customer's language: fr-CA");

    // The CRM's locale wins over the conversation's.
    ({ el } = await openPicker({
      conversation: whatsApp({ customerLocale: 'fr-FR' }),
      crmContext: { ...CRM, locale: 'es-MX' },
    }));
    await choose(el, 'delivery');
    expect(language(el).value).to.equal('es');

    // No version in that language: the template's default.
    ({ el } = await openPicker({ conversation: whatsApp({ customerLocale: 'ja-JP' }) }));
    await choose(el, 'delivery');
    expect(language(el).value).to.equal('en');
    expect([...language(el).options].map((o) => o.textContent.trim())).to.deep.equal([
      'English — en (default)',
      'French — fr',
      'Spanish — es',
    ]);

    // The agent overrides it: the fields and preview follow.
    language(el).value = 'es';
    language(el).dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(preview(el)).to.match(/^Hola Jane Doe, novedades sobre CAS-01042 Parcel delayed/);
    await expect(el).to.be.accessible();
  });

  it('prefills values from the CRM context and the conversation, and refuses to send while one is blank', async () => {
    const actions = { sendTemplate: sinon.stub().resolves(sentMessage()) };
    const { el } = await openPicker({ crmContext: { CaseName: 'CAS-7' }, actions });
    await choose(el, 'delivery');
    expect(field(el, 'CustomerName').value).to.equal('Ada Lovelace'); // the conversation's customer name
    expect(field(el, 'CaseName').value).to.equal('CAS-7');
    expect(field(el, 'DeliveryDay').value).to.equal('');
    expect(focused(el)).to.equal(field(el, 'DeliveryDay'));
    expect(field(el, 'DeliveryDay').getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector(`label[for="${field(el, 'DeliveryDay').id}"]`)!.textContent).to.equal(
      'Delivery day',
    );

    expect(submit(el).disabled).to.equal(true);
    expect(missing(el).hidden).to.equal(false);
    expect(missing(el).textContent.trim()).to.equal('Fill in before sending: Delivery day.');
    expect(submit(el).getAttribute('aria-describedby')).to.equal(missing(el).id);
    await expect(el).to.be.accessible();

    await setField(el, 'CaseName', '   ');
    expect(missing(el).textContent.trim()).to.equal('Fill in before sending: Case name, Delivery day.');
    submit(el).click();
    expect(actions.sendTemplate.called).to.equal(false);

    await setField(el, 'CaseName', 'CAS-8');
    await setField(el, 'DeliveryDay', 'tomorrow');
    expect(submit(el).disabled).to.equal(false);
    expect(missing(el).hidden).to.equal(true);
  });

  it('previews exactly what fillTemplate makes (what the hub sends), as values change', async () => {
    const { el } = await openPicker();
    await choose(el, 'delivery');
    const text = TEMPLATES[0].localizations[0].text;
    expect(preview(el)).to.equal(fillTemplate(text, { ...CRM }).text);
    expect(preview(el)).to.contain('{{DeliveryDay}}');
    await setField(el, 'DeliveryDay', ' on Friday ');
    expect(preview(el)).to.equal(fillTemplate(text, { ...CRM, DeliveryDay: ' on Friday ' }).text);
    expect(preview(el)).to.equal(
      'Hi Jane Doe, an update on CAS-01042 Parcel delayed: your parcel is on its way and arrives on Friday.',
    );
  });

  it('sends: ad-template-send (cancelable) then the desktop action; closes and gives the focus back', async () => {
    const sendTemplate = sinon.stub().resolves(sentMessage());
    const { el, opener } = await openPicker({ actions: { sendTemplate } });
    await choose(el, 'follow');
    await setField(el, '1', 'Jane');
    await setField(el, '2', 'your parcel');
    const events: TemplateSendEvent[] = [];
    el.addEventListener('ad-template-send', (e) => events.push(e));
    submit(el).click();
    await el.updateComplete;
    expect(events).to.have.length(1);
    expect(events[0].bubbles && events[0].composed && events[0].cancelable).to.equal(true);
    const detail = events[0].detail;
    expect(detail).to.deep.include({
      conversationId: 'w1',
      templateName: 'follow_up',
      language: 'en',
      values: { 1: 'Jane', 2: 'your parcel' },
    });
    expect(detail.clientMessageId).to.match(UUID);
    expect(sendTemplate.calledOnceWithExactly(detail)).to.equal(true);
    await waitUntil(() => !el.open, 'closed once sent');
    await el.updateComplete;
    expect(document.activeElement).to.equal(opener);
  });

  it('a canceled ad-template-send sends nothing and stays open', async () => {
    const sendTemplate = sinon.stub().resolves(sentMessage());
    const { el } = await openPicker({ actions: { sendTemplate } });
    await choose(el, 'case');
    el.addEventListener('ad-template-send', (e) => e.preventDefault());
    submit(el).click();
    await el.updateComplete;
    expect(sendTemplate.called).to.equal(false);
    expect(el.open).to.equal(true);
  });

  it("shows the hub's refusal and keeps the picker open; a retry reuses the clientMessageId", async () => {
    const sendTemplate = sinon.stub();
    sendTemplate.onFirstCall().rejects(hubRefusal('hub_unreachable', 'Not connected to the hub.'));
    sendTemplate.onSecondCall().resolves(sentMessage());
    const { el } = await openPicker({ actions: { sendTemplate } });
    await choose(el, 'case');
    submit(el).click();
    await waitUntil(() => !error(el).hidden, 'the refusal shown');
    const alert = error(el);
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('Not sent: Not connected to the hub');
    expect(el.open).to.equal(true);
    await expect(el).to.be.accessible();
    submit(el).click();
    await sendTemplate.secondCall.returnValue;
    expect(sendTemplate.secondCall.args[0].clientMessageId).to.equal(sendTemplate.firstCall.args[0].clientMessageId);
  });

  it('Escape closes it and the focus goes back to the opener; Back returns to the list', async () => {
    const { el, opener } = await openPicker();
    await choose(el, 'case');
    $<HTMLButtonElement>(el, '.actions .button:not(.primary)')!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['case_closed', 'delivery_update']); // the search is kept
    expect(search(el).value).to.equal('case');
    expect(focused(el)).to.equal(search(el));
    await escape(el);
    expect(el.open).to.equal(false);
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('in insert mode puts the filled text into the reply instead of sending it', async () => {
    const sendTemplate = sinon.stub();
    const { el, opener } = await openPicker({ mode: 'insert', actions: { sendTemplate } });
    expect($(el, '#title')!.textContent).to.equal('Insert a template');
    await choose(el, 'case');
    expect(submit(el).textContent.trim()).to.equal('Insert into reply');
    const inserted: TemplateInsertEvent[] = [];
    el.addEventListener('ad-template-insert', (e) => inserted.push(e));
    submit(el).click();
    await el.updateComplete;
    expect(inserted.map((e) => e.detail)).to.deep.equal([
      {
        conversationId: 'w1',
        templateName: 'case_closed',
        language: 'en',
        values: { CustomerName: 'Jane Doe', CaseName: 'CAS-01042 Parcel delayed' },
        text: 'Hi Jane Doe, we have closed CAS-01042 Parcel delayed. Reply any time if you need us again.',
      },
    ]);
    expect(sendTemplate.called).to.equal(false);
    expect(el.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('reads templates, CRM context and the open conversation from a store', async () => {
    const store = new DesktopStore();
    store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
    store.replaceConversations([whatsApp({ customerLocale: 'de-AT' })], 'live');
    store.selectConversation('w1');
    store.setTemplates(TEMPLATES, 'cache');
    store.setCrmContext({ CustomerName: 'Herr Müller' });
    const el = await fixture<TemplatePicker>(html`<ad-template-picker .store=${store}></ad-template-picker>`);
    el.show();
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['case_closed', 'delivery_update', 'follow_up']);
    await choose(el, 'follow');
    expect(language(el).value).to.equal('de');
    el.close();
    await el.updateComplete;

    el.show();
    await el.updateComplete;
    await choose(el, 'case');
    expect(field(el, 'CustomerName').value).to.equal('Herr Müller');
    // Offline, it still opens from the cached templates, and sends into the outbox (once every value is filled).
    store.setConnection({ state: 'reconnecting', attempt: 1, error: 'lost', retryInMs: 500 });
    await el.updateComplete;
    expect(submit(el).disabled).to.equal(true);
    expect(el.shadowRoot!.textContent).not.to.contain('The hub is unreachable');
    field(el, 'CaseName').value = 'CAS-1';
    field(el, 'CaseName').dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
    expect(submit(el).disabled).to.equal(false);
  });
});

describe('<ad-template-picker> in start mode (writing first)', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  function started(id = 'new-1'): StartConversationResult {
    return {
      conversation: conversation({ id, channel: 'whatsapp', customerAddress: '+15550001111', lastSeq: 1 }),
      message: { id: 'm1', conversationId: id, seq: 1 } as Message,
    };
  }

  it('opens for a customer who may have no conversation: number and channel, the template chosen and filled; accessible', async () => {
    const { el } = await startPicker();
    void start(el, {
      phone: '+15550001111',
      channel: 'whatsapp',
      templateName: 'delivery_update',
      context: { CaseName: 'CAS-7', DeliveryDay: 'Friday' },
    });
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(el.mode).to.equal('start');
    expect($<HTMLDialogElement>(el, 'dialog')!.matches(':modal')).to.equal(true);
    expect($(el, '#title')!.textContent).to.equal('Start a conversation');
    expect(recipient(el)).to.equal('To +15550001111 on WhatsApp');
    expect($(el, 'dialog')!.getAttribute('aria-describedby')).to.equal($(el, '[part~="recipient"]')!.id); // said on opening
    expect($(el, '#template-name')!.textContent).to.equal('delivery_update');
    // The host's context over the CRM record: CaseName from the context, CustomerName and the locale from the record.
    expect(field(el, 'CustomerName').value).to.equal('Jane Doe');
    expect(field(el, 'CaseName').value).to.equal('CAS-7');
    expect(field(el, 'DeliveryDay').value).to.equal('Friday');
    expect(language(el).value).to.equal('es'); // es-MX → es
    expect(preview(el)).to.equal('Hola Jane Doe, novedades sobre CAS-7: su paquete está en camino y llega Friday.');
    expect(focused(el)).to.equal(language(el)); // nothing left to fill in
    expect(submit(el).disabled).to.equal(false);
    expect(submit(el).textContent.trim()).to.equal('Send template');
    await expect(el).to.be.accessible();
  });

  it("picks the language: the host's `language`, else the context's locale, else the CRM's; then the nearest version, else the default", async () => {
    const cases: Array<[Partial<StartConversationOptions>, string]> = [
      [{ language: 'fr' }, 'fr'],
      [{ language: 'fr-CA', context: { locale: 'es-ES' } }, 'fr'],
      [{ context: { locale: 'fr-BE' } }, 'fr'],
      [{}, 'es'], // the CRM record's es-MX
      [{ context: { locale: 'ja-JP' } }, 'en'], // no Japanese version: the default
    ];
    for (const [options, expected] of cases) {
      const { el } = await startPicker();
      void start(el, { phone: '+15550001111', channel: 'sms', templateName: 'delivery_update', ...options });
      await el.updateComplete;
      expect(language(el).value, JSON.stringify(options)).to.equal(expected);
    }
  });

  it("without a template, lists the channel's templates and is usable from the keyboard; Escape resolves null", async () => {
    const { el, opener } = await startPicker();
    const result = start(el, { phone: '15550001111', channel: 'sms' });
    await el.updateComplete;
    expect(recipient(el)).to.equal('To 15550001111 on SMS');
    expect(names(el)).to.deep.equal(['case_closed', 'delivery_update', 'sms_opt_out']);
    expect(focused(el)).to.equal(search(el));
    await expect(el).to.be.accessible();
    await choose(el, 'closed');
    expect($(el, '#template-name')!.textContent).to.equal('case_closed');
    expect(preview(el)).to.equal('Hi Jane Doe, we have closed CAS-01042. Reply any time if you need us again.');
    await escape(el);
    expect(el.open).to.equal(false);
    expect(await result).to.equal(null);
    expect(document.activeElement).to.equal(opener);
  });

  it('puts the name of a template the channel does not have into the search', async () => {
    const { el } = await startPicker();
    void start(el, { phone: '15550001111', channel: 'sms', templateName: 'follow_up' }); // WhatsApp only
    await el.updateComplete;
    expect(search(el).value).to.equal('follow_up');
    expect($(el, '.empty')!.textContent).to.equal('No template matches “follow_up”.');
  });

  it('sends through the desktop, selects the conversation, closes and resolves with the result', async () => {
    const result = started();
    const startConversation = sinon.stub().resolves(result);
    const selectConversation = sinon.spy();
    const { el, opener } = await startPicker({ actions: { startConversation, selectConversation } });
    const done = start(el, {
      phone: ' +1 555 000 1111 ',
      channel: 'whatsapp',
      templateName: 'delivery_update',
      context: { DeliveryDay: 'Friday' },
    });
    await el.updateComplete;
    submit(el).click();
    expect(await done).to.equal(result);
    expect(startConversation.calledOnce).to.equal(true);
    const request = startConversation.firstCall.args[0];
    expect(request.clientMessageId).to.match(UUID);
    expect(request).to.deep.equal({
      clientMessageId: request.clientMessageId,
      channel: 'whatsapp',
      customerAddress: '+1 555 000 1111',
      templateName: 'delivery_update',
      language: 'es',
      values: { CustomerName: 'Jane Doe', CaseName: 'CAS-01042', DeliveryDay: 'Friday' },
      customerName: 'Jane Doe',
      customerLocale: 'es-MX',
    });
    expect(selectConversation.calledOnceWithExactly('new-1')).to.equal(true);
    expect(selectConversation.calledAfter(startConversation)).to.equal(true);
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it("shows the hub's refusal in plain words and stays open; a retry reuses the clientMessageId", async () => {
    const refusals: Array<[Error, string]> = [
      [
        hubRefusal(
          'customer_opted_out',
          '+15550001111 opted out of WhatsApp from +14155550100; they opt back in by sending START.',
        ),
        'Not sent: This customer opted out of messages on this channel (they replied STOP). (+15550001111 opted out of WhatsApp from +14155550100; they opt back in by sending START.)',
      ],
      [
        hubRefusal('not_assigned', 'This customer is already in a conversation with another agent.'),
        'Not sent: This conversation is assigned to someone else. (This customer is already in a conversation with another agent.)',
      ],
      [
        hubRefusal('invalid_request', '"nobody" is not a phone number in international format.'),
        'Not sent: "nobody" is not a phone number in international format.',
      ],
      // not_found is about our number here, not a conversation: the hub's words alone
      [
        hubRefusal('not_found', 'No whatsapp number +19999999999 is configured for your organisation.'),
        'Not sent: No whatsapp number +19999999999 is configured for your organisation.',
      ],
    ];
    const startConversation = sinon.stub();
    refusals.forEach(([refusal], i) => startConversation.onCall(i).rejects(refusal));
    startConversation.onCall(refusals.length).resolves(started());
    const { el } = await startPicker({ actions: { startConversation } });
    let settled = false;
    const done = start(el, {
      phone: '+15550001111',
      channel: 'whatsapp',
      templateName: 'delivery_update',
      context: { DeliveryDay: 'Friday' },
    });
    void done.then(() => (settled = true));
    await el.updateComplete;
    for (const [index, [, text]] of refusals.entries()) {
      submit(el).click();
      await waitUntil(
        () => startConversation.callCount === index + 1 && error(el).textContent === text,
        `refusal ${index + 1} shown`,
      );
      expect(error(el).hidden).to.equal(false);
      expect(error(el).getAttribute('role')).to.equal('alert');
      expect(el.open).to.equal(true);
      expect(settled).to.equal(false);
    }
    await expect(el).to.be.accessible();
    submit(el).click();
    expect((await done)!.conversation.id).to.equal('new-1');
    const ids = startConversation.getCalls().map((call) => call.args[0].clientMessageId);
    expect(new Set(ids).size).to.equal(1);
  });

  it("lets the agent choose our number when the desktop knows several: the customer's own conversation's by default", async () => {
    const store = new DesktopStore();
    store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
    store.setTemplates(TEMPLATES, 'live');
    store.setCrmContext(CRM_RECORD);
    store.replaceConversations(
      [
        conversation({
          id: 'w-new',
          channel: 'whatsapp',
          channelAddress: '+14155550002',
          customerAddress: '+15550009999',
        }),
        conversation({
          id: 'w-old',
          channel: 'whatsapp',
          channelAddress: '+14155550001',
          customerAddress: '+15550001111',
        }),
        conversation({ id: 's1', channel: 'sms', channelAddress: '18005550199' }),
      ],
      'live',
    );
    const startConversation = sinon.stub().resolves(started());
    const { el } = await startPicker({ store, actions: { startConversation } });
    const done = start(el, {
      phone: '15550001111',
      channel: 'whatsapp',
      templateName: 'delivery_update',
      context: { DeliveryDay: 'Friday' },
    });
    await el.updateComplete;
    const from = $<HTMLSelectElement>(el, '#from')!;
    expect([...from.options].map((o) => o.value)).to.deep.equal(['+14155550002', '+14155550001']);
    expect(from.value).to.equal('+14155550001'); // where this customer wrote before
    expect(el.shadowRoot!.querySelector(`label[for="from"]`)!.textContent).to.equal('From (our number)');
    await expect(el).to.be.accessible();
    from.value = '+14155550002';
    from.dispatchEvent(new Event('change'));
    submit(el).click();
    await done;
    expect(startConversation.firstCall.args[0].channelAddress).to.equal('+14155550002');

    // The host names one: it is chosen; one number known on SMS: shown, no select.
    void start(el, {
      phone: '15550001111',
      channel: 'whatsapp',
      templateName: 'delivery_update',
      channelAddress: '+14155550002',
    });
    await el.updateComplete;
    expect($<HTMLSelectElement>(el, '#from')!.value).to.equal('+14155550002');
    void start(el, { phone: '15550001111', channel: 'sms', templateName: 'case_closed' });
    await el.updateComplete;
    expect($(el, '#from')).to.equal(null);
    expect(recipient(el)).to.equal('To 15550001111 on SMS from 18005550199');
  });

  it('waits for the hub before sending, and a second call replaces the first (which resolves null)', async () => {
    const store = new DesktopStore();
    store.setTemplates(TEMPLATES, 'cache');
    store.setConnection({ state: 'reconnecting', attempt: 1, error: 'lost', retryInMs: 500 });
    const { el } = await startPicker({ store });
    const first = start(el, { phone: '+15550001111', channel: 'sms', templateName: 'sms_opt_out' });
    await el.updateComplete;
    expect(submit(el).disabled).to.equal(true);
    expect(el.shadowRoot!.textContent).to.contain('The hub is unreachable');
    const second = start(el, { phone: '+15550002222', channel: 'whatsapp' });
    expect(await first).to.equal(null);
    await el.updateComplete;
    expect(recipient(el)).to.equal('To +15550002222 on WhatsApp');
    expect(names(el)).to.deep.equal(['case_closed', 'delivery_update', 'follow_up']);
    el.close();
    expect(await second).to.equal(null);
  });

  it('a request on its way when the picker closes, or when another customer replaces it, still resolves with its result', async () => {
    let answer!: (result: StartConversationResult) => void;
    const startConversation = sinon
      .stub()
      .callsFake(() => new Promise<StartConversationResult>((resolve) => (answer = resolve)));
    const { el } = await startPicker({ actions: { startConversation } });
    const options: StartConversationOptions = { phone: '+15550001111', channel: 'sms', templateName: 'sms_opt_out' };

    const closed = start(el, options);
    await el.updateComplete;
    submit(el).click();
    await el.updateComplete;
    expect(submit(el).textContent.trim()).to.equal('Sending…');
    el.close();
    await el.updateComplete;
    answer(started('sent-while-closing'));
    expect((await closed)!.conversation.id).to.equal('sent-while-closing');

    const replaced = start(el, options);
    await el.updateComplete;
    submit(el).click();
    const next = start(el, { phone: '+15550002222', channel: 'sms' });
    await el.updateComplete;
    answer(started('sent-while-replaced'));
    expect((await replaced)!.conversation.id).to.equal('sent-while-replaced');
    await el.updateComplete;
    expect(el.open).to.equal(true); // the next customer's picker stays
    expect(recipient(el)).to.equal('To +15550002222 on SMS');
    el.close();
    expect(await next).to.equal(null);
  });

  it('refuses a call without a phone, or on a channel outbound messages do not use', async () => {
    const { el } = await startPicker();
    for (const options of [{ channel: 'gbm', phone: '1' }, { channel: 'sms' }, null]) {
      const error = await el.startConversation(options as unknown as StartConversationOptions).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(TypeError);
    }
    expect(el.open).to.equal(false);
  });
});
