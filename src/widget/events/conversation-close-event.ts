export interface ConversationCloseDetail {
  conversationId: string;
}

/**
 * `ad-conversation-close`: the agent asked to close (resolve) a conversation.
 * Cancelable: `preventDefault()` keeps it open.
 */
export class ConversationCloseEvent extends CustomEvent<ConversationCloseDetail> {
  static readonly eventName = 'ad-conversation-close';

  constructor(detail: ConversationCloseDetail) {
    super(ConversationCloseEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-conversation-close': ConversationCloseEvent;
  }
}
