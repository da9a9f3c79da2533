export interface MessageSendDetail {
  conversationId: string;
  /** Random UUID the hub de-duplicates on; a retry of the same text reuses it. */
  clientMessageId: string;
  /** May be empty when files are attached. */
  text: string;
  /** Files the agent attached (uploaded after this event, unless it is canceled). */
  files: readonly File[];
}

/**
 * `ad-message-send`: the agent asked to send a message from the composer.
 * Cancelable: `preventDefault()` stops the send and keeps the text in the composer.
 */
export class MessageSendEvent extends CustomEvent<MessageSendDetail> {
  static readonly eventName = 'ad-message-send';

  constructor(detail: MessageSendDetail) {
    super(MessageSendEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-message-send': MessageSendEvent;
  }
}
