import { waitUntil } from '@open-wc/testing';
import type { Message } from '../../../src/protocol/payloads.js';
import type { OutboxEntry } from '../../../src/widget/outbox/outbox-entry.js';
import type { DesktopStore } from '../../../src/widget/state/desktop-store.js';

/** The hub's message for an outbox entry, once it is in the store (its conversation's history must be loaded). */
export async function accepted(store: DesktopStore, entry: OutboxEntry, timeout = 5000): Promise<Message> {
  let found: Message | undefined;
  await waitUntil(
    () =>
      (found = store
        .getState()
        .messages.get(entry.conversationId)
        ?.find((m) => m.clientMessageId === entry.clientMessageId)),
    'the hub took the message',
    { timeout },
  );
  return found!;
}

/** The hub's final refusal of an outbox entry, once it shows. */
export async function refused(
  store: DesktopStore,
  entry: OutboxEntry,
  timeout = 5000,
): Promise<{ code: string; message: string }> {
  let error: OutboxEntry['error'];
  await waitUntil(
    () =>
      (error = pending(store, entry.conversationId).find((e) => e.clientMessageId === entry.clientMessageId)?.error),
    'the hub refused it',
    {
      timeout,
    },
  );
  return error!;
}

/** The outbox entries a conversation shows. */
export function pending(store: DesktopStore, conversationId: string): readonly OutboxEntry[] {
  return store.getState().outbox.get(conversationId) ?? [];
}
