import type { ConversationSummary } from '../../protocol/payloads.js';

const sorted = new WeakMap<ReadonlyMap<string, ConversationSummary>, readonly ConversationSummary[]>();

/** Conversations newest activity first (ties by id), memoised per map so 5,000 rows sort once per change. */
export function sortConversations(
  conversations: ReadonlyMap<string, ConversationSummary>,
): readonly ConversationSummary[] {
  let list = sorted.get(conversations);
  if (!list) {
    list = [...conversations.values()]
      .map((conversation) => ({ conversation, time: Date.parse(conversation.lastActivityAt) || 0 }))
      .sort((a, b) => b.time - a.time || compareIds(a.conversation.id, b.conversation.id))
      .map((entry) => entry.conversation);
    sorted.set(conversations, list);
  }
  return list;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
