import { defineElement } from '../../utilities/define-element.js';
import { ConversationInbox } from './conversation-inbox.component.js';

export { ConversationInbox };

defineElement('conversation-inbox', ConversationInbox);

declare global {
  interface HTMLElementTagNameMap {
    'conversation-inbox': ConversationInbox;
  }
}
