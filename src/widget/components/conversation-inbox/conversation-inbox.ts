import { defineElement } from '../../utilities/define-element.js';
import { ConversationInbox } from './conversation-inbox.component.js';

export { ConversationInbox };

defineElement('ad-conversation-inbox', ConversationInbox);

declare global {
  interface HTMLElementTagNameMap {
    'ad-conversation-inbox': ConversationInbox;
  }
}
