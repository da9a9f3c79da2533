import { defineElement } from '../../utilities/define-element.js';
import { ConversationView } from './conversation-view.component.js';

export { ConversationView };

defineElement('conversation-view', ConversationView);

declare global {
  interface HTMLElementTagNameMap {
    'conversation-view': ConversationView;
  }
}
