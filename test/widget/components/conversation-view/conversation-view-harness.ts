import '../../../../src/widget/components/conversation-view/conversation-view.js';
import type { ConversationView } from '../../../../src/widget/components/conversation-view/conversation-view.component.js';
import { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { conversation, message } from '../../support/data.js';
import { mount } from '../../support/dom.js';

/** A store with Ada Lovelace's SMS conversation `c1` open, holding `messages`. */
export function storeWith(messages = [message({ conversationId: 'c1', seq: 1 })]): DesktopStore {
  const store = new DesktopStore();
  store.replaceConversations(
    [conversation({ id: 'c1', customerName: 'Ada Lovelace', customerAddress: '+447700900123', channel: 'sms' })],
    'live',
  );
  store.upsertMessages(messages);
  store.selectConversation('c1');
  return store;
}

/** The view on `store` (other properties, e.g. `actions` or `now`, and attributes as given). */
export function mountView(
  store: DesktopStore,
  properties: Partial<ConversationView> = {},
  attributes: Record<string, string> = {},
) {
  return mount('ad-conversation-view', { store, ...properties }, attributes);
}

/** A part of the view (e.g. `close-button`), or null. */
export const part = (el: ConversationView, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

/** The text of each message shown. */
export const bubbles = (el: ConversationView) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="bubble"]')];

/** Every message on the timeline, the outbox's included. */
export const items = (el: ConversationView) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"]')];

/**
 * Resolves once an image of `src` has failed to load in this page: an `<img src=… onerror=…>` that customer text had
 * turned into markup would have failed (and run its handler) by then. The bound for checking that nothing ran.
 */
export function imageFailed(src: string): Promise<void> {
  return new Promise((resolve) => {
    const image = new Image();
    image.onerror = () => resolve();
    image.src = src;
  });
}
