export interface TemplateInsertDetail {
  conversationId: string;
  templateName: string;
  language: string;
  values: Record<string, string>;
  /** The filled text, as the preview showed it. */
  text: string;
}

/**
 * `ad-template-insert`: the agent chose to put a template's filled text into the reply (inside WhatsApp's
 * window), to edit it freely before sending. The composer inserts it at the cursor.
 */
export class TemplateInsertEvent extends CustomEvent<TemplateInsertDetail> {
  static readonly eventName = 'ad-template-insert';

  constructor(detail: TemplateInsertDetail) {
    super(TemplateInsertEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ad-template-insert': TemplateInsertEvent;
  }
}
