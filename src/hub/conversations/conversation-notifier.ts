/** How the conversation service tells connected agents what changed (see notifications/agent-notifications.ts). */
import type { ConversationSummary, CustomerActivity, Message } from '../../protocol/payloads.js';

export interface ConversationNotifier {
  /** Sends to the conversation's assigned agent (all their tabs) and to the organisation's supervisors. */
  conversationUpdated(conversation: ConversationSummary): void;
  messageAdded(conversation: ConversationSummary, message: Message): void;
  messageUpdated(conversation: ConversationSummary, message: Message): void;
  customerActivity(conversation: ConversationSummary, activity: CustomerActivity): void;
}
