import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { Call, CallCustomer, CreateCaseRequest } from '../../../../src/protocol/calls.js';
import '../../../../src/widget/components/screen-pop-panel/screen-pop-panel.js';
import {
  recordUrl,
  type ScreenPopPanel,
} from '../../../../src/widget/components/screen-pop-panel/screen-pop-panel.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import type { RecordOpenEvent } from '../../../../src/widget/events/record-open-event.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { call, JANE, VOICE } from '../../support/data.js';
import { mount as mountElement, text } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';
import { takeLitWarnings } from '../../support/lit-warnings.js';
import { hubRefusal } from '../../support/refusal.js';

const TEMPLATE = 'https://crm.example.com/main.aspx?etn={entityName}&id={id}&pagetype=entityrecord';
const NEW_CASE = {
  incidentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  title: 'Wants to change the delivery address',
  ticketNumber: 'CAS-01100',
  status: 'active' as const,
  recordUrl: null,
};

function connectedCall(overrides: Partial<Call> = {}): Call {
  return call({
    id: 'c1',
    state: 'connected',
    answeredAt: '2026-03-02T09:00:10.000Z',
    lookupStatus: 'found',
    customer: JANE,
    ...overrides,
  });
}

/** The store as the service keeps it, and the hub's answers to look-ups and new cases. */
async function mount(c: Call, template = '', over: Partial<DesktopActions> = {}) {
  const store = new DesktopStore();
  store.setIdentity({ agentId: 'agent-1', organisationId: 'org-1', displayName: 'Alice', roles: ['agent'] });
  store.setVoiceSettings(VOICE);
  store.putCall(c);
  let version = 1;
  const answer = (patch: Partial<Call>) => {
    const next = {
      ...store.getState().calls.get('c1')!,
      ...patch,
      updatedAt: new Date(Date.parse(c.updatedAt) + version++).toISOString(),
    };
    store.putCall(next);
    return Promise.resolve(next);
  };
  const actions = {
    lookupCustomer: sinon.spy((_callId: string) =>
      answer({ lookupStatus: 'found', customer: { ...JANE, latestCase: null } }),
    ),
    createCase: sinon.spy((request: CreateCaseRequest) => {
      const customer: CallCustomer = store.getState().calls.get('c1')!.customer ?? {
        contactId: 'new-contact',
        fullName: request.contactName ?? 'Caller +15551234567',
        firstName: '',
        phone: '+15551234567',
        latestCase: null,
        recordUrl: null,
      };
      return answer({
        lookupStatus: 'found',
        customer: { ...customer, latestCase: { ...NEW_CASE, title: request.title } },
      });
    }),
  };
  const el = await mountElement('ad-screen-pop-panel', {
    store,
    actions: fakeActions({ ...actions, ...over }),
    recordUrlTemplate: template,
  });
  return { el, store, actions };
}

const $ = <T extends HTMLElement = HTMLElement>(el: ScreenPopPanel, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const part = <T extends HTMLElement = HTMLButtonElement>(el: ScreenPopPanel, name: string) =>
  $<T>(el, `[part~="${name}"]`)!;
const titleField = (el: ScreenPopPanel) => $<HTMLInputElement>(el, '#case-title')!;
const descriptionField = (el: ScreenPopPanel) => $<HTMLTextAreaElement>(el, '#case-description')!;
const label = (el: ScreenPopPanel, field: HTMLElement) => text($(el, `label[for="${field.id}"]`));

async function fill(el: ScreenPopPanel, field: HTMLInputElement | HTMLTextAreaElement, value: string) {
  field.focus();
  field.value = value;
  field.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

describe('<ad-screen-pop-panel>', () => {
  afterEach(() => {
    sinon.restore();
    expect(takeLitWarnings()).to.deep.equal([]);
  });

  it('shows the caller as the CRM knows them and their latest case; accessible', async () => {
    const { el } = await mount(connectedCall());
    expect(text(part(el, 'contact'))).to.equal('Jane Doe +1 (555) 123-4567 Open contact');
    expect(text(part(el, 'case'))).to.equal('Latest case Parcel delayed in transit CAS-01042 Active Open record');
    expect(part(el, 'base').getAttribute('aria-label')).to.equal('Caller: Jane Doe');
    expect($(el, 'form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows nothing while the call rings, and stays through hold and wrap-up', async () => {
    const { el, store } = await mount(connectedCall({ state: 'offered', answeredAt: null }));
    expect($(el, '[part~="base"]')).to.equal(null);
    expect(el.getBoundingClientRect().height).to.equal(0);
    for (const [i, state] of (['connected', 'on_hold', 'wrap_up'] as const).entries()) {
      store.putCall(connectedCall({ state, updatedAt: `2026-03-02T09:01:0${i}.000Z` }));
      await el.updateComplete;
      expect(text(part(el, 'case')), state).to.contain('CAS-01042');
    }
    store.putCall(connectedCall({ state: 'ended', updatedAt: '2026-03-02T09:02:00.000Z' }), true);
    await el.updateComplete;
    expect($(el, '[part~="base"]')).to.equal(null);
  });

  it('"Open record" asks the host first (cancelable), then opens the filled-in template in a new tab', async () => {
    const open = sinon.stub(window, 'open');
    const { el } = await mount(connectedCall(), TEMPLATE);
    const events: RecordOpenEvent[] = [];
    document.addEventListener('ad-record-open', (e) => events.push(e), { once: true });
    part(el, 'open-record-button').click();
    expect(events).to.have.length(1);
    expect(events[0].bubbles && events[0].composed && events[0].cancelable).to.equal(true);
    const url = `https://crm.example.com/main.aspx?etn=incident&id=${JANE.latestCase!.incidentId}&pagetype=entityrecord`;
    expect(events[0].detail).to.deep.equal({ entityName: 'incident', id: JANE.latestCase!.incidentId, url });
    expect(open.calledOnceWith(url, '_blank', 'noopener,noreferrer')).to.equal(true);

    // A host that opens records itself cancels: no tab.
    const cancel = (e: Event) => e.preventDefault();
    document.addEventListener('ad-record-open', cancel);
    part(el, 'open-contact-button').click();
    document.removeEventListener('ad-record-open', cancel);
    expect(open.calledOnce).to.equal(true);
  });

  it('opens the contact too, and the CRM link the hub sent when there is no template', async () => {
    const open = sinon.stub(window, 'open');
    const hubLink = 'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=3f2504e0';
    const { el } = await mount(connectedCall({ customer: { ...JANE, recordUrl: hubLink } }));
    const details: unknown[] = [];
    el.addEventListener('ad-record-open', (e) => details.push(e.detail));
    part(el, 'open-contact-button').click();
    expect(details).to.deep.equal([{ entityName: 'contact', id: JANE.contactId, url: hubLink }]);
    expect(open.calledOnceWith(hubLink, '_blank', 'noopener,noreferrer')).to.equal(true);

    part(el, 'open-record-button').click(); // no template, and the hub sent no link for the case: the event only
    expect(details[1]).to.deep.equal({ entityName: 'incident', id: JANE.latestCase!.incidentId, url: null });
    expect(open.calledOnce).to.equal(true);
  });

  it('opens only http(s) URLs: the template is encoded and resolved against the page, anything else is refused', () => {
    expect(recordUrl(TEMPLATE, 'contact', 'a b&c', null)).to.equal(
      'https://crm.example.com/main.aspx?etn=contact&id=a%20b%26c&pagetype=entityrecord',
    );
    expect(recordUrl('/crm/{entityName}/{id}', 'incident', 'x1', null)).to.equal(`${location.origin}/crm/incident/x1`);
    expect(recordUrl('javascript:alert({id})', 'incident', 'x1', null)).to.equal(null);
    expect(recordUrl('', 'incident', 'x1', 'data:text/html,hi')).to.equal(null);
    expect(recordUrl('', 'incident', 'x1', 'javascript:alert(1)')).to.equal(null);
    expect(recordUrl('', 'incident', 'x1', null)).to.equal(null);
  });

  it('never opens a javascript: URL', async () => {
    const open = sinon.stub(window, 'open');
    const { el } = await mount(connectedCall(), 'javascript:alert("{id}")');
    const details: unknown[] = [];
    el.addEventListener('ad-record-open', (e) => details.push(e.detail));
    part(el, 'open-record-button').click();
    expect(details).to.deep.equal([{ entityName: 'incident', id: JANE.latestCase!.incidentId, url: null }]);
    expect(open.called).to.equal(false);
  });

  it('an unknown caller: the "New case" form (title required, description optional, the caller\'s name), accessible', async () => {
    const { el } = await mount(connectedCall({ lookupStatus: 'not_found', customer: null }));
    expect(text($(el, '.notice'))).to.equal('No contact in the CRM has the number +15551234567.');
    const form = part<HTMLFormElement>(el, 'new-case');
    expect(text($(el, `#${form.getAttribute('aria-labelledby')}`))).to.equal('New case');
    expect(label(el, titleField(el))).to.equal('Title');
    expect(label(el, descriptionField(el))).to.equal('Description (optional)');
    expect(label(el, $(el, '#contact-name')!)).to.equal("Caller's name (optional)");
    expect(titleField(el).maxLength).to.equal(200);
    expect(descriptionField(el).maxLength).to.equal(2000);
    expect(text(part(el, 'create-button'))).to.equal('Create case');
    await expect(el).to.be.accessible();
  });

  it('says why a case cannot be created without a title, at the field, and focuses it', async () => {
    const { el, actions } = await mount(connectedCall({ lookupStatus: 'not_found', customer: null }));
    await fill(el, titleField(el), '   ');
    part(el, 'create-button').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(actions.createCase.called).to.equal(false);
    expect(titleField(el).getAttribute('aria-invalid')).to.equal('true');
    const error = $(el, `#${titleField(el).getAttribute('aria-describedby')}`)!;
    expect(error.hidden).to.equal(false);
    expect(text(error)).to.equal('Enter a title for the case.');
    expect(el.shadowRoot!.activeElement).to.equal(titleField(el));
    await expect(el).to.be.accessible();
    await fill(el, titleField(el), 'Late parcel');
    expect(titleField(el).getAttribute('aria-invalid')).to.equal('false');
    expect(error.hidden).to.equal(true);
  });

  it('creates the case through the hub (keyboard only), then shows it with the focus on "Open record"', async () => {
    const { el, actions } = await mount(connectedCall({ lookupStatus: 'not_found', customer: null }));
    $<HTMLInputElement>(el, '#contact-name')!.focus();
    await sendKeys({ type: 'Grace Hopper' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: ' Wants to change the delivery address ' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'New address: 1 Main St' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'create-button'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~="case"]'), 'the new case shown');
    expect(actions.createCase.firstCall.args[0]).to.deep.equal({
      callId: 'c1',
      title: 'Wants to change the delivery address',
      description: 'New address: 1 Main St',
      contactName: 'Grace Hopper',
    });
    expect(text(part(el, 'contact'))).to.contain('Grace Hopper');
    expect(text(part(el, 'case'))).to.equal(
      'Latest case Wants to change the delivery address CAS-01100 Active Open record',
    );
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'open-record-button'), 'focus on Open record');
    await expect(el).to.be.accessible();
  });

  it('a known caller without a case: their contact, and the form without the name field', async () => {
    const { el, actions } = await mount(connectedCall({ customer: { ...JANE, latestCase: null } }));
    expect(text(part(el, 'contact'))).to.contain('Jane Doe');
    expect($(el, '#contact-name')).to.equal(null);
    await fill(el, titleField(el), 'Refund request');
    part(el, 'create-button').click();
    await waitUntil(() => $(el, '[part~="case"]'), 'the new case shown');
    expect(actions.createCase.firstCall.args[0]).to.deep.equal({ callId: 'c1', title: 'Refund request' });
  });

  it("keeps the form and shows the CRM's refusal when the case cannot be created", async () => {
    const createCase = () =>
      Promise.reject(hubRefusal('crm_unavailable', 'The CRM could not create the case; try again.'));
    const { el } = await mount(connectedCall({ lookupStatus: 'not_found', customer: null }), '', { createCase });
    await fill(el, titleField(el), 'Late parcel');
    part(el, 'create-button').click();
    await waitUntil(() => !part(el, 'error').hidden, 'refusal shown');
    expect(text(part(el, 'error'))).to.equal(
      'The CRM cannot be reached right now. Try again in a moment. (The CRM could not create the case; try again.)',
    );
    expect(titleField(el).value).to.equal('Late parcel');
    await expect(el).to.be.accessible();
  });

  it('the CRM could not be reached: says so and offers "Try again" (the look-up through the hub)', async () => {
    const { el, actions } = await mount(connectedCall({ lookupStatus: 'unavailable', customer: null }));
    expect(text($(el, '.notice'))).to.equal('The CRM could not be reached, so the caller is not known yet.');
    expect($(el, 'form')).to.equal(null);
    await expect(el).to.be.accessible();
    part(el, 'retry-button').click();
    await waitUntil(() => $(el, '[part~="contact"]'), 'the caller found');
    expect(actions.lookupCustomer.calledOnceWith('c1')).to.equal(true);
    expect(part<HTMLFormElement>(el, 'new-case')).to.not.equal(null); // found, without a case
  });

  it('shows a refused retry', async () => {
    const lookupCustomer = () =>
      Promise.reject(hubRefusal('crm_unavailable', 'The CRM did not answer in time; try again.'));
    const { el } = await mount(connectedCall({ lookupStatus: 'unavailable', customer: null }), '', { lookupCustomer });
    part(el, 'retry-button').click();
    await waitUntil(() => !part(el, 'error').hidden, 'refusal shown');
    expect(text(part(el, 'error'))).to.contain('The CRM cannot be reached right now.');
  });

  it('says the look-up is running (busy) while it is pending, and the withheld number when there is none', async () => {
    const { el, store } = await mount(connectedCall({ lookupStatus: 'pending', customer: null }));
    expect(part(el, 'base').getAttribute('aria-busy')).to.equal('true');
    expect(text(part(el, 'base'))).to.equal('Looking up the caller in the CRM…');
    await expect(el).to.be.accessible();
    store.putCall(
      connectedCall({
        lookupStatus: 'no_number',
        customer: null,
        ani: '',
        callerNumber: null,
        updatedAt: '2026-03-02T09:01:00.000Z',
      }),
    );
    await el.updateComplete;
    expect(part(el, 'base').getAttribute('aria-busy')).to.equal('false');
    expect(text($(el, '.notice'))).to.equal("The caller's number is withheld.");
    expect(part<HTMLFormElement>(el, 'new-case')).to.not.equal(null);
  });

  it('forgets the form when another call is shown', async () => {
    const { el, store } = await mount(connectedCall({ lookupStatus: 'not_found', customer: null }));
    await fill(el, titleField(el), 'Half-typed');
    store.putCall(connectedCall({ state: 'ended', updatedAt: '2026-03-02T09:05:00.000Z' }), true);
    store.putCall(connectedCall({ id: 'c2', lookupStatus: 'not_found', customer: null }));
    await el.updateComplete;
    expect(titleField(el).value).to.equal('');
  });
});
