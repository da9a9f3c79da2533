/**
 * `send`: the template is sent as it is; `insert`: its filled text goes into the reply for editing; `start`: the
 * agent writes first to a customer who may have no conversation yet (the picker's `startConversation`).
 */
export type TemplatePickerMode = 'send' | 'insert' | 'start';

export interface TemplatePickerRequestDetail {
  conversationId: string;
  mode: Exclude<TemplatePickerMode, 'start'>;
}

/**
 * `ad-template-picker-request`: the agent asked for the template picker (the composer's Template or Choose
 * template button, or the session-window banner's). Cancelable: `preventDefault()` stops the desktop's own
 * picker from opening (e.g. to show the host's).
 */
export class TemplatePickerRequestEvent extends CustomEvent<TemplatePickerRequestDetail> {
  static readonly eventName = 'ad-template-picker-request';

  constructor(detail: TemplatePickerRequestDetail) {
    super(TemplatePickerRequestEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-template-picker-request': TemplatePickerRequestEvent;
  }
}
