import { defineElement } from '../../utilities/define-element.js';
import { MessageComposer } from './message-composer.component.js';

export { MessageComposer };

defineElement('message-composer', MessageComposer);

declare global {
  interface HTMLElementTagNameMap {
    'message-composer': MessageComposer;
  }
}
