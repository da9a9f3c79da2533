import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { ConversationSummary, Message } from '../../../src/protocol/payloads.js';
import { fillTemplate } from '../../../src/protocol/templates.js';
import '../../../src/widget/components/template-picker/template-picker.js';
import type { TemplatePicker } from '../../../src/widget/components/template-picker/template-picker.component.js';
import type { DesktopActions } from '../../../src/widget/desktop/desktop-actions.js';
import type { TemplateInsertEvent } from '../../../src/widget/events/template-insert-event.js';
import type { TemplateSendEvent } from '../../../src/widget/events/template-send-event.js';
import { HubRequestError } from '../../../src/widget/hub/hub-request-error.js';
import { DesktopStore } from '../../../src/widget/state/desktop-store.js';
import { conversation, TEMPLATES } from '../support/data.js';
import { takeLitWarnings } from '../support/lit-warnings.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const CRM = { CustomerName: 'Jane Doe', CaseName: 'CAS-01042 Parcel delayed' };

function whatsApp(overrides: Partial<ConversationSummary> = {}) {
  return conversation({ id: 'w1', channel: 'whatsapp', customerName: 'Ada Lovelace', customerLocale: null, ...overrides });
}

interface Setup {
  conversation?: ConversationSummary;
  crmContext?: Record<string, string>;
  actions?: DesktopActions;
  mode?: 'send' | 'insert';
}

/** A picker with an opener button before it (focus returns there), opened from that button. */
async function openPicker({ conversation: c = whatsApp(), crmContext = CRM, actions, mode = 'send' }: Setup = {}) {
  const wrapper = await fixture<HTMLDivElement>(html`<div>
    <button id="opener">Templates</button>
    <template-picker .templates=${TEMPLATES} .conversation=${c} .crmContext=${crmContext} .actions=${actions}></template-picker>
  </div>`);
  const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
  const el = wrapper.querySelector<TemplatePicker>('template-picker')!;
  opener.focus();
  el.show(mode);
  await el.updateComplete;
  return { el, opener };
}

const $ = <T extends Element = HTMLElement>(el: TemplatePicker, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const options = (el: TemplatePicker) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const names = (el: TemplatePicker) => options(el).map((o) => o.querySelector('.option-name')!.textContent!.trim());
const active = (el: TemplatePicker) => options(el).find((o) => o.getAttribute('aria-selected') === 'true');
const search = (el: TemplatePicker) => $<HTMLInputElement>(el, '#search')!;
const field = (el: TemplatePicker, name: string) => $<HTMLInputElement>(el, `input[data-placeholder="${name}"]`)!;
const submit = (el: TemplatePicker) => $<HTMLButtonElement>(el, '[part~="submit-button"]')!;
const preview = (el: TemplatePicker) => $(el, '[part~="preview"]')!.textContent!;
const language = (el: TemplatePicker) => $<HTMLSelectElement>(el, 'select')!;
const missing = (el: TemplatePicker) => $(el, '[part~="missing"]')!;
const focused = (el: TemplatePicker) => el.shadowRoot!.activeElement;

async function type(el: TemplatePicker, text: string) {
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function press(el: TemplatePicker, key: string) {
  await sendKeys({ press: key });
  await el.updateComplete;
}

async function setField(el: TemplatePicker, name: string, value: string) {
  const input = field(el, name);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

/** Chooses a template by searching its name and pressing Enter. */
async function choose(el: TemplatePicker, name: string) {
  await type(el, name);
  await press(el, 'Enter');
  await el.updateComplete;
}

function sentMessage(): Message {
  return { id: 'm1' } as Message;
}

describe('<template-picker>', () => {
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
    const delivery = options(el)[1]!;
    expect(delivery.querySelector('.option-meta')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('en, fr, es · WhatsApp, SMS');
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

    await press(el, 'Escape');
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
    ({ el } = await openPicker({ conversation: whatsApp({ customerLocale: 'fr-FR' }), crmContext: { ...CRM, locale: 'es-MX' } }));
    await choose(el, 'delivery');
    expect(language(el).value).to.equal('es');

    // No version in that language: the template's default.
    ({ el } = await openPicker({ conversation: whatsApp({ customerLocale: 'ja-JP' }) }));
    await choose(el, 'delivery');
    expect(language(el).value).to.equal('en');
    expect([...language(el).options].map((o) => o.textContent!.trim())).to.deep.equal([
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
    const actions = { sendTemplate: sinon.stub().resolves(sentMessage()) } as unknown as DesktopActions;
    const { el } = await openPicker({ crmContext: { CaseName: 'CAS-7' }, actions });
    await choose(el, 'delivery');
    expect(field(el, 'CustomerName').value).to.equal('Ada Lovelace'); // the conversation's customer name
    expect(field(el, 'CaseName').value).to.equal('CAS-7');
    expect(field(el, 'DeliveryDay').value).to.equal('');
    expect(focused(el)).to.equal(field(el, 'DeliveryDay'));
    expect(field(el, 'DeliveryDay').getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector(`label[for="${field(el, 'DeliveryDay').id}"]`)!.textContent).to.equal('Delivery day');

    expect(submit(el).disabled).to.equal(true);
    expect(missing(el).hidden).to.equal(false);
    expect(missing(el).textContent!.trim()).to.equal('Fill in before sending: Delivery day.');
    expect(submit(el).getAttribute('aria-describedby')).to.equal(missing(el).id);
    await expect(el).to.be.accessible();

    await setField(el, 'CaseName', '   ');
    expect(missing(el).textContent!.trim()).to.equal('Fill in before sending: Case name, Delivery day.');
    submit(el).click();
    expect((actions.sendTemplate as sinon.SinonStub).called).to.equal(false);

    await setField(el, 'CaseName', 'CAS-8');
    await setField(el, 'DeliveryDay', 'tomorrow');
    expect(submit(el).disabled).to.equal(false);
    expect(missing(el).hidden).to.equal(true);
  });

  it('previews exactly what fillTemplate makes (what the hub sends), as values change', async () => {
    const { el } = await openPicker();
    await choose(el, 'delivery');
    const text = TEMPLATES[0]!.localizations[0]!.text;
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
    const { el, opener } = await openPicker({ actions: { sendTemplate } as unknown as DesktopActions });
    await choose(el, 'follow');
    await setField(el, '1', 'Jane');
    await setField(el, '2', 'your parcel');
    const events: TemplateSendEvent[] = [];
    el.addEventListener('ad-template-send', (e) => events.push(e));
    submit(el).click();
    await el.updateComplete;
    expect(events).to.have.length(1);
    expect(events[0]!.bubbles && events[0]!.composed && events[0]!.cancelable).to.equal(true);
    const detail = events[0]!.detail;
    expect(detail).to.deep.include({ conversationId: 'w1', templateName: 'follow_up', language: 'en', values: { 1: 'Jane', 2: 'your parcel' } });
    expect(detail.clientMessageId).to.match(UUID);
    expect(sendTemplate.calledOnceWithExactly(detail)).to.equal(true);
    await sendTemplate.firstCall.returnValue;
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('a canceled ad-template-send sends nothing and stays open', async () => {
    const sendTemplate = sinon.stub().resolves(sentMessage());
    const { el } = await openPicker({ actions: { sendTemplate } as unknown as DesktopActions });
    await choose(el, 'case');
    el.addEventListener('ad-template-send', (e) => e.preventDefault());
    submit(el).click();
    await el.updateComplete;
    expect(sendTemplate.called).to.equal(false);
    expect(el.open).to.equal(true);
  });

  it("shows the hub's refusal and keeps the picker open; a retry reuses the clientMessageId", async () => {
    const sendTemplate = sinon.stub();
    sendTemplate.onFirstCall().rejects(new HubRequestError('hub_unreachable', 'Not connected to the hub.'));
    sendTemplate.onSecondCall().resolves(sentMessage());
    const { el } = await openPicker({ actions: { sendTemplate } as unknown as DesktopActions });
    await choose(el, 'case');
    submit(el).click();
    await el.updateComplete;
    await sendTemplate.firstCall.returnValue.catch(() => undefined);
    await el.updateComplete;
    const error = $(el, '[part~="error"]')!;
    expect(error.hidden).to.equal(false);
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('Not sent: Not connected to the hub');
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
    await press(el, 'Escape');
    expect(el.open).to.equal(false);
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('in insert mode puts the filled text into the reply instead of sending it', async () => {
    const sendTemplate = sinon.stub();
    const { el, opener } = await openPicker({ mode: 'insert', actions: { sendTemplate } as unknown as DesktopActions });
    expect($(el, '#title')!.textContent).to.equal('Insert a template');
    await choose(el, 'case');
    expect(submit(el).textContent!.trim()).to.equal('Insert into reply');
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
    const el = await fixture<TemplatePicker>(html`<template-picker .store=${store}></template-picker>`);
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
    // Offline, it still opens from the cached templates, but sending waits for the hub.
    store.setConnection({ state: 'reconnecting', attempt: 1, error: 'lost', retryInMs: 500 });
    await el.updateComplete;
    expect(submit(el).disabled).to.equal(true);
    expect(el.shadowRoot!.textContent).to.contain('The hub is unreachable');
  });
});
