/** How the conversation service tells connected agents what changed (implemented over SignalR groups). */
import type { ConversationSummary, CustomerActivity, Message } from '../../protocol/payloads.js';

export interface AgentNotifier {
  /** Sends to the conversation's assigned agent (all their tabs) and to the organisation's supervisors. */
  conversationUpdated(conversation: ConversationSummary): void;
  messageAdded(conversation: ConversationSummary, message: Message): void;
  messageUpdated(conversation: ConversationSummary, message: Message): void;
  customerActivity(conversation: ConversationSummary, activity: CustomerActivity): void;
}

/** SignalR group of one agent's connections, and of an organisation's supervisors. */
export const agentGroup = (orgId: string, agentId: string) => `agent:${orgId}:${agentId}`;
export const supervisorGroup = (orgId: string) => `supervisors:${orgId}`;
/** Every connection of an organisation's agents (queue counters). */
export const organisationGroup = (orgId: string) => `organisation:${orgId}`;
