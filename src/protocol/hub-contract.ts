/**
 * The hub contract: the names both sides use on the SignalR connection.
 * The widget invokes `HubMethods` and listens for `HubEvents`; the hub implements the former and sends the latter.
 */

/** Path of the SignalR hub on the hub server (negotiate is `${HUB_PATH}/negotiate`). */
export const HUB_PATH = '/hub';

/** Client → hub invocations (each answers with a completion). */
export const HubMethods = {
  /** () → AgentIdentity: who the token says this connection is. */
  whoAmI: 'whoAmI',
  /**
   * () → string: the hub's time (ISO-8601). The widget measures its own clock's skew against it, so
   * countdowns such as WhatsApp's 24-hour window agree with what the hub enforces.
   */
  getServerTime: 'getServerTime',
  /** () → ConversationSummary[]: every conversation this agent may see, newest activity first. */
  getConversations: 'getConversations',
  /** (GetMessagesRequest) → Message[]: messages of one conversation with seq > afterSeq, oldest first. */
  getMessages: 'getMessages',
  /**
   * (SendMessageRequest) → Message: the accepted agent message (de-duplicated on clientMessageId).
   * Free text is refused outside WhatsApp's 24-hour window (`session_window_closed`).
   */
  sendMessage: 'sendMessage',
  /**
   * (SendTemplateRequest) → Message: sends an approved template, filled, on the conversation's channel.
   * Allowed outside WhatsApp's 24-hour window; refused while a placeholder has no value.
   */
  sendTemplate: 'sendTemplate',
  /** () → MessageTemplate[]: the organisation's templates. */
  getTemplates: 'getTemplates',
  /** (conversationId) → ConversationSummary: marks the conversation read for this agent. */
  markRead: 'markRead',
  /** (conversationId) → ConversationSummary: resolves the conversation (status `closed`). */
  closeConversation: 'closeConversation',
} as const;
export type HubMethod = (typeof HubMethods)[keyof typeof HubMethods];

/** Hub → client invocations (fire and forget). */
export const HubEvents = {
  /** (ConversationSummary): a conversation was created, assigned, re-opened, closed, read or got a message. */
  conversationUpdated: 'conversationUpdated',
  /** (Message): a new message in a conversation the agent can see. */
  messageAdded: 'messageAdded',
  /** (Message): a message changed (delivery status, error). */
  messageUpdated: 'messageUpdated',
} as const;
export type HubEvent = (typeof HubEvents)[keyof typeof HubEvents];
