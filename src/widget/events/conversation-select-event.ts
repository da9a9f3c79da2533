export interface ConversationSelectDetail {
  /** The conversation the agent chose; `null` when the selection is cleared. */
  conversationId: string | null;
}

/**
 * `ad-conversation-select`: the agent chose a conversation in the inbox (click, Enter or Space).
 * Cancelable: `preventDefault()` keeps the desktop from opening it.
 */
export class ConversationSelectEvent extends CustomEvent<ConversationSelectDetail> {
  static readonly eventName = 'ad-conversation-select';

  constructor(detail: ConversationSelectDetail) {
    super(ConversationSelectEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-conversation-select': ConversationSelectEvent;
  }
}
