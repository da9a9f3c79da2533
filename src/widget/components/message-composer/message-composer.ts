import { defineElement } from '../../utilities/define-element.js';
import { MessageComposer } from './message-composer.component.js';

export { MessageComposer };

defineElement('ad-message-composer', MessageComposer);

declare global {
  interface HTMLElementTagNameMap {
    'ad-message-composer': MessageComposer;
  }
}
