import type { ConversationSummary } from '../../../../src/protocol/payloads.js';
import type { MessageComposer } from '../../../../src/widget/components/message-composer/message-composer.component.js';
import '../../../../src/widget/components/message-composer/message-composer.js';
import type { TemplatePicker } from '../../../../src/widget/components/template-picker/template-picker.component.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { conversation, TEMPLATES } from '../../support/data.js';
import { mount, text } from '../../support/dom.js';

export const H = 3600 * 1000;

/** The composer on `store` (more properties, e.g. `actions`, as given). */
export function mountComposer(
  store: DesktopStore,
  properties: Partial<MessageComposer> = {},
): Promise<MessageComposer> {
  return mount('ad-message-composer', { store, ...properties });
}

/** A connected store with SMS conversation `c1` open. */
export function connectedStore(status: 'active' | 'closed' = 'active') {
  const store = new DesktopStore();
  store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
  store.replaceConversations([conversation({ id: 'c1', status })], 'live');
  store.selectConversation('c1');
  return store;
}

export const parts = (el: MessageComposer) => ({
  textarea: el.shadowRoot!.querySelector('textarea')!,
  send: el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send-button"]')!,
  counter: el.shadowRoot!.querySelector('[part="counter"]')!,
  reason: el.shadowRoot!.querySelector('[part="reason"]')!,
  error: el.shadowRoot!.querySelector<HTMLElement>('[part="error"]')!,
});

export async function setText(el: MessageComposer, value: string) {
  const { textarea } = parts(el);
  textarea.value = value;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

export function counterText(el: MessageComposer) {
  return text(parts(el).counter);
}

/** A connected store with WhatsApp conversation `w1` open (the customer last wrote `lastInboundAgoMs` ago), the templates and a CRM context. */
export function whatsAppStore(overrides: Partial<ConversationSummary> = {}, lastInboundAgoMs = H) {
  const store = new DesktopStore();
  store.setConnection({ state: 'connected', attempt: 0, error: null, retryInMs: null });
  store.replaceConversations(
    [
      conversation({
        id: 'w1',
        channel: 'whatsapp',
        customerName: 'Ada Lovelace',
        lastInboundAt: new Date(Date.now() - lastInboundAgoMs).toISOString(),
        ...overrides,
      }),
    ],
    'live',
  );
  store.setTemplates(TEMPLATES, 'live');
  store.setCrmContext({ CaseName: 'CAS-01042 Parcel delayed' });
  store.selectConversation('w1');
  return store;
}

export const part = (el: MessageComposer, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
export const picker = (el: MessageComposer) => el.shadowRoot!.querySelector<TemplatePicker>('ad-template-picker')!;
export const file = (name: string, type: string, size = 1000) => new File([new Uint8Array(size)], name, { type });
export const chips = (el: MessageComposer) =>
  [...el.shadowRoot!.querySelectorAll('[part~="attachment"]')].map((chip) => text(chip));

export async function chooseFiles(el: MessageComposer, files: File[]) {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}
