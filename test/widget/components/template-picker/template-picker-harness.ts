import { fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { ConversationSummary } from '../../../../src/protocol/payloads.js';
import type { StartConversationOptions } from '../../../../src/widget/components/template-picker/start-conversation-flow.js';
import '../../../../src/widget/components/template-picker/template-picker.js';
import type { TemplatePicker } from '../../../../src/widget/components/template-picker/template-picker.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import type { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { conversation, TEMPLATES } from '../../support/data.js';
import { text } from '../../support/dom.js';
import { fakeActions } from '../../support/fake-actions.js';

/** What the CRM knows of the customer in most tests. */
export const CRM = { CustomerName: 'Jane Doe', CaseName: 'CAS-01042 Parcel delayed' };

/** The WhatsApp conversation the picker is for, by default. */
export function whatsApp(overrides: Partial<ConversationSummary> = {}) {
  return conversation({
    id: 'w1',
    channel: 'whatsapp',
    customerName: 'Ada Lovelace',
    customerLocale: null,
    ...overrides,
  });
}

export interface PickerSetUp {
  conversation?: ConversationSummary;
  crmContext?: Record<string, string>;
  /** The actions the test expects (none: the picker used alone, only its events go out). */
  actions?: Partial<DesktopActions>;
  mode?: 'send' | 'insert';
}

/** A picker with an opener button before it (focus returns there), opened from that button. */
export async function openPicker({
  conversation: c = whatsApp(),
  crmContext = CRM,
  actions,
  mode = 'send',
}: PickerSetUp = {}) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div>
      <button id="opener">Templates</button>
      <ad-template-picker
        .templates=${TEMPLATES}
        .conversation=${c}
        .crmContext=${crmContext}
        .actions=${actions && fakeActions(actions)}
      ></ad-template-picker>
    </div>`,
  );
  const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
  const el = wrapper.querySelector<TemplatePicker>('ad-template-picker')!;
  opener.focus();
  el.show(mode);
  await el.updateComplete;
  return { el, opener };
}

export interface StartSetUp {
  actions?: Partial<DesktopActions>;
  store?: DesktopStore;
  crmContext?: Record<string, string>;
}

/** What the CRM record the agent writes from knows. */
export const CRM_RECORD = { CustomerName: 'Jane Doe', CaseName: 'CAS-01042', locale: 'es-MX' };

/** A picker (opener button before it) with the demo's templates and a CRM record, not yet opened: for `start` mode. */
export async function startPicker({ actions = {}, store, crmContext = CRM_RECORD }: StartSetUp = {}) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div>
      <button id="opener">New message</button>
      <ad-template-picker
        .templates=${TEMPLATES}
        .store=${store}
        .crmContext=${store ? undefined : crmContext}
        .actions=${fakeActions({ selectConversation: sinon.spy(), ...actions })}
      ></ad-template-picker>
    </div>`,
  );
  const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
  const el = wrapper.querySelector<TemplatePicker>('ad-template-picker')!;
  opener.focus();
  return { el, opener };
}

/** `startConversation()`, once the picker has rendered for it. */
export async function start(el: TemplatePicker, options: StartConversationOptions) {
  const result = el.startConversation(options);
  await el.updateComplete;
  return result;
}

export const $ = <T extends Element = HTMLElement>(el: TemplatePicker, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
export const options = (el: TemplatePicker) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
/** The names of the templates listed. */
export const names = (el: TemplatePicker) => options(el).map((o) => text(o.querySelector('.option-name')));
/** The listed template the arrows are on. */
export const active = (el: TemplatePicker) => options(el).find((o) => o.getAttribute('aria-selected') === 'true');
export const search = (el: TemplatePicker) => $<HTMLInputElement>(el, '#search')!;
/** A placeholder's value field. */
export const field = (el: TemplatePicker, name: string) =>
  $<HTMLInputElement>(el, `input[data-placeholder="${name}"]`)!;
export const submit = (el: TemplatePicker) => $<HTMLButtonElement>(el, '[part~="submit-button"]')!;
export const preview = (el: TemplatePicker) => $(el, '[part~="preview"]')!.textContent;
export const language = (el: TemplatePicker) => $<HTMLSelectElement>(el, 'select')!;
export const missing = (el: TemplatePicker) => $(el, '[part~="missing"]')!;
export const error = (el: TemplatePicker) => $(el, '[part~="error"]')!;
/** `start` mode: who the template goes to. */
export const recipient = (el: TemplatePicker) => text($(el, '[part~="recipient"]'));
export const focused = (el: TemplatePicker) => el.shadowRoot!.activeElement;

/** Types into what has the focus. */
export async function type(el: TemplatePicker, keys: string) {
  await sendKeys({ type: keys });
  await el.updateComplete;
}

export async function press(el: TemplatePicker, key: string) {
  await sendKeys({ press: key });
  await el.updateComplete;
}

/**
 * Escape closes the picker: at once from the search field, else through the dialog's own `close` event, which the
 * browser sends a moment later. Waits until it is closed.
 */
export async function escape(el: TemplatePicker) {
  await sendKeys({ press: 'Escape' });
  await waitUntil(() => !el.open, 'the picker closed by Escape');
  await el.updateComplete;
}

/** Types a placeholder's value as the agent does. */
export async function setField(el: TemplatePicker, name: string, value: string) {
  const input = field(el, name);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

/** Chooses a template by searching its name and pressing Enter. */
export async function choose(el: TemplatePicker, name: string) {
  await type(el, name);
  await press(el, 'Enter');
  await el.updateComplete;
}
