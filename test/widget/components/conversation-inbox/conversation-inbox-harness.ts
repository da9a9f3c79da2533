import { sendKeys } from '@web/test-runner-commands';
import '../../../../src/widget/components/conversation-inbox/conversation-inbox.js';
import type { ConversationInbox } from '../../../../src/widget/components/conversation-inbox/conversation-inbox.component.js';
import type { DesktopActions } from '../../../../src/widget/desktop/desktop-actions.js';
import type { DesktopStore } from '../../../../src/widget/state/desktop-store.js';
import { mount } from '../../support/dom.js';

/** The inbox on `store`, 400 px high (its rows are windowed on that), its selections going to `actions`. */
export function inboxWith(store: DesktopStore, actions?: DesktopActions): Promise<ConversationInbox> {
  return mount('ad-conversation-inbox', { store, actions }, { style: 'height: 400px' });
}

/** The rows rendered. */
export function options(el: ConversationInbox): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
}

export function listbox(el: ConversationInbox): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[role="listbox"]')!;
}

/** The row the keyboard is on (aria-activedescendant). */
export function activeOption(el: ConversationInbox): HTMLElement | null {
  const id = listbox(el).getAttribute('aria-activedescendant');
  return id ? el.shadowRoot!.getElementById(id) : null;
}

/** Presses a key in the list and answers the conversation the keyboard is then on. */
export async function press(el: ConversationInbox, key: string): Promise<string | undefined> {
  await sendKeys({ press: key });
  await el.updateComplete;
  return activeOption(el)?.dataset['conversationId'];
}
