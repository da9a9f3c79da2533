import { defineElement } from '../../utilities/define-element.js';
import { ConversationView } from './conversation-view.component.js';

export { ConversationView };

defineElement('ad-conversation-view', ConversationView);

declare global {
  interface HTMLElementTagNameMap {
    'ad-conversation-view': ConversationView;
  }
}
