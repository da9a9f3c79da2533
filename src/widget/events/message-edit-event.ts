export interface MessageEditDetail {
  conversationId: string;
  /** The failed outbox entry the edited text replaces (discarded once the new message is sent). */
  clientMessageId: string;
  text: string;
}

/**
 * `ad-message-edit`: the agent chose Edit on a message the hub refused (in the conversation view). Inside
 * `<ad-desktop>` the composer takes the text; a composer used alone takes it from `editMessage(detail)`.
 */
export class MessageEditEvent extends CustomEvent<MessageEditDetail> {
  static readonly eventName = 'ad-message-edit';

  constructor(detail: MessageEditDetail) {
    super(MessageEditEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-message-edit': MessageEditEvent;
  }
}
