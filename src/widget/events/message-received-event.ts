import type { Message } from '../../protocol/payloads.js';

export interface MessageReceivedDetail {
  message: Message;
}

/** `ad-message-received`: a customer message arrived live (not from a catch-up), e.g. for a host notification. */
export class MessageReceivedEvent extends CustomEvent<MessageReceivedDetail> {
  static readonly eventName = 'ad-message-received';

  constructor(detail: MessageReceivedDetail) {
    super(MessageReceivedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-message-received': MessageReceivedEvent;
  }
}
