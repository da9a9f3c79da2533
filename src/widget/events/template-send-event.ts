export interface TemplateSendDetail {
  conversationId: string;
  /** Random UUID the hub de-duplicates on; a retry of the same template and values reuses it. */
  clientMessageId: string;
  templateName: string;
  /** The localization sent (a language the template has). */
  language: string;
  /** A value for every placeholder of that localization, by name ("CustomerName", "1", …). */
  values: Record<string, string>;
}

/**
 * `ad-template-send`: the agent asked to send an approved template from the template picker.
 * Cancelable: `preventDefault()` stops the send and keeps the picker open.
 */
export class TemplateSendEvent extends CustomEvent<TemplateSendDetail> {
  static readonly eventName = 'ad-template-send';

  constructor(detail: TemplateSendDetail) {
    super(TemplateSendEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-template-send': TemplateSendEvent;
  }
}
